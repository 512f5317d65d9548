import BacklineCore
import Foundation
import Hummingbird

/// The request context of every route: the browser session and signed-in user of HTML requests (set by
/// `WebSessionMiddleware`), the API caller (set by `BearerAuthMiddleware`), and a posted form once read.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session = WebSession()
    public var user: CurrentUser?
    var form: FormData?
    /// The client's address, for per-address throttling and the audit log: the peer's, or behind a trusted proxy
    /// the one it forwarded (`ClientAddressMiddleware`).
    public internal(set) var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read by `FormData` (pages) and `APIBody` (JSON only, with problems for bad input); this
    /// decoder is what Hummingbird's own helpers would use.
    public var requestDecoder: JSONDecoder { APIEncoding.decoder }
    public var responseEncoder: JSONEncoder { APIEncoding.encoder }

    /// Whose cart this request works on: the signed-in user's, a guest's, or none yet.
    var cartOwner: CartOwner? {
        if let user { return .user(user.id) }
        return session.guestCartKey.map(CartOwner.guest)
    }

    /// Upload routes may send up to 5 MiB of image plus the multipart framing; everything else is small.
    func uploadLimit(for path: String) -> Int {
        path.hasSuffix("/avatar") || path.hasSuffix("/images") || path.hasSuffix("/logo") ? ImageStore.maxBytes + 64 * 1024 : FormData.defaultLimit
    }
}

extension RequestContext {
    /// A positive id from the path (`/orders/:id`). Anything else there names nothing, so `notFound` is thrown (a 404
    /// on both surfaces).
    func pathID(_ name: String = "id", or notFound: @autoclosure () -> any Error) throws -> Int {
        guard let id = parameters.get(name, as: Int.self), id > 0 else { throw notFound() }
        return id
    }
}

/// The JSON conventions of CONTRACT §2: snake_case keys, RFC 3339 UTC timestamps.
public enum APIEncoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// For types that spell their keys in snake_case themselves (the hot catalog lists): the key strategy
    /// costs a string conversion per key per item, a sixth of a product list's time.
    public static let plainEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

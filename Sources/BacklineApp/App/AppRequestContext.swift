import Foundation
import Hummingbird

/// The request context of every route.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// HTML forms post URL-encoded bodies; the API takes JSON only (checked by the API routes).
    public var requestDecoder: AppRequestDecoder { AppRequestDecoder() }
    public var responseEncoder: JSONEncoder { APIEncoding.encoder }
}

/// Chooses the decoder by content type: URL-encoded forms for pages, JSON for everything else.
public struct AppRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            return try await URLEncodedFormDecoder().decode(type, from: request, context: context)
        }
        return try await APIEncoding.decoder.decode(type, from: request, context: context)
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

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

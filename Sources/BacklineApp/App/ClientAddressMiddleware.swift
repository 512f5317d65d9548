import HTTPTypes
import Hummingbird
import NIOCore

/// Behind a proxy every request comes from the proxy's address, so per-address limits (sign-in attempts, the
/// API's throttle) would count all clients as one. When the peer is one of `TRUSTED_PROXIES`, the client is the
/// rightmost `X-Forwarded-For` entry that is not itself a trusted proxy: entries left of it were written by the
/// client and are not believed. From anyone else the header is ignored.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trustedProxies.isEmpty, trustedProxies.contains(context.clientAddress) else { return try await next(request, context) }
        var context = context
        if let client = Self.client(forwardedFor: request.headers[values: .xForwardedFor], trusted: trustedProxies) {
            context.clientAddress = client
        }
        return try await next(request, context)
    }

    /// The first address from the right that is not a trusted proxy; nil when the header is missing or an entry on
    /// the way is not an IP address (then the proxy's own address stands).
    static func client(forwardedFor values: [String], trusted: Set<String>) -> String? {
        let hops = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var candidate: String?
        for hop in hops.reversed() {
            guard let address = normalized(hop) else { return candidate }
            candidate = address
            if !trusted.contains(address) { return address }
        }
        return candidate
    }

    /// An IPv4 or IPv6 address as NIO writes a peer's (so the two compare), or nil for anything else.
    static func normalized(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 45, let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return address.ipAddress
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}

import BacklineCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Requests per client per minute, counted in fixed one-minute windows in this process. Several instances each
/// count their own (the README says so): a client gets at most the limit times the instances it reaches.
/// The clock is injectable so a test's requests cannot straddle a window's edge.
public final class RateLimiter: Sendable {
    struct Decision {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        /// Seconds until the window starts over.
        let reset: Int
    }

    private struct Window {
        var start: Int
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let now: @Sendable () -> Date
    static let windowSeconds = 60

    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    /// Counts one request for `key` against `limit` a minute. Each key's minute starts at its first request, not on
    /// the clock's minute: a burst that straddles a clock minute would otherwise get its limit twice over.
    func take(_ key: String, limit: Int) -> Decision {
        let second = Int(now().timeIntervalSince1970)
        return windows.withLock { windows in
            // Old windows go when the table grows: it never holds more than the clients of the last minute.
            if windows.count > 50_000 { windows = windows.filter { $0.value.start > second - Self.windowSeconds } }
            var window = windows[key].flatMap { $0.start > second - Self.windowSeconds ? $0 : nil } ?? Window(start: second, count: 0)
            window.count += 1
            windows[key] = window
            return Decision(
                allowed: window.count <= limit, limit: limit, remaining: max(0, limit - window.count),
                reset: window.start + Self.windowSeconds - second)
        }
    }
}

/// Throttles the API per token (a signed-in caller) or per client address, more strictly on `/auth/` routes;
/// every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, a refusal is 429 with
/// `Retry-After`.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let perMinute: Int
    let authPerMinute: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isAuth = request.uri.path.hasPrefix("/api/v1/auth/")
        let limit = isAuth ? authPerMinute : perMinute
        guard limit > 0 else { return try await next(request, context) }
        let key = isAuth ? "auth:\(context.clientAddress)" : context.user.map { "user:\($0.id)" } ?? "addr:\(context.clientAddress)"
        let decision = limiter.take(key, limit: limit)
        let headers: HTTPFields = [
            HTTPField.Name("RateLimit-Limit")!: String(decision.limit), HTTPField.Name("RateLimit-Remaining")!: String(decision.remaining),
            HTTPField.Name("RateLimit-Reset")!: String(decision.reset),
        ]
        guard decision.allowed else {
            var problem = Problem(.tooManyRequests, "Too many requests: at most \(limit) a minute. Try again in \(decision.reset) seconds.")
            problem.headers = headers
            problem.headers[.retryAfter] = String(decision.reset)
            throw problem
        }
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// CORS for `/api` from the configured origins (`ALLOWED_ORIGINS`): the origin is echoed only when listed, and
/// preflight requests are answered here (no route has OPTIONS). Pages are never shared across origins.
struct APICORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let allowedOrigins: Set<String>

    static let exposed = "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Idempotent-Replayed, Location"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/"), let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowedOrigins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [.vary: "Origin"]
            if allowed {
                headers[.accessControlAllowOrigin] = origin
                headers[.accessControlAllowMethods] = "GET, POST, PUT, PATCH, DELETE"
                headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Idempotency-Key"
                headers[.accessControlMaxAge] = "600"
            }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.vary] = "Origin"
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposed
        }
        return response
    }
}

/// The API's routes by path, so a known path asked with another method answers 405 with `Allow` rather than 404.
/// Filled once, after every route is registered.
final class APIRouteTable: Sendable {
    private let patterns = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    func load(_ routes: [(path: String, method: String)]) {
        let grouped = Dictionary(grouping: routes.filter { $0.path.hasPrefix("/api/") }, by: \.path)
        patterns.withLock { patterns in
            patterns = grouped.map { path, routes in (path.split(separator: "/"), Set(routes.map(\.method))) }
        }
    }

    /// The methods `path` answers to (HEAD with GET), or nil when no route has this path.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let found = patterns.withLock { patterns in
            patterns.filter { pattern in
                pattern.segments.count == segments.count
                    && zip(pattern.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.reduce(into: Set<String>()) { $0.formUnion($1.methods) }
        }
        guard !found.isEmpty else { return nil }
        return (found.contains("GET") ? found.union(["HEAD"]) : found).sorted()
    }
}

extension AppConfiguration {
    /// `ALLOWED_ORIGINS`: `https://a.example, https://b.example` → the set, without trailing slashes.
    static func parseOrigins(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            $0.hasSuffix("/") ? String($0.dropLast()) : $0
        }
    }
}

/// The `Idempotency-Key` header, read by the one rule both of its users follow (the store's middleware and checkout):
/// 1 to 255 visible ASCII characters, else a 400.
enum IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!

    static func read(_ request: Request) throws -> String? {
        guard let key = request.headers[header] else { return nil }
        guard (1...255).contains(key.utf8.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw Problem(.badRequest, "Idempotency-Key must be 1 to 255 visible ASCII characters.")
        }
        return key
    }
}

/// `Idempotency-Key` on the API's POSTs (Stripe's semantics, 24 hours; `IdempotencyStore`): a retry with the same
/// key and body answers what the first request answered, with `Idempotent-Replayed: true`. It is added to the group
/// of routes whose answers may be stored; two kinds of route are registered outside it (see `buildRouter`):
/// checkout keeps its own keys inside the order's transaction, and `/auth/…` is never stored: its answers are
/// credentials (they would sit in plaintext for a day), and a replayed refresh would hand out the same pair again
/// without the reuse detection that a second use of a refresh token must trigger.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: IdempotencyStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = try IdempotencyKey.read(request) else {
            return try await next(request, context)
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: context.uploadLimit(for: request.uri.path)) } catch {
            throw Problem(.contentTooLarge, "The body is too large.")
        }
        let scope = "api:" + (context.user.map { "user:\($0.id)" } ?? "addr:\(context.clientAddress)")
        let fingerprint = Format.hex(SHA256.hash(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Data(buffer: body)))
        switch try await store.claim(scope: scope, key: key, fingerprint: fingerprint) {
        case .replay(let stored):
            return Response(
                status: .init(code: stored.status),
                headers: [.contentType: "application/json; charset=utf-8", HTTPField.Name("Idempotent-Replayed")!: "true"],
                body: .init(byteBuffer: ByteBuffer(string: stored.body)))
        case .mismatch:
            throw Problem(.unprocessableContent, "This Idempotency-Key was used for a different request. Use a new key for a new request.")
        case .inFlight:
            throw Problem(.conflict, "A request with this Idempotency-Key is still being processed. Retry in a moment.")
        case .claimed:
            break
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // A refusal (a problem, a validation error) is not an answer to keep: the client fixes the request and retries.
            try? await store.release(scope: scope, key: key)
            throw error
        }
        let collector = BodyCollector()
        var answered = response
        try await response.body.write(BodyCollector.Writer(box: collector))
        answered.body = .init(byteBuffer: collector.buffer.withLock { $0 })
        try await store.complete(
            scope: scope, key: key, response: .init(status: response.status.code, body: String(buffer: collector.buffer.withLock { $0 })))
        return answered
    }

    /// Keeps a response's bytes so they can be stored and sent.
    final class BodyCollector: Sendable {
        let buffer = Mutex(ByteBuffer())

        struct Writer: ResponseBodyWriter {
            let box: BodyCollector
            mutating func write(_ part: ByteBuffer) async throws { box.buffer.withLock { _ = $0.writeImmutableBuffer(part) } }
            consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
    }
}

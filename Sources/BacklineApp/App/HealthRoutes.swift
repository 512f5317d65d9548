import BacklineCore
import Hummingbird
import NIOCore
import Prometheus

/// `/livez` (the process answers), `/healthz` (the database answers), `/metrics` (Prometheus text; with
/// `METRICS_TOKEN` set, only for a scraper sending it as a bearer token, since the app port is often public).
struct HealthRoutes: Sendable {
    let database: BacklineDatabase
    let registry: PrometheusCollectorRegistry
    let metricsToken: String?

    func register(on router: Router<AppRequestContext>) {
        router.get("/livez") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.get("/healthz") { _, _ in
            let up = await database.isReachable()
            let body = up ? #"{"status":"ok"}"# : #"{"status":"unavailable","database":"unreachable"}"#
            return Response(
                status: up ? .ok : .serviceUnavailable, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { request, _ in
            if let metricsToken {
                let sent = request.headers[.authorization] ?? ""
                guard SecureToken.constantTimeEqual(sent, "Bearer " + metricsToken) else {
                    return Response(
                        status: .unauthorized,
                        headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: "The metrics need the configured METRICS_TOKEN as a bearer token.")))
                }
            }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}

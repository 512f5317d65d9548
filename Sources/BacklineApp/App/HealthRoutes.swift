import BacklineCore
import Hummingbird
import NIOCore
import Prometheus

/// `/livez` (the process answers), `/healthz` (the database answers), `/metrics` (Prometheus text).
struct HealthRoutes: Sendable {
    let database: BacklineDatabase
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<AppRequestContext>) {
        router.get("/livez") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.get("/healthz") { _, _ in
            let up = await database.isReachable()
            let body = up ? #"{"status":"ok"}"# : #"{"status":"unavailable","database":"unreachable"}"#
            return Response(
                status: up ? .ok : .serviceUnavailable, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}

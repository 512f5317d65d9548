import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Runs `body` against the whole application (every route and middleware) over a fresh database.
func withApp(
    configure: (inout AppConfiguration) -> Void = { _ in }, _ body: @escaping @Sendable (AppServices, any TestClientProtocol) async throws -> Void
) async throws {
    try await withTestServices(configure: configure) { services in
        let app = try await buildApplication(services: services, logger: testLogger)
        try await app.test(.router) { client in try await body(services, client) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }
}

/// The value of `data-product-id` of every product card in a page, in order.
func cardIDs(_ html: String) -> [Int] {
    html.components(separatedBy: "class=\"product-card\" data-product-id=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
}

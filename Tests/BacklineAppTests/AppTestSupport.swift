import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A configuration for tests: a fresh database URL, the core's test settings (cheap bcrypt, no cache staleness).
func testConfiguration(databaseURL: String) -> AppConfiguration {
    let settings = testSettings()
    var config = AppConfiguration()
    config.databaseURL = databaseURL
    config.resourcesDirectory = repositoryRoot
    config.bcryptCost = settings.bcryptCost
    config.catalogCheckInterval = settings.catalogCheckInterval
    config.databasePoolSize = testPoolSize
    config.seedDemo = false
    config.secretKey = settings.secretKey
    config.uploadsDirectory = settings.uploadsDirectory
    return config
}

/// Runs `body` with the application's services over a fresh, migrated database of its own, then throws the database
/// away. `configure` changes the test configuration first (a low rate limit, allowed origins).
func withTestServices<T>(configure: (inout AppConfiguration) -> Void = { _ in }, _ body: (AppServices) async throws -> T) async throws -> T {
    try await withFreshDatabase { url in
        var config = testConfiguration(databaseURL: url)
        configure(&config)
        let services = try await AppServices.make(config, logger: testLogger)
        do {
            if !TestEngine.isPostgres { try await services.database.migrate() }
            let result = try await body(services)
            await services.database.shutdown()
            return result
        } catch {
            await services.database.shutdown()
            throw error
        }
    }
}

extension CatalogFixture {
    static func insert(into services: AppServices) async throws -> CatalogFixture { try await insert(into: services.core) }
}

extension AppServices {
    func createCoupon(code: String, percentOff: Int? = nil, amountOffCents: Int? = nil, maxUses: Int? = nil) async throws -> Coupon {
        try await core.createCoupon(code: code, percentOff: percentOff, amountOffCents: amountOffCents, maxUses: maxUses)
    }
}

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

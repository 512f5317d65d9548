import BacklineCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle

/// The services of one running shop, built once at start and handed to the routes.
public struct AppServices: Sendable {
    public let config: AppConfiguration
    public let database: BacklineDatabase
    public let catalog: CatalogService
    public let accounts: AccountService
    public let seeder: DemoSeeder

    /// Opens the database named by the configuration and builds the services over it.
    public static func make(_ config: AppConfiguration, logger: Logger) throws -> AppServices {
        let database = try BacklineDatabase(url: try config.parsedDatabaseURL(), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
        let accounts = AccountService(database: database, bcryptCost: config.bcryptCost)
        return AppServices(
            config: config,
            database: database,
            catalog: CatalogService(database: database, cache: CatalogCache(versionCheckInterval: config.catalogVersionCheckInterval)),
            accounts: accounts,
            seeder: DemoSeeder(database: database, accounts: accounts, logger: logger))
    }

    /// Migrates, and on a first start with an empty SQLite catalog seeds the demo shop (CONTRACT §1).
    public func prepareForServing(logger: Logger) async throws {
        try await database.migrate()
        if config.seedDemo, database.engine == .sqlite, try await seeder.catalogIsEmpty() {
            logger.info("Empty catalog: seeding the demo shop (SEED_DEMO=false turns this off)")
            try await seeder.run(products: 2_000, seed: 42, force: false)
        }
    }
}

/// Closes the database after the HTTP server has drained (services shut down in reverse order).
struct DatabaseLifecycle: Service {
    let database: BacklineDatabase
    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}

/// The composition root: routes and middleware over already-prepared services.
public func buildApplication(
    services: AppServices, logger: Logger, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(services: services, metrics: metrics)
    return Application(
        router: router,
        configuration: .init(address: .hostname(services.config.host, port: services.config.port), serverName: "Backline"),
        services: [DatabaseLifecycle(database: services.database)],
        logger: logger)
}

/// Every route of the shop, in one router. Middleware order, outermost first: log, metrics, security
/// headers, errors, static files; so error pages and files carry the headers and a log line too.
public func buildRouter(services: AppServices, metrics: PrometheusCollectorRegistry) async throws -> Router<AppRequestContext> {
    let resources = services.config.resourcesDirectory
    let renderer = try await Renderer(templatesDirectory: resources + "/Templates")
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    // Inside the error middleware: FileMiddleware serves a file when the routes answer 404.
    router.add(
        middleware: FileMiddleware(
            resources + "/Public", cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86_400)])]), searchForIndexHtml: false))

    let web = WebContext(renderer: renderer, catalog: services.catalog)
    HealthRoutes(database: services.database, registry: metrics).register(on: router)
    CatalogWebRoutes(web: web).register(on: router)
    let api = router.group("api/v1")
    CatalogAPIRoutes(catalog: services.catalog).register(on: api)
    return router
}

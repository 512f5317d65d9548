import BacklineCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle

/// The services of one running shop, built once at start and handed to the routes: the core's services
/// (`services.catalog` reads `core.catalog`) and the configuration the HTTP side adds.
@dynamicMemberLookup
public struct AppServices: Sendable {
    public let config: AppConfiguration
    public let core: CoreServices

    public subscript<Service>(dynamicMember path: KeyPath<CoreServices, Service>) -> Service { core[keyPath: path] }

    /// The signing secret (configured, or generated once beside the database).
    public var secretKey: String { core.settings.secretKey }

    /// Opens the database named by the configuration and builds the services over it.
    public static func make(_ config: AppConfiguration, logger: Logger) async throws -> AppServices {
        let database = try BacklineDatabase(
            url: try config.parsedDatabaseURL(), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger,
            poolSize: config.databasePoolSize)
        var settings = CoreServices.Settings(secretKey: try config.resolvedSecretKey())
        settings.bcryptCost = config.bcryptCost
        settings.publicURL = config.publicURL
        settings.throttleLimits = config.throttleLimits
        settings.catalogCheckInterval = config.catalogCheckInterval
        settings.uploadsDirectory = config.uploadsDirectory
        return AppServices(config: config, core: try await CoreServices(database: database, settings: settings, logger: logger))
    }

    /// Migrates, on a first start with an empty SQLite catalog seeds the demo shop (CONTRACT §1), and loads the catalog
    /// index.
    public func prepareForServing(logger: Logger) async throws {
        try await core.database.migrate()
        if config.seedDemo, core.database.engine == .sqlite, try await core.seeder.catalogIsEmpty() {
            logger.info("Empty catalog: seeding the demo shop (SEED_DEMO=false turns this off)")
            try await core.seeder.run(products: 2_000, seed: 42, force: false)
        }
        // The catalog index is loaded before the first request, not by it (a second at 100,000 products).
        try await core.catalog.feed.catchUp()
    }
}

/// Deletes expired sessions, idempotency keys older than 24 hours, catalog changes past the newest 50,000 and uploaded
/// files no row refers to, once an hour.
struct SessionSweeper: Service {
    let sessions: SessionStore
    let catalogFeed: CatalogFeed
    let idempotency: IdempotencyStore
    let uploads: UploadJanitor
    let logger: Logger
    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await sessions.sweepExpired()
                if removed > 0 { logger.info("Swept \(removed) expired sessions") }
                let keys = try await idempotency.sweep()
                if keys > 0 { logger.info("Swept \(keys) idempotency keys older than 24 hours") }
                let changes = try await catalogFeed.prune()
                if changes > 0 { logger.info("Pruned \(changes) old catalog changes") }
                let files = try await uploads.sweep()
                if files > 0 { logger.info("Swept \(files) uploaded files that nothing refers to") }
            } catch {
                logger.warning("Session sweep failed: \(error)")
            }
            // Graceful shutdown does not cancel tasks: the wait must end on it, or the server never stops.
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) } } catch { return }
        }
    }
}

/// Runs the due jobs about once a minute (§7). Another instance running a job at the same moment keeps it; this one
/// skips it until the next minute.
///
/// The first run comes one interval after start, not at start: a run takes SQLite's write lock, and at start it
/// would land on the first requests' writes (sqlite-nio's busy handler spins while it waits, and with many apps
/// starting at once, as the test suite does, the spinning starved the lock's holder until pools timed out). A job
/// loses nothing by waiting a minute: each catches up on everything overdue.
struct JobScheduler: Service {
    let runner: JobRunner
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            do {
                for report in try await runner.runAll(now: Date(), waitForOthers: false) where report.count > 0 {
                    logger.info("Job \(report.name) moved \(report.count)")
                }
            } catch {
                logger.warning("Jobs failed: \(error)")
            }
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
    services: AppServices, logger: Logger, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    rateLimiter: RateLimiter = RateLimiter()
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(services: services, metrics: metrics, rateLimiter: rateLimiter)
    let (headTimeout, idleTimeout) = (services.config.requestHeadTimeout, services.config.idleTimeout)
    return Application(
        responder: HeadAsGetResponder(inner: router.buildResponder()),
        server: .http1(
            configuration: .init(additionalChannelHandlers: [ConnectionDeadlineHandler(headTimeout: headTimeout, idleTimeout: idleTimeout)])),
        configuration: .init(address: .hostname(services.config.host, port: services.config.port), serverName: "Backline"),
        services: [
            DatabaseLifecycle(database: services.database),
            SessionSweeper(
                sessions: services.sessions, catalogFeed: services.catalog.feed, idempotency: IdempotencyStore(database: services.database),
                uploads: services.uploads, logger: logger),
            JobScheduler(runner: services.jobs, logger: logger),
        ],
        logger: logger)
}

/// Every route of the shop, in one router. Middleware order, outermost first: log, metrics, security
/// headers, errors, static files; so error pages and files carry the headers and a log line too.
public func buildRouter(
    services: AppServices, metrics: PrometheusCollectorRegistry, rateLimiter: RateLimiter = RateLimiter()
) async throws -> Router<AppRequestContext> {
    let resources = services.config.resourcesDirectory
    let renderer = try await Renderer(templatesDirectory: resources + "/Templates")
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ClientAddressMiddleware(trustedProxies: Set(services.config.trustedProxies)))
    router.add(middleware: WritesFirstMiddleware(database: services.database, concurrentReads: services.config.concurrentReads))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: services.config.cookieSecure))
    router.add(middleware: APICORSMiddleware(allowedOrigins: Set(services.config.allowedOrigins)))
    let web = WebContext(renderer: renderer, catalog: services.catalog, carts: services.carts, secretKey: services.secretKey)
    let apiRoutes = APIRouteTable()
    router.add(middleware: ErrorMiddleware(web: web, apiRoutes: apiRoutes))
    router.add(middleware: RequestTargetLimitMiddleware())
    router.add(middleware: CatalogChangesMiddleware(feed: services.catalog.feed))
    // Inside the error middleware: FileMiddleware serves a file when the routes answer 404.
    router.add(
        middleware: FileMiddleware(
            resources + "/Public", cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86_400)])]), searchForIndexHtml: false))

    HealthRoutes(database: services.database, registry: metrics, metricsToken: services.config.metricsToken).register(on: router)
    UploadRoutes(images: services.images).register(on: router)

    // Pages: the browser session, then the CSRF check of every unsafe request.
    let pages = router.group()
        .add(
            middleware: WebSessionMiddleware(
                store: services.sessions, accounts: services.accounts, secureCookies: services.config.cookieSecure, secretKey: services.secretKey)
        )
        .add(middleware: CSRFMiddleware(secretKey: services.secretKey))
    let productPages = CatalogWebRoutes(web: web, reviews: services.reviews, wishlist: services.wishlist)
    productPages.register(on: pages)
    CartWebRoutes(web: web, productPages: productPages, wishlist: services.wishlist).register(on: pages)
    OrderWebRoutes(web: web, checkout: services.checkout, orders: services.orders, addresses: services.addresses).register(on: pages)
    AccountWebRoutes(
        web: web, accounts: services.accounts, addresses: services.addresses, images: services.images
    ).register(on: pages)
    SellerWebRoutes(
        web: web, shops: services.shops, listings: services.listings, sellerOrders: services.sellerOrders, dashboard: services.sellerDashboard,
        images: services.images
    ).register(on: pages)

    // The JSON API: bearer tokens, never cookies (so cross-site form posts cannot act as a user).
    let unstored = router.group("api/v1").add(middleware: BearerAuthMiddleware(tokens: services.tokens, accounts: services.accounts))
        .add(
            middleware: RateLimitMiddleware(
                limiter: rateLimiter, perMinute: services.config.rateLimitPerMinute, authPerMinute: services.config.authRateLimitPerMinute)
        )
    // Every API route but sign-in and checkout answers a retried Idempotency-Key from the store (IdempotencyMiddleware
    // says why those two stay outside it).
    let api = unstored.group().add(middleware: IdempotencyMiddleware(store: IdempotencyStore(database: services.database)))
    // The admin area, page and API routes side by side, each behind the admin check.
    let (adminPages, adminAPI) = (pages.adminOnly(), api.adminOnly())
    AdminDashboardRoutes(web: web, reports: services.reports, moderation: services.listingAdmin).register(pages: adminPages, api: adminAPI)
    AdminUserRoutes(web: web, users: services.userAdmin, outbox: services.outbox, audit: services.audit).register(pages: adminPages, api: adminAPI)
    AdminCouponRoutes(web: web, coupons: services.couponAdmin).register(pages: adminPages, api: adminAPI)
    AdminCategoryRoutes(web: web, categories: services.categoryAdmin).register(pages: adminPages, api: adminAPI)
    AdminTagRoutes(web: web, tags: services.tagAdmin).register(pages: adminPages, api: adminAPI)
    AdminOrderRoutes(web: web, orders: services.orderAdmin, moderation: services.listingAdmin).register(pages: adminPages, api: adminAPI)
    CatalogAPIRoutes(catalog: services.catalog).register(on: api)
    CartAPIRoutes(carts: services.carts, wishlist: services.wishlist).register(on: api)
    OrderAPIRoutes(checkout: services.checkout, orders: services.orders, reviews: services.reviews, catalog: services.catalog)
        .register(on: api, ownKeys: unstored)
    AccountAPIRoutes(
        accounts: services.accounts, tokens: services.tokens, addresses: services.addresses, images: services.images
    ).register(on: api, auth: unstored)
    let apiDocs = try APIDocsRoutes(web: web, documentPath: resources + "/docs/openapi.json")
    apiDocs.register(on: router, pages: pages)
    SellerAPIRoutes(
        shops: services.shops, listings: services.listings, sellerOrders: services.sellerOrders, catalog: services.catalog, images: services.images
    ).register(on: api)
    // Paths as the router describes them: `/api/v1/products/{id}`.
    apiRoutes.load(router.routes.map { ($0.path.description, $0.method.rawValue) })
    return router
}

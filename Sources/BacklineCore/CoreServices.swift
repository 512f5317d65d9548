import Foundation
import Logging

/// Every service of the shop's rules, built once over one database: the composition root of the core. The HTTP
/// application (`AppServices`) adds its configuration to it; core tests build it alone.
public struct CoreServices: Sendable {
    /// What the services need to know that is not in the database.
    public struct Settings: Sendable {
        public var bcryptCost: UInt8 = 12
        /// Where emailed links point.
        public var publicURL = "http://127.0.0.1:8080"
        public var throttleLimits = ThrottleLimits()
        /// How often other instances' catalog changes are looked for.
        public var catalogCheckInterval: Duration = .seconds(1)
        public var uploadsDirectory = "uploads"
        /// Signs tokens, session cookies and form tokens.
        public var secretKey: String

        public init(secretKey: String) { self.secretKey = secretKey }
    }

    public let settings: Settings
    public let database: BacklineDatabase
    public let catalog: CatalogService
    public let accounts: AccountService
    public let addresses: AddressBook
    public let sessions: SessionStore
    public let tokens: TokenService
    public let images: ImageStore
    public let uploads: UploadJanitor
    public let outbox: Outbox
    public let carts: CartService
    public let coupons: CouponBook
    public let wishlist: WishlistService
    public let checkout: CheckoutService
    public let orders: OrderService
    public let reviews: ReviewService
    public let shops: ShopService
    public let listings: ListingService
    public let sellerOrders: SellerOrderService
    public let sellerDashboard: SellerDashboardService
    public let audit: AuditLog
    // The admin's services.
    public let userAdmin: UserAdmin
    public let couponAdmin: CouponAdmin
    public let categoryAdmin: CategoryAdmin
    public let tagAdmin: TagAdmin
    public let orderAdmin: OrderAdmin
    public let listingAdmin: ListingAdmin
    public let reports: AdminReports
    public let seeder: DemoSeeder
    /// The time-driven work (§7): run in the background by `serve` and once by `backline jobs run`.
    public let jobs: JobRunner

    public init(database: BacklineDatabase, settings: Settings, logger: Logger) async throws {
        let storage = LocalDirectoryStorage(directory: settings.uploadsDirectory)
        let uploads = UploadJanitor(database: database, storage: storage)
        let accounts = AccountService(
            database: database, bcryptCost: settings.bcryptCost, publicURL: settings.publicURL, limits: settings.throttleLimits, uploads: uploads)
        let addresses = AddressBook(database: database)
        let outbox = Outbox(database: database)
        let carts = CartService(database: database)
        let feed = CatalogFeed(database: database, interval: settings.catalogCheckInterval)
        let orders = OrderService(database: database, outbox: outbox)
        let shops = ShopService(database: database, uploads: uploads)
        let listings = ListingService(database: database, outbox: outbox, uploads: uploads)
        let sellerOrders = SellerOrderService(database: database, orders: orders, outbox: outbox)
        let sessions = SessionStore(database: database)
        let tokens = await TokenService(database: database, secretKey: settings.secretKey)
        let audit = AuditLog(database: database)
        let catalog = CatalogService(database: database, feed: feed)
        self.settings = settings
        self.database = database
        self.catalog = catalog
        self.accounts = accounts
        self.addresses = addresses
        self.sessions = sessions
        self.tokens = tokens
        self.images = ImageStore(storage: storage, sniffer: try ContentSniffer())
        self.uploads = uploads
        self.outbox = outbox
        self.carts = carts
        self.coupons = CouponBook(database: database)
        self.wishlist = WishlistService(database: database, carts: carts)
        self.checkout = CheckoutService(database: database, addresses: addresses, outbox: outbox)
        self.orders = orders
        self.reviews = ReviewService(database: database)
        self.shops = shops
        self.listings = listings
        self.sellerOrders = sellerOrders
        self.sellerDashboard = SellerDashboardService(database: database, shops: shops, listings: listings, sellerOrders: sellerOrders)
        self.audit = audit
        self.userAdmin = UserAdmin(database: database, sessions: sessions, tokens: tokens, audit: audit)
        self.couponAdmin = CouponAdmin(database: database, audit: audit)
        self.categoryAdmin = CategoryAdmin(database: database, audit: audit)
        self.tagAdmin = TagAdmin(database: database, audit: audit)
        self.orderAdmin = OrderAdmin(database: database, orders: orders, audit: audit)
        self.listingAdmin = ListingAdmin(database: database, listings: listings, audit: audit)
        self.reports = AdminReports(database: database, catalog: catalog)
        self.seeder = DemoSeeder(database: database, accounts: accounts, logger: logger)
        self.jobs = JobRunner(database: database, jobs: [HoldLapseJob(database: database)])
    }
}

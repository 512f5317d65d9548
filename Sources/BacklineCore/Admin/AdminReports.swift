import Foundation
import SQLKit
import Synchronization

/// A span of whole UTC days: `[from, to)`.
public struct ReportPeriod: Sendable, Hashable {
    public let from: Date
    public let to: Date

    public init(from: Date, to: Date) { (self.from, self.to) = (from, to) }

    /// The last `days` days up to and including today (UTC).
    public static func last(_ days: Int, now: Date = Date()) -> ReportPeriod {
        let end = ReportPeriod.startOfDay(now).addingTimeInterval(86_400)
        return ReportPeriod(from: end.addingTimeInterval(-Double(days) * 86_400), to: end)
    }

    /// The same number of days just before this one.
    public var previous: ReportPeriod { ReportPeriod(from: from.addingTimeInterval(-to.timeIntervalSince(from)), to: from) }
    public var days: Int { Int((to.timeIntervalSince(from) / 86_400).rounded()) }

    public static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}

/// How sales are grouped in reports.
public enum ReportGrouping: String, Sendable, CaseIterable {
    case day, week, month
}

/// What the admin dashboard and reports show. Every figure is one aggregate SQL statement; nothing loads order
/// or product rows into Swift to count them.
public struct AdminReports: Sendable {
    let database: BacklineDatabase
    let catalog: CatalogService
    /// Dashboards computed in the last minute, by period: an admin reloading the page, or several admins, cost one
    /// set of queries a minute. The figures are at most a minute old.
    let recent = RecentDashboards()
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, catalog: CatalogService) { (self.database, self.catalog) = (database, catalog) }

    final class RecentDashboards: Sendable {
        static let lifetime: TimeInterval = 60
        private let entries = Mutex<[ReportPeriod: (at: Date, dashboard: Dashboard)]>([:])

        func get(_ period: ReportPeriod, now: Date) -> Dashboard? {
            entries.withLock { $0[period].flatMap { now.timeIntervalSince($0.at) < Self.lifetime ? $0.dashboard : nil } }
        }

        func put(_ dashboard: Dashboard, now: Date) {
            entries.withLock { entries in
                entries = entries.filter { now.timeIntervalSince($0.value.at) < Self.lifetime }
                entries[dashboard.period] = (now, dashboard)
            }
        }
    }

    /// Orders that count as sales: everything placed except what was cancelled or refunded.
    static let sold: SQLQueryString = "o.status NOT IN ('cancelled', 'refunded')"

    // MARK: Totals (`GET /api/v1/admin/stats`)

    public struct Stats: Sendable, Equatable {
        public let users, customers, sellers, products, orders, revenueCents, lowStock: Int
    }

    /// The whole shop right now: accounts by role, listed products, orders and revenue of all time, low stock.
    public func stats() async throws -> Stats {
        async let people = sql.raw(
            """
            SELECT COUNT(*) AS users, CAST(COALESCE(SUM(CASE WHEN role = 'customer' THEN 1 ELSE 0 END), 0) AS BIGINT) AS customers,
            CAST(COALESCE(SUM(CASE WHEN role = 'seller' THEN 1 ELSE 0 END), 0) AS BIGINT) AS sellers FROM users
            """
        ).first()
        async let sales = sql.raw(
            "SELECT COUNT(*) AS orders, CAST(COALESCE(SUM(o.total_cents), 0) AS BIGINT) AS revenue FROM orders o WHERE " + Self.sold
        ).first()
        let listed = try await catalog.search(CatalogQuery()).total  // counted once per catalog version
        let low = try await lowStockCount()
        guard let people = try await people, let sales = try await sales else { throw AdminError.notFound("figures") }
        return Stats(
            users: try people.decode(column: "users", as: Int.self), customers: try people.decode(column: "customers", as: Int.self),
            sellers: try people.decode(column: "sellers", as: Int.self), products: listed, orders: try sales.decode(column: "orders", as: Int.self),
            revenueCents: try sales.decode(column: "revenue", as: Int.self), lowStock: low)
    }

    /// Listings (not deleted) at or below their low-stock alert, sold out included.
    func lowStockCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM products WHERE deleted_at IS NULL AND stock <= low_stock_threshold").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: Dashboard

    public struct Figures: Sendable, Equatable {
        public let revenueCents: Int
        public let orders: Int
        public let newCustomers: Int
        /// Sellers with at least one sale in the period.
        public let activeSellers: Int
        public var averageOrderCents: Int { orders == 0 ? 0 : (revenueCents + orders / 2) / orders }
    }

    public struct Dashboard: Sendable {
        public let period: ReportPeriod
        public let current: Figures
        public let previous: Figures
        public let liveListings: Int
        public let lowStock: Int
        /// Revenue per bucket of the period (days, or weeks for long periods), oldest first, every bucket present.
        public let revenue: [SalesRow]
        public let grouping: ReportGrouping
        public let ordersByStatus: [(status: OrderStatus, count: Int)]
        /// Revenue per top-level category in the period, best first.
        public let topCategories: [(name: String, revenueCents: Int)]
    }

    public func dashboard(period: ReportPeriod, now: Date = Date()) async throws -> Dashboard {
        if let cached = recent.get(period, now: now) { return cached }
        let dashboard = try await computeDashboard(period: period)
        recent.put(dashboard, now: now)
        return dashboard
    }

    func computeDashboard(period: ReportPeriod) async throws -> Dashboard {
        async let current = figures(period)
        async let previous = figures(period.previous)
        let grouping: ReportGrouping = period.days <= 62 ? .day : period.days <= 200 ? .week : .month
        async let revenue = sales(period, by: grouping)
        let statusRows = try await sql.raw(
            "SELECT o.status, COUNT(*) AS n FROM orders o WHERE o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) GROUP BY o.status"
        ).all()
        let counts = Dictionary(
            try statusRows.map { (try $0.decode(column: "status", as: String.self), try $0.decode(column: "n", as: Int.self)) }, uniquingKeysWith: +)
        let categoryRows = try await sql.raw(
            """
            SELECT c.name, CAST(SUM(sold.revenue) AS BIGINT) AS revenue FROM (
              SELECT oi.product_id, SUM(oi.line_total_cents) AS revenue FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) AND
            """ + " " + Self.sold + """
                 GROUP BY oi.product_id) sold
                JOIN products p ON p.id = sold.product_id JOIN categories c ON c.id = p.root_category_id GROUP BY c.name ORDER BY revenue DESC LIMIT 8
                """
        ).all()
        return Dashboard(
            period: period, current: try await current, previous: try await previous, liveListings: try await catalog.search(CatalogQuery()).total,
            lowStock: try await lowStockCount(), revenue: try await revenue.rows, grouping: grouping,
            ordersByStatus: OrderStatus.allCases.map { ($0, counts[$0.rawValue] ?? 0) },
            topCategories: try categoryRows.map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "revenue", as: Int.self)) })
    }

    func figures(_ period: ReportPeriod) async throws -> Figures {
        let inPeriod: SQLQueryString = "o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) AND " + Self.sold
        async let sales = sql.raw("SELECT COUNT(*) AS n, CAST(COALESCE(SUM(o.total_cents), 0) AS BIGINT) AS revenue FROM orders o WHERE " + inPeriod)
            .first()
        async let customers = sql.raw(
            "SELECT COUNT(*) AS n FROM users WHERE role = 'customer' AND created_at >= \(bind: period.from) AND created_at < \(bind: period.to)"
        ).first()
        async let sellers = sql.raw(
            """
            SELECT COUNT(DISTINCT s.owner_id) AS n FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN shops s ON s.id = oi.shop_id WHERE
            """ + " " + inPeriod
        ).first()
        return Figures(
            revenueCents: try await sales?.decode(column: "revenue", as: Int.self) ?? 0,
            orders: try await sales?.decode(column: "n", as: Int.self) ?? 0,
            newCustomers: try await customers?.decode(column: "n", as: Int.self) ?? 0,
            activeSellers: try await sellers?.decode(column: "n", as: Int.self) ?? 0)
    }

    // MARK: Reports

    public struct SalesRow: Sendable, Equatable {
        /// The first day of the bucket.
        public let start: Date
        public let orders: Int
        public let revenueCents: Int
        public let units: Int
    }

    public struct SalesReport: Sendable {
        public let period: ReportPeriod
        public let grouping: ReportGrouping
        /// Every bucket of the period, oldest first (zero when nothing sold).
        public let rows: [SalesRow]
        public var orders: Int { rows.reduce(0) { $0 + $1.orders } }
        public var revenueCents: Int { rows.reduce(0) { $0 + $1.revenueCents } }
    }

    /// Orders, revenue and units per day, week (from Monday) or month of the period.
    public func sales(_ period: ReportPeriod, by grouping: ReportGrouping) async throws -> SalesReport {
        let day = ReportDialect(engine: database.engine).dayNumber("o.created_at")
        let inPeriod: SQLQueryString = "o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) AND " + Self.sold
        // Per day in SQL (a few hundred rows at most); days are folded into weeks and months here, where the calendar is.
        async let orderRows = sql.raw(
            "SELECT \(day) AS day, COUNT(*) AS n, CAST(SUM(o.total_cents) AS BIGINT) AS revenue FROM orders o WHERE " + inPeriod + " GROUP BY \(day)"
        ).all()
        let unitRows = try await sql.raw(
            "SELECT \(day) AS day, CAST(SUM(oi.quantity) AS BIGINT) AS units FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE "
                + inPeriod + " GROUP BY \(day)"
        ).all()
        var perDay: [Int: (orders: Int, revenue: Int, units: Int)] = [:]
        for row in try await orderRows {
            let key = try row.decode(column: "day", as: Int.self)
            perDay[key, default: (0, 0, 0)].orders += try row.decode(column: "n", as: Int.self)
            perDay[key, default: (0, 0, 0)].revenue += try row.decode(column: "revenue", as: Int.self)
        }
        for row in unitRows {
            perDay[try row.decode(column: "day", as: Int.self), default: (0, 0, 0)].units += try row.decode(column: "units", as: Int.self)
        }

        var buckets: [(start: Date, orders: Int, revenue: Int, units: Int)] = []
        var day0 = period.from
        while day0 < period.to {
            let start = Self.bucketStart(day0, grouping)
            let sums = perDay[Int(day0.timeIntervalSince1970 / 86_400)] ?? (0, 0, 0)
            if let last = buckets.last, last.start == start {
                buckets[buckets.count - 1] = (start, last.orders + sums.orders, last.revenue + sums.revenue, last.units + sums.units)
            } else {
                buckets.append((start, sums.orders, sums.revenue, sums.units))
            }
            day0 = day0.addingTimeInterval(86_400)
        }
        return SalesReport(
            period: period, grouping: grouping,
            rows: buckets.map { SalesRow(start: $0.start, orders: $0.orders, revenueCents: $0.revenue, units: $0.units) })
    }

    /// The first day of the bucket holding `day`: itself, its Monday, or the 1st of its month.
    public static func bucketStart(_ day: Date, _ grouping: ReportGrouping) -> Date {
        switch grouping {
        case .day: return day
        case .week:
            let number = Int(day.timeIntervalSince1970 / 86_400)
            return Date(timeIntervalSince1970: Double(number - (number + 3) % 7) * 86_400)  // 1970-01-01 was a Thursday
        case .month:
            let c = Format.civil(day)
            return Date(timeIntervalSince1970: Double(Format.daysFromCivil(year: c.year, month: c.month, day: 1)) * 86_400)
        }
    }

    public struct ProductSales: Sendable, Equatable, Decodable {
        public let productID: Int
        public let name: String
        public let shopName: String
        public let units: Int
        public let revenueCents: Int
    }

    /// The best-selling products of the period by revenue.
    public func topProducts(_ period: ReportPeriod, limit: Int = 10) async throws -> [ProductSales] {
        try await sql.raw(
            """
            SELECT oi.product_id, MAX(oi.product_name) AS name, MAX(oi.shop_name) AS shop_name, CAST(SUM(oi.quantity) AS BIGINT) AS units,
            CAST(SUM(oi.line_total_cents) AS BIGINT) AS revenue_cents FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) AND
            """ + " " + Self.sold + " GROUP BY oi.product_id ORDER BY revenue_cents DESC, oi.product_id LIMIT \(literal: limit)"
        ).all(decoding: ProductSales.self, with: .columns)
    }

    public struct SellerSales: Sendable, Equatable, Decodable {
        public let shopID: Int
        public let shopName: String
        public let ownerEmail: String
        public let orders: Int
        public let units: Int
        public let revenueCents: Int
    }

    /// The shops that sold most in the period, by revenue.
    public func topSellers(_ period: ReportPeriod, limit: Int = 10) async throws -> [SellerSales] {
        try await sql.raw(
            """
            SELECT oi.shop_id, s.name AS shop_name, u.email AS owner_email, COUNT(DISTINCT oi.order_id) AS orders,
            CAST(SUM(oi.quantity) AS BIGINT) AS units, CAST(SUM(oi.line_total_cents) AS BIGINT) AS revenue_cents
            FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN shops s ON s.id = oi.shop_id JOIN users u ON u.id = s.owner_id
            WHERE o.created_at >= \(bind: period.from) AND o.created_at < \(bind: period.to) AND
            """ + " " + Self.sold + " GROUP BY oi.shop_id, s.name, u.email ORDER BY revenue_cents DESC, oi.shop_id LIMIT \(literal: limit)"
        ).all(decoding: SellerSales.self, with: .columns)
    }

    public struct InventoryRow: Sendable, Equatable, Decodable {
        public let productID: Int
        public let name: String
        public let shopName: String
        public let stock: Int
        public let threshold: Int
    }

    public struct Inventory: Sendable {
        public let lowCount: Int
        public let outCount: Int
        public let low: [InventoryRow]
        public let out: [InventoryRow]
    }

    /// Listings at or below their alert (still in stock) and sold out, fewest first; `limit` rows of each.
    public func inventory(limit: Int = 50) async throws -> Inventory {
        func rows(_ condition: SQLQueryString) async throws -> [InventoryRow] {
            try await sql.raw(
                """
                SELECT p.id AS product_id, p.name, s.name AS shop_name, p.stock, p.low_stock_threshold AS threshold
                FROM products p JOIN shops s ON s.id = p.shop_id WHERE p.deleted_at IS NULL AND
                """ + " " + condition + " ORDER BY p.stock, p.id LIMIT \(literal: limit)"
            ).all(decoding: InventoryRow.self, with: .columns)
        }
        let counts = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN stock > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS low,
            CAST(COALESCE(SUM(CASE WHEN stock = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS sold_out
            FROM products WHERE deleted_at IS NULL AND stock <= low_stock_threshold
            """
        ).first()
        return Inventory(
            lowCount: try counts?.decode(column: "low", as: Int.self) ?? 0, outCount: try counts?.decode(column: "sold_out", as: Int.self) ?? 0,
            low: try await rows("p.stock > 0 AND p.stock <= p.low_stock_threshold"), out: try await rows("p.stock = 0"))
    }
}

/// Date arithmetic in SQL that differs by engine: SQLite keeps dates as Unix seconds, PostgreSQL as timestamps.
struct ReportDialect {
    let engine: BacklineDatabase.Engine

    /// Days since 1970-01-01 (UTC) of a date column.
    func dayNumber(_ column: String) -> SQLQueryString {
        switch engine {
        case .sqlite: "CAST(\(unsafeRaw: column) / 86400 AS INTEGER)"
        case .postgres: "CAST(FLOOR(EXTRACT(EPOCH FROM \(unsafeRaw: column)) / 86400) AS BIGINT)"
        }
    }
}

import Foundation
import SQLKit

/// What the `/sell` dashboard shows a seller about all their shops at once.
public struct SellerDashboard: Sendable {
    public struct ListingCounts: Sendable, Equatable, Decodable {
        public var live = 0, pending = 0, rejected = 0, paused = 0, lowStock = 0, total = 0
    }

    /// One day of sales (UTC), for the chart.
    public struct SalesDay: Sendable, Equatable {
        public let day: Date
        public let cents: Int
        public let orders: Int
    }

    public let shops: [ManagedShop]
    public let counts: ListingCounts
    public let lowStock: [ListingRow]
    public let toShip: [SellerOrder]
    public let toShipCount: Int
    /// The last 30 days, oldest first, every day present (zero when nothing sold).
    public let sales: [SalesDay]
    public let unitsSold: Int

    public var salesCents: Int { sales.reduce(0) { $0 + $1.cents } }
    public var salesOrders: Int { sales.reduce(0) { $0 + $1.orders } }
}

public struct SellerDashboardService: Sendable {
    let database: BacklineDatabase
    let shops: ShopService
    let listings: ListingService
    let sellerOrders: SellerOrderService
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, shops: ShopService, listings: ListingService, sellerOrders: SellerOrderService) {
        (self.database, self.shops, self.listings, self.sellerOrders) = (database, shops, listings, sellerOrders)
    }

    public static let salesDays = 30

    /// One order's part that the seller sold.
    private struct OrderSale: Decodable {
        let createdAt: Date
        let cents: Int
        let units: Int
    }

    public func dashboard(caller: Caller, now: Date = Date()) async throws -> SellerDashboard {
        guard caller.maySell else { throw SellingError.notSeller }
        let ownShops: SQLQueryString = "SELECT id FROM shops WHERE owner_id = \(bind: caller.userID)"
        async let shopList = shops.shops(of: caller)
        async let lowStock = listings.listings(caller: caller, filter: .lowStock, perPage: 8)
        async let toShip = sellerOrders.orders(caller: caller.asSeller, state: .pending, perPage: 5)
        let counts =
            try await sql.raw(
                """
                SELECT COUNT(*) AS total,
                CAST(COALESCE(SUM(CASE WHEN status = 'approved' AND active THEN 1 ELSE 0 END), 0) AS BIGINT) AS live,
                CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending,
                CAST(COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0) AS BIGINT) AS rejected,
                CAST(COALESCE(SUM(CASE WHEN active THEN 0 ELSE 1 END), 0) AS BIGINT) AS paused,
                CAST(COALESCE(SUM(CASE WHEN stock <= low_stock_threshold THEN 1 ELSE 0 END), 0) AS BIGINT) AS low_stock
                FROM products WHERE deleted_at IS NULL AND shop_id IN (
                """ + ownShops + ")"
            ).first(decoding: SellerDashboard.ListingCounts.self, with: .columns) ?? SellerDashboard.ListingCounts()

        // Sales: the seller's lines of orders that were not cancelled or refunded, per order, bucketed by UTC day.
        let today = Self.startOfDay(now)
        let since = today.addingTimeInterval(-Double(Self.salesDays - 1) * 86_400)
        let rows = try await sql.raw(
            """
            SELECT o.id, o.created_at, CAST(SUM(oi.line_total_cents) AS BIGINT) AS cents, CAST(SUM(oi.quantity) AS BIGINT) AS units
            FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE oi.shop_id IN (
            """ + ownShops + ") AND o.created_at >= \(bind: since) AND o.status NOT IN ('cancelled', 'refunded') GROUP BY o.id, o.created_at"
        ).all(decoding: OrderSale.self, with: .columns)
        var perDay: [Date: (cents: Int, orders: Int)] = [:]
        var units = 0
        for sale in rows {
            let day = Self.startOfDay(sale.createdAt)
            perDay[day, default: (0, 0)].cents += sale.cents
            perDay[day, default: (0, 0)].orders += 1
            units += sale.units
        }
        let sales = (0..<Self.salesDays).map { offset in
            let day = since.addingTimeInterval(Double(offset) * 86_400)
            return SellerDashboard.SalesDay(day: day, cents: perDay[day]?.cents ?? 0, orders: perDay[day]?.orders ?? 0)
        }
        let shipping = try await toShip
        return SellerDashboard(
            shops: try await shopList, counts: counts, lowStock: try await lowStock.items, toShip: shipping.items, toShipCount: shipping.total,
            sales: sales, unitsSold: units)
    }

    static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}

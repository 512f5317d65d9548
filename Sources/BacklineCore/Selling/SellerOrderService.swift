import Foundation
import SQLKit

/// A seller's share of an order: only their shops' lines and shipments, never the other shops' or the order total.
public struct SellerOrder: Sendable, Equatable {
    public let order: OrderDetail
    public let buyerName: String
    /// The seller's part of the order (their shops' parts only).
    public let shipments: [OrderShipment]
    public var shareCents: Int { shipments.flatMap(\.lines).reduce(0) { $0 + $1.lineTotalCents } }
    public var itemCount: Int { shipments.flatMap(\.lines).reduce(0) { $0 + $1.quantity } }
    /// `pending` while any of the seller's parts still waits to ship.
    public var shipmentState: ShipmentState {
        if shipments.contains(where: { $0.status == "pending" }) {
            return order.status == .cancelled || order.status == .refunded ? .cancelled : .pending
        }
        return ShipmentState(rawValue: shipments.first?.status ?? "cancelled") ?? .cancelled
    }
    public var canShip: Bool { shipmentState == .pending && (order.status == .pending || order.status == .paid) }
}

/// A shop's part of an order: `pending` (to ship), `shipped`, `delivered` or `cancelled`.
public enum ShipmentState: String, Sendable, CaseIterable {
    case pending, shipped, delivered, cancelled

    public var label: String {
        switch self {
        case .pending: "To ship"
        case .shipped: "Shipped"
        case .delivered: "Delivered"
        case .cancelled: "Cancelled"
        }
    }
}

/// The seller's side of orders: the orders holding their items, and shipping their part. The order becomes
/// `shipped` when the last shop in it ships, and the buyer hears about each part.
public struct SellerOrderService: Sendable {
    let database: BacklineDatabase
    let orders: OrderService
    let outbox: Outbox
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, orders: OrderService, outbox: Outbox) {
        (self.database, self.orders, self.outbox) = (database, orders, outbox)
    }

    /// The shops whose parts the caller handles in an order: their own; for an admin, every shop in it.
    private func shopFilter(_ caller: Caller) -> SQLQueryString {
        caller.isAdmin ? "TRUE" : "sh.shop_id IN (SELECT id FROM shops WHERE owner_id = \(bind: caller.userID))"
    }

    /// Orders with the caller's items, newest first; `state` narrows to the parts in that state.
    public func orders(caller: Caller, state: ShipmentState? = nil, page: Int = 1, perPage: Int = 25) async throws -> (
        items: [SellerOrder], total: Int
    ) {
        guard caller.maySell else { throw SellingError.notSeller }
        var scope: SQLQueryString = "SELECT DISTINCT sh.order_id FROM order_shipments sh WHERE " + shopFilter(caller)
        if let state { scope += " AND sh.status = \(bind: state.rawValue)" }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM (" + scope + ") parts").first()?.decode(column: "n", as: Int.self) ?? 0
        let ids = try await sql.raw(
            "SELECT o.id FROM orders o WHERE o.id IN (" + scope
                + ") ORDER BY o.created_at DESC, o.id DESC LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all().map { try $0.decode(column: "id", as: Int.self) }
        var items: [SellerOrder] = []
        for id in ids { items.append(try await order(id: id, caller: caller)) }
        return (items, total)
    }

    /// One order as the seller sees it: `.orderNotFound` when none of the caller's items are in it.
    public func order(id: Int, caller: Caller, on sql: (any SQLDatabase)? = nil) async throws -> SellerOrder {
        guard caller.maySell else { throw SellingError.notSeller }
        let sql = sql ?? self.sql
        let detail: OrderDetail
        do { detail = try await orders.order(id: id, buyerID: nil, on: sql) } catch OrderError.notFound { throw SellingError.orderNotFound }
        let mine = try await Set(
            sql.raw("SELECT sh.shop_id FROM order_shipments sh WHERE sh.order_id = \(bind: id) AND " + shopFilter(caller)).all().map {
                try $0.decode(column: "shop_id", as: Int.self)
            })
        let shipments = detail.shipments.filter { mine.contains($0.shopID) }
        guard !shipments.isEmpty else { throw SellingError.orderNotFound }
        let buyer = try await sql.raw("SELECT display_name FROM users WHERE id = \(bind: detail.buyerID)").first()?.decode(
            column: "display_name", as: String.self)
        return SellerOrder(order: detail, buyerName: buyer ?? "", shipments: shipments)
    }

    /// Marks the caller's parts of the order shipped, with an optional tracking number. When no other shop's part
    /// is left to ship, the order becomes `shipped` (and the buyer gets the order's email); otherwise the buyer
    /// hears that this part is on its way.
    public func ship(orderID: Int, trackingNumber: String?, caller: Caller, now: Date = Date()) async throws -> SellerOrder {
        let tracking = Text.optional(trackingNumber)
        if let tracking, tracking.count > 60 || !tracking.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == " ") }) {
            throw ValidationError(field: "tracking_number", "Use up to 60 letters, digits, spaces or hyphens.")
        }
        try await database.writeTransaction { [database, orders, outbox] sql in
            try await database.lockOrder(orderID, on: sql)
            let current = try await order(id: orderID, caller: caller, on: sql)
            guard current.order.status == .pending || current.order.status == .paid else {
                throw SellingError.cannotShip("This order is \(current.order.status.label.lowercased()); there is nothing to ship.")
            }
            let waiting = current.shipments.filter { $0.status == "pending" }
            guard !waiting.isEmpty else { throw SellingError.cannotShip("Your part of this order is already shipped.") }
            try await sql.raw(
                """
                UPDATE order_shipments SET status = 'shipped', tracking_number = \(bind: tracking), shipped_at = \(bind: now)
                WHERE order_id = \(bind: orderID) AND shop_id IN (\(binds: waiting.map(\.shopID))) AND status = 'pending'
                """
            ).run()
            let shopNames = waiting.map(\.shopName).joined(separator: " and ")
            let note = "\(shopNames) shipped" + (tracking.map { " (tracking \($0))" } ?? "")
            let left = try await sql.raw("SELECT COUNT(*) AS n FROM order_shipments WHERE order_id = \(bind: orderID) AND status = 'pending'")
                .first()!
                .decode(column: "n", as: Int.self)
            if left == 0 {
                try await orders.apply(current.order, to: .shipped, note: note, now: now, on: sql)
            } else {
                try await OrderService.record(orderID: orderID, status: "part_shipped", note: note, at: now, on: sql)
                try await outbox.enqueue(
                    to: current.order.buyerEmail, subject: "Part of your order \(current.order.number) is on its way",
                    body: "\(note). The rest of your order ships separately; we'll write when it does.", kind: "order_part_shipped", on: sql)
            }
        }
        return try await order(id: orderID, caller: caller)
    }
}

import Foundation
import SQLKit

/// Orders after checkout: the buyer's history and order page, cancelling, and the status moves that the
/// seller and admin screens make. Every read by a buyer is scoped to that buyer.
public struct OrderService: Sendable {
    let database: BacklineDatabase
    let outbox: Outbox
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, outbox: Outbox) { (self.database, self.outbox) = (database, outbox) }

    // MARK: Reading

    /// The buyer's orders, newest first.
    public func history(buyerID: Int, page: Int, perPage: Int) async throws -> (items: [OrderSummary], total: Int) {
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM orders WHERE buyer_id = \(bind: buyerID)").first()!.decode(column: "n", as: Int.self)
        let items = try await sql.raw(
            """
            SELECT o.id, o.number, o.status, o.payment_status, o.total_cents, o.created_at,
            (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_items WHERE order_id = o.id) AS item_count,
            COALESCE((SELECT product_name FROM order_items WHERE order_id = o.id ORDER BY id LIMIT 1), '') AS first_item_name
            FROM orders o WHERE o.buyer_id = \(bind: buyerID) ORDER BY o.created_at DESC, o.id DESC
            LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)
            """
        ).all(decoding: OrderSummary.self, with: .columns)
        return (items, total)
    }

    /// One order with its shipments, lines and timeline. With a `buyerID`, another buyer's order is `notFound`.
    /// `sql` is the transaction to read in, when the caller holds one.
    public func order(id: Int, buyerID: Int?, on sql: (any SQLDatabase)? = nil) async throws -> OrderDetail {
        let sql = sql ?? self.sql
        var statement: SQLQueryString = """
            SELECT o.*, (SELECT email FROM users WHERE id = o.buyer_id) AS buyer_email FROM orders o WHERE o.id = \(bind: id)
            """
        if let buyerID { statement += " AND o.buyer_id = \(bind: buyerID)" }
        guard let row = try await sql.raw(statement).first() else { throw OrderError.notFound }
        async let linesRead = sql.raw(
            """
            SELECT product_id, shop_id, product_name AS name, brand, shop_name, unit_price_cents, quantity, line_total_cents
            FROM order_items WHERE order_id = \(bind: id) ORDER BY id
            """
        ).all(decoding: OrderLine.self, with: .columns)
        async let shipmentRows = sql.raw(
            "SELECT shop_id, status, tracking_number, shipped_at FROM order_shipments WHERE order_id = \(bind: id) ORDER BY shop_id"
        ).all(decoding: ShipmentRow.self, with: .columns)
        async let events = sql.raw("SELECT status, note, created_at AS at FROM order_events WHERE order_id = \(bind: id) ORDER BY id").all(
            decoding: OrderEvent.self, with: .columns)
        let order = try row.decode(model: OrderRow.self, with: .columns)
        let lines = try await linesRead
        let shipments = try await shipmentRows.map { shipment in
            let shopLines = lines.filter { $0.shopID == shipment.shopID }
            return OrderShipment(
                shopID: shipment.shopID, shopName: shopLines.first?.shopName ?? "", status: shipment.status,
                trackingNumber: shipment.trackingNumber, shippedAt: shipment.shippedAt, lines: shopLines)
        }
        return OrderDetail(
            id: id, number: order.number, buyerID: order.buyerID, buyerEmail: order.buyerEmail ?? "", status: order.status,
            paymentStatus: order.paymentStatus, paymentMethod: order.paymentMethod, paymentReference: order.paymentReference,
            shippingMethod: order.shippingMethod, subtotalCents: order.subtotalCents, discountCents: order.discountCents,
            shippingCents: order.shippingCents, totalCents: order.totalCents, couponCode: order.couponCode,
            shippingAddress: try AddressInput.fromSnapshot(order.shippingAddress), createdAt: order.createdAt, paidAt: order.paidAt,
            cancelledAt: order.cancelledAt, shipments: shipments, events: try await events)
    }

    /// The `orders` row as `order(id:)` reads it (with the buyer's email).
    private struct OrderRow: Decodable {
        let number: String
        let buyerID: Int
        let buyerEmail: String?
        let status: OrderStatus
        let paymentStatus: PaymentStatus
        let paymentMethod: PaymentMethod
        let paymentReference: String?
        let shippingMethod: ShippingMethod
        let subtotalCents: Int
        let discountCents: Int
        let shippingCents: Int
        let totalCents: Int
        let couponCode: String?
        /// The address as it was at checkout, as JSON.
        let shippingAddress: String
        let createdAt: Date
        let paidAt: Date?
        let cancelledAt: Date?
    }

    private struct ShipmentRow: Decodable {
        let shopID: Int
        let status: String
        let trackingNumber: String?
        let shippedAt: Date?
    }

    // MARK: Changing

    /// The buyer cancels while the order is `pending` or `paid`: the stock comes back, a paid order is
    /// refunded (simulated), and the buyer gets an email.
    public func cancel(orderID: Int, buyerID: Int, now: Date = Date()) async throws -> OrderDetail {
        let current = try await order(id: orderID, buyerID: buyerID)
        guard current.status.buyerMayCancel else { throw OrderError.cannotMove(from: current.status, to: .cancelled) }
        try await move(orderID: orderID, to: .cancelled, note: "Cancelled by the buyer", now: now)
        return try await order(id: orderID, buyerID: buyerID)
    }

    /// Moves an order to `next` when `OrderStatus.canMove` allows it, with what the move implies: cancelling or
    /// refunding an order that was not delivered puts its stock back; delivering a cash-on-delivery order
    /// marks it paid. The guarded update makes two racing moves apply once.
    public func move(orderID: Int, to next: OrderStatus, note: String? = nil, now: Date = Date()) async throws {
        let current = try await order(id: orderID, buyerID: nil)
        guard current.status.canMove(to: next) else { throw OrderError.cannotMove(from: current.status, to: next) }
        try await database.writeTransaction { sql in try await apply(current, to: next, note: note, now: now, on: sql) }
    }

    /// What moving to `next` does to the payment.
    static func paymentStatus(after next: OrderStatus, from payment: PaymentStatus) -> PaymentStatus {
        switch (next, payment) {
        case (.cancelled, .paid), (.refunded, _): .refunded
        case (.cancelled, _): .voided
        case (.paid, _), (.delivered, _): .paid
        default: payment
        }
    }

    /// The move itself, inside the caller's transaction (seller shipping calls it when the last shop ships), for
    /// an order read as `current` before. Throws `cannotMove` when the status changed meanwhile.
    func apply(_ current: OrderDetail, to next: OrderStatus, note: String?, now: Date, on sql: any SQLDatabase) async throws {
        guard current.status.canMove(to: next) else { throw OrderError.cannotMove(from: current.status, to: next) }
        let payment = Self.paymentStatus(after: next, from: current.paymentStatus)
        let orderID = current.id
        let changed = try await sql.raw(
            """
            UPDATE orders SET status = \(bind: next.rawValue), payment_status = \(bind: payment.rawValue), updated_at = \(bind: now),
            paid_at = CASE WHEN \(bind: payment == .paid) AND paid_at IS NULL THEN \(bind: now) ELSE paid_at END,
            cancelled_at = CASE WHEN \(bind: next == .cancelled) THEN \(bind: now) ELSE cancelled_at END
            WHERE id = \(bind: orderID) AND status = \(bind: current.status.rawValue) RETURNING id
            """
        ).first()
        guard changed != nil else { throw OrderError.cannotMove(from: current.status, to: next) }
        let restock = (next == .cancelled || next == .refunded) && current.status != .delivered
        if restock {
            try await database.lockProducts(current.lines.map(\.productID), on: sql)
            for line in current.lines {
                try await sql.raw(
                    """
                    UPDATE products SET stock = stock + \(bind: line.quantity), sold_count = CASE WHEN sold_count >= \(bind: line.quantity)
                    THEN sold_count - \(bind: line.quantity) ELSE 0 END WHERE id = \(bind: line.productID)
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO stock_movements (product_id, delta, reason, order_id, created_at)
                    VALUES (\(bind: line.productID), \(bind: line.quantity), \(bind: next == .cancelled ? "cancel" : "refund"), \(bind: orderID), \(bind: now))
                    """
                ).run()
            }
        }
        let shipmentStatus: String? =
            switch next {
            case .cancelled: "cancelled"
            // A refund after delivery leaves the shipments delivered.
            case .refunded where current.status != .delivered: "cancelled"
            case .shipped: "shipped"
            case .delivered: "delivered"
            default: nil
            }
        if let shipmentStatus {
            try await sql.raw(
                """
                UPDATE order_shipments SET status = \(bind: shipmentStatus),
                shipped_at = CASE WHEN \(bind: shipmentStatus == "shipped") AND shipped_at IS NULL THEN \(bind: now) ELSE shipped_at END
                WHERE order_id = \(bind: orderID) AND status <> 'cancelled'
                """
            ).run()
        }
        try await Self.record(orderID: orderID, status: next, note: note, at: now, on: sql)
        if next == .cancelled && current.paymentStatus == .paid {
            try await Self.record(
                orderID: orderID, status: PaymentStatus.refunded.rawValue,
                note: "Refunded \(Money.format(current.totalCents)) to your \(current.paymentMethod.label)", at: now, on: sql)
        }
        try await outbox.enqueue(
            to: current.buyerEmail, subject: "Your order \(current.number) is \(next.label.lowercased())",
            body: Self.statusEmail(current, next: next, refunded: payment == .refunded), kind: "order_\(next.rawValue)", on: sql)
    }

    static func statusEmail(_ order: OrderDetail, next: OrderStatus, refunded: Bool) -> String {
        var text = "Your order \(order.number) is now \(next.label.lowercased())."
        if refunded { text += " We refunded \(Money.format(order.totalCents)) to your \(order.paymentMethod.label); it shows in a few days." }
        return text + "\n\nSee it any time in your purchase history."
    }

    /// One line of an order's timeline.
    static func record(orderID: Int, status: OrderStatus, note: String?, at: Date, on sql: any SQLDatabase) async throws {
        try await record(orderID: orderID, status: status.rawValue, note: note, at: at, on: sql)
    }

    static func record(orderID: Int, status: String, note: String?, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "INSERT INTO order_events (order_id, status, note, created_at) VALUES (\(bind: orderID), \(bind: status), \(bind: note), \(bind: at))"
        ).run()
    }
}

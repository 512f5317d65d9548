import Foundation
import SQLKit

/// Every order, for admins: search and filter (one aggregate query per page), one order, and status moves. A move
/// goes through `OrderService.apply` (the one place for the status rules and what they imply: stock, payment,
/// shipments, timeline, the buyer's email), in one transaction with its audit entry.
public struct OrderAdmin: Sendable {
    let database: BacklineDatabase
    let orders: OrderService
    let audit: AuditLog
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, orders: OrderService, audit: AuditLog) {
        (self.database, self.orders, self.audit) = (database, orders, audit)
    }

    // MARK: The list

    public enum Sort: String, Sendable, CaseIterable {
        case newest, oldest
        case totalDesc = "total_desc"
        case totalAsc = "total_asc"

        var orderBy: SQLQueryString {
            switch self {
            case .newest: "o.created_at DESC, o.id DESC"
            case .oldest: "o.created_at ASC, o.id ASC"
            case .totalDesc: "o.total_cents DESC, o.id DESC"
            case .totalAsc: "o.total_cents ASC, o.id ASC"
            }
        }
    }

    /// Which orders a list shows. `from` and `to` are the start of UTC days, both included.
    public struct Query: Sendable, Equatable {
        public var text: String?
        public var status: OrderStatus?
        public var from: Date?
        public var to: Date?
        public var sort = Sort.newest
        public var page = 1
        public var perPage = 25

        public init() {}

        /// Reads URL query pairs (`q`, `status`, `from`, `to`, `sort`, `page`, `per_page`) as every list does: a bad
        /// value is left out of the query (or clamped) and named in `problems`; the API answers them with a 400, a page
        /// shows them.
        public static func parse(_ pairs: [(String, String)], perPage defaultPerPage: Int = 25) -> (query: Query, problems: [QueryProblem]) {
            var list = ListQuery(pairs)
            var query = Query()
            query.text = list.text()
            query.status = list.choice("status", as: OrderStatus.self)
            query.from = list.day("from")
            query.to = list.day("to")
            query.sort = list.choice("sort", as: Sort.self) ?? .newest
            query.page = list.page()
            query.perPage = list.perPage(default: defaultPerPage)
            if let from = query.from, let to = query.to, from > to {
                list.bad("to", "must not be before from")
                query.to = nil
            }
            return (query, list.problems)
        }

        /// The query as URL pairs (for links that keep it), without the page.
        public var pairs: [(String, String)] {
            var pairs: [(String, String)] = []
            if let text { pairs.append(("q", text)) }
            if let status { pairs.append(("status", status.rawValue)) }
            if let from { pairs.append(("from", Format.isoDay(from))) }
            if let to { pairs.append(("to", Format.isoDay(to))) }
            if sort != .newest { pairs.append(("sort", sort.rawValue)) }
            return pairs
        }
    }

    /// A row of the admin's order table.
    public struct Row: Sendable, Equatable, Decodable {
        public let id: Int
        public let number: String
        public let status: OrderStatus
        public let paymentStatus: PaymentStatus
        public let buyerID: Int
        public let buyerEmail: String
        public let totalCents: Int
        public let itemCount: Int
        public let createdAt: Date
    }

    /// The query's conditions, without the status when `withStatus` is false (the status tabs count across it).
    func scope(_ query: Query, withStatus: Bool = true) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["TRUE"]
        if let pattern = query.text.flatMap(LikePattern.contains) {
            // A part of an order number or of a buyer's email, as typed (`first_last@…` too).
            conditions.append("(LOWER(o.number) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(u.email) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        if withStatus, let status = query.status { conditions.append("o.status = \(bind: status.rawValue)") }
        if let from = query.from { conditions.append("o.created_at >= \(bind: from)") }
        if let to = query.to { conditions.append("o.created_at < \(bind: to.addingTimeInterval(86_400))") }
        return conditions.joined(separator: " AND ")
    }

    public func search(_ query: Query) async throws -> (items: [Row], total: Int) {
        let scope = scope(query)
        async let total = sql.raw("SELECT COUNT(*) AS n FROM orders o JOIN users u ON u.id = o.buyer_id WHERE " + scope).first()!.decode(
            column: "n", as: Int.self)
        let items = try await sql.raw(
            """
            SELECT o.id, o.number, o.status, o.payment_status, o.buyer_id, u.email AS buyer_email, o.total_cents, o.created_at,
            (SELECT CAST(COALESCE(SUM(i.quantity), 0) AS BIGINT) FROM order_items i WHERE i.order_id = o.id) AS item_count
            FROM orders o JOIN users u ON u.id = o.buyer_id
            """ + " WHERE " + scope + " ORDER BY " + query.sort.orderBy
                + " LIMIT \(literal: query.perPage) OFFSET \(literal: (max(query.page, 1) - 1) * query.perPage)"
        ).all(decoding: Row.self, with: .columns)
        return (items, try await total)
    }

    /// How many orders of each status match the query's other filters (for the status tabs).
    public func statusCounts(_ query: Query) async throws -> [OrderStatus: Int] {
        let rows = try await sql.raw(
            "SELECT o.status, COUNT(*) AS n FROM orders o JOIN users u ON u.id = o.buyer_id WHERE " + scope(query, withStatus: false)
                + " GROUP BY o.status"
        ).all()
        var counts: [OrderStatus: Int] = [:]
        for row in rows {
            if let status = OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    // MARK: One order

    public func order(id: Int) async throws -> OrderDetail {
        do { return try await orders.order(id: id, buyerID: nil) } catch OrderError.notFound { throw AdminError.notFound("order") }
    }

    /// The statuses an order may move to next, in the order of its life.
    public static func nextStatuses(_ status: OrderStatus) -> [OrderStatus] {
        OrderStatus.allCases.filter { status.canMove(to: $0) }
    }

    /// Moves the order to `next` (`OrderStatus.canMove`, else `OrderError.cannotMove`: 409) with an optional note for the
    /// timeline, and records `order.status` (`order.refund` for refunds) by `actorID`.
    public func move(orderID: Int, to next: OrderStatus, note: String?, actorID: Int, ip: String?, now: Date = Date()) async throws -> OrderDetail {
        let note = note.flatMap { Text.optional($0) }
        if let note, note.count > 500 { throw ValidationError(field: "note", "Use at most 500 characters.") }
        try await database.writeTransaction { [database, orders, audit] sql in
            try await database.lockOrder(orderID, on: sql)
            let current: OrderDetail
            do { current = try await orders.order(id: orderID, buyerID: nil, on: sql) } catch OrderError.notFound {
                throw AdminError.notFound("order")
            }
            // The timeline shows an event's note instead of its status, so the note says both.
            try await orders.apply(current, to: next, note: note.map { "\(next.label): \($0)" }, now: now, on: sql)
            var detail = "\(current.status.rawValue) → \(next.rawValue)"
            if next == .refunded { detail += ", \(Money.format(current.totalCents)) back to the buyer" }
            if let note { detail += " (\(note))" }
            try await audit.record(
                actorID: actorID, action: next == .refunded ? "order.refund" : "order.status", target: "order:\(orderID)", detail: detail, ip: ip,
                at: now,
                on: sql)
        }
        return try await order(id: orderID)
    }
}

import Foundation
import SQLKit

/// Listing moderation for admins, for the pages and the API alike: the review queue, any listing by name or id, and
/// the decisions (approve, reject, take down), each with the seller's email and its audit entry in one transaction.
public struct ListingAdmin: Sendable {
    let database: BacklineDatabase
    let listings: ListingService
    let audit: AuditLog
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, listings: ListingService, audit: AuditLog) {
        (self.database, self.listings, self.audit) = (database, listings, audit)
    }

    // MARK: Decisions

    public func approve(id: Int, actor: Caller, ip: String?, now: Date = Date()) async throws -> Listing {
        try await decide(id: id, .approve, actor: actor, ip: ip, now: now)
    }

    /// Rejects a pending listing with a reason the seller reads (on the listing page and in an email).
    public func reject(id: Int, reason: String, actor: Caller, ip: String?, now: Date = Date()) async throws -> Listing {
        try Self.requireAdmin(actor)
        return try await decide(id: id, .reject(reason: try Self.moderationReason(reason)), actor: actor, ip: ip, now: now)
    }

    /// Hides a listing from buyers, live or still waiting for review: it becomes `rejected` with the reason, which
    /// the seller reads like a rejection's (editing it sends it back for review).
    public func takeDown(id: Int, reason: String, actor: Caller, ip: String?, now: Date = Date()) async throws -> Listing {
        try Self.requireAdmin(actor)
        return try await decide(id: id, .takeDown(reason: try Self.moderationReason(reason)), actor: actor, ip: ip, now: now)
    }

    /// What an admin decides about a listing: the status it gets, which statuses it may come from, and what the seller is told.
    enum Decision {
        case approve
        case reject(reason: String)
        case takeDown(reason: String)

        var status: ListingStatus {
            if case .approve = self { return .approved }
            return .rejected
        }
        var note: String? {
            switch self {
            case .approve: nil
            case .reject(let reason), .takeDown(let reason): reason
            }
        }
        var auditAction: String {
            switch self {
            case .approve: "listing.approve"
            case .reject: "listing.reject"
            case .takeDown: "listing.take_down"
            }
        }
        var from: [ListingStatus] {
            if case .takeDown = self { return [.pending, .approved] }
            return [.pending]
        }
        /// Why a listing in another status cannot take this decision (409).
        var refusal: any Error {
            if case .takeDown = self { return AdminError.conflict("This listing is already rejected: buyers cannot see it.") }
            return SellingError.notPending
        }
        func email(name: String) -> (subject: String, body: String, kind: String) {
            switch self {
            case .approve:
                ("Your listing “\(name)” is live", "Good news: “\(name)” passed review and buyers can find it now.", "listing_approved")
            case .reject(let reason):
                (
                    "Your listing “\(name)” needs changes",
                    "“\(name)” was not approved:\n\n\(reason)\n\nEdit the listing to send it for review again.", "listing_rejected"
                )
            case .takeDown(let reason):
                (
                    "Your listing “\(name)” was taken down",
                    "“\(name)” is no longer shown to buyers:\n\n\(reason)\n\nEdit the listing to send it for review again.", "listing_taken_down"
                )
            }
        }
    }

    /// A reason the seller reads: required, at most 1,000 characters.
    static func moderationReason(_ reason: String) throws -> String {
        guard let reason = Text.optional(reason) else { throw ValidationError(field: "reason", "Say why, so the seller can fix it.") }
        guard reason.count <= 1_000 else { throw ValidationError(field: "reason", "Use at most 1,000 characters.") }
        return reason
    }

    /// The decision, the seller's email and the audit entry, in one transaction.
    private func decide(id: Int, _ decision: Decision, actor: Caller, ip: String?, now: Date) async throws -> Listing {
        try Self.requireAdmin(actor)
        try await database.writeTransaction { [outbox = listings.outbox, audit] sql in
            guard
                try await sql.raw(
                    """
                    UPDATE products SET status = \(bind: decision.status.rawValue), moderation_note = \(bind: decision.note),
                    updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND deleted_at IS NULL AND status IN (\(binds: decision.from.map(\.rawValue))) RETURNING id
                    """
                ).first() != nil
            else {
                _ = try await ListingService.listing(id: id, caller: actor, on: sql)  // unknown → 404
                throw decision.refusal
            }
            let row = try await sql.raw(
                "SELECT p.name, u.email FROM products p JOIN shops s ON s.id = p.shop_id JOIN users u ON u.id = s.owner_id WHERE p.id = \(bind: id)"
            ).first()!
            let name = try row.decode(column: "name", as: String.self)
            let email = decision.email(name: name)
            try await outbox.enqueue(
                to: try row.decode(column: "email", as: String.self), subject: email.subject, body: email.body, kind: email.kind, on: sql)
            try await audit.record(
                actorID: actor.userID, action: decision.auditAction, target: "product:\(id)", detail: decision.note ?? name, ip: ip, at: now, on: sql)
        }
        return try await listings.listing(id: id, caller: actor)
    }

    /// Moderation is for admins: a customer is told they are no seller, a seller that it is not theirs to decide.
    static func requireAdmin(_ caller: Caller) throws {
        guard caller.maySell else { throw SellingError.notSeller }
        guard caller.isAdmin else { throw SellingError.notYours }
    }

    // MARK: Finding

    public struct Row: Sendable, Equatable, Decodable {
        public let id: Int
        public let name: String
        public let brand: String
        public let model: String
        public let condition: Condition
        public let priceCents: Int
        public let imageURL: String
        public let status: ListingStatus
        public let active: Bool
        public let moderationNote: String?
        public let shopID: Int
        public let shopName: String
        public let sellerID: Int
        public let sellerName: String
        public let sellerEmail: String
        public let createdAt: Date
    }

    /// Listings that wait for review.
    static let waiting: SQLQueryString = "p.status = 'pending'"

    /// How many listings wait for review (the dashboard's note, the queue's tab), counted without reading any.
    public func waitingCount() async throws -> Int {
        try await count(where: Self.waiting)
    }

    /// Listings waiting for review, oldest first (the partial index `products_pending` serves it).
    public func queue(page: Int, perPage: Int) async throws -> (items: [Row], total: Int) {
        try await rows(where: Self.waiting, orderBy: "p.created_at ASC, p.id ASC", page: page, perPage: perPage)
    }

    /// Any listing (not deleted) whose name, brand or model contains `text`, or whose id it is; newest first.
    public func search(_ text: String, page: Int, perPage: Int) async throws -> (items: [Row], total: Int) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let pattern = LikePattern.contains(text) else {
            return try await rows(where: "TRUE", orderBy: "p.id DESC", page: page, perPage: perPage)
        }
        var condition: SQLQueryString = """
            (LOWER(p.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(p.brand) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(p.model) LIKE \(bind: pattern) ESCAPE '\\'
            """
        if let id = Int(text.hasPrefix("#") ? String(text.dropFirst()) : text), id > 0 { condition += " OR p.id = \(bind: id)" }
        return try await rows(where: condition + ")", orderBy: "p.id DESC", page: page, perPage: perPage)
    }

    /// Listings that are not deleted and meet `condition`.
    private static func scope(_ condition: SQLQueryString) -> SQLQueryString { " WHERE p.deleted_at IS NULL AND " + condition }

    func count(where condition: SQLQueryString) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM products p" + Self.scope(condition)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    func rows(where condition: SQLQueryString, orderBy: SQLQueryString, page: Int, perPage: Int) async throws -> (items: [Row], total: Int) {
        let scope = Self.scope(condition)
        async let total = count(where: condition)
        let items = try await sql.raw(
            """
            SELECT p.id, p.name, p.brand, p.model, p.condition, p.price_cents, COALESCE(p.image_path, \(bind: ListingService.fallbackImage)) AS image_url,
            p.status, p.active, p.moderation_note, p.created_at,
            s.id AS shop_id, s.name AS shop_name, u.id AS seller_id, u.display_name AS seller_name, u.email AS seller_email
            FROM products p JOIN shops s ON s.id = p.shop_id JOIN users u ON u.id = s.owner_id
            """ + scope + " ORDER BY " + orderBy + " LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all(decoding: Row.self, with: .columns)
        return (items, try await total)
    }
}

import Foundation
import SQLKit

/// What admins and sign-ins did, for the admin's audit page: who, what, on what, from where, when.
/// Admin services write an entry in the same transaction as the change it describes.
public struct AuditLog: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public struct Entry: Sendable, Equatable, Decodable {
        public let id: Int
        public let actorID: Int?
        /// The actor's email at the time of reading (nil for an unknown or anonymous actor).
        public let actorEmail: String?
        /// A dotted name: `auth.sign_in`, `auth.sign_in_failed`, `user.disable`, `order.refund`, `coupon.create`…
        public let action: String
        /// What it was done to: `user:12`, `order:791`, `product:1921`, `coupon:WELCOME10`.
        public let target: String?
        public let detail: String?
        public let ip: String?
        public let at: Date
    }

    public func record(
        actorID: Int?, action: String, target: String? = nil, detail: String? = nil, ip: String? = nil, at: Date = Date(),
        on sql: (any SQLDatabase)? = nil
    ) async throws {
        try await (sql ?? database.sql).raw(
            """
            INSERT INTO audit_log (actor_id, action, target, detail, ip, created_at)
            VALUES (\(bind: actorID), \(bind: action), \(bind: target), \(bind: detail.map { String($0.prefix(1_000)) }), \(bind: ip), \(bind: at))
            """
        ).run()
    }

    /// What an `Entry` is read from: the log and the actor's email, `a` to filter on.
    static let entrySelect: SQLQueryString = """
        SELECT a.id, a.actor_id, u.email AS actor_email, a.action, a.target, a.detail, a.ip, a.created_at AS at
        FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        """

    /// Newest first; `action` matches a whole name or a prefix ending in a dot (`auth.`).
    public func entries(action: String? = nil, actorID: Int? = nil, page: Int = 1, perPage: Int = 50) async throws -> (items: [Entry], total: Int) {
        var conditions: [SQLQueryString] = []
        if let action, !action.isEmpty {
            conditions.append(action.hasSuffix(".") ? "a.action LIKE \(bind: action + "%")" : "a.action = \(bind: action)")
        }
        if let actorID { conditions.append("a.actor_id = \(bind: actorID)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM audit_log a" + filter).first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try await database.sql.raw(
            Self.entrySelect + filter + " ORDER BY a.id DESC LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all(decoding: Entry.self, with: .columns)
        return (items, total)
    }
}

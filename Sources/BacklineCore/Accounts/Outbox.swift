import Foundation
import SQLKit

/// Every email the shop "sends": there is no mail server, so messages are written here and read with
/// `backline outbox --last N` (and by the admin's outbox viewer).
public struct Outbox: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public struct Message: Sendable, Decodable {
        public let id: Int
        public let to: String
        public let subject: String
        public let body: String
        public let kind: String
        public let createdAt: Date
    }

    public func enqueue(to: String, subject: String, body: String, kind: String, on sql: (any SQLDatabase)? = nil) async throws {
        try await (sql ?? database.sql).raw(
            "INSERT INTO outbox (to_email, subject, body, kind, created_at) VALUES (\(bind: to), \(bind: subject), \(bind: body), \(bind: kind), \(bind: Date()))"
        ).run()
    }

    /// A page of messages for the admin's outbox viewer, newest first: `to` matches part of the recipient
    /// (any case), `kind` the whole kind.
    public func messages(to: String? = nil, kind: String? = nil, page: Int = 1, perPage: Int = 25) async throws -> (items: [Message], total: Int) {
        var conditions: [SQLQueryString] = []
        if let to = to.flatMap(LikePattern.contains) { conditions.append("LOWER(to_email) LIKE \(bind: to) ESCAPE '\\'") }
        if let kind, !kind.isEmpty { conditions.append("kind = \(bind: kind)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM outbox" + filter).first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try await database.sql.raw(
            "SELECT \(Self.messageColumns) FROM outbox" + filter
                + " ORDER BY id DESC LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all(decoding: Message.self, with: .columns)
        return (items, total)
    }

    /// The kinds of message the outbox holds, for the viewer's filter.
    public func kinds() async throws -> [String] {
        try await database.sql.raw("SELECT DISTINCT kind FROM outbox ORDER BY kind").all(decodingColumn: "kind", as: String.self)
    }

    /// The columns a `Message` is read from (its `to` is the row's `to_email`).
    static let messageColumns: SQLQueryString = #"id, to_email AS "to", subject, body, kind, created_at"#

    /// The newest messages, newest first.
    public func latest(_ count: Int, to email: String? = nil) async throws -> [Message] {
        var statement: SQLQueryString = "SELECT \(Self.messageColumns) FROM outbox"
        if let email { statement += " WHERE to_email = \(bind: email)" }
        statement += " ORDER BY id DESC LIMIT \(literal: max(1, min(count, 1_000)))"
        return try await database.sql.raw(statement).all(decoding: Message.self, with: .columns)
    }
}

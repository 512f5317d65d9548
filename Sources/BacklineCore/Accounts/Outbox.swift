import Foundation
import SQLKit

/// Every email the shop "sends": there is no mail server, so messages are written here and read with
/// `backline outbox --last N` (and by the admin's outbox viewer).
public struct Outbox: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public struct Message: Sendable {
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

    /// The newest messages, newest first.
    public func latest(_ count: Int, to email: String? = nil) async throws -> [Message] {
        var statement: SQLQueryString = "SELECT id, to_email, subject, body, kind, created_at FROM outbox"
        if let email { statement += " WHERE to_email = \(bind: email)" }
        statement += " ORDER BY id DESC LIMIT \(literal: max(1, min(count, 1_000)))"
        return try await database.sql.raw(statement).all().map {
            Message(
                id: try $0.decode(column: "id", as: Int.self), to: try $0.decode(column: "to_email", as: String.self),
                subject: try $0.decode(column: "subject", as: String.self), body: try $0.decode(column: "body", as: String.self),
                kind: try $0.decode(column: "kind", as: String.self), createdAt: try $0.decode(column: "created_at", as: Date.self))
        }
    }
}

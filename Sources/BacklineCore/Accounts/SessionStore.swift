import Foundation
import SQLKit

/// Browser sessions in the database, so any instance can serve any request. The cookie carries a random
/// id; the table keeps its SHA-256, the signed-in user and the session's data as JSON.
public struct SessionStore: Sendable {
    let database: BacklineDatabase
    public static let lifetime: TimeInterval = 14 * 86_400

    public init(database: BacklineDatabase) { self.database = database }

    public struct Record: Sendable {
        public var userID: Int?
        public var data: String
        public init(userID: Int?, data: String) {
            self.userID = userID
            self.data = data
        }
    }

    /// The live session with this id, if any.
    public func load(id: String) async throws -> Record? {
        guard
            let row = try await database.sql.raw(
                "SELECT user_id, data FROM sessions WHERE id_hash = \(bind: SecureToken.hash(id)) AND expires_at > \(bind: Date())"
            ).first()
        else { return nil }
        return Record(userID: try row.decode(column: "user_id", as: Int?.self), data: try row.decode(column: "data", as: String.self))
    }

    /// Creates or replaces the session, extending its life.
    public func save(id: String, record: Record) async throws {
        let now = Date()
        try await database.sql.raw(
            """
            INSERT INTO sessions (id_hash, user_id, data, expires_at, created_at)
            VALUES (\(bind: SecureToken.hash(id)), \(bind: record.userID), \(bind: record.data), \(bind: now.addingTimeInterval(Self.lifetime)), \(bind: now))
            ON CONFLICT (id_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at
            """
        ).run()
    }

    public func delete(id: String) async throws {
        try await database.sql.raw("DELETE FROM sessions WHERE id_hash = \(bind: SecureToken.hash(id))").run()
    }

    /// Ends every session of a user but one (password change) or all of them (disabling, `except` nil);
    /// `sql` is the caller's transaction when the change that ends them is part of one.
    public func deleteAll(userID: Int, except id: String? = nil, on sql: (any SQLDatabase)? = nil) async throws {
        let sql = sql ?? database.sql
        if let id {
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) AND id_hash <> \(bind: SecureToken.hash(id))").run()
        } else {
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
    }

    /// Removes expired sessions; returns how many.
    @discardableResult
    public func sweepExpired() async throws -> Int {
        let rows = try await database.sql.raw("DELETE FROM sessions WHERE expires_at <= \(bind: Date()) RETURNING id").all()
        return rows.count
    }
}

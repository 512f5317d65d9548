import Foundation
import SQLKit

/// Idempotency keys with Stripe's semantics, kept 24 hours: the first request with a key runs and its answer is
/// stored; a retry with the same key and the same request gets that answer again; the same key with another
/// request is refused; a retry while the first is still running is told so. Checkout keeps its own keys in the
/// same table (its claim is part of the order's transaction); both are swept after 24 hours.
public struct IdempotencyStore: Sendable {
    let database: BacklineDatabase
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase) { self.database = database }

    public static let lifetime: TimeInterval = 24 * 3_600
    /// A claim with no answer this old belongs to a request that died (a crash, a lost connection): retry may run.
    static let abandonedAfter: TimeInterval = 60

    public struct StoredResponse: Sendable, Equatable {
        public let status: Int
        public let body: String
        public init(status: Int, body: String) { (self.status, self.body) = (status, body) }
    }

    public enum Outcome: Sendable, Equatable {
        /// This request holds the key: run it, then `complete` or `release`.
        case claimed
        /// The same request ran before: answer what it answered.
        case replay(StoredResponse)
        /// The key was used for a different request (422).
        case mismatch
        /// The first request with this key has not finished (409).
        case inFlight
    }

    public func claim(scope: String, key: String, fingerprint: String, now: Date = Date()) async throws -> Outcome {
        for _ in 0..<2 {
            let claimed = try await sql.raw(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (\(bind: scope), \(bind: key), \(bind: fingerprint), \(bind: now))
                ON CONFLICT (scope, key) DO NOTHING RETURNING id
                """
            ).first()
            if claimed != nil { return .claimed }
            guard
                let row = try await sql.raw(
                    "SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key)"
                ).first()
            else { continue }  // released meanwhile: claim again
            let created = try row.decode(column: "created_at", as: Date.self)
            let status = try row.decode(column: "response_status", as: Int?.self)
            let expired = now.timeIntervalSince(created) > Self.lifetime
            let abandoned = status == nil && now.timeIntervalSince(created) > Self.abandonedAfter
            if expired || abandoned {
                try await sql.raw(
                    "DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key) AND created_at = \(bind: created)"
                ).run()
                continue
            }
            guard try row.decode(column: "request_hash", as: String.self) == fingerprint else { return .mismatch }
            guard let status else { return .inFlight }
            return .replay(StoredResponse(status: status, body: try row.decode(column: "response_body", as: String?.self) ?? ""))
        }
        return .inFlight
    }

    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        try await sql.raw(
            """
            UPDATE idempotency_keys SET response_status = \(bind: response.status), response_body = \(bind: response.body)
            WHERE scope = \(bind: scope) AND key = \(bind: key)
            """
        ).run()
    }

    /// Gives the key back (the request failed before answering), so a retry runs it again.
    public func release(scope: String, key: String) async throws {
        try await sql.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key) AND response_status IS NULL").run()
    }

    /// Deletes keys older than 24 hours; answers how many.
    public func sweep(now: Date = Date()) async throws -> Int {
        let rows = try await sql.raw(
            "DELETE FROM idempotency_keys WHERE created_at < \(bind: now.addingTimeInterval(-Self.lifetime)) RETURNING id"
        ).all()
        return rows.count
    }
}

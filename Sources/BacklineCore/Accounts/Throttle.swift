import Foundation
import SQLKit

/// Fixed-window counters in the database (shared by every instance): failed logins per account and per
/// client address, registrations per address.
public struct Throttle: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public struct Rule: Sendable {
        public let limit: Int
        public let window: TimeInterval
        public init(limit: Int, window: TimeInterval) {
            self.limit = limit
            self.window = window
        }
        public static let failedLogins = Rule(limit: 5, window: 15 * 60)
        public static let registrations = Rule(limit: 10, window: 60 * 60)
    }

    /// Seconds until the key may act again when it has used up its window, nil when it may act now.
    public func retryAfter(_ key: String, rule: Rule, now: Date = Date()) async throws -> Int? {
        guard let row = try await database.sql.raw("SELECT window_start, count FROM rate_limits WHERE key = \(bind: key)").first() else { return nil }
        let start = try row.decode(column: "window_start", as: Date.self)
        let count = try row.decode(column: "count", as: Int.self)
        let ends = start.addingTimeInterval(rule.window)
        guard count >= rule.limit, ends > now else { return nil }
        return max(1, Int(ends.timeIntervalSince(now).rounded(.up)))
    }

    /// Counts one event against the key in one statement (safe under concurrency).
    public func record(_ key: String, rule: Rule, now: Date = Date()) async throws {
        let stale = now.addingTimeInterval(-rule.window)
        try await database.sql.raw(
            """
            INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: now), 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limits.window_start <= \(bind: stale) THEN 1 ELSE rate_limits.count + 1 END,
              window_start = CASE WHEN rate_limits.window_start <= \(bind: stale) THEN excluded.window_start ELSE rate_limits.window_start END
            """
        ).run()
    }

    public func reset(_ key: String) async throws {
        try await database.sql.raw("DELETE FROM rate_limits WHERE key = \(bind: key)").run()
    }
}

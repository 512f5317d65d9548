import Foundation
import SQLKit

/// How many failed sign-ins and registrations the shop allows (`LOGIN_FAILURES_PER_ACCOUNT`,
/// `LOGIN_FAILURES_PER_ADDRESS`, `REGISTRATIONS_PER_ADDRESS_PER_HOUR`; CONTRACT §1).
public struct ThrottleLimits: Sendable, Equatable {
    /// Failures of one account from one address in 15 minutes before each further attempt from that pair waits, the
    /// wait doubling from 30 seconds up to 15 minutes. Failures from other addresses never keep the owner out.
    public var failuresPerAccount = 5
    /// Failures from one address in 15 minutes, over every account, before that address is refused for the rest of
    /// the window: far above one person's typos, so a shared address (an office, a phone network) keeps working.
    public var failuresPerAddress = 100
    public var registrationsPerAddressPerHour = 10

    public init() {}

    var accountAndAddress: Throttle.Rule { .init(limit: failuresPerAccount, window: 15 * 60, backoff: 30) }
    var address: Throttle.Rule { .init(limit: failuresPerAddress, window: 15 * 60) }
    var registrations: Throttle.Rule { .init(limit: registrationsPerAddressPerHour, window: 60 * 60) }
}

/// Fixed-window counters in the database (shared by every instance), each with the time of its last event.
public struct Throttle: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public struct Rule: Sendable {
        public let limit: Int
        public let window: TimeInterval
        /// nil: past the limit the key waits for the window to end. A delay: past the limit each further event waits
        /// that long after the last one, doubling with every event over the limit (capped at the window).
        public let backoff: TimeInterval?

        public init(limit: Int, window: TimeInterval, backoff: TimeInterval? = nil) {
            self.limit = limit
            self.window = window
            self.backoff = backoff
        }

        /// When the key may act again after `count` events in a window that started at `start`, the last at `last`.
        func allowedAgain(count: Int, start: Date, last: Date) -> Date? {
            let windowEnds = start.addingTimeInterval(window)
            guard count >= limit else { return nil }
            guard let backoff else { return windowEnds }
            // 2^(count - limit), computed without overflow however many events were counted.
            let doublings = min(count - limit, 20)
            return min(last.addingTimeInterval(min(backoff * Double(1 << doublings), window)), windowEnds)
        }
    }

    /// Seconds until the key may act again, nil when it may act now.
    public func retryAfter(_ key: String, rule: Rule, now: Date = Date()) async throws -> Int? {
        guard let row = try await database.sql.raw("SELECT window_start, last_at, count FROM rate_limits WHERE key = \(bind: key)").first() else {
            return nil
        }
        let start = try row.decode(column: "window_start", as: Date.self)
        let last = try row.decode(column: "last_at", as: Date?.self) ?? start
        let count = try row.decode(column: "count", as: Int.self)
        guard start.addingTimeInterval(rule.window) > now, let again = rule.allowedAgain(count: count, start: start, last: last), again > now else {
            return nil
        }
        return max(1, Int(again.timeIntervalSince(now).rounded(.up)))
    }

    /// Counts one event against the key in one statement (safe under concurrency).
    public func record(_ key: String, rule: Rule, now: Date = Date()) async throws {
        let stale = now.addingTimeInterval(-rule.window)
        try await database.sql.raw(
            """
            INSERT INTO rate_limits (key, window_start, last_at, count) VALUES (\(bind: key), \(bind: now), \(bind: now), 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limits.window_start <= \(bind: stale) THEN 1 ELSE rate_limits.count + 1 END,
              window_start = CASE WHEN rate_limits.window_start <= \(bind: stale) THEN excluded.window_start ELSE rate_limits.window_start END,
              last_at = excluded.last_at
            """
        ).run()
    }

    public func reset(_ key: String) async throws {
        try await database.sql.raw("DELETE FROM rate_limits WHERE key = \(bind: key)").run()
    }
}

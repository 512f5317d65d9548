import Foundation
import SQLKit

/// Coupons as admins manage them: list, create, edit, delete. What a code takes off and when it applies stays in
/// `Coupon.discount` (Cart/Pricing.swift); this holds what makes a coupon well-formed, for the pages and the API.
public struct CouponAdmin: Sendable {
    let database: BacklineDatabase
    let audit: AuditLog

    public init(database: BacklineDatabase, audit: AuditLog) { (self.database, self.audit) = (database, audit) }

    /// A coupon with what only its admin sees.
    public struct Managed: Sendable, Equatable {
        public let coupon: Coupon
        public let createdAt: Date
        /// Orders that used it: a redeemed coupon is kept for their records.
        public let redemptions: Int

        public var input: Input {
            Input(
                code: coupon.code, percentOff: coupon.percentOff, amountOffCents: coupon.amountOffCents, minSubtotalCents: coupon.minSubtotalCents,
                expiresAt: coupon.expiresAt, maxUses: coupon.maxUses, active: coupon.active)
        }

        /// Why it takes nothing off now (switched off, expired, used up), or nil when it works.
        public func state(now: Date = Date()) -> State {
            if !coupon.active { return .inactive }
            if let expiresAt = coupon.expiresAt, expiresAt <= now { return .expired }
            if let maxUses = coupon.maxUses, coupon.uses >= maxUses { return .usedUp }
            return .active
        }
    }

    public enum State: String, Sendable { case active, inactive, expired, usedUp = "used_up" }

    /// The list's filter: usable now, switched off, or switched on but ended (expired or used up).
    public enum Filter: String, Sendable, CaseIterable { case active, inactive, expired }

    public enum Sort: String, Sendable, CaseIterable { case created, code, uses, expires }

    /// What an admin types for a coupon (create and edit). Money in cents; the form converts dollars.
    public struct Input: Sendable, Equatable {
        public var code: String
        public var percentOff: Int?
        public var amountOffCents: Int?
        public var minSubtotalCents: Int
        public var expiresAt: Date?
        public var maxUses: Int?
        public var active: Bool

        public init(
            code: String, percentOff: Int?, amountOffCents: Int?, minSubtotalCents: Int = 0, expiresAt: Date? = nil, maxUses: Int? = nil,
            active: Bool = true
        ) {
            (self.code, self.percentOff, self.amountOffCents, self.minSubtotalCents) = (code, percentOff, amountOffCents, minSubtotalCents)
            (self.expiresAt, self.maxUses, self.active) = (expiresAt, maxUses, active)
        }

        /// Code trimmed and upper-cased; or every problem found. `existing` is the coupon being edited: its uses so
        /// far bound `maxUses`, and an expiry it already has may lie in the past (a new one may not).
        public func validated(existing: Managed? = nil, now: Date = Date()) throws -> Input {
            let (clean, errors) = checked(existing: existing, now: now)
            guard errors.isEmpty else { throw ValidationError(errors) }
            return clean
        }

        func checked(existing: Managed?, now: Date) -> (Input, [FieldError]) {
            var errors: [FieldError] = []
            var result = self
            result.code = code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            if result.code.isEmpty {
                errors.append(.init(field: "code", message: "Enter a code, like WELCOME10."))
            } else if !Self.isCode(result.code) {
                errors.append(.init(field: "code", message: "Use 3 to 30 letters, digits, hyphens or underscores, without spaces."))
            }
            switch (percentOff, amountOffCents) {
            case (nil, nil): errors.append(.init(field: "percent_off", message: "Give the discount: a percent off or an amount off."))
            case (.some, .some): errors.append(.init(field: "percent_off", message: "Give a percent off or an amount off, not both."))
            case (let percent?, nil) where !(1...100).contains(percent):
                errors.append(.init(field: "percent_off", message: "Use a whole percent from 1 to 100."))
            case (nil, let amount?) where amount <= 0: errors.append(.init(field: "amount_off_cents", message: "Enter an amount above zero."))
            case (nil, let amount?) where amount > ListingRules.maxPriceCents:
                errors.append(.init(field: "amount_off_cents", message: "Use at most \(Money.format(ListingRules.maxPriceCents))."))
            default: break
            }
            if minSubtotalCents < 0 {
                errors.append(.init(field: "min_subtotal_cents", message: "Use zero or more (zero means any order)."))
            } else if minSubtotalCents > ListingRules.maxPriceCents {
                errors.append(.init(field: "min_subtotal_cents", message: "Use at most \(Money.format(ListingRules.maxPriceCents))."))
            }
            // An admin ends a coupon by switching it off; a past date is a typo, unless it is the one already stored.
            if let expiresAt, expiresAt <= now, existing?.coupon.expiresAt.map({ abs($0.timeIntervalSince(expiresAt)) < 1 }) != true {
                errors.append(.init(field: "expires_at", message: "Choose a date from today on, or leave it empty for no end."))
            }
            if let maxUses {
                let used = existing?.coupon.uses ?? 0
                if maxUses < 1 {
                    errors.append(.init(field: "max_uses", message: "Use 1 or more, or leave it empty for no limit."))
                } else if maxUses < used {
                    errors.append(
                        .init(field: "max_uses", message: "It has been used \(Format.count(used)) times already: use \(Format.count(used)) or more."))
                }
            }
            return (result, errors)
        }

        /// 3–30 of A–Z, 0–9, `-`, `_` (upper-cased first).
        static func isCode(_ code: String) -> Bool {
            (3...30).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-" || $0 == "_") }
        }

        /// "2026-12-31" → the last second of that day, UTC: a coupon "valid until" a date works all that day.
        public static func endOfDay(_ text: String) -> Date? {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigitChar) }), let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                (2000...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            // Days from the civil date (Howard Hinnant's days_from_civil), the inverse of `Format.civil`.
            let y = month <= 2 ? year - 1 : year
            let era = y / 400
            let yoe = y - era * 400
            let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let days = era * 146_097 + doe - 719_468
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + 86_399))
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// An RFC 3339 timestamp (`2026-12-31T23:59:59Z`, fractions allowed) or a date (the end of that day, UTC).
        public static func parseExpiry(_ text: String) -> Date? {
            if let day = endOfDay(text) { return day }
            let plain = ISO8601DateFormatter()
            if let date = plain.date(from: text) { return date }
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return fractional.date(from: text)
        }

        /// One line for the audit log: "WELCOME10: 10% off, min $50.00, up to 100 uses, until Dec 31, 2026, active".
        var auditSummary: String {
            let off = percentOff.map { "\($0)% off" } ?? "\(Money.format(amountOffCents ?? 0)) off"
            var parts = [off]
            if minSubtotalCents > 0 { parts.append("min \(Money.format(minSubtotalCents))") }
            if let maxUses { parts.append("up to \(maxUses) uses") }
            if let expiresAt { parts.append("until \(Format.day(expiresAt))") }
            parts.append(active ? "active" : "inactive")
            return "\(code): " + parts.joined(separator: ", ")
        }
    }

    static let columns: SQLQueryString =
        "c.id, c.code, c.percent_off, c.amount_off_cents, c.min_subtotal_cents, c.expires_at, c.max_uses, c.uses, c.active, c.created_at, (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id) AS redemptions"

    static func managed(_ row: any SQLRow) throws -> Managed {
        Managed(
            coupon: try CouponBook.coupon(row), createdAt: try row.decode(column: "created_at", as: Date.self),
            redemptions: try row.decode(column: "redemptions", as: Int.self))
    }

    // MARK: Reading

    /// One page of coupons: `text` matches part of the code; sorted by `sort` (ties by id).
    public func coupons(
        text: String = "", filter: Filter? = nil, sort: Sort = .created, descending: Bool = true, page: Int = 1, perPage: Int = 25, now: Date = Date()
    ) async throws -> (items: [Managed], total: Int) {
        var conditions: [SQLQueryString] = []
        if let pattern = LikePattern.contains(text) {
            conditions.append("LOWER(c.code) LIKE \(bind: pattern) ESCAPE '\\'")
        }
        switch filter {
        case .active?:
            conditions.append("c.active AND (c.expires_at IS NULL OR c.expires_at > \(bind: now)) AND (c.max_uses IS NULL OR c.uses < c.max_uses)")
        case .inactive?: conditions.append("NOT c.active")
        case .expired?:
            conditions.append(
                "c.active AND ((c.expires_at IS NOT NULL AND c.expires_at <= \(bind: now)) OR (c.max_uses IS NOT NULL AND c.uses >= c.max_uses))")
        case nil: break
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let direction: SQLQueryString = descending ? " DESC" : " ASC"
        let order: SQLQueryString =
            switch sort {
            case .created: "c.created_at" + direction + ", c.id" + direction
            case .code: "c.code" + direction + ", c.id"
            case .uses: "c.uses" + direction + ", c.id"
            // Coupons without an end sort after every dated one going up, before them going down, on both engines.
            case .expires: "(c.expires_at IS NULL)" + direction + ", c.expires_at" + direction + ", c.id"
            }
        let sql = database.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM coupons c" + whereClause).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            "SELECT \(Self.columns) FROM coupons c" + whereClause + " ORDER BY " + order
                + " LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all()
        return (try rows.map(Self.managed), total)
    }

    public func coupon(id: Int) async throws -> Managed {
        try await Self.coupon(id: id, on: database.sql)
    }

    static func coupon(id: Int, on sql: any SQLDatabase, lock: Bool = false) async throws -> Managed {
        guard let row = try await sql.raw("SELECT \(columns) FROM coupons c WHERE c.id = \(bind: id)" + (lock ? " FOR UPDATE OF c" : "")).first()
        else { throw AdminError.notFound("coupon") }
        return try managed(row)
    }

    // MARK: Writing

    public func create(_ input: Input, by admin: Caller, ip: String?, now: Date = Date()) async throws -> Managed {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        let id = try await database.writeTransaction { [database, audit] sql -> Int in
            try await database.serializeAdminWrites("coupons", on: sql)
            let clean = try await Self.checked(input, existing: nil, now: now, on: sql)
            let id = try await sql.raw(
                """
                INSERT INTO coupons (code, percent_off, amount_off_cents, min_subtotal_cents, expires_at, max_uses, uses, active, created_at)
                VALUES (\(bind: clean.code), \(bind: clean.percentOff), \(bind: clean.amountOffCents), \(bind: clean.minSubtotalCents),
                \(bind: clean.expiresAt), \(bind: clean.maxUses), 0, \(bind: clean.active), \(bind: now)) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            try await audit.record(
                actorID: admin.userID, action: "coupon.create", target: "coupon:\(clean.code)", detail: clean.auditSummary, ip: ip, at: now, on: sql)
            return id
        }
        return try await coupon(id: id)
    }

    public func update(id: Int, _ input: Input, by admin: Caller, ip: String?, now: Date = Date()) async throws -> Managed {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [database, audit] sql in
            try await database.serializeAdminWrites("coupons", on: sql)
            // Locked, so the uses it is checked against are the ones a checkout sees.
            let existing = try await Self.coupon(id: id, on: sql, lock: database.engine == .postgres)
            let clean = try await Self.checked(input, existing: existing, now: now, on: sql)
            try await sql.raw(
                """
                UPDATE coupons SET code = \(bind: clean.code), percent_off = \(bind: clean.percentOff), amount_off_cents = \(bind: clean.amountOffCents),
                min_subtotal_cents = \(bind: clean.minSubtotalCents), expires_at = \(bind: clean.expiresAt), max_uses = \(bind: clean.maxUses),
                active = \(bind: clean.active) WHERE id = \(bind: id)
                """
            ).run()
            let before = existing.input.auditSummary
            let after = clean.auditSummary
            try await audit.record(
                actorID: admin.userID, action: "coupon.update", target: "coupon:\(clean.code)",
                detail: before == after ? after : "\(before) → \(after)", ip: ip,
                at: now, on: sql)
        }
        return try await coupon(id: id)
    }

    /// Deletes a coupon no order used; a redeemed one is kept for its orders (switch it off instead): 409.
    public func delete(id: Int, by admin: Caller, ip: String?, now: Date = Date()) async throws {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [database, audit] sql in
            let existing = try await Self.coupon(id: id, on: sql, lock: database.engine == .postgres)
            if existing.redemptions > 0 {
                let orders = existing.redemptions == 1 ? "1 order" : "\(Format.count(existing.redemptions)) orders"
                throw AdminError.conflict(
                    "\(existing.coupon.code) was used in \(orders), which keep their record of it, so it can't be deleted. Switch it off instead: untick Active and save."
                )
            }
            try await sql.raw("DELETE FROM coupons WHERE id = \(bind: id)").run()
            try await audit.record(
                actorID: admin.userID, action: "coupon.delete", target: "coupon:\(existing.coupon.code)", detail: existing.input.auditSummary, ip: ip,
                at: now,
                on: sql)
        }
    }

    /// The input's own rules plus the one that needs the table: no other coupon has the code, whatever its case.
    static func checked(_ input: Input, existing: Managed?, now: Date, on sql: any SQLDatabase) async throws -> Input {
        var (clean, errors) = input.checked(existing: existing, now: now)
        if !errors.contains(where: { $0.field == "code" }),
            try await sql.raw("SELECT id FROM coupons WHERE UPPER(code) = \(bind: clean.code) AND id <> \(bind: existing?.coupon.id ?? 0)").first()
                != nil
        {
            errors.insert(.init(field: "code", message: "Another coupon already uses this code."), at: 0)
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return clean
    }
}

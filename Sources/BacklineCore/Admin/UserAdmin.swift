import Foundation
import SQLKit

/// A user as the admin's user table lists them.
public struct AdminUserRow: Sendable, Equatable, Decodable {
    public let id: Int
    public let email: String
    public let displayName: String
    public let role: Role
    public let createdAt: Date
    public let disabledAt: Date?
    public let orderCount: Int

    public var disabled: Bool { disabledAt != nil }
}

/// Everything the admin's page about one user shows.
public struct AdminUserProfile: Sendable {
    public struct Shop: Sendable, Equatable, Decodable {
        public let id: Int
        public let name: String
        public let active: Bool
    }
    public struct Order: Sendable, Equatable, Decodable {
        public let id: Int
        public let number: String
        public let status: OrderStatus
        public let totalCents: Int
        public let createdAt: Date
    }
    public let user: AdminUserRow
    public let phone: String?
    public let emailVerified: Bool
    public let shops: [Shop]
    /// The newest few.
    public let recentOrders: [Order]
    /// The newest few entries by the user or about them (`user:ID`).
    public let activity: [AuditLog.Entry]
}

/// Admins' work on accounts: the searchable user list, a user's profile, role changes, disabling and enabling.
/// Every change is checked here (an admin cannot lock themselves out) and written with its audit entry in one
/// transaction, so the pages and the API share the rules.
public struct UserAdmin: Sendable {
    let database: BacklineDatabase
    let sessions: SessionStore
    let tokens: TokenService
    let audit: AuditLog
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, sessions: SessionStore, tokens: TokenService, audit: AuditLog) {
        (self.database, self.sessions, self.tokens, self.audit) = (database, sessions, tokens, audit)
    }

    public enum Sort: String, Sendable, CaseIterable {
        case newest, oldest, email, emailDesc = "email_desc"

        var orderBy: SQLQueryString {
            switch self {
            case .newest: "u.created_at DESC, u.id DESC"
            case .oldest: "u.created_at, u.id"
            case .email: "u.email, u.id"
            case .emailDesc: "u.email DESC, u.id DESC"
            }
        }
    }

    public struct Filter: Sendable, Equatable {
        /// Part of the email or the name, any case.
        public var text: String?
        public var role: Role?
        /// true: disabled accounts only; false: enabled only; nil: both.
        public var disabled: Bool?
        public var sort: Sort
        public var page: Int
        public var perPage: Int

        public init(text: String? = nil, role: Role? = nil, disabled: Bool? = nil, sort: Sort = .newest, page: Int = 1, perPage: Int = 25) {
            (self.text, self.role, self.disabled, self.sort, self.page, self.perPage) = (text, role, disabled, sort, page, perPage)
        }
    }

    static let rowColumns: SQLQueryString = """
        u.id, u.email, u.display_name, u.role, u.created_at, u.disabled_at,
        (SELECT COUNT(*) FROM orders o WHERE o.buyer_id = u.id) AS order_count
        """

    public func users(_ filter: Filter) async throws -> (items: [AdminUserRow], total: Int) {
        var conditions: [SQLQueryString] = []
        if let pattern = filter.text.flatMap(LikePattern.contains) {
            conditions.append("(LOWER(u.email) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(u.display_name) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        if let role = filter.role { conditions.append("u.role = \(bind: role.rawValue)") }
        if let disabled = filter.disabled { conditions.append(disabled ? "u.disabled_at IS NOT NULL" : "u.disabled_at IS NULL") }
        let scope: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM users u" + scope).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            "SELECT " + Self.rowColumns + " FROM users u" + scope
                + " ORDER BY " + filter.sort.orderBy
                + " LIMIT \(literal: filter.perPage) OFFSET \(literal: (max(filter.page, 1) - 1) * filter.perPage)"
        ).all()
        return (try rows.map(Self.row), total)
    }

    /// One user's row: `AdminError.notFound` when there is none.
    public func user(id: Int) async throws -> AdminUserRow {
        try await Self.user(id: id, on: sql)
    }

    static func user(id: Int, on sql: any SQLDatabase) async throws -> AdminUserRow {
        guard let row = try await sql.raw("SELECT " + rowColumns + " FROM users u WHERE u.id = \(bind: id)").first() else {
            throw AdminError.notFound("user")
        }
        return try Self.row(row)
    }

    public func profile(id: Int, recent: Int = 10) async throws -> AdminUserProfile {
        let user = try await user(id: id)
        let details = try await sql.raw("SELECT phone, email_verified_at FROM users WHERE id = \(bind: id)").first()
        let shops = try await sql.raw("SELECT id, name, active FROM shops WHERE owner_id = \(bind: id) ORDER BY name, id").all(
            decoding: AdminUserProfile.Shop.self, with: .columns)
        let orders = try await sql.raw(
            "SELECT id, number, status, total_cents, created_at FROM orders WHERE buyer_id = \(bind: id) ORDER BY created_at DESC, id DESC LIMIT \(literal: recent)"
        ).all(decoding: AdminUserProfile.Order.self, with: .columns)
        let activity = try await sql.raw(
            AuditLog.entrySelect
                + " WHERE a.actor_id = \(bind: id) OR a.target = \(bind: Self.target(id)) ORDER BY a.id DESC LIMIT \(literal: recent)"
        ).all(decoding: AuditLog.Entry.self, with: .columns)
        return AdminUserProfile(
            user: user, phone: try details?.decode(column: "phone", as: String?.self),
            emailVerified: try details?.decode(column: "email_verified_at", as: Date?.self) != nil, shops: shops, recentOrders: orders,
            activity: activity)
    }

    /// A role as forms and the API spell it; a field error for anything else.
    public static func role(_ text: String?, field: String = "role") throws -> Role {
        guard let role = text.flatMap({ Role(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }) else {
            throw ValidationError(field: field, "Choose customer, seller or admin.")
        }
        return role
    }

    /// Changes a user's role and/or disables or enables them. Disabling deletes every browser session and revokes
    /// every refresh token of the user in the same transaction (access tokens stop at their next request, which
    /// checks the account). An admin may not disable themselves or give up their own admin role: `.conflict`,
    /// with nothing changed. What actually changed is audited (`user.role`, `user.disable`, `user.enable`).
    public func update(id: Int, disabled: Bool? = nil, role: Role? = nil, by actorID: Int, ip: String?, now: Date = Date()) async throws
        -> AdminUserRow
    {
        if id == actorID {
            if disabled == true { throw AdminError.conflict("You cannot disable your own account. Ask another admin if it must be disabled.") }
            if let role, role != .admin { throw AdminError.conflict("You cannot remove your own admin role. Ask another admin to change it.") }
        }
        return try await database.writeTransaction { sql in
            // Two admins disabling or demoting each other at once must not both succeed: lock both rows (in id order),
            // then the actor must still be an enabled admin. SQLite's write transaction already runs them one by one.
            if database.engine == .postgres {
                try await sql.raw("SELECT id FROM users WHERE id IN (\(binds: Array(Set([id, actorID])).sorted())) ORDER BY id FOR UPDATE").run()
            }
            let actor = try await sql.raw("SELECT role, disabled_at FROM users WHERE id = \(bind: actorID)").first()
            guard let actor, try actor.decode(column: "role", as: String.self) == Role.admin.rawValue,
                try actor.decode(column: "disabled_at", as: Date?.self) == nil
            else { throw AdminError.notAdmin }
            let before = try await Self.user(id: id, on: sql)
            let target = Self.target(id)
            if let role, role != before.role {
                try await sql.raw("UPDATE users SET role = \(bind: role.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
                try await audit.record(
                    actorID: actorID, action: "user.role", target: target, detail: "\(before.role.rawValue) → \(role.rawValue)", ip: ip, at: now,
                    on: sql)
            }
            if let disabled, disabled != before.disabled {
                try await sql.raw("UPDATE users SET disabled_at = \(bind: disabled ? now : nil), updated_at = \(bind: now) WHERE id = \(bind: id)")
                    .run()
                if disabled {
                    try await sessions.deleteAll(userID: id, on: sql)
                    try await tokens.revokeAll(userID: id, at: now, on: sql)
                }
                try await audit.record(
                    actorID: actorID, action: disabled ? "user.disable" : "user.enable", target: target, detail: before.email, ip: ip, at: now,
                    on: sql)
            }
            return try await Self.user(id: id, on: sql)
        }
    }

    /// The user an audit filter names: an id, or an email (any case). Nil when nobody matches.
    public func actorID(matching text: String) async throws -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let id = Int(text) { return id > 0 ? id : nil }
        return try await sql.raw("SELECT id FROM users WHERE email = \(bind: AccountService.normalizeEmail(text))").first()?.decode(
            column: "id", as: Int.self)
    }

    /// How audit entries name a user they are about.
    public static func target(_ userID: Int) -> String { "user:\(userID)" }

    static func row(_ row: any SQLRow) throws -> AdminUserRow { try row.decode(model: AdminUserRow.self, with: .columns) }
}

extension AccountService {
    /// The audit log over the accounts' database: the sign-in routes hold only the account service.
    public var auditLog: AuditLog { AuditLog(database: database) }
}

extension AuditLog {
    /// A successful sign-in (page or API token), by the user who signed in.
    public func signedIn(userID: Int, ip: String) async throws {
        try await record(actorID: userID, action: "auth.sign_in", ip: ip)
    }

    /// A refused sign-in (wrong email or password, or a disabled account): nobody is known to act, so the entry
    /// keeps the email as typed.
    public func signInFailed(email: String, ip: String) async throws {
        try await record(actorID: nil, action: "auth.sign_in_failed", detail: email, ip: ip)
    }
}

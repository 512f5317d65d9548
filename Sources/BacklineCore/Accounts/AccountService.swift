import FluentKit
import Foundation
import HummingbirdBcrypt
import NIOPosix
import SQLKit
import Synchronization

public enum AccountError: Error, Equatable, Sendable {
    case emailTaken
    /// Wrong email or password: one error for both, so the answer does not tell which accounts exist.
    case invalidCredentials
    case disabled
    case wrongCurrentPassword
    /// An email verification or password reset link that is unknown, used or expired.
    case invalidToken
    case addressNotFound
    /// Too many attempts from this account or address; try again after that many seconds (429).
    case throttled(retryAfter: Int)
}

/// Accounts: the rules for emails, passwords and roles live here, for the CLI, the pages and the API.
public struct AccountService: Sendable {
    let database: BacklineDatabase
    /// bcrypt cost; tests lower it, production keeps the default.
    let bcryptCost: UInt8
    let sessions: SessionStore
    let outbox: Outbox
    let throttle: Throttle
    let limits: ThrottleLimits
    /// Deletes a replaced avatar's file when nothing else shows it (nil: files are left to the hourly sweep).
    let uploads: UploadJanitor?
    /// Where links in emails point (`PUBLIC_URL`, else the listen address).
    let publicURL: String

    public init(
        database: BacklineDatabase, bcryptCost: UInt8 = 12, publicURL: String = "http://127.0.0.1:8080", limits: ThrottleLimits = ThrottleLimits(),
        uploads: UploadJanitor? = nil
    ) {
        self.database = database
        self.limits = limits
        self.uploads = uploads
        self.bcryptCost = bcryptCost
        self.sessions = SessionStore(database: database)
        self.outbox = Outbox(database: database)
        self.throttle = Throttle(database: database)
        self.publicURL = publicURL
    }

    /// Lower-cased and trimmed: emails are unique without regard to case.
    public static func normalizeEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Problems with an email address, if any.
    public static func emailProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.contains(where: { $0.isWhitespace })
        else { return "Enter an email address like name@example.com." }
        return nil
    }

    /// Problems with a new password, if any: at least 8 characters with a letter and a digit.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < 8 || password.count > 128 || !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
            return "Use at least 8 characters, with at least one letter and one digit."
        }
        return nil
    }

    /// Creates an account after checking every rule; `AccountError.emailTaken` for a duplicate in any case.
    public func createUser(email rawEmail: String, password: String, displayName rawName: String?, role: Role) async throws -> User {
        let email = Self.normalizeEmail(rawEmail)
        let displayName = (rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if let problem = Self.emailProblem(email) { errors.append(.init(field: "email", message: problem)) }
        if let problem = Self.passwordProblem(password) { errors.append(.init(field: "password", message: problem)) }
        if displayName.count > 80 { errors.append(.init(field: "display_name", message: "Use at most 80 characters.")) }
        guard errors.isEmpty else { throw ValidationError(errors) }

        let db = database.db
        if try await User.query(on: db).filter(\.$email == email).first() != nil { throw AccountError.emailTaken }
        let hash = try await hashPassword(password)
        let name = displayName.isEmpty ? String(email.split(separator: "@")[0]) : displayName
        let user = User(email: email, passwordHash: hash, displayName: name, role: role)
        do {
            try await user.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AccountError.emailTaken  // lost a race with another registration of the same address
        }
        return user
    }

    /// Self-service registration, limited per client address: the account, then a verification link in
    /// the outbox.
    public func register(email: String, password: String, displayName: String?, role: Role, clientAddress: String) async throws -> User {
        precondition(role != .admin, "admins are made by the CLI or another admin")
        let key = "register:ip:\(clientAddress)"
        if let retry = try await throttle.retryAfter(key, rule: limits.registrations) { throw AccountError.throttled(retryAfter: retry) }
        let user = try await createUser(email: email, password: password, displayName: displayName, role: role)
        try await throttle.record(key, rule: limits.registrations)
        try await sendEmailVerification(to: user)
        return user
    }

    /// Signing in, the one rule for pages and API. Failures are counted per account and address pair (past the limit
    /// each further try from that pair waits longer) and per address (a high ceiling over every account): a stranger's
    /// failures from elsewhere never keep the owner out, and one person's typos never lock another account behind the
    /// same address. A success clears its pair.
    public func signIn(email rawEmail: String, password: String, clientAddress: String) async throws -> User {
        let email = Self.normalizeEmail(rawEmail)
        let checks = [("login:pair:\(clientAddress) \(email)", limits.accountAndAddress), ("login:ip:\(clientAddress)", limits.address)]
        for (key, rule) in checks {
            if let retry = try await throttle.retryAfter(key, rule: rule) { throw AccountError.throttled(retryAfter: retry) }
        }
        do {
            let user = try await authenticate(email: email, password: password)
            try await throttle.reset(checks[0].0)
            return user
        } catch AccountError.invalidCredentials {
            for (key, rule) in checks { try await throttle.record(key, rule: rule) }
            throw AccountError.invalidCredentials
        }
    }

    /// bcrypt is deliberately slow: run it on the thread pool, never on an event loop.
    public func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Hashes of nothing anyone knows, one per bcrypt cost, verified when the email is unknown so both failures take
    /// as long. The decoy must cost what real hashes cost: a cost-4 decoy answered in 8 ms against 278 ms for a real
    /// account, which told anyone which emails have accounts.
    private static let decoys = Mutex<[UInt8: String]>([:])

    /// The decoy hash at this service's cost, made once.
    func decoyHash() async throws -> String {
        if let hash = Self.decoys.withLock({ $0[bcryptCost] }) { return hash }
        let made = try await hashPassword("decoy-" + SecureToken.generate())
        return Self.decoys.withLock { decoys in
            if let hash = decoys[bcryptCost] { return hash }
            decoys[bcryptCost] = made
            return made
        }
    }

    /// The user with this email and password; `invalidCredentials` or `disabled` otherwise.
    public func authenticate(email: String, password: String) async throws -> User {
        let user = try await User.query(on: database.db).filter(\.$email == Self.normalizeEmail(email)).first()
        guard let user else {
            _ = try await verifyPassword(password, hash: try await decoyHash())
            throw AccountError.invalidCredentials
        }
        guard try await verifyPassword(password, hash: user.passwordHash) else { throw AccountError.invalidCredentials }
        guard user.disabledAt == nil else { throw AccountError.disabled }
        return user
    }

    /// An enabled user by id (sessions and tokens of a disabled user stop working at once).
    public func activeUser(id: Int) async throws -> User? {
        guard let user = try await User.find(id, on: database.db), user.disabledAt == nil else { return nil }
        return user
    }

    // MARK: Profile

    public struct ProfileInput: Sendable {
        public var displayName: String
        public var phone: String?
        public var bio: String?
        public init(displayName: String, phone: String?, bio: String?) {
            self.displayName = displayName
            self.phone = phone
            self.bio = bio
        }
    }

    public func updateProfile(userID: Int, _ input: ProfileInput) async throws -> User {
        let name = input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        let phone = input.phone?.trimmingCharacters(in: .whitespacesAndNewlines)
        let bio = input.bio?.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 80 { errors.append(.init(field: "display_name", message: "Enter a name of 1 to 80 characters.")) }
        if let phone, !phone.isEmpty, !Self.isPhone(phone) {
            errors.append(.init(field: "phone", message: "Enter a phone number of digits, spaces, +, - or parentheses."))
        }
        if let bio, bio.count > 1_000 { errors.append(.init(field: "bio", message: "Use at most 1,000 characters.")) }
        guard errors.isEmpty else { throw ValidationError(errors) }
        guard let user = try await User.find(userID, on: database.db) else { throw AccountError.invalidCredentials }
        user.displayName = name
        user.phone = phone?.isEmpty == false ? phone : nil
        user.bio = bio?.isEmpty == false ? bio : nil
        try await user.save(on: database.db)
        return user
    }

    static func isPhone(_ text: String) -> Bool {
        text.count <= 32 && text.filter(\.isNumber).count >= 5 && text.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }

    /// The picture's file is replaced: the old one goes once nothing else shows it.
    public func setAvatar(userID: Int, path: String) async throws {
        let old = try await database.sql.raw("SELECT avatar_path FROM users WHERE id = \(bind: userID)").first()?.decode(
            column: "avatar_path", as: String?.self)
        try await database.sql.raw("UPDATE users SET avatar_path = \(bind: path), updated_at = \(bind: Date()) WHERE id = \(bind: userID)").run()
        if old != path { await uploads?.release(old) }
    }

    // MARK: Passwords

    /// Changes the password after checking the current one; every other session, every refresh token and every
    /// outstanding reset link of the user is revoked (`keepSession` is the session making the change).
    public func changePassword(userID: Int, current: String, new: String, keepSession: String?) async throws {
        guard let user = try await User.find(userID, on: database.db) else { throw AccountError.invalidCredentials }
        guard try await verifyPassword(current, hash: user.passwordHash) else { throw AccountError.wrongCurrentPassword }
        if let problem = Self.passwordProblem(new) { throw ValidationError(field: "new_password", problem) }
        let hash = try await hashPassword(new)
        try await database.writeTransaction { [sessions] sql in
            try await Self.store(passwordHash: hash, userID: userID, on: sql)
            try await sessions.deleteAll(userID: userID, except: keepSession, on: sql)
        }
    }

    /// The one way a password changes: the new hash, and in the same transaction every refresh token and every
    /// reset link still outstanding stops working (a link mailed before a change or another reset must not undo it).
    private static func store(passwordHash: String, userID: Int, on sql: any SQLDatabase) async throws {
        let now = Date()
        try await sql.raw("UPDATE users SET password_hash = \(bind: passwordHash), updated_at = \(bind: now) WHERE id = \(bind: userID)").run()
        try await sql.raw("UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
        try await sql.raw(
            """
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND purpose = \(bind: Purpose.passwordReset.rawValue) AND used_at IS NULL
            """
        ).run()
    }

    // MARK: Email verification and password reset

    enum Purpose: String { case emailVerification = "email_verification", passwordReset = "password_reset" }

    private func issueToken(userID: Int, purpose: Purpose, lifetime: TimeInterval) async throws -> String {
        let token = SecureToken.generate()
        let now = Date()
        try await database.sql.raw(
            """
            INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, created_at)
            VALUES (\(bind: userID), \(bind: purpose.rawValue), \(bind: SecureToken.hash(token)), \(bind: now.addingTimeInterval(lifetime)), \(bind: now))
            """
        ).run()
        return token
    }

    /// Marks the token used (single use, even under concurrency) and answers its user; `sql` is the caller's
    /// transaction when the change the token allows is part of one.
    private func consumeToken(_ token: String, purpose: Purpose, on sql: (any SQLDatabase)? = nil) async throws -> Int {
        let rows = try await (sql ?? database.sql).raw(
            """
            UPDATE account_tokens SET used_at = \(bind: Date())
            WHERE token_hash = \(bind: SecureToken.hash(token)) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND expires_at > \(bind: Date())
            RETURNING user_id
            """
        ).all()
        guard let row = rows.first else { throw AccountError.invalidToken }
        return try row.decode(column: "user_id", as: Int.self)
    }

    /// Writes a verification link to the outbox.
    public func sendEmailVerification(to user: User) async throws {
        let token = try await issueToken(userID: try user.requireID(), purpose: .emailVerification, lifetime: 48 * 3600)
        try await outbox.enqueue(
            to: user.email, subject: "Confirm your email address for Backline",
            body:
                "Hello \(user.displayName),\n\nConfirm your email address by opening this link within 48 hours:\n\(publicURL)/verify-email?token=\(token)\n\nIf you did not create a Backline account, ignore this message.",
            kind: "email_verification")
    }

    public func verifyEmail(token: String) async throws {
        let userID = try await consumeToken(token, purpose: .emailVerification)
        try await database.sql.raw("UPDATE users SET email_verified_at = \(bind: Date()) WHERE id = \(bind: userID)").run()
    }

    /// Writes a reset link to the outbox when the account exists; says nothing either way. Requests are
    /// limited per client address like registrations.
    public func requestPasswordReset(email: String, clientAddress: String) async throws {
        let key = "reset:ip:\(clientAddress)"
        if let retry = try await throttle.retryAfter(key, rule: limits.registrations) { throw AccountError.throttled(retryAfter: retry) }
        try await throttle.record(key, rule: limits.registrations)
        guard let user = try await User.query(on: database.db).filter(\.$email == Self.normalizeEmail(email)).first(), user.disabledAt == nil
        else { return }
        let token = try await issueToken(userID: try user.requireID(), purpose: .passwordReset, lifetime: 3600)
        try await outbox.enqueue(
            to: user.email, subject: "Reset your Backline password",
            body:
                "Hello \(user.displayName),\n\nChoose a new password by opening this link within one hour:\n\(publicURL)/reset-password?token=\(token)\n\nIf you did not ask for this, ignore this message: your password stays as it is.",
            kind: "password_reset")
    }

    /// Sets a new password from a reset link; every session, refresh token and other reset link of the user ends.
    /// The link is spent in the same transaction as the change, so of two links raced only one resets.
    public func resetPassword(token: String, newPassword: String) async throws {
        if let problem = Self.passwordProblem(newPassword) { throw ValidationError(field: "new_password", problem) }
        let hash = try await hashPassword(newPassword)
        try await database.writeTransaction { [sessions] sql in
            let userID = try await consumeToken(token, purpose: .passwordReset, on: sql)
            try await Self.store(passwordHash: hash, userID: userID, on: sql)
            try await sessions.deleteAll(userID: userID, on: sql)
        }
    }
}

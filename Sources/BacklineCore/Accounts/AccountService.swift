import FluentKit
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// One field's problem, as forms show it beside the field and the API lists it in `errors`.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Input that breaks a rule: every problem found, so a form can show them all at once.
public struct ValidationError: Error, Sendable, Equatable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(field: String, _ message: String) { self.errors = [FieldError(field: field, message: message)] }
}

public enum AccountError: Error, Equatable, Sendable {
    case emailTaken
}

/// Accounts: the rules for emails, passwords and roles live here, for the CLI, the pages and the API.
public struct AccountService: Sendable {
    let database: BacklineDatabase
    /// bcrypt cost; tests lower it, production keeps the default.
    let bcryptCost: UInt8

    public init(database: BacklineDatabase, bcryptCost: UInt8 = 12) {
        self.database = database
        self.bcryptCost = bcryptCost
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

    /// bcrypt is deliberately slow: run it on the thread pool, never on an event loop.
    public func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }
}

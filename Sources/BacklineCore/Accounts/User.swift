import FluentKit
import Foundation

/// The three kinds of account. A seller can buy too; an admin can do everything.
public enum Role: String, Sendable, Codable, CaseIterable {
    case customer, seller, admin
}

/// A person with an account.
// FluentKit models must be classes with mutable property wrappers; instances are never shared across tasks.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "email") public var email: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "bio") public var bio: String?
    @OptionalField(key: "avatar_path") public var avatarPath: String?
    @OptionalField(key: "email_verified_at") public var emailVerifiedAt: Date?
    @OptionalField(key: "disabled_at") public var disabledAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(email: String, passwordHash: String, displayName: String, role: Role) {
        self.email = email
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role.rawValue
    }

    public var roleValue: Role { Role(rawValue: role) ?? .customer }
}

import Foundation
import SQLKit

/// A postal address as forms and the API send it.
public struct AddressInput: Sendable, Codable, Equatable {
    public var fullName: String
    public var line1: String
    public var line2: String?
    public var city: String
    public var postalCode: String
    public var country: String
    public var phone: String?

    public init(fullName: String, line1: String, line2: String?, city: String, postalCode: String, country: String, phone: String?) {
        (self.fullName, self.line1, self.line2, self.city, self.postalCode, self.country, self.phone) =
            (fullName, line1, line2, city, postalCode, country, phone)
    }

    /// The JSON an order keeps of its address: snake_case keys, as the demo seed writes them too.
    public var snapshotJSON: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads an order's address snapshot. Keys without underscores pass the conversion unchanged, so snapshots
    /// written with camelCase keys (before snake_case was the one format) still read.
    public static func fromSnapshot(_ json: String) throws -> AddressInput {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(AddressInput.self, from: Data(json.utf8))
    }

    /// The address as it is written on an envelope, one line each.
    public var lines: [String] { [fullName, line1, line2, "\(postalCode) \(city)", country, phone].compactMap { $0 } }

    /// Trimmed, optional fields nil when blank, country upper-cased; or every problem found.
    public func validated() throws -> AddressInput {
        func clean(_ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }
        var result = self
        var errors: [FieldError] = []
        func required(_ value: String, _ field: String, _ label: String, max: Int) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                errors.append(.init(field: field, message: "Enter the \(label)."))
            } else if trimmed.count > max {
                errors.append(.init(field: field, message: "Use at most \(max) characters."))
            }
            return trimmed
        }
        result.fullName = required(fullName, "full_name", "full name", max: 100)
        result.line1 = required(line1, "line1", "street address", max: 200)
        result.line2 = clean(line2)
        if let line2 = result.line2, line2.count > 200 { errors.append(.init(field: "line2", message: "Use at most 200 characters.")) }
        result.city = required(city, "city", "city", max: 100)
        result.postalCode = required(postalCode, "postal_code", "postal code", max: 20)
        let country = required(country, "country", "country", max: 56)
        result.country = country.count == 2 ? country.uppercased() : country
        result.phone = clean(phone)
        if let phone = result.phone, !AccountService.isPhone(phone) {
            errors.append(.init(field: "phone", message: "Enter a phone number of digits, spaces, +, - or parentheses."))
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return result
    }
}

public struct SavedAddress: Sendable, Equatable {
    public let id: Int
    public let address: AddressInput
    public let isDefault: Bool
}

/// A user's saved addresses. Every call is scoped to the user: another user's address is "not found".
public struct AddressBook: Sendable {
    let database: BacklineDatabase
    public static let maxAddresses = 20

    public init(database: BacklineDatabase) { self.database = database }

    public func list(userID: Int) async throws -> [SavedAddress] {
        try await database.sql.raw(
            """
            SELECT id, full_name, line1, line2, city, postal_code, country, phone, is_default FROM addresses
            WHERE user_id = \(bind: userID) ORDER BY is_default DESC, id
            """
        ).all().map(Self.address)
    }

    public func find(userID: Int, id: Int) async throws -> SavedAddress {
        guard
            let row = try await database.sql.raw(
                "SELECT id, full_name, line1, line2, city, postal_code, country, phone, is_default FROM addresses WHERE id = \(bind: id) AND user_id = \(bind: userID)"
            ).first()
        else { throw AccountError.addressNotFound }
        return try Self.address(row)
    }

    /// Saves a new address; the first one becomes the default.
    public func add(userID: Int, _ input: AddressInput, makeDefault: Bool = false) async throws -> SavedAddress {
        let address = try input.validated()
        let existing = try await list(userID: userID)
        guard existing.count < Self.maxAddresses else {
            throw ValidationError(field: "full_name", "You can keep at most \(Self.maxAddresses) addresses.")
        }
        let isDefault = makeDefault || existing.isEmpty
        return try await database.writeTransaction { sql in
            if isDefault { try await sql.raw("UPDATE addresses SET is_default = \(bind: false) WHERE user_id = \(bind: userID)").run() }
            let row = try await sql.raw(
                """
                INSERT INTO addresses (user_id, full_name, line1, line2, city, postal_code, country, phone, is_default, created_at)
                VALUES (\(bind: userID), \(bind: address.fullName), \(bind: address.line1), \(bind: address.line2), \(bind: address.city),
                \(bind: address.postalCode), \(bind: address.country), \(bind: address.phone), \(bind: isDefault), \(bind: Date())) RETURNING id
                """
            ).first()!
            return SavedAddress(id: try row.decode(column: "id", as: Int.self), address: address, isDefault: isDefault)
        }
    }

    public func update(userID: Int, id: Int, _ input: AddressInput) async throws -> SavedAddress {
        let current = try await find(userID: userID, id: id)
        let address = try input.validated()
        try await database.sql.raw(
            """
            UPDATE addresses SET full_name = \(bind: address.fullName), line1 = \(bind: address.line1), line2 = \(bind: address.line2),
            city = \(bind: address.city), postal_code = \(bind: address.postalCode), country = \(bind: address.country), phone = \(bind: address.phone)
            WHERE id = \(bind: id) AND user_id = \(bind: userID)
            """
        ).run()
        return SavedAddress(id: id, address: address, isDefault: current.isDefault)
    }

    /// Deletes an address; when it was the default, the oldest remaining one becomes the default.
    public func delete(userID: Int, id: Int) async throws {
        let current = try await find(userID: userID, id: id)
        try await database.writeTransaction { sql in
            try await sql.raw("DELETE FROM addresses WHERE id = \(bind: id) AND user_id = \(bind: userID)").run()
            if current.isDefault {
                try await sql.raw(
                    """
                    UPDATE addresses SET is_default = \(bind: true)
                    WHERE id = (SELECT MIN(id) FROM addresses WHERE user_id = \(bind: userID)) AND user_id = \(bind: userID)
                    """
                ).run()
            }
        }
    }

    public func setDefault(userID: Int, id: Int) async throws {
        _ = try await find(userID: userID, id: id)
        try await database.writeTransaction { sql in
            try await sql.raw("UPDATE addresses SET is_default = \(bind: false) WHERE user_id = \(bind: userID)").run()
            try await sql.raw("UPDATE addresses SET is_default = \(bind: true) WHERE id = \(bind: id) AND user_id = \(bind: userID)").run()
        }
    }

    /// The row's address columns are `AddressInput`'s properties.
    static func address(_ row: any SQLRow) throws -> SavedAddress {
        SavedAddress(
            id: try row.decode(column: "id", as: Int.self), address: try row.decode(model: AddressInput.self, with: .columns),
            isDefault: try row.decode(column: "is_default", as: Bool.self))
    }
}

import Foundation
import SQLKit

/// Sellers' shops: open, edit, deactivate and reactivate, logo. A seller acts on their own shops only, an
/// admin on any; every call checks it here, so no route can forget.
public struct ShopService: Sendable {
    let database: BacklineDatabase
    /// Dropped after every write: shop names and whether a shop is open show in cards and listings.
    /// Deletes a replaced logo's file when nothing else shows it (nil: files are left to the hourly sweep).
    let uploads: UploadJanitor?
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, uploads: UploadJanitor? = nil) {
        (self.database, self.uploads) = (database, uploads)
    }

    static let columns: SQLQueryString = "id, owner_id, name, slug, description, address, contact_email, phone, logo_path, active, created_at"

    /// The caller's shops (active or not), by name. An admin sees the shops they own themselves.
    public func shops(of caller: Caller) async throws -> [ManagedShop] {
        guard caller.maySell else { throw SellingError.notSeller }
        return try await sql.raw("SELECT \(Self.columns) FROM shops WHERE owner_id = \(bind: caller.userID) ORDER BY name, id").all().map(Self.shop)
    }

    /// A shop the caller may manage: `.shopNotFound` when unknown, `.notYours` when another seller's.
    public func shop(id: Int, caller: Caller) async throws -> ManagedShop {
        try await Self.managed(id: id, caller: caller, on: sql)
    }

    static func managed(id: Int, caller: Caller, on sql: any SQLDatabase) async throws -> ManagedShop {
        guard caller.maySell else { throw SellingError.notSeller }
        guard let row = try await sql.raw("SELECT \(columns) FROM shops WHERE id = \(bind: id)").first() else { throw SellingError.shopNotFound }
        let shop = try Self.shop(row)
        guard caller.mayManage(shopOwnedBy: shop.ownerID) else { throw SellingError.notYours }
        return shop
    }

    public func create(_ input: ShopInput, caller: Caller, now: Date = Date()) async throws -> ManagedShop {
        guard caller.maySell else { throw SellingError.notSeller }
        let clean = try input.validated()
        let id = try await database.writeTransaction { sql -> Int in
            let slug = try await Self.availableSlug(clean.slug!, typed: input.slug != nil && !input.slug!.isEmpty, excluding: nil, on: sql)
            return try await sql.raw(
                """
                INSERT INTO shops (owner_id, name, slug, description, address, contact_email, phone, active, created_at, updated_at)
                VALUES (\(bind: caller.userID), \(bind: clean.name), \(bind: slug), \(bind: clean.description), \(bind: clean.address),
                \(bind: clean.contactEmail), \(bind: clean.phone), \(bind: true), \(bind: now), \(bind: now)) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
        }
        return try await shop(id: id, caller: caller)
    }

    public func update(id: Int, _ input: ShopInput, caller: Caller, now: Date = Date()) async throws -> ManagedShop {
        _ = try await shop(id: id, caller: caller)
        let clean = try input.validated()
        try await database.writeTransaction { sql in
            let slug = try await Self.availableSlug(clean.slug!, typed: input.slug != nil && !input.slug!.isEmpty, excluding: id, on: sql)
            try await sql.raw(
                """
                UPDATE shops SET name = \(bind: clean.name), slug = \(bind: slug), description = \(bind: clean.description),
                address = \(bind: clean.address), contact_email = \(bind: clean.contactEmail), phone = \(bind: clean.phone), updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """
            ).run()
        }
        return try await shop(id: id, caller: caller)
    }

    /// Deactivating hides the shop and all its listings from buyers (past orders keep their snapshot);
    /// reactivating brings them back.
    public func setActive(id: Int, _ active: Bool, caller: Caller, now: Date = Date()) async throws -> ManagedShop {
        _ = try await shop(id: id, caller: caller)
        try await sql.raw("UPDATE shops SET active = \(bind: active), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
        return try await shop(id: id, caller: caller)
    }

    /// `path` is what `ImageStore.store` answered for bytes it checked.
    public func setLogo(id: Int, path: String, caller: Caller, now: Date = Date()) async throws -> ManagedShop {
        let old = try await shop(id: id, caller: caller).logoPath
        try await sql.raw("UPDATE shops SET logo_path = \(bind: path), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
        if old != path { await uploads?.release(old) }
        return try await shop(id: id, caller: caller)
    }

    /// A slug no other shop has. A slug the seller typed must be free as it is; one made from the name gets
    /// `-2`, `-3`… until it is.
    static func availableSlug(_ slug: String, typed: Bool, excluding id: Int?, on sql: any SQLDatabase) async throws -> String {
        func taken(_ candidate: String) async throws -> Bool {
            try await sql.raw("SELECT id FROM shops WHERE slug = \(bind: candidate) AND id <> \(bind: id ?? 0)").first() != nil
        }
        guard try await taken(slug) else { return slug }
        if typed { throw ValidationError(field: "slug", "Another shop already uses this address. Try another.") }
        for suffix in 2...1_000 where try await !taken("\(slug)-\(suffix)") { return "\(slug)-\(suffix)" }
        return slug + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// The row's shop columns are `ShopInput`'s properties; the rest is `ShopRow`'s.
    static func shop(_ row: any SQLRow) throws -> ManagedShop {
        let shop = try row.decode(model: ShopRow.self, with: .columns)
        return ManagedShop(
            id: shop.id, ownerID: shop.ownerID, input: try row.decode(model: ShopInput.self, with: .columns), logoPath: shop.logoPath,
            active: shop.active, createdAt: shop.createdAt)
    }

    private struct ShopRow: Decodable {
        let id: Int
        let ownerID: Int
        let logoPath: String?
        let active: Bool
        let createdAt: Date
    }
}

import Foundation
import SQLKit

/// Sellers' listings: create, edit, images, stock, price history, soft delete, duplicate; and the admin's
/// moderation of new sellers' listings. Every call checks that the caller owns the listing's shop (or is an
/// admin) before anything is read or written.
public struct ListingService: Sendable {
    let database: BacklineDatabase
    let outbox: Outbox
    /// Dropped after every write, so this instance shows the change at once (the version trigger tells the others).
    /// Deletes a removed photo's file when nothing else shows it (nil: files are left to the hourly sweep).
    let uploads: UploadJanitor?
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, outbox: Outbox, uploads: UploadJanitor? = nil) {
        (self.database, self.outbox, self.uploads) = (database, outbox, uploads)
    }

    /// The listing as it is after a write.
    private func written(_ id: Int, caller: Caller) async throws -> Listing {
        try await listing(id: id, caller: caller)
    }

    // MARK: Reading

    /// Which of the seller's listings a table shows.
    public enum Filter: String, Sendable, CaseIterable {
        case all, live, pending, rejected, paused
        case lowStock = "low_stock"

        var condition: SQLQueryString {
            switch self {
            case .all: "TRUE"
            case .live: "p.status = 'approved' AND p.active"
            case .pending: "p.status = 'pending'"
            case .rejected: "p.status = 'rejected'"
            case .paused: "NOT p.active"
            case .lowStock: "p.stock <= p.low_stock_threshold"
            }
        }
    }

    /// The caller's listings (not deleted) of every status, newest change first; `shopID` narrows to one of them.
    public func listings(
        caller: Caller, shopID: Int? = nil, filter: Filter = .all, text: String? = nil, page: Int = 1, perPage: Int = 25
    ) async throws -> (items: [ListingRow], total: Int) {
        guard caller.maySell else { throw SellingError.notSeller }
        if let shopID { _ = try await ShopService.managed(id: shopID, caller: caller, on: sql) }
        var scope: SQLQueryString = "p.deleted_at IS NULL AND " + filter.condition
        scope += shopID.map { " AND p.shop_id = \(bind: $0)" } ?? " AND p.shop_id IN (SELECT id FROM shops WHERE owner_id = \(bind: caller.userID))"
        if let pattern = text.flatMap(LikePattern.contains) {
            scope +=
                " AND (LOWER(p.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(p.brand) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(p.model) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        async let total = sql.raw("SELECT COUNT(*) AS n FROM products p WHERE " + scope).first()!.decode(column: "n", as: Int.self)
        let items = try await sql.raw(
            """
            SELECT p.id, p.shop_id, s.name AS shop_name, p.name, p.brand, p.model, p.condition, p.price_cents, p.stock, p.low_stock_threshold,
            p.status, p.active, p.sold_count, COALESCE(p.image_path, \(bind: Self.fallbackImage)) AS image_url,
            COALESCE(p.updated_at, p.created_at) AS updated_at
            FROM products p JOIN shops s ON s.id = p.shop_id
            """ + " WHERE " + scope
                + " ORDER BY COALESCE(p.updated_at, p.created_at) DESC, p.id DESC LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all(decoding: ListingRow.self, with: .columns)
        return (items, try await total)
    }

    /// A listing with every field, for its seller or an admin: `.listingNotFound` (also when deleted), `.notYours`.
    public func listing(id: Int, caller: Caller) async throws -> Listing {
        try await Self.listing(id: id, caller: caller, on: sql)
    }

    static func listing(id: Int, caller: Caller, on sql: any SQLDatabase) async throws -> Listing {
        guard caller.maySell else { throw SellingError.notSeller }
        guard
            let row = try await sql.raw(
                """
                SELECT p.*, s.name AS shop_name, s.owner_id FROM products p JOIN shops s ON s.id = p.shop_id
                WHERE p.id = \(bind: id) AND p.deleted_at IS NULL
                """
            ).first()
        else { throw SellingError.listingNotFound }
        let listing = try row.decode(model: ListingDetailRow.self, with: .columns)
        guard caller.mayManage(shopOwnedBy: listing.ownerID) else { throw SellingError.notYours }
        async let images = sql.raw("SELECT id, path, position FROM product_images WHERE product_id = \(bind: id) ORDER BY position, id").all(
            decoding: ListingImage.self, with: .columns)
        async let tags = sql.raw(
            "SELECT t.slug FROM tags t JOIN product_tags pt ON pt.tag_id = t.id WHERE pt.product_id = \(bind: id) ORDER BY t.slug"
        ).all(decodingColumn: "slug", as: String.self)
        let specs = listing.specs.flatMap { try? JSONDecoder().decode([[String]].self, from: Data($0.utf8)) } ?? []
        return Listing(
            id: id, shopID: listing.shopID, shopName: listing.shopName, ownerID: listing.ownerID,
            input: ListingInput(
                shopID: listing.shopID, categoryID: listing.categoryID, name: listing.name, brand: listing.brand, model: listing.model,
                year: listing.year, finish: listing.finish, condition: listing.condition, priceCents: listing.priceCents, stock: listing.stock,
                lowStockThreshold: listing.lowStockThreshold, description: listing.description, specs: specs, tags: try await tags,
                active: listing.active),
            status: listing.status, moderationNote: listing.moderationNote, images: try await images, soldCount: listing.soldCount,
            createdAt: listing.createdAt, updatedAt: listing.updatedAt)
    }

    /// A product row with its shop's name and owner, as `listing(id:)` reads it.
    private struct ListingDetailRow: Decodable {
        let shopID: Int
        let shopName: String
        let ownerID: Int
        let categoryID: Int
        let name: String
        let brand: String
        let model: String
        let year: Int?
        let finish: String?
        let condition: Condition
        let priceCents: Int
        let stock: Int
        let lowStockThreshold: Int
        let description: String
        /// `[[name, value]]` as JSON.
        let specs: String?
        let active: Bool
        let status: ListingStatus
        let moderationNote: String?
        let soldCount: Int
        let createdAt: Date
        let updatedAt: Date?
    }

    /// The listing's prices, oldest first.
    public func priceHistory(id: Int, caller: Caller) async throws -> [PricePoint] {
        _ = try await listing(id: id, caller: caller)
        return try await sql.raw("SELECT price_cents, changed_at AS at FROM price_history WHERE product_id = \(bind: id) ORDER BY changed_at, id")
            .all(decoding: PricePoint.self, with: .columns)
    }

    /// The listing's latest stock changes, newest first.
    public func stockMovements(id: Int, caller: Caller, limit: Int = 20) async throws -> [StockMovement] {
        _ = try await listing(id: id, caller: caller)
        return try await sql.raw(
            "SELECT delta, reason, note, order_id, created_at AS at FROM stock_movements WHERE product_id = \(bind: id) ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)"
        ).all(decoding: StockMovement.self, with: .columns)
    }

    /// Every tag a listing may carry (admins keep the list).
    public func tags() async throws -> [TagInfo] {
        try await sql.raw("SELECT id, name, slug FROM tags ORDER BY name").all(decoding: TagInfo.self, with: .columns)
    }

    // MARK: Writing

    /// Lists a product in one of the caller's shops. A seller none of whose listings an admin has approved yet
    /// starts `pending`; a trusted seller's (and an admin's) listing is approved at once.
    public func create(_ input: ListingInput, caller: Caller, now: Date = Date()) async throws -> Listing {
        let clean = try input.validated(now: now)
        let id = try await database.writeTransaction { sql -> Int in
            let shop = try await ShopService.managed(id: clean.shopID, caller: caller, on: sql)
            let tagIDs = try await Self.checkReferences(clean, on: sql)
            let status: ListingStatus = try await Self.isTrusted(ownerID: shop.ownerID, caller: caller, on: sql) ? .approved : .pending
            let id = try await sql.raw(
                """
                INSERT INTO products (shop_id, category_id, name, brand, model, year, finish, condition, description, specs, price_cents, stock,
                low_stock_threshold, status, active, image_path, created_at, updated_at)
                VALUES (\(bind: clean.shopID), \(bind: clean.categoryID), \(bind: clean.name), \(bind: clean.brand), \(bind: clean.model),
                \(bind: clean.year), \(bind: clean.finish), \(bind: clean.condition.rawValue), \(bind: clean.description), \(bind: Self.specsJSON(clean.specs)),
                \(bind: clean.priceCents), \(bind: clean.stock), \(bind: clean.lowStockThreshold), \(bind: status.rawValue), \(bind: clean.active),
                \(bind: try await Self.categoryImage(clean.categoryID, on: sql)), \(bind: now), \(bind: now)) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            try await sql.raw(
                "INSERT INTO price_history (product_id, price_cents, changed_at) VALUES (\(bind: id), \(bind: clean.priceCents), \(bind: now))"
            ).run()
            if clean.stock > 0 {
                try await Self.recordMovement(id, delta: clean.stock, reason: "initial", note: nil, caller: caller, at: now, on: sql)
            }
            try await Self.replaceTags(id, tagIDs, on: sql)
            return id
        }
        return try await written(id, caller: caller)
    }

    /// Saves every field. A new price goes into the history; a new stock is a stock movement (and an alert when it
    /// crosses the threshold); a rejected listing that is edited goes back to the review queue.
    public func update(id: Int, _ input: ListingInput, caller: Caller, now: Date = Date()) async throws -> Listing {
        let clean = try input.validated(now: now)
        try await database.writeTransaction { [outbox] sql in
            try await database.lockProducts([id], on: sql)
            let current = try await Self.listing(id: id, caller: caller, on: sql)
            if clean.shopID != current.shopID { _ = try await ShopService.managed(id: clean.shopID, caller: caller, on: sql) }
            let tagIDs = try await Self.checkReferences(clean, on: sql)
            if clean.priceCents != current.input.priceCents {
                try await Self.changePrice(id, from: current.input.priceCents, to: clean.priceCents, at: now, on: sql)
            }
            if clean.stock != current.input.stock {
                try await Self.recordMovement(
                    id, delta: clean.stock - current.input.stock, reason: "adjustment", note: "Set on the listing form", caller: caller, at: now,
                    on: sql)
                try await Self.alertIfLow(
                    id, before: current.input.stock, after: clean.stock, threshold: clean.lowStockThreshold, outbox: outbox, on: sql)
            }
            let status = current.status == .rejected ? ListingStatus.pending : current.status
            try await sql.raw(
                """
                UPDATE products SET shop_id = \(bind: clean.shopID), category_id = \(bind: clean.categoryID), name = \(bind: clean.name),
                brand = \(bind: clean.brand), model = \(bind: clean.model), year = \(bind: clean.year), finish = \(bind: clean.finish),
                condition = \(bind: clean.condition.rawValue), description = \(bind: clean.description), specs = \(bind: Self.specsJSON(clean.specs)),
                stock = \(bind: clean.stock), low_stock_threshold = \(bind: clean.lowStockThreshold), active = \(bind: clean.active),
                status = \(bind: status.rawValue), updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """
            ).run()
            if current.images.isEmpty && clean.categoryID != current.input.categoryID {
                try await sql.raw(
                    "UPDATE products SET image_path = \(bind: try await Self.categoryImage(clean.categoryID, on: sql)) WHERE id = \(bind: id)"
                ).run()
            }
            try await Self.replaceTags(id, tagIDs, on: sql)
        }
        return try await written(id, caller: caller)
    }

    /// Adds `delta` units (negative removes) with a reason; the stock never goes below zero. Crossing the
    /// listing's low-stock threshold writes an alert to the seller.
    public func adjustStock(id: Int, delta: Int, note: String?, caller: Caller, now: Date = Date()) async throws -> Listing {
        let note = Text.optional(note)
        var errors: [FieldError] = []
        // A range, not abs(): abs(Int.min) traps.
        if delta == 0 || !(-ListingRules.maxStock...ListingRules.maxStock).contains(delta) {
            errors.append(.init(field: "delta", message: "Enter how many units come in (like 3) or go out (like -2)."))
        }
        if note == nil { errors.append(.init(field: "note", message: "Say why, like “restocked from supplier” or “damaged in the shop”.")) }
        if let note, note.count > 200 { errors.append(.init(field: "note", message: "Use at most 200 characters.")) }
        guard errors.isEmpty else { throw ValidationError(errors) }
        try await database.writeTransaction { [outbox] sql in
            try await database.lockProducts([id], on: sql)
            let current = try await Self.listing(id: id, caller: caller, on: sql)
            // Guarded in the statement, so a sale racing this adjustment can never drive the stock negative.
            guard
                let row = try await sql.raw(
                    """
                    UPDATE products SET stock = stock + \(bind: delta), updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND stock + \(bind: delta) >= 0 AND stock + \(bind: delta) <= \(bind: ListingRules.maxStock) RETURNING stock
                    """
                ).first()
            else {
                throw ValidationError(field: "delta", "There are only \(current.input.stock) in stock; you can take out at most that many.")
            }
            let after = try row.decode(column: "stock", as: Int.self)
            try await Self.recordMovement(id, delta: delta, reason: "adjustment", note: note, caller: caller, at: now, on: sql)
            try await Self.alertIfLow(id, before: after - delta, after: after, threshold: current.input.lowStockThreshold, outbox: outbox, on: sql)
        }
        return try await written(id, caller: caller)
    }

    /// Soft delete: gone from every listing, the API and carts' checkouts; past orders keep their snapshot.
    public func delete(id: Int, caller: Caller, now: Date = Date()) async throws {
        _ = try await listing(id: id, caller: caller)
        try await sql.raw("UPDATE products SET deleted_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id) AND deleted_at IS NULL")
            .run()
    }

    /// A copy of the listing (fields, images, tags, stock), paused so the seller can check it before it is shown.
    public func duplicate(id: Int, caller: Caller, now: Date = Date()) async throws -> Listing {
        let original = try await listing(id: id, caller: caller)
        var copy = original.input
        copy.name = String((original.input.name + " (copy)").prefix(120))
        copy.active = false
        let created = try await create(copy, caller: caller, now: now)
        try await database.writeTransaction { sql in
            for image in original.images {
                try await sql.raw(
                    "INSERT INTO product_images (product_id, path, position, created_at) VALUES (\(bind: created.id), \(bind: image.path), \(bind: image.position), \(bind: now))"
                ).run()
            }
            try await Self.syncCoverImage(created.id, on: sql)
        }
        return try await written(created.id, caller: caller)
    }

    // MARK: Images

    /// Adds an image (already checked and stored by `ImageStore`) at the end of the gallery.
    public func addImage(id: Int, path: String, caller: Caller, now: Date = Date()) async throws -> Listing {
        try await database.writeTransaction { sql in
            let listing = try await Self.listing(id: id, caller: caller, on: sql)
            guard listing.images.count < ListingRules.maxImages else { throw SellingError.tooManyImages }
            try await sql.raw(
                """
                INSERT INTO product_images (product_id, path, position, created_at)
                VALUES (\(bind: id), \(bind: path), \(bind: (listing.images.map(\.position).max() ?? -1) + 1), \(bind: now))
                """
            ).run()
            try await Self.syncCoverImage(id, on: sql)
        }
        return try await written(id, caller: caller)
    }

    public func removeImage(id: Int, imageID: Int, caller: Caller) async throws -> Listing {
        let removed = try await database.writeTransaction { sql -> String in
            let listing = try await Self.listing(id: id, caller: caller, on: sql)
            guard let image = listing.images.first(where: { $0.id == imageID }) else { throw SellingError.imageNotFound }
            try await sql.raw("DELETE FROM product_images WHERE id = \(bind: imageID) AND product_id = \(bind: id)").run()
            try await Self.syncCoverImage(id, on: sql)
            return image.path
        }
        await uploads?.release(removed)
        return try await written(id, caller: caller)
    }

    /// Moves an image to `position` (0 is the cover), shifting the others; out-of-range positions clamp.
    public func moveImage(id: Int, imageID: Int, to position: Int, caller: Caller) async throws -> Listing {
        try await database.writeTransaction { sql in
            var images = try await Self.listing(id: id, caller: caller, on: sql).images
            guard let from = images.firstIndex(where: { $0.id == imageID }) else { throw SellingError.imageNotFound }
            let moved = images.remove(at: from)
            images.insert(moved, at: min(max(position, 0), images.count))
            for (index, image) in images.enumerated() {
                try await sql.raw("UPDATE product_images SET position = \(bind: index) WHERE id = \(bind: image.id)").run()
            }
            try await Self.syncCoverImage(id, on: sql)
        }
        return try await written(id, caller: caller)
    }

    // MARK: Rules shared with checkout

    /// The low-stock rule: when a change takes the stock from above the threshold to at or below it, the
    /// seller gets one alert (not one per sale after that).
    static func alertIfLow(_ productID: Int, before: Int, after: Int, threshold: Int, outbox: Outbox, on sql: any SQLDatabase) async throws {
        guard before > threshold, after <= threshold else { return }
        guard
            let row = try await sql.raw(
                """
                SELECT p.name, s.name AS shop_name, u.email FROM products p JOIN shops s ON s.id = p.shop_id JOIN users u ON u.id = s.owner_id
                WHERE p.id = \(bind: productID)
                """
            ).first()
        else { return }
        let name = try row.decode(column: "name", as: String.self)
        let state = after == 0 ? "is sold out" : "is down to \(after) in stock"
        try await outbox.enqueue(
            to: try row.decode(column: "email", as: String.self), subject: "Low stock: \(name) \(state)",
            body:
                "“\(name)” in \(try row.decode(column: "shop_name", as: String.self)) \(state) (your alert is set at \(threshold)).\n\nAdd stock from your seller dashboard.",
            kind: "low_stock", on: sql)
    }

    // MARK: Helpers

    static let fallbackImage = "/img/categories/accessories.svg"

    /// The shop's illustration for a category (its own, or its top-level category's) for listings without photos.
    static func categoryImage(_ categoryID: Int, on sql: any SQLDatabase) async throws -> String {
        let row = try await sql.raw(
            "SELECT c.slug, (SELECT p.slug FROM categories p WHERE p.id = c.parent_id) AS parent_slug FROM categories c WHERE c.id = \(bind: categoryID)"
        ).first()
        let slugs = [try row?.decode(column: "slug", as: String.self), try row?.decode(column: "parent_slug", as: String?.self)].compactMap { $0 }
        return slugs.first(where: SeedData.illustratedCategories.contains).map { "/img/categories/\($0).svg" } ?? fallbackImage
    }

    /// `products.image_path` is the gallery's first image (cards read it without a join), or the category's
    /// illustration when the gallery is empty.
    static func syncCoverImage(_ id: Int, on sql: any SQLDatabase) async throws {
        let first = try await sql.raw("SELECT path FROM product_images WHERE product_id = \(bind: id) ORDER BY position, id LIMIT 1").first()
        let path: String
        if let first {
            path = try first.decode(column: "path", as: String.self)
        } else {
            let category = try await sql.raw("SELECT category_id FROM products WHERE id = \(bind: id)").first()!.decode(
                column: "category_id", as: Int.self)
            path = try await categoryImage(category, on: sql)
        }
        try await sql.raw("UPDATE products SET image_path = \(bind: path) WHERE id = \(bind: id)").run()
    }

    /// The category and tags must exist; answers the tags' ids.
    static func checkReferences(_ input: ListingInput, on sql: any SQLDatabase) async throws -> [Int] {
        var errors: [FieldError] = []
        if try await sql.raw("SELECT id FROM categories WHERE id = \(bind: input.categoryID)").first() == nil {
            errors.append(.init(field: "category_id", message: "Choose a category from the list."))
        }
        var tagIDs: [Int] = []
        if !input.tags.isEmpty {
            let rows = try await sql.raw("SELECT id, slug FROM tags WHERE slug IN (\(binds: input.tags))").all()
            tagIDs = try rows.map { try $0.decode(column: "id", as: Int.self) }
            let known = Set(try rows.map { try $0.decode(column: "slug", as: String.self) })
            let unknown = input.tags.filter { !known.contains($0) }
            if !unknown.isEmpty { errors.append(.init(field: "tags", message: "Unknown tag: \(unknown.joined(separator: ", ")).")) }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return tagIDs
    }

    /// Trusted sellers skip the review queue: an admin, or a seller with at least one approved listing.
    static func isTrusted(ownerID: Int, caller: Caller, on sql: any SQLDatabase) async throws -> Bool {
        if caller.isAdmin { return true }
        return try await sql.raw(
            "SELECT p.id FROM products p JOIN shops s ON s.id = p.shop_id WHERE s.owner_id = \(bind: ownerID) AND p.status = 'approved' LIMIT 1"
        ).first() != nil
    }

    /// A new price: a history row, and `previous_price_cents` set to the highest price of the last 30 days, so
    /// the product page says "price dropped" exactly when the price is below what it was within that window.
    static func changePrice(_ id: Int, from old: Int, to new: Int, at now: Date, on sql: any SQLDatabase) async throws {
        let since = now.addingTimeInterval(-ListingRules.priceDropWindow)
        let recentHigh = try await sql.raw(
            "SELECT MAX(price_cents) AS high FROM price_history WHERE product_id = \(bind: id) AND changed_at >= \(bind: since)"
        ).first()?.decode(column: "high", as: Int?.self)
        let reference = max(old, recentHigh ?? old)
        if recentHigh == nil, try await sql.raw("SELECT id FROM price_history WHERE product_id = \(bind: id) LIMIT 1").first() == nil {
            // A listing with no history yet (a bulk-loaded one): its first price starts the history, from when it was listed.
            try await sql.raw(
                "INSERT INTO price_history (product_id, price_cents, changed_at) SELECT id, \(bind: old), created_at FROM products WHERE id = \(bind: id)"
            ).run()
        }
        try await sql.raw("INSERT INTO price_history (product_id, price_cents, changed_at) VALUES (\(bind: id), \(bind: new), \(bind: now))").run()
        try await sql.raw(
            """
            UPDATE products SET price_cents = \(bind: new), previous_price_cents = \(bind: reference > new ? reference : nil as Int?),
            price_changed_at = \(bind: now) WHERE id = \(bind: id)
            """
        ).run()
    }

    static func recordMovement(_ id: Int, delta: Int, reason: String, note: String?, caller: Caller, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO stock_movements (product_id, delta, reason, note, user_id, created_at)
            VALUES (\(bind: id), \(bind: delta), \(bind: reason), \(bind: note), \(bind: caller.userID), \(bind: at))
            """
        ).run()
    }

    static func replaceTags(_ id: Int, _ tagIDs: [Int], on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM product_tags WHERE product_id = \(bind: id)").run()
        for tagID in tagIDs { try await sql.raw("INSERT INTO product_tags (product_id, tag_id) VALUES (\(bind: id), \(bind: tagID))").run() }
    }

    static func specsJSON(_ specs: [[String]]) -> String? {
        specs.isEmpty ? nil : String(decoding: try! JSONEncoder().encode(specs), as: UTF8.self)
    }
}

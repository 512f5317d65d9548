import BacklineCore
import Foundation
import SQLKit

/// A small hand-made catalog whose every count, order and match a test can work out by hand.
///
/// Categories: Guitars › Electric Guitars, Acoustic Guitars; Amps. Two shops. Five listed products, and
/// three that must never be listed (pending, soft-deleted, inactive).
public struct CatalogFixture: Sendable {
    public let strat: Int  // Fender, electric, new, $849.99, stock 5, 4.5★ (2), sold 10, 1 day old, tag sale
    public let lesPaul: Int  // Gibson, electric, mint, $2,299.00, stock 1, 5★ (1), sold 3, 2 days old, tag vintage
    public let martin: Int  // Martin, acoustic, excellent, $2,100.00, stock 0, 4★ (3), sold 7, 3 days old
    public let bluesJunior: Int  // Fender, amps, good, $450.00, stock 2, 3★ (1), sold 20, 4 days old, shop B
    public let katana: Int  // Boss, amps, new, $259.99, stock 10, unrated, sold 1, 5 days old, shop B; mentions Stratocaster
    public let pending: Int
    public let deleted: Int
    public let inactive: Int
    public let shopA: Int
    public let shopB: Int
    public let sellerA: Int
    public let sellerB: Int

    public var listed: [Int] { [strat, lesPaul, martin, bluesJunior, katana] }

    public static func insert(into services: CoreServices) async throws -> CatalogFixture {
        let sql = services.database.sql
        func id(_ statement: SQLQueryString) async throws -> Int {
            try await sql.raw(statement + " RETURNING id").first()!.decode(column: "id", as: Int.self)
        }
        let now = Date()
        let sellerA = try await id(
            "INSERT INTO users (email, password_hash, display_name, role, created_at) VALUES ('a@shop.test', 'x', 'Alice Amp', 'seller', \(bind: now))"
        )
        let sellerB = try await id(
            "INSERT INTO users (email, password_hash, display_name, role, created_at) VALUES ('b@shop.test', 'x', 'Bob Bass', 'seller', \(bind: now))"
        )
        func shop(_ owner: Int, _ name: String, _ slug: String) async throws -> Int {
            try await id(
                """
                INSERT INTO shops (owner_id, name, slug, description, address, contact_email, active, created_at)
                VALUES (\(bind: owner), \(bind: name), \(bind: slug), 'Fine gear.', 'Austin, TX', 'shop@shop.test', \(bind: true), \(bind: now))
                """)
        }
        let shopA = try await shop(sellerA, "Alpha Guitars", "alpha-guitars")
        let shopB = try await shop(sellerB, "Beta Amps", "beta-amps")
        let guitars = try await id("INSERT INTO categories (name, slug, position) VALUES ('Guitars', 'guitars', 0)")
        let electric = try await id(
            "INSERT INTO categories (parent_id, name, slug, position) VALUES (\(bind: guitars), 'Electric Guitars', 'electric-guitars', 0)")
        let acoustic = try await id(
            "INSERT INTO categories (parent_id, name, slug, position) VALUES (\(bind: guitars), 'Acoustic Guitars', 'acoustic-guitars', 1)")
        let amps = try await id("INSERT INTO categories (name, slug, position) VALUES ('Amps', 'amps', 1)")
        let sale = try await id("INSERT INTO tags (name, slug) VALUES ('Sale', 'sale')")
        let vintage = try await id("INSERT INTO tags (name, slug) VALUES ('Vintage', 'vintage')")

        func product(
            shop: Int, category: Int, name: String, brand: String, model: String, condition: String, price: Int, stock: Int,
            rating: Double, ratings: Int, sold: Int, daysOld: Double, description: String = "A fine instrument.",
            status: String = "approved", active: Bool = true, deleted: Bool = false
        ) async throws -> Int {
            let created = now.addingTimeInterval(-daysOld * 86_400)
            return try await id(
                """
                INSERT INTO products (shop_id, category_id, name, brand, model, condition, description, price_cents, stock, status, active,
                sold_count, rating_avg, rating_count, image_path, deleted_at, created_at, updated_at)
                VALUES (\(bind: shop), \(bind: category), \(bind: name), \(bind: brand), \(bind: model), \(bind: condition), \(bind: description),
                \(bind: price), \(bind: stock), \(bind: status), \(bind: active), \(bind: sold), \(bind: rating), \(bind: ratings),
                '/img/categories/electric-guitars.svg', \(bind: deleted ? now : nil as Date?), \(bind: created), \(bind: created))
                """)
        }
        let strat = try await product(
            shop: shopA, category: electric, name: "Fender Player Stratocaster", brand: "Fender", model: "Player Stratocaster", condition: "new",
            price: 84_999, stock: 5, rating: 4.5, ratings: 2, sold: 10, daysOld: 1, description: "Alder body, maple neck, three single-coil pickups.")
        let lesPaul = try await product(
            shop: shopA, category: electric, name: "Gibson Les Paul Standard", brand: "Gibson", model: "Les Paul Standard", condition: "mint",
            price: 229_900, stock: 1, rating: 5, ratings: 1, sold: 3, daysOld: 2, description: "Mahogany body with a maple top and humbuckers.")
        let martin = try await product(
            shop: shopA, category: acoustic, name: "Martin D-28", brand: "Martin", model: "D-28", condition: "excellent",
            price: 210_000, stock: 0, rating: 4, ratings: 3, sold: 7, daysOld: 3, description: "Dreadnought with a spruce top and rosewood sides.")
        let bluesJunior = try await product(
            shop: shopB, category: amps, name: "Fender Blues Junior IV", brand: "Fender", model: "Blues Junior IV", condition: "good",
            price: 45_000, stock: 2, rating: 3, ratings: 1, sold: 20, daysOld: 4, description: "Fifteen watt tube combo with a twelve inch speaker.")
        let katana = try await product(
            shop: shopB, category: amps, name: "Boss Katana-50 MkII", brand: "Boss", model: "Katana-50 MkII", condition: "new",
            price: 25_999, stock: 10, rating: 0, ratings: 0, sold: 1, daysOld: 5, description: "Modelling combo that pairs well with a Stratocaster.")
        let pending = try await product(
            shop: shopA, category: electric, name: "Ibanez RG550 Pending", brand: "Ibanez", model: "RG550", condition: "new",
            price: 99_999, stock: 3, rating: 0, ratings: 0, sold: 0, daysOld: 0.5, status: "pending")
        let deleted = try await product(
            shop: shopA, category: electric, name: "Fender Telecaster Deleted", brand: "Fender", model: "Telecaster", condition: "new",
            price: 79_999, stock: 3, rating: 0, ratings: 0, sold: 0, daysOld: 0.5, deleted: true)
        let inactive = try await product(
            shop: shopB, category: amps, name: "Vox AC30 Inactive", brand: "Vox", model: "AC30", condition: "good",
            price: 99_999, stock: 3, rating: 0, ratings: 0, sold: 0, daysOld: 0.5, active: false)
        try await sql.raw(
            "INSERT INTO product_tags (product_id, tag_id) VALUES (\(bind: strat), \(bind: sale)), (\(bind: lesPaul), \(bind: vintage))"
        ).run()
        return CatalogFixture(
            strat: strat, lesPaul: lesPaul, martin: martin, bluesJunior: bluesJunior, katana: katana, pending: pending, deleted: deleted,
            inactive: inactive, shopA: shopA, shopB: shopB, sellerA: sellerA, sellerB: sellerB)
    }
}

extension CoreServices {
    /// A coupon that exists before the test starts, written as fixtures are (no audit entry, as if made long ago).
    public func createCoupon(code: String, percentOff: Int? = nil, amountOffCents: Int? = nil, maxUses: Int? = nil) async throws -> Coupon {
        let input = try CouponAdmin.Input(code: code, percentOff: percentOff, amountOffCents: amountOffCents, maxUses: maxUses).validated()
        try await database.sql.raw(
            """
            INSERT INTO coupons (code, percent_off, amount_off_cents, min_subtotal_cents, max_uses, uses, active, created_at)
            VALUES (\(bind: input.code), \(bind: input.percentOff), \(bind: input.amountOffCents), 0, \(bind: input.maxUses), 0, TRUE, \(bind: Date()))
            """
        ).run()
        return try await coupons.find(code: input.code)!
    }
}

import BacklineCore
import BacklineTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct SeedTests {
    func snapshot(_ services: CoreServices) async throws -> [String] {
        try await services.database.sql.raw("SELECT name, brand, price_cents, stock, condition FROM products ORDER BY id").all().map {
            "\(try $0.decode(column: "name", as: String.self))|\(try $0.decode(column: "price_cents", as: Int.self))|\(try $0.decode(column: "stock", as: Int.self))|\(try $0.decode(column: "condition", as: String.self))"
        }
    }

    func count(_ services: CoreServices, _ table: String) async throws -> Int {
        try await services.database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test func theSameSeedMakesTheSameShop() async throws {
        let first = try await withCoreServices { services in
            try await services.seeder.run(products: 150, seed: 7, force: false)
            return try await snapshot(services)
        }
        let second = try await withCoreServices { services in
            try await services.seeder.run(products: 150, seed: 7, force: false)
            return try await snapshot(services)
        }
        let other = try await withCoreServices { services in
            try await services.seeder.run(products: 150, seed: 8, force: false)
            return try await snapshot(services)
        }
        #expect(first.count == 150)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func seedsARealisticMarketplaceAndRefusesANonEmptyCatalog() async throws {
        try await withCoreServices { services in
            try await services.seeder.run(products: 300, seed: 1, force: false)
            #expect(try await count(services, "shops") >= 20)
            #expect(try await count(services, "orders") >= 100)
            #expect(try await count(services, "reviews") > 0)
            #expect(try await count(services, "categories") == 17)
            let demo = try await services.database.sql.raw(
                "SELECT email, role FROM users WHERE email IN ('admin@backline.test', 'seller@backline.test', 'buyer@backline.test') ORDER BY email"
            ).all()
            #expect(try demo.map { try $0.decode(column: "role", as: String.self) } == ["admin", "customer", "seller"])
            // Every product is listed with an image, and ratings agree with the reviews written.
            let page = try await services.catalog.search(CatalogQuery())
            #expect(page.total == 297)  // three wait for review: the newcomer's
            let pending = try await services.database.sql.raw(
                "SELECT COUNT(*) AS n FROM products p JOIN shops s ON s.id = p.shop_id JOIN users u ON u.id = s.owner_id WHERE p.status = 'pending' AND u.email = 'newseller@backline.test'"
            ).first()!.decode(column: "n", as: Int.self)
            #expect(pending == 3)
            #expect(page.items.allSatisfy { $0.imageURL.hasPrefix("/img/categories/") })
            let mismatched = try await services.database.sql.raw(
                "SELECT COUNT(*) AS n FROM products p WHERE p.rating_count <> (SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id)"
            ).first()!.decode(column: "n", as: Int.self)
            #expect(mismatched == 0)

            await #expect(throws: SeedError.self) { try await services.seeder.run(products: 10, seed: 1, force: false) }
            try await services.seeder.run(products: 10, seed: 1, force: true)
            #expect(try await count(services, "products") == 10)
        }
    }

    @Test func accountRulesHoldForEveryCaller() async throws {
        try await withCoreServices { services in
            _ = try await services.accounts.createUser(email: "Mixed@Example.com", password: "secret123", displayName: "Mixed", role: .customer)
            await #expect(throws: AccountError.emailTaken) {
                _ = try await services.accounts.createUser(email: "mixed@EXAMPLE.com ", password: "secret123", displayName: nil, role: .seller)
            }
            await #expect(throws: ValidationError.self) {
                _ = try await services.accounts.createUser(email: "someone@example.com", password: "short1", displayName: nil, role: .customer)
            }
            await #expect(throws: ValidationError.self) {
                _ = try await services.accounts.createUser(email: "not-an-email", password: "longenough1", displayName: nil, role: .customer)
            }
        }
    }
}

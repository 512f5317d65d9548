import FluentKit
import Foundation
import Logging
import SQLKit

/// A small, fast, seedable generator (SplitMix64): the same `--seed` always makes the same shop.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public enum SeedError: Error, CustomStringConvertible {
    case catalogNotEmpty
    public var description: String {
        "The catalog is not empty: refusing to seed over it. Use --force to delete every product, shop, order and non-demo account first."
    }
}

/// Fills the catalog with a deterministic, realistic music-gear marketplace: categories, tags, sellers and
/// their shops, products priced by category and condition, buyers, past orders over the last twelve
/// months, and reviews written by the people who bought.
public struct DemoSeeder: Sendable {
    /// The demo accounts the README lists; all seeded accounts share this password.
    public static let demoPassword = "demo1234"
    public static let adminEmail = "admin@backline.test"
    public static let sellerEmail = "seller@backline.test"
    /// A seller who joined this week: their first listings wait in the admin's review queue.
    public static let newcomerEmail = "newseller@backline.test"
    public static let buyerEmail = "buyer@backline.test"

    let database: BacklineDatabase
    let accounts: AccountService
    let logger: Logger

    public init(database: BacklineDatabase, accounts: AccountService, logger: Logger) {
        self.database = database
        self.accounts = accounts
        self.logger = logger
    }

    /// Whether any product exists (a first `serve` seeds only an empty catalog).
    public func catalogIsEmpty() async throws -> Bool {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM products").first()?.decode(column: "n", as: Int.self) == 0
    }

    public func run(products productCount: Int, seed: UInt64, force: Bool) async throws {
        if !(try await catalogIsEmpty()) {
            guard force else { throw SeedError.catalogNotEmpty }
            try await wipe()
        }
        let passwordHash = try await accounts.hashPassword(Self.demoPassword)
        let now = Date()
        let started = ContinuousClock.now
        try await database.writeTransaction { sql in
            var rng = SeededGenerator(seed: seed)
            let categoryIDs = try await insertCategories(sql)
            let tagIDs = try await insertTags(sql)
            let people = try await insertPeople(sql, passwordHash: passwordHash, now: now, rng: &rng)
            let shops = try await insertShops(sql, sellerIDs: people.sellers, now: now, rng: &rng)
            var products = makeProducts(count: productCount, shops: shops, categoryIDs: categoryIDs, now: now, rng: &rng)
            let orders = makeOrders(products: &products, buyers: people.buyers, now: now, rng: &rng)
            let productIDs = try await insertProducts(sql, products, shops: shops)
            try await insertTagsAndHistory(sql, products: products, ids: productIDs, tagIDs: tagIDs, now: now, rng: &rng)
            try await insertOrders(sql, orders: orders, products: products, ids: productIDs, shops: shops, now: now, rng: &rng)
            try await insertCoupons(sql, now: now)
            try await insertNewcomer(sql, passwordHash: passwordHash, now: now)
        }
        try await database.analyze()
        logger.info("Seeded \(productCount) products in \(ContinuousClock.now - started)")
    }

    /// `--force`: everything the seed makes goes, in foreign-key order.
    private func wipe() async throws {
        try await database.writeTransaction { sql in
            for table in [
                "reviews", "wishlist_items", "cart_items", "carts", "coupon_redemptions", "coupons", "order_events", "order_shipments", "order_items",
                "orders",
                "stock_movements", "price_history", "product_tags", "product_images", "products", "shops", "tags", "categories",
            ] {
                try await sql.raw("DELETE FROM \(ident: table)").run()
            }
            try await sql.raw("DELETE FROM users WHERE email LIKE '%@backline.test'").run()
        }
    }

    // MARK: Categories and tags

    private func insertCategories(_ sql: any SQLDatabase) async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for (position, root) in SeedData.categories.enumerated() {
            let rootID = try await insertReturningID(
                sql, "INSERT INTO categories (name, slug, position) VALUES (\(bind: root.name), \(bind: root.slug), \(bind: position))")
            ids[root.slug] = rootID
            for (childPosition, child) in root.children.enumerated() {
                ids[child.slug] = try await insertReturningID(
                    sql,
                    "INSERT INTO categories (parent_id, name, slug, position) VALUES (\(bind: rootID), \(bind: child.name), \(bind: child.slug), \(bind: childPosition))"
                )
            }
        }
        return ids
    }

    private func insertTags(_ sql: any SQLDatabase) async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for tag in SeedData.tags {
            ids[tag.slug] = try await insertReturningID(sql, "INSERT INTO tags (name, slug) VALUES (\(bind: tag.name), \(bind: tag.slug))")
        }
        return ids
    }

    private func insertReturningID(_ sql: any SQLDatabase, _ statement: SQLQueryString) async throws -> Int {
        try await sql.raw(statement + " RETURNING id").first()!.decode(column: "id", as: Int.self)
    }

    // MARK: People and shops

    private func insertPeople(_ sql: any SQLDatabase, passwordHash: String, now: Date, rng: inout SeededGenerator) async throws -> (
        sellers: [Int], buyers: [Int]
    ) {
        func name(_ index: Int) -> String {
            "\(SeedData.firstNames[index % SeedData.firstNames.count]) \(SeedData.lastNames[(index * 7 + 3) % SeedData.lastNames.count])"
        }
        var sellers: [Int] = []
        var buyers: [Int] = []
        func add(_ email: String, _ displayName: String, _ role: Role, daysAgo: Int) async throws -> Int {
            let created = now.addingTimeInterval(-Double(daysAgo) * 86_400)
            return try await insertReturningID(
                sql,
                """
                INSERT INTO users (email, password_hash, display_name, role, email_verified_at, created_at, updated_at)
                VALUES (\(bind: email), \(bind: passwordHash), \(bind: displayName), \(bind: role.rawValue), \(bind: created), \(bind: created), \(bind: created))
                """)
        }
        _ = try await add(Self.adminEmail, "Ada Admin", .admin, daysAgo: 400)
        sellers.append(try await add(Self.sellerEmail, "Sam Seller", .seller, daysAgo: 390))
        buyers.append(try await add(Self.buyerEmail, "Billie Buyer", .customer, daysAgo: 380))
        for index in 2...24 {
            sellers.append(try await add("seller\(index)@backline.test", name(index), .seller, daysAgo: Int.random(in: 300...720, using: &rng)))
        }
        for index in 2...80 {
            buyers.append(try await add("buyer\(index)@backline.test", name(index + 30), .customer, daysAgo: Int.random(in: 1...700, using: &rng)))
        }
        return (sellers, buyers)
    }

    struct SeededShop {
        let id: Int
        let name: String
    }

    private func insertShops(_ sql: any SQLDatabase, sellerIDs: [Int], now: Date, rng: inout SeededGenerator) async throws -> [SeededShop] {
        var shops: [SeededShop] = []
        for (index, spec) in SeedData.shops.prefix(sellerIDs.count + 1).enumerated() {
            // The demo seller runs two shops (a seller may own several); everyone else one.
            let owner = index < 2 ? sellerIDs[0] : sellerIDs[index - 1]
            let slug = spec.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
                .split(separator: "-").joined(separator: "-")
            let created = now.addingTimeInterval(-Double(Int.random(in: 200...700, using: &rng)) * 86_400)
            let id = try await insertReturningID(
                sql,
                """
                INSERT INTO shops (owner_id, name, slug, description, address, contact_email, phone, active, created_at, updated_at)
                VALUES (\(bind: owner), \(bind: spec.name), \(bind: slug), \(bind: spec.tagline), \(bind: spec.city),
                \(bind: "hello@\(slug).example"), \(bind: "+1 555 01\(String(format: "%02d", index))"), \(bind: true), \(bind: created), \(bind: created))
                """)
            shops.append(SeededShop(id: id, name: spec.name))
        }
        return shops
    }

    // MARK: Products

    struct SeededProduct {
        var shopIndex: Int
        var categoryID: Int
        var rootCategoryID: Int
        var name: String
        var brand: String
        var model: String
        var year: Int
        var finish: String
        var condition: Condition
        var description: String
        var specs: String
        var priceCents: Int
        var previousPriceCents: Int?
        var priceChangedAt: Date?
        var stock: Int
        var imagePath: String
        var soldCount = 0
        var ratingSum = 0
        var ratingCount = 0
        var createdAt: Date
    }

    /// What a grade is worth against new, before the model's own desirability.
    static func conditionFactor(_ condition: Condition) -> Double {
        switch condition {
        case .new: 1.0
        case .mint: 0.86
        case .excellent: 0.77
        case .veryGood: 0.7
        case .good: 0.62
        case .fair: 0.5
        }
    }

    private func makeProducts(count: Int, shops: [SeededShop], categoryIDs: [String: Int], now: Date, rng: inout SeededGenerator) -> [SeededProduct] {
        let leaves = SeedData.models.keys.sorted()
        // Each shop leans towards a few categories, as real shops do.
        let shopFocus = shops.indices.map { _ in Array(leaves.shuffled(using: &rng).prefix(4)) }
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: now)
        var products: [SeededProduct] = []
        products.reserveCapacity(count)
        for _ in 0..<count {
            let shopIndex = Int.random(in: 0..<shops.count, using: &rng)
            let slug =
                Double.random(in: 0..<1, using: &rng) < 0.7 ? shopFocus[shopIndex].randomElement(using: &rng)! : leaves.randomElement(using: &rng)!
            let spec = SeedData.models[slug]!.randomElement(using: &rng)!
            let roll = Double.random(in: 0..<1, using: &rng)
            let condition: Condition =
                roll < 0.35 ? .new : roll < 0.5 ? .mint : roll < 0.7 ? .excellent : roll < 0.85 ? .veryGood : roll < 0.95 ? .good : .fair
            let year =
                condition == .new
                ? min(spec.years.upperBound, currentYear)
                : Int.random(in: spec.years.lowerBound...min(spec.years.upperBound, currentYear), using: &rng)
            let finish = spec.finishes.randomElement(using: &rng)!
            var price = Double(spec.newPriceCents) * Self.conditionFactor(condition) * Double.random(in: 0.9...1.1, using: &rng)
            if condition != .new && year < 1985 { price *= Double.random(in: 1.6...3.2, using: &rng) }  // vintage premium
            let priceCents = max(499, Int(price / 100) * 100 - (Bool.random(using: &rng) ? 1 : 0))
            let stock: Int
            if condition == .new {
                stock = Double.random(in: 0..<1, using: &rng) < 0.06 ? 0 : Int.random(in: 1...(spec.newPriceCents < 20_000 ? 40 : 12), using: &rng)
            } else {
                stock = Double.random(in: 0..<1, using: &rng) < 0.05 ? 0 : 1  // used gear is one of a kind
            }
            let createdAt = now.addingTimeInterval(-Double.random(in: 3_600...(365 * 86_400), using: &rng))
            var product = SeededProduct(
                shopIndex: shopIndex, categoryID: categoryIDs[slug]!, rootCategoryID: categoryIDs[Self.rootSlug(of: slug)]!,
                name: condition == .new || year >= 2000 ? "\(spec.brand) \(spec.model)" : "\(year) \(spec.brand) \(spec.model)",
                brand: spec.brand, model: spec.model, year: year, finish: finish, condition: condition,
                description: describe(spec, slug: slug, year: year, finish: finish, condition: condition, rng: &rng),
                specs: Self.specsJSON(spec.specs), priceCents: priceCents, stock: stock, imagePath: "/img/categories/\(slug).svg",
                createdAt: createdAt)
            if Double.random(in: 0..<1, using: &rng) < 0.08 {
                // A recent price drop: the card strikes the old price through.
                product.previousPriceCents = priceCents + max(1_000, priceCents / 100 * Int.random(in: 5...20, using: &rng))
                product.priceChangedAt = now.addingTimeInterval(-Double.random(in: 3_600...(25 * 86_400), using: &rng))
                if product.createdAt > product.priceChangedAt! { product.createdAt = product.priceChangedAt!.addingTimeInterval(-86_400 * 10) }
            }
            products.append(product)
        }
        return products
    }

    /// The top-level category a leaf belongs to, from the seed's tree.
    static func rootSlug(of slug: String) -> String {
        SeedData.categories.first { $0.slug == slug || $0.children.contains { $0.slug == slug } }?.slug ?? slug
    }

    private func describe(_ spec: SeedData.ModelSpec, slug: String, year: Int, finish: String, condition: Condition, rng: inout SeededGenerator)
        -> String
    {
        let pool = SeedData.descriptions[slug] ?? SeedData.descriptions.values.first!
        let chosen =
            Array(pool.shuffled(using: &rng).prefix(2)) + [(SeedData.conditionNotes[condition.rawValue] ?? []).randomElement(using: &rng) ?? ""]
        return chosen.filter { !$0.isEmpty }.map {
            $0.replacingOccurrences(of: "{brand}", with: spec.brand).replacingOccurrences(of: "{model}", with: spec.model)
                .replacingOccurrences(of: "{year}", with: String(year)).replacingOccurrences(of: "{finish}", with: finish)
                .replacingOccurrences(of: "{condition}", with: condition.label.lowercased())
        }.joined(separator: " ")
    }

    static func specsJSON(_ specs: [SeedData.Spec]) -> String {
        let pairs = specs.map { [$0.name, $0.value] }
        return String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private func insertProducts(_ sql: any SQLDatabase, _ products: [SeededProduct], shops: [SeededShop]) async throws -> [Int] {
        let before = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM products").first()!.decode(column: "n", as: Int.self)
        for batch in products.chunked(500) {
            var statement: SQLQueryString = """
                INSERT INTO products (shop_id, category_id, root_category_id, name, brand, model, year, finish, condition, description, specs, price_cents,
                previous_price_cents, price_changed_at, stock, low_stock_threshold, status, active, image_path, sold_count, rating_avg,
                rating_count, created_at, updated_at) VALUES
                """
            statement += batch.map { p -> SQLQueryString in
                let rating = p.ratingCount == 0 ? 0 : (Double(p.ratingSum) / Double(p.ratingCount) * 100).rounded() / 100
                return """
                    (\(bind: shops[p.shopIndex].id), \(bind: p.categoryID), \(bind: p.rootCategoryID), \(bind: p.name), \(bind: p.brand), \(bind: p.model), \(bind: p.year), \(bind: p.finish),
                    \(bind: p.condition.rawValue), \(bind: p.description), \(bind: p.specs), \(bind: p.priceCents), \(bind: p.previousPriceCents),
                    \(bind: p.priceChangedAt), \(bind: p.stock), \(bind: p.condition == .new ? 2 : 0), 'approved', \(bind: true), \(bind: p.imagePath),
                    \(bind: p.soldCount), \(bind: rating), \(bind: p.ratingCount), \(bind: p.createdAt), \(bind: p.createdAt))
                    """
            }.joined(separator: ", ")
            try await sql.raw(statement).run()
        }
        let rows = try await sql.raw("SELECT id FROM products WHERE id > \(bind: before) ORDER BY id").all()
        return try rows.map { try $0.decode(column: "id", as: Int.self) }
    }

    private func insertTagsAndHistory(
        _ sql: any SQLDatabase, products: [SeededProduct], ids: [Int], tagIDs: [String: Int], now: Date, rng: inout SeededGenerator
    ) async throws {
        var productTags: [(Int, Int)] = []
        var history: [(Int, Int, Date)] = []
        let extraTags = SeedData.tags.map(\.slug).filter { !["new-arrival", "sale", "vintage"].contains($0) }
        for (index, product) in products.enumerated() {
            let id = ids[index]
            if product.createdAt > now.addingTimeInterval(-14 * 86_400) { productTags.append((id, tagIDs["new-arrival"]!)) }
            if product.year < 1985 { productTags.append((id, tagIDs["vintage"]!)) }
            if let previous = product.previousPriceCents, let changedAt = product.priceChangedAt {
                productTags.append((id, tagIDs["sale"]!))
                history.append((id, previous, product.createdAt))
                history.append((id, product.priceCents, changedAt))
            }
            if Double.random(in: 0..<1, using: &rng) < 0.12, let slug = extraTags.randomElement(using: &rng) {
                productTags.append((id, tagIDs[slug]!))
            }
        }
        for batch in productTags.chunked(1_000) {
            try await sql.raw(
                "INSERT INTO product_tags (product_id, tag_id) VALUES "
                    + batch.map { "(\(bind: $0.0), \(bind: $0.1))" as SQLQueryString }.joined(separator: ", ")
            ).run()
        }
        for batch in history.chunked(1_000) {
            try await sql.raw(
                "INSERT INTO price_history (product_id, price_cents, changed_at) VALUES "
                    + batch.map { "(\(bind: $0.0), \(bind: $0.1), \(bind: $0.2))" as SQLQueryString }.joined(separator: ", ")
            ).run()
        }
    }

    /// A seller who opened a shop days ago and whose three listings (none sold yet) wait for an admin's review,
    /// so the moderation queue has something in it.
    private func insertNewcomer(_ sql: any SQLDatabase, passwordHash: String, now: Date) async throws {
        let joined = now.addingTimeInterval(-3 * 86_400)
        let owner = try await insertReturningID(
            sql,
            """
            INSERT INTO users (email, password_hash, display_name, role, email_verified_at, created_at, updated_at)
            VALUES (\(bind: Self.newcomerEmail), \(bind: passwordHash), 'Nora Newcomer', 'seller', \(bind: joined), \(bind: joined), \(bind: joined))
            """)
        let shop = try await insertReturningID(
            sql,
            """
            INSERT INTO shops (owner_id, name, slug, description, address, contact_email, active, created_at, updated_at)
            VALUES (\(bind: owner), 'Fresh Fret Co.', 'fresh-fret-co', 'Gently used gear, cleaned and set up.', 'Portland, OR',
            'hello@fresh-fret-co.example', \(bind: true), \(bind: joined), \(bind: joined))
            """)
        try await sql.raw(
            """
            UPDATE products SET shop_id = \(bind: shop), status = 'pending', created_at = \(bind: joined), updated_at = \(bind: joined)
            WHERE id IN (SELECT id FROM products WHERE sold_count = 0 AND rating_count = 0 ORDER BY created_at DESC, id DESC LIMIT 3)
            """
        ).run()
    }

    /// The demo's discount codes (the README's tour uses them).
    public static let demoCoupons: [(code: String, percentOff: Int?, amountOffCents: Int?, minSubtotalCents: Int)] = [
        ("WELCOME10", 10, nil, 0),
        ("BACKLINE25", nil, 2_500, 25_000),
    ]

    private func insertCoupons(_ sql: any SQLDatabase, now: Date) async throws {
        for coupon in Self.demoCoupons {
            try await sql.raw(
                """
                INSERT INTO coupons (code, percent_off, amount_off_cents, min_subtotal_cents, uses, active, created_at)
                VALUES (\(bind: coupon.code), \(bind: coupon.percentOff), \(bind: coupon.amountOffCents), \(bind: coupon.minSubtotalCents), 0, \(bind: true), \(bind: now))
                """
            ).run()
        }
    }

    // MARK: Orders and reviews

    struct SeededOrder {
        var buyerID: Int
        var createdAt: Date
        var status: String
        var lines: [(product: Int, quantity: Int)]
        var reviews: [(product: Int, review: Int)]
    }

    /// Past orders over the last twelve months; units sold and reviews come from them, so popularity and
    /// ratings are consistent with purchase history.
    private func makeOrders(products: inout [SeededProduct], buyers: [Int], now: Date, rng: inout SeededGenerator) -> [SeededOrder] {
        let orderCount = min(max(products.count / 2, 300), 50_000)  // 100,000 listings: 50,000 orders, as the admin figures are measured with
        var reviewed = Set<[Int]>()
        var orders: [SeededOrder] = []
        var attempts = 0
        // A draw can miss (its products were listed after the order's date): draw until there are enough orders.
        while orders.count < orderCount && attempts < orderCount * 3 {
            attempts += 1
            let buyer = buyers.randomElement(using: &rng)!
            let age = Double.random(in: 0..<1, using: &rng)
            let createdAt = now.addingTimeInterval(-(age * age * 360 + 0.1) * 86_400)  // more recent orders are more frequent
            let days = now.timeIntervalSince(createdAt) / 86_400
            let statusRoll = Double.random(in: 0..<1, using: &rng)
            let status = statusRoll < 0.05 ? "cancelled" : days > 10 ? "delivered" : days > 3 ? "shipped" : "paid"
            var lines: [(Int, Int)] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                // Popular products sell more: bias towards the front of a shuffled popularity order.
                let pick = Int(pow(Double.random(in: 0..<1, using: &rng), 2.2) * Double(products.count))
                if lines.contains(where: { $0.0 == pick }) || products[pick].createdAt > createdAt { continue }
                lines.append((pick, products[pick].condition == .new ? Int.random(in: 1...2, using: &rng) : 1))
            }
            if lines.isEmpty { continue }
            var order = SeededOrder(buyerID: buyer, createdAt: createdAt, status: status, lines: lines, reviews: [])
            if status != "cancelled" {
                for (index, quantity) in lines {
                    products[index].soldCount += quantity
                    if status == "delivered", Double.random(in: 0..<1, using: &rng) < 0.45, reviewed.insert([buyer, index]).inserted {
                        let review = Int.random(in: 0..<SeedData.reviews.count, using: &rng)
                        order.reviews.append((index, review))
                        products[index].ratingSum += SeedData.reviews[review].rating
                        products[index].ratingCount += 1
                    }
                }
            }
            orders.append(order)
        }
        return orders.sorted { $0.createdAt < $1.createdAt }
    }

    private func insertOrders(
        _ sql: any SQLDatabase, orders: [SeededOrder], products: [SeededProduct], ids: [Int], shops: [SeededShop], now: Date,
        rng: inout SeededGenerator
    ) async throws {
        let address =
            #"{"full_name":"Demo Buyer","line1":"12 Fretboard Lane","line2":null,"city":"Nashville","postal_code":"37203","country":"US","phone":null}"#
        var sequence = 0
        let methods = ["card", "card", "card", "paypal", "upi", "cod"]
        for batch in orders.chunked(200) {
            var orderRows: [SQLQueryString] = []
            var numbers: [String] = []
            for order in batch {
                sequence += 1
                let number = OrderNumber.make(id: sequence, at: order.createdAt)
                numbers.append(number)
                let subtotal = order.lines.reduce(0) { $0 + products[$1.product].priceCents * $1.quantity }
                let shipping = ShippingMethod.standard.feeCents(forMerchandise: subtotal)
                let method = methods.randomElement(using: &rng)!
                let paymentStatus = order.status == "cancelled" ? "refunded" : "paid"
                orderRows.append(
                    """
                    (\(bind: number), \(bind: order.buyerID), \(bind: order.status), \(bind: paymentStatus), \(bind: method), 'standard', \(bind: subtotal), 0,
                    \(bind: shipping), \(bind: subtotal + shipping), \(bind: address), \(bind: order.createdAt), \(bind: order.status == "cancelled" ? order.createdAt : nil as Date?),
                    \(bind: order.createdAt), \(bind: order.createdAt))
                    """)
            }
            try await sql.raw(
                """
                INSERT INTO orders (number, buyer_id, status, payment_status, payment_method, shipping_method, subtotal_cents, discount_cents,
                shipping_cents, total_cents, shipping_address, paid_at, cancelled_at, created_at, updated_at) VALUES
                """ + orderRows.joined(separator: ", ")
            ).run()
            let idRows = try await sql.raw("SELECT id, number FROM orders WHERE number IN (\(binds: numbers))").all()
            var orderIDs: [String: Int] = [:]
            for row in idRows { orderIDs[try row.decode(column: "number", as: String.self)] = try row.decode(column: "id", as: Int.self) }

            var itemRows: [SQLQueryString] = []
            var shipmentRows: [SQLQueryString] = []
            var reviewRows: [SQLQueryString] = []
            var eventRows: [SQLQueryString] = []
            for (order, number) in zip(batch, numbers) {
                let orderID = orderIDs[number]!
                // The timeline the order page shows, as the live shop would have written it.
                var events: [(String, String, Double)] = [("pending", "Order placed", 0), ("paid", "Payment received", 600)]
                switch order.status {
                case "cancelled": events += [("cancelled", "Cancelled by the buyer", 3_600), ("refunded", "Refunded", 3_600)]
                case "shipped": events += [("shipped", "Shipped", 2 * 86_400)]
                case "delivered": events += [("shipped", "Shipped", 2 * 86_400), ("delivered", "Delivered", 5 * 86_400)]
                default: break
                }
                for (status, note, offset) in events {
                    eventRows.append("(\(bind: orderID), \(bind: status), \(bind: note), \(bind: order.createdAt.addingTimeInterval(offset)))")
                }
                var shopIDs = Set<Int>()
                for (index, quantity) in order.lines {
                    let product = products[index]
                    let shop = shops[product.shopIndex]
                    shopIDs.insert(shop.id)
                    itemRows.append(
                        """
                        (\(bind: orderID), \(bind: ids[index]), \(bind: shop.id), \(bind: product.name), \(bind: product.brand), \(bind: shop.name),
                        \(bind: product.priceCents), \(bind: quantity), \(bind: product.priceCents * quantity))
                        """)
                }
                let shipmentStatus = ["cancelled": "cancelled", "delivered": "delivered", "shipped": "shipped"][order.status] ?? "pending"
                for shopID in shopIDs.sorted() {
                    let shipped: Date? =
                        shipmentStatus == "shipped" || shipmentStatus == "delivered" ? order.createdAt.addingTimeInterval(2 * 86_400) : nil
                    let tracking: String? = shipped == nil ? nil : "1Z\(orderID)\(shopID)"
                    shipmentRows.append("(\(bind: orderID), \(bind: shopID), \(bind: shipmentStatus), \(bind: tracking), \(bind: shipped))")
                }
                for (index, reviewIndex) in order.reviews {
                    let review = SeedData.reviews[reviewIndex]
                    let written = min(now, order.createdAt.addingTimeInterval(Double(Int.random(in: 12...40, using: &rng)) * 86_400))
                    reviewRows.append(
                        "(\(bind: ids[index]), \(bind: order.buyerID), \(bind: orderID), \(bind: review.rating), \(bind: review.title), \(bind: review.body), \(bind: written))"
                    )
                }
            }
            try await sql.raw(
                """
                INSERT INTO order_items (order_id, product_id, shop_id, product_name, brand, shop_name, unit_price_cents, quantity, line_total_cents) VALUES
                """ + itemRows.joined(separator: ", ")
            ).run()
            try await sql.raw(
                "INSERT INTO order_shipments (order_id, shop_id, status, tracking_number, shipped_at) VALUES " + shipmentRows.joined(separator: ", ")
            ).run()
            try await sql.raw("INSERT INTO order_events (order_id, status, note, created_at) VALUES " + eventRows.joined(separator: ", ")).run()
            if !reviewRows.isEmpty {
                try await sql.raw(
                    "INSERT INTO reviews (product_id, user_id, order_id, rating, title, body, created_at) VALUES "
                        + reviewRows.joined(separator: ", ")
                ).run()
            }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

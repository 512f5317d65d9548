import BacklineTestSupport
import Foundation
import SQLKit
import Testing

@testable import BacklineCore

/// The in-memory catalog index answers exactly what SQL answers: a few hundred random catalog queries (every filter,
/// sort, search, page and page size, cursors) over a seeded catalog, compared with a plain SQL evaluation of the
/// same query (`SQLCatalog` below), before and after a burst of writes.
@Suite struct CatalogIndexTests {
    @Test func theIndexAnswersWhatSQLAnswersBeforeAndAfterWrites() async throws {
        try await withCoreServices { services in
            try await services.seeder.run(products: 1_200, seed: 11, force: true)
            let sql = services.database.sql
            let reference = SQLCatalog(sql: sql, search: services.database.engine == .sqlite ? SQLiteSearch() : PostgresSearch())
            var rng = SeededGenerator(seed: 42)
            let vocabulary = try await Vocabulary.read(from: sql)

            var compared = 0
            for _ in 0..<200 {
                compared += try await compare(vocabulary.randomQuery(using: &rng), services: services, reference: reference)
            }

            try await Self.burstOfWrites(on: sql, using: &rng)
            let after = try await Vocabulary.read(from: sql)
            for _ in 0..<200 {
                compared += try await compare(after.randomQuery(using: &rng), services: services, reference: reference)
            }
            #expect(compared > 100, "most random queries match something: \(compared) of 400 did")
        }
    }

    /// Compares one query; answers 1 when it matched anything (so the test knows it did not only compare empties).
    func compare(_ pairs: [(String, String)], services: CoreServices, reference: SQLCatalog) async throws -> Int {
        let query = try CatalogQuery.parse(pairs, strict: true)
        let page = try await services.catalog.search(query)
        let expected = try await reference.evaluate(query, tree: try await services.catalog.categoryTree())
        let label = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        #expect(page.total == expected.total, "total of ?\(label)")
        #expect(page.items.map(\.id) == expected.ids, "page of ?\(label)")
        #expect(page.facets.categories == expected.facets.categories, "categories of ?\(label)")
        #expect(page.facets.brands == expected.facets.brands, "brands of ?\(label)")
        #expect(page.facets.conditions == expected.facets.conditions, "conditions of ?\(label)")
        #expect(page.facets.priceBands == expected.facets.priceBands, "price bands of ?\(label)")
        return expected.total > 0 ? 1 : 0
    }

    /// Stock to zero, price changes, deletes, pauses, rejections, new listings, category moves, a closed shop, tags
    /// and ratings: straight in SQL, as another instance would write, so only the change feed can tell the index.
    static func burstOfWrites(on sql: any SQLDatabase, using rng: inout SeededGenerator) async throws {
        let ids = try await sql.raw("SELECT id FROM products ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
        let categories = try await sql.raw("SELECT id FROM categories").all().map { try $0.decode(column: "id", as: Int.self) }
        let tags = try await sql.raw("SELECT id FROM tags").all().map { try $0.decode(column: "id", as: Int.self) }
        func some(_ count: Int) -> [Int] { (0..<count).map { _ in ids[Int.random(in: 0..<ids.count, using: &rng)] } }
        for id in some(60) { try await sql.raw("UPDATE products SET stock = 0 WHERE id = \(bind: id)").run() }
        for id in some(60) {
            try await sql.raw("UPDATE products SET price_cents = \(bind: Int.random(in: 500...400_000, using: &rng)) WHERE id = \(bind: id)").run()
        }
        for id in some(20) { try await sql.raw("UPDATE products SET deleted_at = \(bind: Date()) WHERE id = \(bind: id)").run() }
        for id in some(20) { try await sql.raw("UPDATE products SET active = \(bind: false) WHERE id = \(bind: id)").run() }
        for id in some(10) { try await sql.raw("UPDATE products SET status = 'pending' WHERE id = \(bind: id)").run() }
        for id in some(30) {
            try await sql.raw(
                "UPDATE products SET category_id = \(bind: categories[Int.random(in: 0..<categories.count, using: &rng)]) WHERE id = \(bind: id)"
            )
            .run()
        }
        for id in some(30) {
            try await sql.raw(
                "UPDATE products SET sold_count = \(bind: Int.random(in: 0...500, using: &rng)), rating_avg = \(bind: Double(Int.random(in: 10...50, using: &rng)) / 10), rating_count = \(bind: Int.random(in: 1...40, using: &rng)) WHERE id = \(bind: id)"
            ).run()
        }
        for id in some(20) {
            try await sql.raw("DELETE FROM product_tags WHERE product_id = \(bind: id)").run()
            try await sql.raw(
                "INSERT INTO product_tags (product_id, tag_id) VALUES (\(bind: id), \(bind: tags[Int.random(in: 0..<tags.count, using: &rng)]))"
            ).run()
        }
        // New listings, copied from existing ones with a new name, price and date.
        for (n, id) in some(25).enumerated() {
            try await sql.raw(
                """
                INSERT INTO products (shop_id, category_id, root_category_id, name, brand, model, description, condition, price_cents, stock,
                  low_stock_threshold, status, active, rating_avg, rating_count, sold_count, created_at, updated_at)
                SELECT shop_id, category_id, root_category_id, \(bind: "Burst Fender Jazzmaster \(n)"), brand, model, description, condition,
                  \(bind: Int.random(in: 1_000...300_000, using: &rng)), stock, low_stock_threshold, 'approved', \(bind: true), 0, 0, 0, \(bind: Date()), \(bind: Date())
                FROM products WHERE id = \(bind: id)
                """
            ).run()
        }
        let shop = try await sql.raw("SELECT id FROM shops ORDER BY id LIMIT 1 OFFSET 1").first()!.decode(column: "id", as: Int.self)
        try await sql.raw("UPDATE shops SET active = \(bind: false) WHERE id = \(bind: shop)").run()
    }
}

/// What random queries are drawn from: the catalog's own brands, categories, tags, shops and words, and some that
/// do not exist.
struct Vocabulary {
    var brands: [String]
    var categories: [String]
    var tags: [String]
    var shops: [Int]
    var words: [String]
    var productIDs: [Int]

    static func read(from sql: any SQLDatabase) async throws -> Vocabulary {
        func strings(_ query: SQLQueryString) async throws -> [String] {
            try await sql.raw(query).all().map { try $0.decode(column: "v", as: String.self) }
        }
        func ints(_ query: SQLQueryString) async throws -> [Int] { try await sql.raw(query).all().map { try $0.decode(column: "v", as: Int.self) } }
        let names = try await strings("SELECT name AS v FROM products ORDER BY id LIMIT 300")
        let words = Set(names.flatMap { $0.split(separator: " ").map(String.init) }.filter { $0.count > 2 })
        return Vocabulary(
            brands: try await strings("SELECT DISTINCT brand AS v FROM products ORDER BY brand") + ["No Such Brand"],
            categories: try await strings("SELECT slug AS v FROM categories ORDER BY slug") + ["no-such-category"],
            tags: try await strings("SELECT slug AS v FROM tags ORDER BY slug") + ["no-such-tag"],
            shops: try await ints("SELECT id AS v FROM shops ORDER BY id"),
            words: words.sorted() + ["guitar", "strat", "pedal", "zzzqx"],
            productIDs: try await ints("SELECT id AS v FROM products ORDER BY id"))
    }

    func randomQuery(using rng: inout SeededGenerator) -> [(String, String)] {
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
        var pairs: [(String, String)] = []
        if chance(0.3) { pairs.append(("q", (0..<Int.random(in: 1...2, using: &rng)).map { _ in pick(words) }.joined(separator: " "))) }
        if chance(0.45) { pairs.append(("category", pick(categories))) }
        if chance(0.3) { for _ in 0..<Int.random(in: 1...3, using: &rng) { pairs.append(("brand", pick(brands))) } }
        if chance(0.3) { for _ in 0..<Int.random(in: 1...2, using: &rng) { pairs.append(("condition", pick(Condition.allCases).rawValue)) } }
        let low = pick([50, 100, 250, 499.99, 1000])
        if chance(0.25) { pairs.append(("min_price", String(low))) }
        if chance(0.25) { pairs.append(("max_price", String(pick([100, 250, 999.99, 2500, 10000].filter { $0 >= low })))) }
        if chance(0.15) { pairs.append(("min_rating", String(Int.random(in: 1...5, using: &rng)))) }
        if chance(0.25) { pairs.append(("in_stock", "true")) }
        if chance(0.15) { pairs.append(("shop", String(pick(shops)))) }
        if chance(0.15) { pairs.append(("tag", pick(tags))) }
        let hasText = pairs.contains { $0.0 == "q" }
        let sort = pick(CatalogQuery.Sort.allCases)
        if chance(0.8) { pairs.append(("sort", sort.rawValue)) }
        if chance(0.5) { pairs.append(("per_page", String(pick([1, 5, 24, 60, 100])))) }
        let effectiveSort: CatalogQuery.Sort = pairs.contains { $0.0 == "sort" } ? sort : (hasText ? .relevance : .newest)
        if effectiveSort != .relevance && chance(0.2) {
            pairs.append(("cursor", CatalogCursor.encode(after: pick(productIDs))))
        } else if chance(0.5) {
            pairs.append(("page", String(Int.random(in: 1...6, using: &rng))))
        }
        return pairs
    }
}

/// A catalog query in plain SQL: WHERE per filter, one COUNT, one GROUP BY per facet without its own filter, ORDER BY
/// with LIMIT/OFFSET or the keyset of a cursor. Slow, obvious and independent of the index.
struct SQLCatalog {
    let sql: any SQLDatabase
    let search: any SearchDialect

    struct Answer {
        var total: Int
        var ids: [Int]
        var facets: Facets
    }

    enum Facet { case category, brand, condition, price }

    func evaluate(_ query: CatalogQuery, tree: CategoryTree) async throws -> Answer {
        let none = Answer(total: 0, ids: [], facets: Facets(categories: [], brands: [], conditions: [], priceBands: []))
        var categoryIDs: [Int]?
        if let slug = query.category {
            guard let node = tree.node(slug: slug) else { return none }
            categoryIDs = tree.subtreeIDs(of: node.id)
        }
        var match: String?
        if let text = query.text {
            guard let words = search.matchQuery(for: text) else { return none }
            match = words
        }

        func conditions(except facet: Facet?) -> SQLQueryString {
            var parts: [SQLQueryString] = [CatalogService.listedCondition]
            if let match { parts.append(search.condition(matchQuery: match)) }
            if facet != .category, let categoryIDs { parts.append("p.category_id IN (\(binds: categoryIDs))") }
            if facet != .brand, !query.brands.isEmpty { parts.append("p.brand IN (\(binds: query.brands))") }
            if facet != .condition, !query.conditions.isEmpty { parts.append("p.condition IN (\(binds: query.conditions.map(\.rawValue)))") }
            if facet != .price {
                if let low = query.minPriceCents { parts.append("p.price_cents >= \(bind: low)") }
                if let high = query.maxPriceCents { parts.append("p.price_cents <= \(bind: high)") }
            }
            if let rating = query.minRating { parts.append("p.rating_avg >= \(bind: Double(rating))") }
            if query.inStock { parts.append("p.stock > 0") }
            if let shop = query.shopID { parts.append("p.shop_id = \(bind: shop)") }
            if let tag = query.tag {
                parts.append(
                    "EXISTS (SELECT 1 FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = p.id AND t.slug = \(bind: tag))")
            }
            return parts.joined(separator: " AND ")
        }
        func grouped(_ column: SQLQueryString, except facet: Facet) async throws -> [String: Int] {
            let rows = try await sql.raw(
                "SELECT \(column) AS v, COUNT(*) AS n FROM products p WHERE " + conditions(except: facet) + " GROUP BY \(column)"
            ).all()
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.decode(column: "v", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            return counts
        }

        let total = try await sql.raw("SELECT COUNT(*) AS n FROM products p WHERE " + conditions(except: nil)).first()!.decode(
            column: "n", as: Int.self)
        let perCategory = try await grouped("CAST(p.category_id AS VARCHAR(20))", except: .category)
        let categories = tree.flattened().compactMap { entry -> FacetValue? in
            let count = tree.subtreeIDs(of: entry.node.id).reduce(0) { $0 + (perCategory[String($1)] ?? 0) }
            return count == 0 ? nil : FacetValue(value: entry.node.slug, label: entry.node.name, count: count, depth: entry.depth)
        }
        let brands = try await grouped("p.brand", except: .brand).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
            FacetValue(value: $0.key, label: $0.key, count: $0.value)
        }
        let conditionCounts = try await grouped("p.condition", except: .condition)
        let conditionValues = Condition.allCases.compactMap { c in
            conditionCounts[c.rawValue].map { FacetValue(value: c.rawValue, label: c.label, count: $0) }
        }
        var band: SQLQueryString = "CASE"
        for (index, priceBand) in PriceBand.all.enumerated() {
            band += " WHEN p.price_cents >= \(literal: priceBand.lowCents)"
            if let high = priceBand.highCents { band += " AND p.price_cents <= \(literal: high)" }
            band += " THEN '\(unsafeRaw: String(index))'"
        }
        band += " END"
        let bandCounts = try await grouped(band, except: .price)
        let bands = PriceBand.all.enumerated().compactMap { index, priceBand in
            bandCounts[String(index)].map { FacetValue(value: String(index), label: priceBand.label, count: $0) }
        }

        let order: SQLQueryString
        switch query.effectiveSort {
        case .relevance:
            let strong = search.strongMatchQuery(for: query.text ?? "") ?? ""
            order = "CASE WHEN " + search.condition(matchQuery: strong) + " THEN 0 ELSE 1 END, p.sold_count DESC, p.id DESC"
        case .newest: order = "p.created_at DESC, p.id DESC"
        case .priceAsc: order = "p.price_cents ASC, p.id ASC"
        case .priceDesc: order = "p.price_cents DESC, p.id DESC"
        case .popular: order = "p.sold_count DESC, p.id DESC"
        case .rating: order = "p.rating_avg DESC, p.rating_count DESC, p.id DESC"
        }
        var pageConditions = conditions(except: nil)
        if let after = query.after { pageConditions = pageConditions + " AND " + Self.keyset(after: after, sort: query.effectiveSort) }
        let offset = query.after == nil ? (query.page - 1) * query.perPage : 0
        let ids = try await sql.raw(
            "SELECT p.id FROM products p WHERE " + pageConditions + " ORDER BY " + order
                + " LIMIT \(literal: query.perPage) OFFSET \(literal: offset)"
        ).all().map { try $0.decode(column: "id", as: Int.self) }
        return Answer(total: total, ids: ids, facets: Facets(categories: categories, brands: brands, conditions: conditionValues, priceBands: bands))
    }

    /// The rows after product `id` in the sort's order, compared with that product's stored values.
    static func keyset(after id: Int, sort: CatalogQuery.Sort) -> SQLQueryString {
        func of(_ column: String) -> SQLQueryString { "(SELECT c.\(unsafeRaw: column) FROM products c WHERE c.id = \(bind: id))" }
        let idAfter: SQLQueryString = "p.id < \(bind: id)"
        switch sort {
        case .relevance: return "1 = 0"
        case .newest: return "(p.created_at < \(of("created_at")) OR (p.created_at = \(of("created_at")) AND \(idAfter)))"
        case .priceAsc: return "(p.price_cents > \(of("price_cents")) OR (p.price_cents = \(of("price_cents")) AND p.id > \(bind: id)))"
        case .priceDesc: return "(p.price_cents < \(of("price_cents")) OR (p.price_cents = \(of("price_cents")) AND \(idAfter)))"
        case .popular: return "(p.sold_count < \(of("sold_count")) OR (p.sold_count = \(of("sold_count")) AND \(idAfter)))"
        case .rating:
            return """
                (p.rating_avg < \(of("rating_avg")) OR (p.rating_avg = \(of("rating_avg")) AND (p.rating_count < \(of("rating_count"))
                OR (p.rating_count = \(of("rating_count")) AND \(idAfter)))))
                """
        }
    }
}

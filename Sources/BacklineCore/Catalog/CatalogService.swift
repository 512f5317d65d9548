import Foundation
import Logging
import SQLKit

/// The catalog's read side: the one query service that both `GET /products` and `GET /api/v1/products`
/// call, plus product, shop and category look-ups.
///
/// Listings go through SQLKit rather than Fluent models: the hot read path selects exactly the
/// columns a card shows, and counts and facets are cached per catalog version (see `CatalogCache`).
public struct CatalogService: Sendable {
    let database: BacklineDatabase
    public let cache: CatalogCache
    let search: any SearchDialect

    public init(database: BacklineDatabase, cache: CatalogCache) {
        self.database = database
        self.cache = cache
        self.search = database.engine == .sqlite ? SQLiteSearch() : PostgresSearch()
    }

    var sql: any SQLDatabase { database.sql }

    /// Only products that are active, approved, not deleted, in an active shop are ever listed.
    /// The shop test is an IN over the (few) active shops, not a join: joining made SQLite build a Bloom filter
    /// and walk far more rows than the 24 a page needs (measured 5-10x slower on 100,000 products). The unary `+`
    /// keeps the planner from answering that IN through the shop index and then sorting everything: SQLite 3.54
    /// did that, and a deep page of 100,000 listings took 740 ms instead of 35 (the whole catalog's count 315 ms
    /// instead of 39). A shop's own page still uses the index through its `p.shop_id = ?`.
    static let listedCondition: SQLQueryString =
        "p.status = 'approved' AND p.active AND p.deleted_at IS NULL AND +p.shop_id IN (SELECT id FROM shops WHERE active)"

    /// A card's columns; shop and category names come from scalar subqueries run for the returned rows only.
    static let summaryColumns: SQLQueryString = """
        p.id, p.name, p.brand, p.model, p.condition, p.price_cents, p.previous_price_cents, p.price_changed_at, p.stock,
        p.low_stock_threshold, p.rating_avg, p.rating_count, p.sold_count, p.image_path, p.created_at, p.shop_id,
        (SELECT c.name FROM categories c WHERE c.id = p.category_id) AS category_name,
        (SELECT c.slug FROM categories c WHERE c.id = p.category_id) AS category_slug,
        (SELECT s.name FROM shops s WHERE s.id = p.shop_id) AS shop_name
        """

    /// Drops the cache when another instance (or a direct SQL write) moved the catalog version; checked at most
    /// once per the cache's interval.
    public func refreshCache() async throws {
        try await cache.refresh(on: sql)
    }

    // MARK: Category tree

    /// The category tree (cached until the catalog version changes).
    public func categoryTree() async throws -> CategoryTree {
        try await cache.refresh(on: sql)
        if let tree = cache.tree { return tree }
        let rows = try await sql.raw("SELECT id, parent_id, name, slug, position FROM categories").all()
        let tree = CategoryTree(
            nodes: try rows.map {
                .init(
                    id: try $0.decode(column: "id", as: Int.self), parentID: try $0.decode(column: "parent_id", as: Int?.self),
                    name: try $0.decode(column: "name", as: String.self), slug: try $0.decode(column: "slug", as: String.self),
                    position: try $0.decode(column: "position", as: Int.self))
            })
        cache.store(tree: tree)
        return tree
    }

    // MARK: The catalog query

    /// Runs the catalog query: one page of results, the total and the facets.
    public func search(_ query: CatalogQuery) async throws -> CatalogPage {
        let tree = try await categoryTree()
        let filter = Filter(query: query, tree: tree, search: search)

        async let items = cachedPage(query, filter: filter)
        let counts: (total: Int, facets: Facets)
        if let cached = cache.counts(for: query.filterKey) {
            counts = cached
        } else {
            let epoch = cache.epoch
            counts = try await cache.coalesced("counts", query.filterKey) { [self] in
                let counts = try await computeCounts(query, filter: filter, tree: tree)
                cache.store(counts, for: query.filterKey, epoch: epoch)
                return counts
            }
        }
        return CatalogPage(items: try await items, total: counts.total, page: query.page, perPage: query.perPage, facets: counts.facets)
    }

    private func cachedPage(_ query: CatalogQuery, filter: Filter) async throws -> [ProductSummary] {
        if let cached = cache.page(for: query) { return cached }
        let epoch = cache.epoch
        return try await cache.coalesced("page", query) { [self] in
            let items = try await fetchPage(query, filter: filter)
            cache.store(page: items, for: query, epoch: epoch)
            return items
        }
    }

    private func fetchPage(_ query: CatalogQuery, filter: Filter) async throws -> [ProductSummary] {
        if filter.matchesNothing { return [] }
        let order: SQLQueryString
        switch query.effectiveSort {
        case .relevance: order = search.rankOrder
        case .newest: order = "p.created_at DESC, p.id DESC"
        // Ties follow the index order (id ascending with price ascending), so no sort step is needed.
        case .priceAsc: order = "p.price_cents ASC, p.id ASC"
        case .priceDesc: order = "p.price_cents DESC, p.id DESC"
        case .popular: order = "p.sold_count DESC, p.id DESC"
        case .rating: order = "p.rating_avg DESC, p.rating_count DESC, p.id DESC"
        }
        let offset = query.after == nil ? (query.page - 1) * query.perPage : 0
        var conditions = filter.conditions(except: nil)
        if let after = query.after, let keyset = Self.keyset(after: after, sort: query.effectiveSort) { conditions += " AND " + keyset }
        let page: SQLQueryString =
            " FROM products p" + filter.join(ranked: query.effectiveSort == .relevance) + " WHERE " + conditions
            + " ORDER BY \(order) LIMIT \(literal: query.perPage) OFFSET \(literal: offset)"
        // The page's ids first, then their cards: PostgreSQL computes a card's columns (the name look-ups too) for
        // every row an OFFSET skips, and the ids alone come from the covering index. Page 2,000 of 100,000 listings
        // took 330 ms in one statement and 62 ms this way. Relevance orders by the search's rank, which only the
        // inner query has: it stays one statement.
        let statement: SQLQueryString =
            query.effectiveSort == .relevance
            ? "SELECT \(Self.summaryColumns)" + page
            : "SELECT \(Self.summaryColumns) FROM products p WHERE p.id IN (SELECT p.id" + page + ") ORDER BY \(order)"
        return try await sql.raw(statement).all().map(Self.summary)
    }

    /// The rows after product `id` in `sort`'s order, compared with that product's own stored values (read in SQL,
    /// so no value is rounded on the way through a cursor). Relevance has no stored key: cursors refuse it.
    static func keyset(after id: Int, sort: CatalogQuery.Sort) -> SQLQueryString? {
        func of(_ column: String) -> SQLQueryString { "(SELECT c.\(unsafeRaw: column) FROM products c WHERE c.id = \(bind: id))" }
        let idAfter: SQLQueryString = "p.id < \(bind: id)"
        switch sort {
        case .relevance: return nil
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

    private func computeCounts(_ query: CatalogQuery, filter: Filter, tree: CategoryTree) async throws -> (total: Int, facets: Facets) {
        if filter.matchesNothing { return (0, Facets(categories: [], brands: [], conditions: [], priceBands: [])) }
        let from: SQLQueryString = "FROM products p" + filter.join(ranked: false) + " WHERE "

        let totalRow = try await sql.raw("SELECT COUNT(*) AS n " + from + filter.conditions(except: nil)).first()
        let total = try totalRow?.decode(column: "n", as: Int.self) ?? 0

        func grouped(_ column: SQLQueryString, except facet: Filter.Facet) async throws -> [(String, Int)] {
            let rows = try await sql.raw("SELECT \(column) AS v, COUNT(*) AS n " + from + filter.conditions(except: facet) + " GROUP BY \(column)").all()
            return try rows.compactMap { row in
                guard let value = try row.decode(column: "v", as: String?.self) else { return nil }
                return (value, try row.decode(column: "n", as: Int.self))
            }
        }

        // Category counts roll up the tree: a parent counts its own products and all below it.
        let perCategory = Dictionary(try await grouped("CAST(p.category_id AS TEXT)", except: .category).map { (Int($0.0) ?? 0, $0.1) }, uniquingKeysWith: +)
        func subtreeCount(_ id: Int) -> Int { tree.subtreeIDs(of: id).reduce(0) { $0 + (perCategory[$1] ?? 0) } }
        let categories = tree.flattened().compactMap { entry -> FacetValue? in
            let count = subtreeCount(entry.node.id)
            return count == 0 ? nil : FacetValue(value: entry.node.slug, label: entry.node.name, count: count, depth: entry.depth)
        }

        let brandCounts = try await grouped("p.brand", except: .brand).sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        let brands = brandCounts.map { FacetValue(value: $0.0, label: $0.0, count: $0.1) }

        let conditionCounts = Dictionary(try await grouped("p.condition", except: .condition), uniquingKeysWith: +)
        let conditions = Condition.allCases.compactMap { condition in
            conditionCounts[condition.rawValue].map { FacetValue(value: condition.rawValue, label: condition.label, count: $0) }
        }

        var bandCase: SQLQueryString = "CASE"
        for (index, band) in PriceBand.all.enumerated() {
            bandCase += " WHEN p.price_cents >= \(literal: band.lowCents)"
            if let high = band.highCents { bandCase += " AND p.price_cents <= \(literal: high)" }
            bandCase += " THEN '\(unsafeRaw: String(index))'"
        }
        bandCase += " END"
        let bandCounts = Dictionary(try await grouped(bandCase, except: .price), uniquingKeysWith: +)
        let priceBands = PriceBand.all.enumerated().compactMap { index, band in
            bandCounts[String(index)].map { FacetValue(value: String(index), label: band.label, count: $0) }
        }
        return (total, Facets(categories: categories, brands: brands, conditions: conditions, priceBands: priceBands))
    }

    /// The WHERE clause of a catalog query, able to leave one facet's own filter out.
    struct Filter {
        enum Facet { case category, brand, condition, price }

        let query: CatalogQuery
        let categoryIDs: [Int]?
        /// Set when the chosen category is a top-level one: filter on the stored root instead of an IN list.
        let rootCategoryID: Int?
        let matchQuery: String?
        let search: any SearchDialect
        /// A category slug that does not exist, or a search with no searchable words: nothing can match.
        let matchesNothing: Bool

        init(query: CatalogQuery, tree: CategoryTree, search: any SearchDialect) {
            self.query = query
            self.search = search
            var nothing = false
            if let slug = query.category {
                if let node = tree.node(slug: slug) {
                    categoryIDs = tree.subtreeIDs(of: node.id)
                    rootCategoryID = node.parentID == nil ? node.id : nil
                } else {
                    categoryIDs = []
                    rootCategoryID = nil
                    nothing = true
                }
            } else {
                categoryIDs = nil
                rootCategoryID = nil
            }
            if let text = query.text {
                matchQuery = search.matchQuery(for: text)
                if matchQuery == nil { nothing = true }
            } else {
                matchQuery = nil
            }
            matchesNothing = nothing
        }

        func join(ranked: Bool) -> SQLQueryString {
            guard let matchQuery else { return "" }
            return search.join(matchQuery: matchQuery, ranked: ranked)
        }

        func conditions(except facet: Facet?) -> SQLQueryString {
            var parts: [SQLQueryString] = [CatalogService.listedCondition]
            if let matchQuery { parts.append(search.condition(matchQuery: matchQuery)) }
            if facet != .category {
                if let rootCategoryID {
                    parts.append("p.root_category_id = \(bind: rootCategoryID)")
                } else if let categoryIDs {
                    parts.append(categoryIDs.count == 1 ? "p.category_id = \(bind: categoryIDs[0])" : "p.category_id IN (\(binds: categoryIDs))")
                }
            }
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
                parts.append("EXISTS (SELECT 1 FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = p.id AND t.slug = \(bind: tag))")
            }
            return parts.joined(separator: " AND ")
        }
    }

    static func summary(_ row: any SQLRow) throws -> ProductSummary {
        let price = try row.decode(column: "price_cents", as: Int.self)
        let previous = try row.decode(column: "previous_price_cents", as: Int?.self)
        let changedAt = try row.decode(column: "price_changed_at", as: Date?.self)
        let dropped: Int? =
            if let previous, let changedAt, previous > price, changedAt > Date().addingTimeInterval(-30 * 86_400) { previous } else { nil }
        return ProductSummary(
            id: try row.decode(column: "id", as: Int.self),
            name: try row.decode(column: "name", as: String.self),
            brand: try row.decode(column: "brand", as: String.self),
            model: try row.decode(column: "model", as: String.self),
            condition: Condition(rawValue: try row.decode(column: "condition", as: String.self)) ?? .good,
            priceCents: price,
            droppedFromCents: dropped,
            stock: try row.decode(column: "stock", as: Int.self),
            lowStockThreshold: try row.decode(column: "low_stock_threshold", as: Int.self),
            categoryName: try row.decode(column: "category_name", as: String.self),
            categorySlug: try row.decode(column: "category_slug", as: String.self),
            shopID: try row.decode(column: "shop_id", as: Int.self),
            shopName: try row.decode(column: "shop_name", as: String.self),
            ratingAvg: try row.decode(column: "rating_avg", as: Double.self),
            ratingCount: try row.decode(column: "rating_count", as: Int.self),
            soldCount: try row.decode(column: "sold_count", as: Int.self),
            imageURL: try row.decode(column: "image_path", as: String?.self) ?? "/img/categories/accessories.svg",
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }

    // MARK: Products

    /// A listed product with everything its page shows; `CatalogError.productNotFound` otherwise.
    public func product(id: Int) async throws -> ProductDetail {
        guard
            let row = try await sql.raw(
                """
                SELECT \(Self.summaryColumns), p.description, p.specs, p.year, p.finish, p.status, p.category_id
                FROM products p WHERE p.id = \(bind: id) AND \(Self.listedCondition)
                """
            ).first()
        else { throw CatalogError.productNotFound }
        let summary = try Self.summary(row)
        async let images = sql.raw("SELECT path FROM product_images WHERE product_id = \(bind: id) ORDER BY position, id").all()
        async let tags = sql.raw(
            "SELECT t.id, t.name, t.slug FROM tags t JOIN product_tags pt ON pt.tag_id = t.id WHERE pt.product_id = \(bind: id) ORDER BY t.name"
        ).all()
        async let shop = shop(id: summary.shopID)
        var imagePaths = try await images.map { try $0.decode(column: "path", as: String.self) }
        if imagePaths.isEmpty { imagePaths = [summary.imageURL] }
        return ProductDetail(
            summary: summary,
            description: try row.decode(column: "description", as: String.self),
            specsJSON: try row.decode(column: "specs", as: String?.self),
            year: try row.decode(column: "year", as: Int?.self),
            finish: try row.decode(column: "finish", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            images: imagePaths,
            tags: try await tags.map {
                TagInfo(id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "name", as: String.self), slug: try $0.decode(column: "slug", as: String.self))
            },
            categoryID: try row.decode(column: "category_id", as: Int.self),
            shop: try await shop
        )
    }

    /// Listed products of the same category, most popular first.
    public func related(to product: ProductDetail, limit: Int = 4) async throws -> [ProductSummary] {
        try await sql.raw(
            """
            SELECT \(Self.summaryColumns) FROM products p
            WHERE p.category_id = \(bind: product.categoryID) AND p.id <> \(bind: product.summary.id) AND \(Self.listedCondition)
            ORDER BY p.sold_count DESC, p.id DESC LIMIT \(literal: limit)
            """
        ).all().map(Self.summary)
    }

    /// A product's reviews, newest first.
    public func reviews(productID: Int, page: Int = 1, perPage: Int = 10) async throws -> [ReviewInfo] {
        try await sql.raw(
            """
            SELECT r.id, r.rating, r.title, r.body, r.created_at, u.display_name FROM reviews r JOIN users u ON u.id = r.user_id
            WHERE r.product_id = \(bind: productID) ORDER BY r.created_at DESC, r.id DESC
            LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)
            """
        ).all().map {
            ReviewInfo(
                id: try $0.decode(column: "id", as: Int.self), rating: try $0.decode(column: "rating", as: Int.self),
                title: try $0.decode(column: "title", as: String.self), body: try $0.decode(column: "body", as: String.self),
                authorName: try $0.decode(column: "display_name", as: String.self), createdAt: try $0.decode(column: "created_at", as: Date.self))
        }
    }

    // MARK: Home page shelves

    /// Newest listed products (the home page's "new arrivals"), cached per catalog version.
    public func newArrivals(limit: Int = 8) async throws -> [ProductSummary] {
        var query = CatalogQuery()
        query.perPage = limit
        return try await shelf("new:\(limit)", query)
    }

    /// Best-selling listed products in stock, cached per catalog version.
    public func popular(limit: Int = 8) async throws -> [ProductSummary] {
        var query = CatalogQuery()
        query.sort = .popular
        query.inStock = true
        query.perPage = limit
        return try await shelf("popular:\(limit)", query)
    }

    private func shelf(_ key: String, _ query: CatalogQuery) async throws -> [ProductSummary] {
        try await cache.refresh(on: sql)
        if let cached = cache.extra(key, as: [ProductSummary].self) { return cached }
        let items = try await fetchPage(query, filter: Filter(query: query, tree: try await categoryTree(), search: search))
        cache.store(extra: items, for: key)
        return items
    }

    /// How many listed products each top-level category holds (home page tiles).
    public func topCategoryCounts() async throws -> [(node: CategoryTree.Node, count: Int)] {
        let page = try await search(CatalogQuery())
        let tree = try await categoryTree()
        let counts = Dictionary(page.facets.categories.map { ($0.value, $0.count) }, uniquingKeysWith: +)
        return tree.roots.map { ($0, counts[$0.slug] ?? 0) }
    }

    // MARK: Shops

    static let shopColumns: SQLQueryString = """
        s.id, s.name, s.slug, s.description, s.address, s.contact_email, s.phone, s.logo_path, s.created_at, u.id AS owner_id, u.display_name AS owner_name,
        (SELECT COUNT(*) FROM products p WHERE p.shop_id = s.id AND p.status = 'approved' AND p.active AND p.deleted_at IS NULL) AS product_count,
        (SELECT CAST(COALESCE(SUM(p.rating_avg * p.rating_count), 0) AS DOUBLE PRECISION) FROM products p WHERE p.shop_id = s.id AND p.deleted_at IS NULL) AS rating_sum,
        (SELECT CAST(COALESCE(SUM(p.rating_count), 0) AS BIGINT) FROM products p WHERE p.shop_id = s.id AND p.deleted_at IS NULL) AS rating_count
        """  // SUM is NUMERIC on PostgreSQL: the casts keep both engines answering the same types.

    /// An active shop with its owner; `CatalogError.shopNotFound` otherwise.
    public func shop(id: Int) async throws -> ShopInfo {
        // The counts and ratings sum over the shop's products: cached until the catalog changes.
        try await cache.refresh(on: sql)
        if let cached = cache.extra("shop:\(id)", as: ShopInfo.self) { return cached }
        let shop = try await loadShop(id: id)
        cache.store(extra: shop, for: "shop:\(id)")
        return shop
    }

    private func loadShop(id: Int) async throws -> ShopInfo {
        guard let row = try await sql.raw("SELECT \(Self.shopColumns) FROM shops s JOIN users u ON u.id = s.owner_id WHERE s.id = \(bind: id) AND s.active").first()
        else { throw CatalogError.shopNotFound }
        return try Self.shopInfo(row)
    }

    /// Active shops by name, and how many there are.
    public func shops(page: Int, perPage: Int) async throws -> (items: [ShopInfo], total: Int) {
        async let rows = sql.raw(
            """
            SELECT \(Self.shopColumns) FROM shops s JOIN users u ON u.id = s.owner_id WHERE s.active
            ORDER BY s.name, s.id LIMIT \(literal: perPage) OFFSET \(literal: (page - 1) * perPage)
            """
        ).all()
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM shops WHERE active").first()?.decode(column: "n", as: Int.self) ?? 0
        return (try await rows.map(Self.shopInfo), total)
    }

    static func shopInfo(_ row: any SQLRow) throws -> ShopInfo {
        let ratingCount = try row.decode(column: "rating_count", as: Int.self)
        let ratingSum = try row.decode(column: "rating_sum", as: Double.self)
        return ShopInfo(
            id: try row.decode(column: "id", as: Int.self),
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            contactEmail: try row.decode(column: "contact_email", as: String.self),
            phone: try row.decode(column: "phone", as: String?.self),
            logoURL: try row.decode(column: "logo_path", as: String?.self) ?? "/img/shop-logo.svg",
            ownerID: try row.decode(column: "owner_id", as: Int.self),
            ownerName: try row.decode(column: "owner_name", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            productCount: try row.decode(column: "product_count", as: Int.self),
            ratingAvg: ratingCount == 0 ? 0 : ratingSum / Double(ratingCount),
            ratingCount: ratingCount
        )
    }
}

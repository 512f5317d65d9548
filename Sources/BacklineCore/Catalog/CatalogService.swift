import Foundation
import Logging
import SQLKit

/// The catalog's read side: the one query service that both `GET /products` and `GET /api/v1/products`
/// call, plus product, shop and category look-ups.
///
/// Filtering, counting, facets and sorting come from the in-memory `CatalogIndex` (kept current by `CatalogFeed`);
/// the database answers full-text matches (FTS5 / `tsvector`) and the few rows a page shows, by primary key, with
/// cards kept per product revision in `CardStore`. Nothing here stores a whole answer: every query is computed.
public struct CatalogService: Sendable {
    let database: BacklineDatabase
    public let feed: CatalogFeed
    public let cards: CardStore
    let search: any SearchDialect

    public init(database: BacklineDatabase, feed: CatalogFeed, cards: CardStore = CardStore()) {
        self.database = database
        self.feed = feed
        self.cards = cards
        self.search = database.engine == .sqlite ? SQLiteSearch() : PostgresSearch()
    }

    var sql: any SQLDatabase { database.sql }
    var index: CatalogIndex { feed.index }

    /// Only products that are active, approved, not deleted, in an active shop are ever listed (the index's
    /// `Packed.listed` is the same rule). The shop test is an IN over the (few) active shops, not a join: joining
    /// made SQLite build a Bloom filter and walk far more rows than a page needs. The unary `+` keeps the planner
    /// from answering that IN through the shop index and then sorting everything.
    static let listedCondition: SQLQueryString =
        "p.status = 'approved' AND p.active AND p.deleted_at IS NULL AND +p.shop_id IN (SELECT id FROM shops WHERE active)"

    /// A card's columns; shop and category names come from scalar subqueries run for the returned rows only.
    static let summaryColumns: SQLQueryString = """
        p.id, p.name, p.brand, p.model, p.condition, p.price_cents, p.previous_price_cents, p.price_changed_at, \(StockHolds.free) AS stock,
        p.low_stock_threshold, p.rating_avg, p.rating_count, p.sold_count, p.image_path, p.created_at, p.shop_id,
        (SELECT c.name FROM categories c WHERE c.id = p.category_id) AS category_name,
        (SELECT c.slug FROM categories c WHERE c.id = p.category_id) AS category_slug,
        (SELECT s.name FROM shops s WHERE s.id = p.shop_id) AS shop_name
        """

    // MARK: Category tree

    /// The category tree, as the index holds it.
    public func categoryTree() async throws -> CategoryTree {
        try await feed.ensureFresh()
        return index.tree
    }

    // MARK: The catalog query

    /// Runs the catalog query: one page of results, the total and the facets.
    public func search(_ query: CatalogQuery) async throws -> CatalogPage {
        try await feed.ensureFresh()
        let tree = index.tree
        let empty = CatalogPage(
            items: [], total: 0, page: query.page, perPage: query.perPage, facets: Facets(categories: [], brands: [], conditions: [], priceBands: []))
        guard let resolved = try await resolve(query, tree: tree) else { return empty }
        let answer = index.evaluate(resolved)
        return CatalogPage(
            items: try await summaries(answer.pageIDs), total: answer.total, page: query.page, perPage: query.perPage,
            facets: Self.facets(answer, tree: tree))
    }

    /// The query in the index's terms, with the database's text matches; nil when nothing can match (a category
    /// slug that does not exist, a search with no searchable words).
    func resolve(_ query: CatalogQuery, tree: CategoryTree) async throws -> IndexQuery? {
        var resolved = IndexQuery()
        if let slug = query.category {
            guard let node = tree.node(slug: slug) else { return nil }
            resolved.categoryIDs = Set(tree.subtreeIDs(of: node.id))
        }
        if !query.brands.isEmpty { resolved.brands = query.brands }
        if !query.conditions.isEmpty { resolved.conditions = query.conditions }
        resolved.minPriceCents = query.minPriceCents
        resolved.maxPriceCents = query.maxPriceCents
        resolved.minRating = query.minRating
        resolved.inStock = query.inStock
        resolved.shopID = query.shopID
        resolved.tagSlug = query.tag
        if let text = query.text {
            guard let match = try await search.matches(text, on: sql) else { return nil }
            resolved.text = match
        }
        resolved.order = query.effectiveSort
        resolved.limit = query.perPage
        resolved.offset = query.after == nil ? (query.page - 1) * query.perPage : 0
        resolved.after = query.after
        return resolved
    }

    /// The index's counts as the facets the pages and the API show: categories rolled up the tree (a parent counts
    /// everything below it), brands by count then name, conditions and price bands in their own order.
    static func facets(_ answer: IndexAnswer, tree: CategoryTree) -> Facets {
        func subtreeCount(_ id: Int) -> Int { tree.subtreeIDs(of: id).reduce(0) { $0 + (answer.categoryCounts[$1] ?? 0) } }
        let categories = tree.flattened().compactMap { entry -> FacetValue? in
            let count = subtreeCount(entry.node.id)
            return count == 0 ? nil : FacetValue(value: entry.node.slug, label: entry.node.name, count: count, depth: entry.depth)
        }
        let brands = answer.brandCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
            FacetValue(value: $0.key, label: $0.key, count: $0.value)
        }
        let conditions = Condition.allCases.compactMap { condition in
            answer.conditionCounts[condition].map { FacetValue(value: condition.rawValue, label: condition.label, count: $0) }
        }
        let priceBands = PriceBand.all.enumerated().compactMap { index, band in
            answer.bandCounts[index] > 0 ? FacetValue(value: String(index), label: band.label, count: answer.bandCounts[index]) : nil
        }
        return Facets(categories: categories, brands: brands, conditions: conditions, priceBands: priceBands)
    }

    /// The cards of these products in this order: from `CardStore` when its revision is current, else read by id in
    /// one query. A product gone from the database since the index answered is left out.
    func summaries(_ ids: [Int]) async throws -> [ProductSummary] {
        guard !ids.isEmpty else { return [] }
        let revisions = index.revisions(of: ids)
        var found = cards.summaries(ids, revisions: revisions)
        let missing = ids.filter { found[$0] == nil }
        if !missing.isEmpty {
            let revisionByID = Dictionary(zip(ids, revisions), uniquingKeysWith: { first, _ in first })
            var read = try await sql.raw("SELECT \(Self.summaryColumns) FROM products p WHERE p.id IN (\(binds: missing))").all().map(Self.summary)
            for index in read.indices { read[index].revision = revisionByID[read[index].id] ?? 0 }
            cards.store(read)
            for summary in read { found[summary.id] = summary }
        }
        return ids.compactMap { found[$0] }
    }

    /// Read by hand, not through `SQLRowDecoder`: every card of every listing, search and home page is read here.
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
        var summary = try Self.summary(row)
        summary.revision = index.revision(of: id)
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
                TagInfo(
                    id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "name", as: String.self),
                    slug: try $0.decode(column: "slug", as: String.self))
            },
            categoryID: try row.decode(column: "category_id", as: Int.self),
            shop: try await shop
        )
    }

    /// Listed products of the same category, most popular first.
    public func related(to product: ProductDetail, limit: Int = 4) async throws -> [ProductSummary] {
        try await feed.ensureFresh()
        let query = IndexQuery(categoryIDs: [product.categoryID], excludeID: product.summary.id, order: .popular, limit: limit)
        return try await summaries(index.evaluate(query, countFacets: false).pageIDs)
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

    /// Newest listed products (the home page's "new arrivals").
    public func newArrivals(limit: Int = 8) async throws -> [ProductSummary] {
        try await shelf(IndexQuery(order: .newest, limit: limit))
    }

    /// Best-selling listed products in stock.
    public func popular(limit: Int = 8) async throws -> [ProductSummary] {
        try await shelf(IndexQuery(inStock: true, order: .popular, limit: limit))
    }

    private func shelf(_ query: IndexQuery) async throws -> [ProductSummary] {
        try await feed.ensureFresh()
        return try await summaries(index.evaluate(query, countFacets: false).pageIDs)
    }

    /// How many listed products each top-level category holds (home page tiles).
    public func topCategoryCounts() async throws -> [(node: CategoryTree.Node, count: Int)] {
        try await feed.ensureFresh()
        let tree = index.tree
        let facets = Self.facets(index.evaluate(IndexQuery(limit: 0)), tree: tree)
        let counts = Dictionary(facets.categories.map { ($0.value, $0.count) }, uniquingKeysWith: +)
        return tree.roots.map { ($0, counts[$0.slug] ?? 0) }
    }

    // MARK: Shops

    static let shopColumns: SQLQueryString = """
        s.id, s.name, s.slug, s.description, s.address, s.contact_email, s.phone, s.logo_path, s.created_at, u.id AS owner_id, u.display_name AS owner_name
        """

    /// An active shop with its owner; `CatalogError.shopNotFound` otherwise. Its listing count and rating (over the
    /// products it has not deleted) come from the index.
    public func shop(id: Int) async throws -> ShopInfo {
        try await feed.ensureFresh()
        guard
            let row = try await sql.raw(
                "SELECT \(Self.shopColumns) FROM shops s JOIN users u ON u.id = s.owner_id WHERE s.id = \(bind: id) AND s.active"
            ).first()
        else { throw CatalogError.shopNotFound }
        return try shopInfo(row)
    }

    /// Active shops by name, and how many there are.
    public func shops(page: Int, perPage: Int) async throws -> (items: [ShopInfo], total: Int) {
        try await feed.ensureFresh()
        async let rows = sql.raw(
            """
            SELECT \(Self.shopColumns) FROM shops s JOIN users u ON u.id = s.owner_id WHERE s.active
            ORDER BY s.name, s.id LIMIT \(literal: perPage) OFFSET \(literal: (page - 1) * perPage)
            """
        ).all()
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM shops WHERE active").first()?.decode(column: "n", as: Int.self) ?? 0
        return (try await rows.map(shopInfo), total)
    }

    func shopInfo(_ row: any SQLRow) throws -> ShopInfo {
        let id = try row.decode(column: "id", as: Int.self)
        let stats = index.shopStats(id)
        return ShopInfo(
            id: id,
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
            productCount: stats.listed,
            ratingAvg: stats.ratingCount == 0 ? 0 : stats.ratingSum / Double(stats.ratingCount),
            ratingCount: stats.ratingCount
        )
    }
}

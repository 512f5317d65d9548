import BacklineCore
import Foundation
import Hummingbird

/// The pagination envelope every API list answers with.
struct PageEnvelope<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int
    let totalPages: Int
}

extension PageEnvelope {
    init(items: [Item], page: Int, perPage: Int, total: Int) {
        self.init(items: items, page: page, perPage: perPage, total: total, totalPages: ListQuery.pageCount(total: total, perPage: perPage))
    }

    /// A list that is always answered whole (categories, addresses) in the same envelope as paged ones.
    static func single(_ items: [Item]) -> PageEnvelope {
        PageEnvelope(items: items, page: 1, perPage: max(items.count, 1), total: items.count, totalPages: items.isEmpty ? 0 : 1)
    }
}

struct ProductItem: Encodable, Sendable {
    struct ShopRef: Encodable, Sendable {
        let id: Int
        let name: String
    }

    let id: Int
    let name: String
    let brand: String
    let model: String
    let condition: String
    let priceCents: Int
    let currency = "USD"
    let stock: Int
    let category: String
    let categoryName: String
    let shop: ShopRef
    let ratingAvg: Double
    let ratingCount: Int
    let soldCount: Int
    let imageUrl: String
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, brand, model, condition, currency, stock, category, shop
        case priceCents = "price_cents", categoryName = "category_name", ratingAvg = "rating_avg", ratingCount = "rating_count"
        case soldCount = "sold_count", imageUrl = "image_url", createdAt = "created_at"
    }

    init(_ product: ProductSummary) {
        id = product.id
        name = product.name
        brand = product.brand
        model = product.model
        condition = product.condition.rawValue
        priceCents = product.priceCents
        stock = product.stock
        category = product.categorySlug
        categoryName = product.categoryName
        shop = ShopRef(id: product.shopID, name: product.shopName)
        ratingAvg = (product.ratingAvg * 100).rounded() / 100
        ratingCount = product.ratingCount
        soldCount = product.soldCount
        imageUrl = product.imageURL
        createdAt = product.createdAt
    }
}

struct ProductDetailItem: Encodable, Sendable {
    struct Seller: Encodable, Sendable {
        let id: Int
        let displayName: String
    }
    struct Tag: Encodable, Sendable {
        let name: String
        let slug: String
    }

    let item: ProductItem
    let description: String
    let year: Int?
    let finish: String?
    let images: [String]
    let tags: [Tag]
    let seller: Seller
    let status: String

    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        enum Keys: String, CodingKey { case description, year, finish, images, tags, seller, status }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(description, forKey: .description)
        try container.encode(year, forKey: .year)
        try container.encode(finish, forKey: .finish)
        try container.encode(images, forKey: .images)
        try container.encode(tags, forKey: .tags)
        try container.encode(seller, forKey: .seller)
        try container.encode(status, forKey: .status)
    }
}

struct FacetsItem: Encodable, Sendable {
    struct Value: Encodable, Sendable {
        let value: String
        let label: String
        let count: Int
    }
    let category: [Value]
    let brand: [Value]
    let condition: [Value]
    let price: [Value]

    init(_ facets: Facets) {
        func values(_ list: [FacetValue]) -> [Value] { list.map { Value(value: $0.value, label: $0.label, count: $0.count) } }
        category = values(facets.categories)
        brand = values(facets.brands)
        condition = values(facets.conditions)
        // Price bands name their range in dollars, the unit the min_price/max_price parameters take.
        price = facets.priceBands.map { facet in
            let band = PriceBand.all[Int(facet.value) ?? 0]
            let range = "\(Money.dollarsString(band.lowCents))-\(band.highCents.map { Money.dollarsString($0 + 1) } ?? "")"
            return Value(value: range, label: facet.label, count: facet.count)
        }
    }
}

struct ProductPageEnvelope: Encodable, Sendable, SnakeCaseKeyed {
    let items: [ProductItem]
    let page: Int
    let perPage: Int
    let total: Int
    let totalPages: Int
    let facets: FacetsItem
    /// Pass as `cursor` for the results after this page; null when this page is the last (or sorted by relevance).
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items, page, total, facets
        case perPage = "per_page", totalPages = "total_pages", nextCursor = "next_cursor"
    }

    init(_ page: CatalogPage, sort: CatalogQuery.Sort) {
        items = page.items.map(ProductItem.init)
        self.page = page.page
        perPage = page.perPage
        total = page.total
        totalPages = page.totalPages
        facets = FacetsItem(page.facets)
        // A full page may have more after it; a short one is the end.
        nextCursor = sort == .relevance || page.items.count < page.perPage ? nil : page.items.last.map { CatalogCursor.encode(after: $0.id) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(page, forKey: .page)
        try container.encode(perPage, forKey: .perPage)
        try container.encode(total, forKey: .total)
        try container.encode(totalPages, forKey: .totalPages)
        try container.encode(facets, forKey: .facets)
        try container.encode(nextCursor, forKey: .nextCursor)  // null, not left out: clients loop until it is null
    }
}

struct CategoryItem: Encodable, Sendable {
    let id: Int
    let name: String
    let slug: String
    let parentId: Int?
}

struct ShopItem: Encodable, Sendable {
    struct Owner: Encodable, Sendable {
        let id: Int
        let displayName: String
    }
    let id: Int
    let name: String
    let slug: String
    let description: String
    let address: String
    let contactEmail: String
    let phone: String?
    let logoUrl: String
    let owner: Owner
    let productCount: Int
    let createdAt: Date

    init(_ shop: ShopInfo) {
        id = shop.id
        name = shop.name
        slug = shop.slug
        description = shop.description
        address = shop.address
        contactEmail = shop.contactEmail
        phone = shop.phone
        logoUrl = shop.logoURL
        owner = Owner(id: shop.ownerID, displayName: shop.ownerName)
        productCount = shop.productCount
        createdAt = shop.createdAt
    }
}

/// `GET /api/v1/products`, `/products/{id}`, `/categories`, `/shops…`: the same service the pages call.
struct CatalogAPIRoutes: Sendable {
    let catalog: CatalogService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("products", use: products)
        group.get("products/:id", use: product)
        group.get("categories", use: categories)
        group.get("shops", use: shops)
        group.get("shops/:id", use: shop)
        group.get("shops/:id/products", use: shopProducts)
    }

    /// The strict reading: any bad parameter is a 400 problem naming it.
    static func query(_ request: Request) throws -> CatalogQuery {
        try CatalogQuery.parse(QueryString.parse(request.uri.query), strict: true)
    }

    static func id(_ context: some RequestContext, notFound: String) throws -> Int {
        try context.pathID(or: Problem(.notFound, notFound))
    }

    @Sendable func products(request: Request, context: AppRequestContext) async throws -> JSONBody<ProductPageEnvelope> {
        let query = try Self.query(request)
        return JSONBody(ProductPageEnvelope(try await catalog.search(query), sort: query.effectiveSort))
    }

    @Sendable func product(request: Request, context: AppRequestContext) async throws -> JSONBody<ProductDetailItem> {
        let detail = try await catalog.product(id: try Self.id(context, notFound: "No product with that id."))
        return JSONBody(
            ProductDetailItem(
                item: ProductItem(detail.summary), description: detail.description, year: detail.year, finish: detail.finish, images: detail.images,
                tags: detail.tags.map { .init(name: $0.name, slug: $0.slug) },
                seller: .init(id: detail.shop.ownerID, displayName: detail.shop.ownerName),
                status: detail.status))
    }

    @Sendable func categories(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<CategoryItem>> {
        let tree = try await catalog.categoryTree()
        let items = tree.flattened().map { CategoryItem(id: $0.node.id, name: $0.node.name, slug: $0.node.slug, parentId: $0.node.parentID) }
        return JSONBody(.single(items))
    }

    @Sendable func shops(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<ShopItem>> {
        let paging = try ListQuery.paging(request)
        let (items, total) = try await catalog.shops(page: paging.page, perPage: paging.perPage)
        return JSONBody(PageEnvelope(items: items.map(ShopItem.init), page: paging.page, perPage: paging.perPage, total: total))
    }

    @Sendable func shop(request: Request, context: AppRequestContext) async throws -> JSONBody<ShopItem> {
        JSONBody(ShopItem(try await catalog.shop(id: try Self.id(context, notFound: "No shop with that id."))))
    }

    @Sendable func shopProducts(request: Request, context: AppRequestContext) async throws -> JSONBody<ProductPageEnvelope> {
        let id = try Self.id(context, notFound: "No shop with that id.")
        _ = try await catalog.shop(id: id)
        var query = try Self.query(request)
        query.shopID = id
        return JSONBody(ProductPageEnvelope(try await catalog.search(query), sort: query.effectiveSort))
    }
}

import Foundation

/// A product as a card or an API list item shows it.
public struct ProductSummary: Sendable {
    public var id: Int
    public var name: String
    public var brand: String
    public var model: String
    public var condition: Condition
    public var priceCents: Int
    /// The price before the last change, when it dropped within the last 30 days.
    public var droppedFromCents: Int?
    public var stock: Int
    public var lowStockThreshold: Int
    public var categoryName: String
    public var categorySlug: String
    public var shopID: Int
    public var shopName: String
    public var ratingAvg: Double
    public var ratingCount: Int
    public var soldCount: Int
    public var imageURL: String
    public var createdAt: Date
    /// The catalog index's revision of the product when this was read (0 when read outside the catalog): what its
    /// stored card is keyed by.
    public var revision: UInt32 = 0
}

/// Everything the product page and `GET /api/v1/products/{id}` show.
public struct ProductDetail: Sendable {
    public var summary: ProductSummary
    public var description: String
    /// `[[name, value], …]` as JSON, for the specs table.
    public var specsJSON: String?
    public var year: Int?
    public var finish: String?
    public var status: String
    public var images: [String]
    public var tags: [TagInfo]
    public var categoryID: Int
    public var shop: ShopInfo
}

public struct TagInfo: Sendable, Hashable, Decodable {
    public var id: Int
    public var name: String
    public var slug: String
}

/// A review as the product page lists it.
public struct ReviewInfo: Sendable {
    public var id: Int
    public var rating: Int
    public var title: String
    public var body: String
    public var authorName: String
    public var createdAt: Date

    public init(id: Int, rating: Int, title: String, body: String, authorName: String, createdAt: Date) {
        (self.id, self.rating, self.title, self.body, self.authorName, self.createdAt) = (id, rating, title, body, authorName, createdAt)
    }
}

/// A shop with its owner, as shop pages and `/api/v1/shops` show it.
public struct ShopInfo: Sendable {
    public var id: Int
    public var name: String
    public var slug: String
    public var description: String
    public var address: String
    public var contactEmail: String
    public var phone: String?
    public var logoURL: String
    public var ownerID: Int
    public var ownerName: String
    public var createdAt: Date
    public var productCount: Int
    public var ratingAvg: Double
    public var ratingCount: Int
}

/// One value of a facet with how many products of the current query have it.
public struct FacetValue: Sendable, Equatable {
    public var value: String
    public var label: String
    public var count: Int
    /// Nesting depth, for the category facet (0 = top level).
    public var depth: Int = 0

    public init(value: String, label: String, count: Int, depth: Int = 0) {
        self.value = value
        self.label = label
        self.count = count
        self.depth = depth
    }
}

/// Counts beside the filters. Each facet is counted with every filter but its own, so choosing
/// one brand still shows how many the other brands would add.
public struct Facets: Sendable {
    public var categories: [FacetValue]
    public var brands: [FacetValue]
    public var conditions: [FacetValue]
    public var priceBands: [FacetValue]
}

/// A page of the catalog query's results.
public struct CatalogPage: Sendable {
    public var items: [ProductSummary]
    public var total: Int
    public var page: Int
    public var perPage: Int
    public var facets: Facets
    public var totalPages: Int { ListQuery.pageCount(total: total, perPage: perPage) }
}

/// A price band of the price facet: `[lowCents, highCents]`, high nil for "and up".
public struct PriceBand: Sendable {
    public var lowCents: Int
    public var highCents: Int?

    public static let all: [PriceBand] = [
        .init(lowCents: 0, highCents: 9_999), .init(lowCents: 10_000, highCents: 24_999), .init(lowCents: 25_000, highCents: 49_999),
        .init(lowCents: 50_000, highCents: 99_999), .init(lowCents: 100_000, highCents: 249_999), .init(lowCents: 250_000, highCents: nil),
    ]

    public var label: String {
        func whole(_ cents: Int) -> String { Money.format(cents).replacing(".00", with: "") }
        if lowCents == 0, let highCents { return "Under \(whole(highCents + 1))" }
        guard let highCents else { return "\(whole(lowCents)) and up" }
        return "\(whole(lowCents)) – \(whole(highCents + 1))"
    }
}

/// Errors of the catalog, mapped to 404 by both surfaces.
public enum CatalogError: Error, Equatable, Sendable {
    case productNotFound
    case shopNotFound
}

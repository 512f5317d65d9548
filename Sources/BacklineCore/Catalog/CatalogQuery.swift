import Foundation

/// The catalog query of CONTRACT §3, shared by `GET /products` and `GET /api/v1/products`.
public struct CatalogQuery: Sendable, Hashable {
    public enum Sort: String, Sendable, CaseIterable {
        case relevance, newest, priceAsc = "price_asc", priceDesc = "price_desc", popular, rating
    }

    public var text: String?
    public var category: String?
    public var brands: [String] = []
    public var conditions: [Condition] = []
    public var minPriceCents: Int?
    public var maxPriceCents: Int?
    public var minRating: Int?
    public var inStock = false
    public var shopID: Int?
    public var tag: String?
    public var sort: Sort = .newest
    public var page = 1
    public var perPage = ListQuery.defaultPerPage
    /// Keyset paging (the API's `cursor`): the results that follow this product in the query's order.
    public var after: Int?

    /// Every text parameter is bounded, so no query (a cache key, a page echoing it) grows with what a visitor sends.
    public static let maxTextLength = 200
    public static let maxValueLength = 100
    public static let maxBrands = 20

    public init() {}

    /// The sort that applies when the client names none: relevance for a search, newest otherwise.
    public var effectiveSort: Sort {
        sort == .relevance && text == nil ? .newest : sort
    }

    /// The same query without paging: what counts and facets are cached by.
    var filterKey: CatalogQuery {
        var key = self
        key.page = 1
        key.perPage = 0
        key.sort = .newest
        key.after = nil
        return key
    }
}

extension CatalogQuery {
    /// Reads the query from URL query pairs (repeated keys allowed).
    ///
    /// - strict: the API's reading: any bad value throws the problems found (400).
    /// - lenient: the HTML page's reading: bad values are dropped or clamped so the page still works.
    public static func parse(_ pairs: [(String, String)], strict: Bool) throws(QueryProblems) -> CatalogQuery {
        var query = CatalogQuery()
        var problems: [QueryProblem] = []
        func bad(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }
        var sortGiven = false

        for (key, rawValue) in pairs {
            // Bounded before anything else is done with it (trimming a 60,000-character value costs too).
            if ["category", "brand", "tag"].contains(key), rawValue.utf8.count > maxValueLength * 4 || rawValue.count > maxValueLength {
                bad(key, "must be at most \(maxValueLength) characters")
                continue
            }
            let value = (key == "q" ? String(rawValue.prefix(maxTextLength * 2)) : rawValue).trimmingCharacters(in: .whitespaces)
            switch key {
            case "q":
                if !value.isEmpty { query.text = String(value.prefix(maxTextLength)) }
            case "category":
                if !value.isEmpty { query.category = value }
            case "brand":
                guard !value.isEmpty, !query.brands.contains(value) else { continue }
                if query.brands.count < maxBrands { query.brands.append(value) } else { bad("brand", "may be given at most \(maxBrands) times") }
            case "condition":
                if value.isEmpty { continue }
                if let condition = Condition(rawValue: value) {
                    if !query.conditions.contains(condition) { query.conditions.append(condition) }
                } else {
                    bad("condition", "must be one of \(Condition.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            case "min_price", "max_price":
                if value.isEmpty { continue }
                if let cents = Money.parseDollars(value) {
                    if key == "min_price" { query.minPriceCents = cents } else { query.maxPriceCents = cents }
                } else {
                    bad(key, "must be an amount in dollars, like 150 or 149.99")
                }
            case "min_rating":
                if value.isEmpty { continue }
                if let rating = Int(value), (1...5).contains(rating) {
                    query.minRating = rating
                } else if let rating = Int(value), !strict {
                    query.minRating = min(max(rating, 1), 5)
                } else {
                    bad("min_rating", "must be a whole number from 1 to 5")
                }
            case "in_stock":
                // An empty value (an unticked box's leftover) is false.
                if let flag = value.isEmpty ? false : ListQuery.bool(value) { query.inStock = flag } else { bad("in_stock", "must be true or false") }
            case "shop":
                if value.isEmpty { continue }
                if let id = ListQuery.shopID(value) { query.shopID = id } else { bad("shop", ListQuery.shopIDProblem) }
            case "tag":
                if !value.isEmpty { query.tag = value }
            case "sort":
                if value.isEmpty { continue }
                if let sort = Sort(rawValue: value) {
                    query.sort = sort
                    sortGiven = true
                } else {
                    bad("sort", "must be one of \(Sort.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            case "page", "per_page":
                continue  // read below, as every list reads them
            case "cursor":
                // Pages have page numbers; the cursor is for API clients walking the whole catalog.
                guard strict, !value.isEmpty else { continue }
                if let id = CatalogCursor.decode(value) { query.after = id } else { bad("cursor", "is not a cursor this API gave out") }
            default:
                continue  // unknown parameters (utm_*, cache busters) are ignored on both surfaces
            }
        }
        var paging = ListQuery(pairs)
        (query.page, query.perPage) = (paging.page(), paging.perPage())
        problems += paging.problems
        if !sortGiven { query.sort = query.text == nil ? .newest : .relevance }
        if let low = query.minPriceCents, let high = query.maxPriceCents, low > high {
            if strict { bad("min_price", "must not be more than max_price") } else { (query.minPriceCents, query.maxPriceCents) = (high, low) }
        }
        if query.after != nil {
            if query.page != 1 { bad("cursor", "use either cursor or page, not both") }
            if query.effectiveSort == .relevance { bad("cursor", "is not available when sorting by relevance; use page") }
        }
        if strict && !problems.isEmpty {
            // In the order the query names them, so a client reads them as it wrote them.
            let position = { (field: String) in pairs.firstIndex { $0.0 == field } ?? pairs.count }
            throw QueryProblems(problems: problems.enumerated().sorted { (position($0.1.field), $0.0) < (position($1.1.field), $1.0) }.map(\.1))
        }
        return query
    }

    /// The query as URL pairs again (for links that keep the current filters), without defaults.
    public func pairs(includingPage: Bool = true) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let text { pairs.append(("q", text)) }
        if let category { pairs.append(("category", category)) }
        pairs += brands.map { ("brand", $0) }
        pairs += conditions.map { ("condition", $0.rawValue) }
        if let minPriceCents { pairs.append(("min_price", Money.dollarsString(minPriceCents))) }
        if let maxPriceCents { pairs.append(("max_price", Money.dollarsString(maxPriceCents))) }
        if let minRating { pairs.append(("min_rating", String(minRating))) }
        if inStock { pairs.append(("in_stock", "true")) }
        if let shopID { pairs.append(("shop", String(shopID))) }
        if let tag { pairs.append(("tag", tag)) }
        let defaultSort: Sort = text == nil ? .newest : .relevance
        if sort != defaultSort { pairs.append(("sort", sort.rawValue)) }
        if perPage != ListQuery.defaultPerPage { pairs.append(("per_page", String(perPage))) }
        if includingPage && page > 1 { pairs.append(("page", String(page))) }
        return pairs
    }
}

/// The API's opaque cursor: the last product of a page, so the next page starts after it in the same order.
public enum CatalogCursor {
    public static func encode(after id: Int) -> String {
        Data("p1:\(id)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> Int? {
        guard text.count <= 40 else { return nil }
        var padded = text
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let plain = String(data: data, encoding: .utf8), plain.hasPrefix("p1:"),
            let id = Int(plain.dropFirst(3)), id > 0
        else { return nil }
        return id
    }
}

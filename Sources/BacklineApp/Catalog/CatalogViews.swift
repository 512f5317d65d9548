import BacklineCore
import Foundation

/// A product card as every grid draws it.
struct CardView: Sendable {
    let id: Int
    let href: String
    let name: String
    let sub: String
    let conditionLabel: String
    let conditionClass: String
    let price: String
    let oldPrice: String?
    let rating: RatingView?
    let shopName: String
    let image: String
    let alt: String
    let stockNote: String?

    init(_ product: ProductSummary) {
        id = product.id
        href = "/products/\(product.id)"
        name = product.name
        sub = "\(product.brand) · \(product.model)"
        conditionLabel = product.condition.label
        conditionClass = "cond-\(product.condition.rawValue)"
        price = Money.format(product.priceCents)
        oldPrice = product.droppedFromCents.map(Money.format)
        rating = RatingView(average: product.ratingAvg, count: product.ratingCount)
        shopName = product.shopName
        image = product.imageURL
        alt = "\(product.name), \(product.condition.label.lowercased()) condition"
        stockNote =
            product.stock == 0
            ? "Sold out" : product.stock <= product.lowStockThreshold && product.lowStockThreshold > 1 ? "Only \(product.stock) left" : nil
    }
}

/// Stars as text (no images, no inline style) with a spoken label.
struct RatingView: Sendable {
    let stars: String
    let label: String
    let average: String
    let count: Int

    init?(average: Double, count: Int) {
        guard count > 0 else { return nil }
        let rounded = Int(average.rounded())
        stars = Format.stars(rounded)
        self.average = Format.oneDecimal(average)
        label = "Rated \(self.average) out of 5 by \(count) \(count == 1 ? "buyer" : "buyers")"
        self.count = count
    }
}

struct LinkView: Sendable {
    let label: String
    let href: String
}

/// One option of a filter group in the sidebar form.
struct FacetOption: Sendable {
    let name: String
    let value: String
    let label: String
    let count: String
    let checked: Bool
    let depthClass: String
    let inputID: String
}

struct SortOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

struct PageLink: Sendable {
    let number: Int
    let href: String
    let current: Bool
    let gap: Bool
}

struct PaginationView: Sendable {
    let prev: String?
    let next: String?
    let pages: [PageLink]

    init(prev: String?, next: String?, pages: [PageLink]) { (self.prev, self.next, self.pages) = (prev, next, pages) }

    /// Links around the current page (first, last, two either side, gaps between); nil when one page holds it all.
    init?(current: Int, totalPages: Int, href: (Int) -> String) {
        guard totalPages > 1 || current > 1 else { return nil }
        var numbers = Set([1, totalPages, current - 2, current - 1, current, current + 1, current + 2].filter { $0 >= 1 && $0 <= totalPages })
        if current > totalPages { numbers.insert(totalPages) }
        var pages: [PageLink] = []
        var previous = 0
        for number in numbers.sorted() {
            if number > previous + 1 { pages.append(PageLink(number: 0, href: "", current: false, gap: true)) }
            pages.append(PageLink(number: number, href: href(number), current: number == current, gap: false))
            previous = number
        }
        self.init(
            prev: current > 1 ? href(min(current - 1, max(totalPages, 1))) : nil, next: current < totalPages ? href(current + 1) : nil, pages: pages)
    }

    /// Pages of a simple list at `path` (`?page=N`).
    static func simple(path: String, page: Int, pageCount: Int) -> PaginationView? {
        PaginationView(current: page, totalPages: pageCount) { $0 == 1 ? path : "\(path)?page=\($0)" }
    }
}

/// The listing: filters with counts, sort, chips, cards and pagination. Used by `/products` and `/shops/{id}`.
struct ListingView: Sendable {
    let action: String
    let heading: String
    let resultCount: String
    let cards: [CardHTML]
    let hidden: [LinkView]  // hidden inputs (label = name, href = value) that the filter form keeps
    let keep: [LinkView]  // hidden inputs of the sort form: every filter, no sort, no page
    let categoryOptions: [FacetOption]
    let brandOptions: [FacetOption]
    let conditionOptions: [FacetOption]
    let priceBands: [FacetOption]
    let ratingOptions: [FacetOption]
    let inStock: Bool
    let minPrice: String
    let maxPrice: String
    let sortOptions: [SortOption]
    let chips: [LinkView]
    let clearHref: String
    let pagination: PaginationView?
    let empty: Bool
    let suggestions: [String]
    let searchText: String
    /// The filter sidebar rendered from `partials/filters` (cached per query; see `WebContext.filters`).
    var filtersHTML = ""

    static let sortLabels: [(CatalogQuery.Sort, String)] = [
        (.relevance, "Best match"), (.newest, "Newest"), (.priceAsc, "Price: low to high"), (.priceDesc, "Price: high to low"),
        (.popular, "Most popular"), (.rating, "Top rated"),
    ]

    init(path: String, heading: String, query: CatalogQuery, page result: CatalogPage, cards: [CardHTML], fixed: [(String, String)] = []) {
        action = path
        self.heading = heading
        searchText = query.text ?? ""
        let count = result.total
        resultCount = count == 1 ? "1 result" : "\(Format.count(count)) results"
        self.cards = cards

        // Links keep every filter; `fixed` pairs (the shop of a shop page) are part of the path's meaning.
        func link(_ change: (inout CatalogQuery) -> Void) -> String {
            var changed = query
            change(&changed)
            changed.page = 1
            return QueryString.url(path, changed.pairs().filter { pair in !fixed.contains { $0 == pair } })
        }

        var hidden: [LinkView] = []
        if let text = query.text { hidden.append(LinkView(label: "q", href: text)) }
        if query.sort != (query.text == nil ? .newest : .relevance) { hidden.append(LinkView(label: "sort", href: query.sort.rawValue)) }
        if query.perPage != ListQuery.defaultPerPage { hidden.append(LinkView(label: "per_page", href: String(query.perPage))) }
        if let tag = query.tag { hidden.append(LinkView(label: "tag", href: tag)) }
        self.hidden = hidden
        keep = query.pairs(includingPage: false).filter { pair in pair.0 != "sort" && !fixed.contains { $0 == pair } }
            .map { LinkView(label: $0.0, href: $0.1) }

        categoryOptions =
            [
                FacetOption(
                    name: "category", value: "", label: "All categories", count: "", checked: query.category == nil, depthClass: "depth-0",
                    inputID: "cat-all")
            ]
            + result.facets.categories.map {
                FacetOption(
                    name: "category", value: $0.value, label: $0.label, count: String($0.count), checked: $0.value == query.category,
                    depthClass: "depth-\($0.depth)", inputID: "cat-\($0.value)")
            }
        var brands = Array(result.facets.brands.prefix(15))
        for chosen in query.brands where !brands.contains(where: { $0.value == chosen }) {
            brands.append(result.facets.brands.first { $0.value == chosen } ?? FacetValue(value: chosen, label: chosen, count: 0))
        }
        brandOptions = brands.enumerated().map { index, brand in
            FacetOption(
                name: "brand", value: brand.value, label: brand.label, count: String(brand.count), checked: query.brands.contains(brand.value),
                depthClass: "depth-0", inputID: "brand-\(index)")
        }
        conditionOptions = result.facets.conditions.map {
            FacetOption(
                name: "condition", value: $0.value, label: $0.label, count: String($0.count),
                checked: query.conditions.map(\.rawValue).contains($0.value), depthClass: "depth-0", inputID: "cond-\($0.value)")
        }
        priceBands = result.facets.priceBands.map { facet in
            let band = PriceBand.all[Int(facet.value) ?? 0]
            let href = link {
                $0.minPriceCents = band.lowCents == 0 ? nil : band.lowCents
                $0.maxPriceCents = band.highCents.map { $0 + 1 }
            }
            return FacetOption(
                name: "price", value: href, label: facet.label, count: String(facet.count), checked: false, depthClass: "depth-0", inputID: "")
        }
        ratingOptions = [4, 3, 2].map { stars in
            FacetOption(
                name: "min_rating", value: String(stars), label: "\(Format.stars(stars)) & up",
                count: "", checked: query.minRating == stars, depthClass: "depth-0", inputID: "rating-\(stars)")
        }
        inStock = query.inStock
        minPrice = query.minPriceCents.map(Money.dollarsString) ?? ""
        maxPrice = query.maxPriceCents.map(Money.dollarsString) ?? ""
        sortOptions = Self.sortLabels.filter { $0.0 != .relevance || query.text != nil }.map {
            SortOption(value: $0.0.rawValue, label: $0.1, selected: $0.0 == query.effectiveSort)
        }

        // Active filters as removable chips.
        var chips: [LinkView] = []
        if let text = query.text {
            chips.append(
                LinkView(
                    label: "“\(text)”",
                    href: link {
                        $0.text = nil; $0.sort = .newest
                    }))
        }
        if let category = query.category {
            let name = result.facets.categories.first { $0.value == category }?.label ?? category
            chips.append(LinkView(label: name, href: link { $0.category = nil }))
        }
        for brand in query.brands { chips.append(LinkView(label: brand, href: link { $0.brands.removeAll { $0 == brand } })) }
        for condition in query.conditions {
            chips.append(LinkView(label: condition.label, href: link { $0.conditions.removeAll { $0 == condition } }))
        }
        if query.minPriceCents != nil || query.maxPriceCents != nil {
            let low = query.minPriceCents.map(Money.format) ?? "$0"
            let label = query.maxPriceCents.map { "\(low) – \(Money.format($0))" } ?? "\(low) and up"
            chips.append(
                LinkView(
                    label: label,
                    href: link {
                        $0.minPriceCents = nil; $0.maxPriceCents = nil
                    }))
        }
        if let rating = query.minRating { chips.append(LinkView(label: "\(rating)★ & up", href: link { $0.minRating = nil })) }
        if query.inStock { chips.append(LinkView(label: "In stock", href: link { $0.inStock = false })) }
        if let tag = query.tag { chips.append(LinkView(label: "#\(tag)", href: link { $0.tag = nil })) }
        self.chips = chips
        clearHref = path

        pagination = Self.pagination(path: path, query: query, totalPages: result.totalPages, fixed: fixed)
        empty = result.items.isEmpty
        var suggestions: [String] = []
        if query.text != nil { suggestions.append("Check the spelling, or search for a brand or a model instead.") }
        if chips.count > 1 || (chips.count == 1 && query.text == nil) { suggestions.append("Remove a filter or two: each chip above has a ×.") }
        if query.page > 1 && result.total > 0 { suggestions.append("This page is past the end of the results; go back to page 1.") }
        if suggestions.isEmpty { suggestions.append("Browse the categories in the menu above.") }
        self.suggestions = suggestions
    }

    static func pagination(path: String, query: CatalogQuery, totalPages: Int, fixed: [(String, String)]) -> PaginationView? {
        PaginationView(current: query.page, totalPages: totalPages) { page in
            var changed = query
            changed.page = page
            return QueryString.url(path, changed.pairs().filter { pair in !fixed.contains { $0 == pair } })
        }
    }
}

/// The product page.
struct ProductView: Sendable {
    struct Spec: Sendable {
        let name: String
        let value: String
    }

    let id: Int
    let name: String
    let brand: String
    let model: String
    let breadcrumbs: [LinkView]
    let images: [LinkView]  // label = alt, href = src
    let mainImage: String
    let hasThumbs: Bool
    let conditionLabel: String
    let conditionClass: String
    let price: String
    let oldPrice: String?
    let rating: RatingView?
    let stockClass: String
    let stockText: String
    let inStock: Bool
    let maxQuantity: Int
    let paragraphs: [String]
    let specs: [Spec]
    let tags: [LinkView]
    let shop: ShopBoxView
    let reviews: [ReviewView]
    let reviewSummary: String?
    let reviewPages: PaginationView?
    let related: [CardHTML]
    // What depends on the visitor: the heart's state, an add-to-cart problem, the review form.
    var saved = false
    var quantity = "1"
    var cartError: String?
    var review: ReviewFormView?

    static let reviewsPerPage = 10

    init(_ product: ProductDetail, tree: CategoryTree, reviews: [ReviewInfo], reviewsPage: Int, related: [CardHTML]) {
        let summary = product.summary
        id = summary.id
        name = summary.name
        brand = summary.brand
        model = summary.model
        breadcrumbs =
            [LinkView(label: "Home", href: "/")]
            + tree.path(to: product.categoryID).map { LinkView(label: $0.name, href: "/products?category=\($0.slug)") }
        images = product.images.enumerated().map { LinkView(label: "\(summary.name), picture \($0.offset + 1)", href: $0.element) }
        mainImage = product.images.first ?? summary.imageURL
        hasThumbs = product.images.count > 1
        conditionLabel = summary.condition.label
        conditionClass = "cond-\(summary.condition.rawValue)"
        price = Money.format(summary.priceCents)
        oldPrice = summary.droppedFromCents.map(Money.format)
        rating = RatingView(average: summary.ratingAvg, count: summary.ratingCount)
        inStock = summary.stock > 0
        maxQuantity = max(summary.stock, 1)
        if summary.stock == 0 {
            (stockClass, stockText) = ("out-of-stock", "Sold out")
        } else if summary.stock <= summary.lowStockThreshold {
            (stockClass, stockText) = ("low-stock", summary.stock == 1 ? "Only one available" : "Only \(summary.stock) left in stock")
        } else {
            (stockClass, stockText) = ("in-stock", "In stock (\(summary.stock) available)")
        }
        paragraphs = product.description.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var specs = [Spec(name: "Brand", value: summary.brand), Spec(name: "Model", value: summary.model)]
        if let year = product.year { specs.append(Spec(name: "Year", value: String(year))) }
        if let finish = product.finish, !finish.isEmpty { specs.append(Spec(name: "Finish", value: finish)) }
        specs.append(Spec(name: "Condition", value: summary.condition.label))
        specs.append(Spec(name: "Category", value: summary.categoryName))
        if let data = product.specsJSON?.data(using: .utf8), let pairs = try? JSONDecoder().decode([[String]].self, from: data) {
            specs += pairs.compactMap { $0.count == 2 ? Spec(name: $0[0], value: $0[1]) : nil }
        }
        self.specs = specs
        tags = product.tags.map { LinkView(label: $0.name, href: "/products?tag=\($0.slug)") }
        shop = ShopBoxView(product.shop)
        self.reviews = reviews.map(ReviewView.init)
        let reviewCount = summary.ratingCount
        let pageCount = ListQuery.pageCount(total: reviewCount, perPage: Self.reviewsPerPage)
        reviewSummary =
            reviewCount == 0
            ? nil
            : "\(reviewCount) \(reviewCount == 1 ? "review" : "reviews")"
                + (pageCount > 1 ? ", page \(reviewsPage) of \(pageCount)" : "")
        let path = "/products/\(summary.id)"
        func href(_ page: Int) -> String { page == 1 ? path + "#reviews" : "\(path)?reviews_page=\(page)#reviews" }
        reviewPages = pageCount > 1 ? PaginationView(current: reviewsPage, totalPages: pageCount, href: href) : nil
        self.related = related
    }
}

/// The review box under a product: the form for a buyer who may review, otherwise a line saying why not.
struct ReviewFormView: Sendable {
    let action: String
    let canWrite: Bool
    let note: String?
    let ratings: [ChoiceView]
    let ratingError: String?
    let formError: String?
    let fields: [FieldView]

    init(productID: Int, eligibility: ReviewService.Eligibility?, form: FormData? = nil, errors: [FieldError] = []) {
        action = "/products/\(productID)/reviews"
        canWrite = eligibility == .eligible
        note =
            switch eligibility {
            case nil: "Bought this item? Sign in to review it."
            case .alreadyReviewed: "Thank you: you have reviewed this item."
            case .notPurchased: nil
            case .eligible: nil
            }
        let chosen = form?["rating"]
        ratings = (1...5).reversed().map {
            ChoiceView(name: "rating", value: String($0), label: "\($0) star\($0 == 1 ? "" : "s")", checked: chosen == String($0))
        }
        ratingError = errors.first { $0.field == "rating" }?.message
        formError = errors.first { $0.field == "form" }?.message
        fields = [
            FieldView("title", "Title", form: form, errors: errors, hint: "Sum it up in a few words.", required: true),
            FieldView(
                "body", "Your review", form: form, errors: errors, hint: "How does it sound, play, feel? Up to 4,000 characters.", required: true,
                multiline: true),
        ]
    }
}

struct ShopBoxView: Sendable {
    let id: Int
    let href: String
    let name: String
    let description: String
    let location: String
    let since: String
    let owner: String
    let logo: String
    let productCount: String
    let rating: RatingView?
    let contactEmail: String
    let phone: String?

    init(_ shop: ShopInfo) {
        id = shop.id
        href = "/shops/\(shop.id)"
        name = shop.name
        description = shop.description
        location = shop.address
        since = Format.monthYear(shop.createdAt)
        owner = shop.ownerName
        logo = shop.logoURL
        productCount = shop.productCount == 1 ? "1 listing" : "\(Format.count(shop.productCount)) listings"
        rating = RatingView(average: shop.ratingAvg, count: shop.ratingCount)
        contactEmail = shop.contactEmail
        phone = shop.phone
    }
}

struct ReviewView: Sendable {
    let stars: String
    let label: String
    let title: String
    let body: String
    let author: String
    let date: String
    let isoDate: String

    init(_ review: ReviewInfo) {
        stars = Format.stars(review.rating)
        label = "\(review.rating) out of 5 stars"
        title = review.title
        body = review.body
        author = review.authorName
        date = Format.day(review.createdAt)
        isoDate = Format.iso8601(review.createdAt)
    }
}

struct CategoryTileView: Sendable {
    let name: String
    let href: String
    let image: String
    let count: String
}

struct HomeView: Sendable {
    let tiles: [CategoryTileView]
    let newArrivals: [CardHTML]
    let popular: [CardHTML]
}

struct ShopPageView: Sendable {
    let shop: ShopBoxView
    let listing: ListingView
    let breadcrumbs: [LinkView]
}

import BacklineCore
import Hummingbird

/// The storefront pages: home, the listing, a product, a shop.
struct CatalogWebRoutes: Sendable {
    let web: WebContext
    let reviews: ReviewService
    let wishlist: WishlistService
    var catalog: CatalogService { web.catalog }

    func register(on router: RouterGroup<AppRequestContext>) {
        router.get("/", use: home)
        router.get("/products", use: listing)
        router.get("/products/:id", use: product)
        router.post("/products/:id/reviews", use: reviewSubmit)
        router.get("/shops/:id", use: shop)
    }

    @Sendable func home(request: Request, context: AppRequestContext) async throws -> HTML {
        async let tiles = catalog.topCategoryCounts()
        async let newArrivals = catalog.newArrivals()
        async let popular = catalog.popular()
        let page = HomeView(
            tiles: try await tiles.map {
                CategoryTileView(
                    name: $0.node.name, href: "/products?category=\($0.node.slug)", image: "/img/categories/\($0.node.slug).svg",
                    count: "\(Format.count($0.count)) listings")
            },
            newArrivals: try web.cards(try await newArrivals),
            popular: try web.cards(try await popular))
        var layout = try await web.layout(title: "Backline — music gear marketplace", context: context)
        layout.title = "Backline — buy and sell guitars, amps, synths and studio gear"
        return try web.render("catalog/home", layout: layout, page: page)
    }

    /// Bad query values never fail the page: the lenient reading clamps or drops them.
    @Sendable func listing(request: Request, context: AppRequestContext) async throws -> HTML {
        let query = (try? CatalogQuery.parse(QueryString.parse(request.uri.query), strict: false)) ?? CatalogQuery()
        let result = try await catalog.search(query)
        let tree = try await catalog.categoryTree()
        let heading: String =
            if let text = query.text { "Results for “\(text)”" } else if let slug = query.category, let node = tree.node(slug: slug) {
                node.name
            } else {
                "All gear"
            }
        var layout = try await web.layout(
            title: "\(heading) — Backline", context: context, currentCategory: query.category, searchText: query.text ?? "")
        var listing = ListingView(path: "/products", heading: heading, query: query, page: result, cards: try web.cards(result.items))
        listing.filtersHTML = try web.filters(for: listing, query: query, facets: result.facets)
        layout.linkPrev = listing.pagination?.prev
        layout.linkNext = listing.pagination?.next
        return try web.render("catalog/listing", layout: layout, page: listing)
    }

    @Sendable func product(request: Request, context: AppRequestContext) async throws -> Response {
        try await productPage(try productID(context), request: request, context: context)
    }

    func productID(_ context: AppRequestContext) throws -> Int {
        return try context.pathID(or: CatalogError.productNotFound)
    }

    /// The product page; add-to-cart and review posts render it again with their problem beside the field.
    func productPage(
        _ id: Int, request: Request, context: AppRequestContext, cartError: String? = nil, quantity: String? = nil, reviewForm: FormData? = nil,
        reviewErrors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let html = try await productHTML(
            id, request: request, context: context, cartError: cartError, quantity: quantity, reviewForm: reviewForm, reviewErrors: reviewErrors,
            status: status)
        return html.response()
    }

    func productHTML(
        _ id: Int, request: Request, context: AppRequestContext, cartError: String? = nil, quantity: String? = nil, reviewForm: FormData? = nil,
        reviewErrors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let product = try await catalog.product(id: id)
        // A bad reviews_page is clamped like every page number in HTML.
        var pageQuery = ListQuery(request)
        let reviewsPage = pageQuery.page("reviews_page")
        async let reviewList = catalog.reviews(productID: id, page: reviewsPage, perPage: ProductView.reviewsPerPage)
        async let related = catalog.related(to: product)
        let tree = try await catalog.categoryTree()
        var view = ProductView(
            product, tree: tree, reviews: try await reviewList, reviewsPage: reviewsPage, related: try web.cards(try await related))
        view.cartError = cartError
        view.quantity = quantity ?? "1"
        if let user = context.user {
            async let saved = wishlist.contains(userID: user.id, productID: id)
            async let eligibility = reviews.eligibility(userID: user.id, productID: id)
            view.saved = try await saved
            view.review = ReviewFormView(productID: id, eligibility: try await eligibility, form: reviewForm, errors: reviewErrors)
        } else {
            view.review = ReviewFormView(productID: id, eligibility: nil)
        }
        let layout = try await web.layout(
            title: "\(product.summary.name) — \(Money.format(product.summary.priceCents)) — Backline", context: context,
            currentCategory: product.summary.categorySlug)
        return try web.render("catalog/product", layout: layout, page: view, status: status)
    }

    @Sendable func reviewSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try productID(context)
        guard let user = context.user else { throw RedirectToLogin(next: "/products/\(id)#reviews") }
        let form = context.form ?? FormData()
        do {
            try await reviews.create(
                userID: user.id, productID: id,
                ReviewInput(rating: form["rating"].flatMap { Int($0) }, title: form["title"] ?? "", body: form["body"] ?? ""))
            return web.redirect("/products/\(id)#reviews", context: context, flash: "Thank you: your review is published.")
        } catch let error as ValidationError {
            return try await productPage(
                id, request: request, context: context, reviewForm: form, reviewErrors: error.errors, status: .unprocessableContent)
        } catch let error as ReviewError {
            return try await productPage(
                id, request: request, context: context, reviewForm: form, reviewErrors: [FieldError(field: "form", message: error.message)],
                status: error == .notPurchased ? .forbidden : .conflict)
        }
    }

    @Sendable func shop(request: Request, context: AppRequestContext) async throws -> HTML {
        let id = try context.pathID(or: CatalogError.shopNotFound)
        let shop = try await catalog.shop(id: id)
        var query = (try? CatalogQuery.parse(QueryString.parse(request.uri.query), strict: false)) ?? CatalogQuery()
        query.shopID = id
        let result = try await catalog.search(query)
        var layout = try await web.layout(title: "\(shop.name) — Backline", context: context)
        var listing = ListingView(
            path: "/shops/\(id)", heading: "Listings from \(shop.name)", query: query, page: result, cards: try web.cards(result.items),
            fixed: [("shop", String(id))])
        listing.filtersHTML = try web.filters(for: listing, query: query, facets: result.facets)
        layout.linkPrev = listing.pagination?.prev
        layout.linkNext = listing.pagination?.next
        let page = ShopPageView(
            shop: ShopBoxView(shop), listing: listing,
            breadcrumbs: [
                LinkView(label: "Home", href: "/"), LinkView(label: "Shops", href: "/products"), LinkView(label: shop.name, href: "/shops/\(id)"),
            ])
        return try web.render("catalog/shop", layout: layout, page: page)
    }
}

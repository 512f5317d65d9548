import BacklineCore
import Hummingbird

/// The cart page and its forms, and the wishlist. Rules live in `CartService` and `WishlistService`.
struct CartWebRoutes: Sendable {
    let web: WebContext
    let productPages: CatalogWebRoutes
    let wishlist: WishlistService
    var carts: CartService { web.carts }

    func register(on router: RouterGroup<AppRequestContext>) {
        router.get("/cart", use: cartPage)
        router.post("/cart/items", use: addItem)
        router.post("/cart/items/:product_id", use: setQuantity)
        router.post("/cart/items/:product_id/delete", use: removeItem)
        router.post("/cart/coupon", use: applyCoupon)
        router.post("/cart/coupon/delete", use: removeCoupon)
        router.get("/wishlist", use: wishlistPage)
        router.post("/wishlist/:product_id", use: toggleSaved)
        router.post("/wishlist/:product_id/move-to-cart", use: moveToCart)
    }

    // MARK: Cart

    struct LineView: Sendable {
        let productID: Int
        let name: String
        let brand: String
        let href: String
        let image: String
        let shopName: String
        let shopHref: String
        let unitPrice: String
        let priceNote: String?
        let quantity: String
        let maxQuantity: Int
        let lineTotal: String
        let problem: String?
        let error: String?
    }

    struct CartView: Sendable {
        let lines: [LineView]
        let itemCount: String
        let subtotal: String
        let discount: String?
        let total: String
        let couponCode: String?
        let couponSummary: String?
        let couponProblem: String?
        let couponField: FieldView
        let shippingNote: String
        let canCheckout: Bool
    }

    func cartView(
        _ cart: Cart, lineError: (productID: Int, message: String, quantity: String)? = nil, couponForm: FormData? = nil,
        couponErrors: [FieldError] = []
    )
        -> CartView
    {
        let lines = cart.lines.map { line in
            let priceNote: String? =
                !line.priceChanged
                ? nil
                : line.unitPriceCents < line.addedPriceCents
                    ? "Price dropped from \(Money.format(line.addedPriceCents)) since you added it"
                    : "Price went up from \(Money.format(line.addedPriceCents)) since you added it"
            let problem: String? =
                !line.listed
                ? "No longer for sale. Remove it to check out."
                : line.stock == 0
                    ? "Sold out. Remove it to check out."
                    : line.quantity > line.stock ? "Only \(line.stock) left: lower the quantity to check out." : nil
            let error = lineError?.productID == line.productID ? lineError : nil
            return LineView(
                productID: line.productID, name: line.name, brand: line.brand, href: "/products/\(line.productID)", image: line.imagePath,
                shopName: line.shopName, shopHref: "/shops/\(line.shopID)", unitPrice: Money.format(line.unitPriceCents), priceNote: priceNote,
                quantity: error?.quantity ?? String(line.quantity), maxQuantity: max(line.stock, line.quantity),
                lineTotal: Money.format(line.lineTotalCents),
                problem: problem, error: error?.message)
        }
        let merchandise = cart.totals.subtotalCents - cart.totals.discountCents
        let missing = ShippingMethod.freeStandardFromCents - merchandise
        return CartView(
            lines: lines, itemCount: cart.itemCount == 1 ? "1 item" : "\(cart.itemCount) items", subtotal: Money.format(cart.totals.subtotalCents),
            discount: cart.totals.discountCents > 0 ? "−" + Money.format(cart.totals.discountCents) : nil,
            total: Money.format(cart.totals.totalCents),
            couponCode: cart.coupon?.code, couponSummary: cart.coupon?.summary, couponProblem: cart.couponProblem?.message,
            couponField: FieldView("code", "Discount code", form: couponForm, errors: couponErrors, autocomplete: "off"),
            shippingNote: missing <= 0
                ? "Your order ships free with standard shipping."
                : "Add \(Money.format(missing)) more for free standard shipping (otherwise \(Money.format(ShippingMethod.standardFeeCents))).",
            canCheckout: cart.isReadyForCheckout)
    }

    /// The page's root: `cart` is nil when there is nothing in it yet.
    struct CartPage: Sendable {
        let cart: CartView?
    }

    @Sendable func cartPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await page(context)
    }

    func page(
        _ context: AppRequestContext, status: HTTPResponse.Status = .ok, lineError: (Int, String, String)? = nil, couponForm: FormData? = nil,
        couponErrors: [FieldError] = []
    )
        async throws -> Response
    {
        var view: CartView?
        if let owner = context.cartOwner {
            let cart = try await carts.cart(owner)
            if !cart.isEmpty { view = cartView(cart, lineError: lineError, couponForm: couponForm, couponErrors: couponErrors) }
        }
        return try await web.page("cart/cart", "Your cart", CartPage(cart: view), context: context, status: status)
    }

    /// The owner for a change: a guest gets a cart key on their first add.
    func owner(_ context: AppRequestContext) -> CartOwner {
        context.cartOwner ?? .guest(context.session.ensureGuestCartKey())
    }

    func productID(_ context: AppRequestContext) throws -> Int {
        return try context.pathID("product_id", or: CatalogError.productNotFound)
    }

    @Sendable func addItem(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard let productID = form["product_id"].flatMap({ Int($0) }), productID > 0 else { throw CatalogError.productNotFound }
        let quantityText = form["quantity"] ?? "1"
        guard let quantity = Int(quantityText.trimmingCharacters(in: .whitespaces)) else {
            return try await productPages.productPage(
                productID, request: request, context: context, cartError: "Enter a quantity as a whole number.", quantity: quantityText,
                status: .unprocessableContent)
        }
        do {
            try await carts.add(owner(context), productID: productID, quantity: quantity)
            return web.redirect("/cart", context: context, flash: "Added to your cart.")
        } catch let error as ValidationError {
            return try await productPages.productPage(
                productID, request: request, context: context, cartError: error.errors.first?.message, quantity: quantityText,
                status: .unprocessableContent)
        } catch let error as CartError {
            return try await productPages.productPage(
                productID, request: request, context: context, cartError: error.message, quantity: quantityText, status: .conflict)
        }
    }

    @Sendable func setQuantity(request: Request, context: AppRequestContext) async throws -> Response {
        let productID = try productID(context)
        let text = context.form?["quantity"] ?? ""
        guard let quantity = Int(text.trimmingCharacters(in: .whitespaces)) else {
            return try await page(
                context, status: .unprocessableContent, lineError: (productID, "Enter a quantity as a whole number (0 removes it).", text))
        }
        do {
            try await carts.setQuantity(owner(context), productID: productID, quantity: quantity)
            return web.redirect("/cart", context: context, flash: quantity == 0 ? "Removed from your cart." : "Quantity updated.")
        } catch let error as ValidationError {
            return try await page(context, status: .unprocessableContent, lineError: (productID, error.errors.first?.message ?? "", text))
        } catch CartError.itemNotFound {
            return web.redirect("/cart", context: context, flash: CartError.itemNotFound.message, kind: "info")
        } catch let error as CartError {
            return try await page(context, status: .conflict, lineError: (productID, error.message, text))
        }
    }

    @Sendable func removeItem(request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await carts.remove(owner(context), productID: try productID(context))
            return web.redirect("/cart", context: context, flash: "Removed from your cart.")
        } catch CartError.itemNotFound {
            return web.redirect("/cart", context: context, flash: CartError.itemNotFound.message, kind: "info")
        }
    }

    @Sendable func applyCoupon(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            let coupon = try await carts.applyCoupon(owner(context), code: form["code"] ?? "")
            return web.redirect("/cart", context: context, flash: "Code \(coupon.code) applied: \(coupon.summary).")
        } catch let error as ValidationError {
            return try await page(context, status: .unprocessableContent, couponForm: form, couponErrors: error.errors)
        }
    }

    @Sendable func removeCoupon(request: Request, context: AppRequestContext) async throws -> Response {
        try await carts.removeCoupon(owner(context))
        return web.redirect("/cart", context: context, flash: "Code removed.", kind: "info")
    }

    // MARK: Wishlist

    struct WishlistView: Sendable {
        let items: [SavedItemView]
        let count: String
        let pagination: PaginationView?
    }

    struct SavedItemView: Sendable {
        let card: CardHTML
        let productID: Int
        let inStock: Bool
    }

    @Sendable func wishlistPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let perPage = 24
        var pageQuery = ListQuery(request)
        let page = pageQuery.page()
        let (items, total) = try await wishlist.items(userID: user.id, page: page, perPage: perPage)
        let cards = try web.cards(items)
        let view = WishlistView(
            items: zip(items, cards).map { SavedItemView(card: $1, productID: $0.id, inStock: $0.stock > 0) },
            count: total == 1 ? "1 saved item" : "\(Format.count(total)) saved items",
            pagination: PaginationView.simple(path: "/wishlist", page: page, pageCount: ListQuery.pageCount(total: total, perPage: perPage)))
        return try await web.page("cart/wishlist", "Your wishlist", view, context: context)
    }

    @Sendable func toggleSaved(request: Request, context: AppRequestContext) async throws -> Response {
        let productID = try productID(context)
        guard let user = context.user else {
            context.session.flash("info", "Sign in to save items to your wishlist.")
            throw RedirectToLogin(next: "/products/\(productID)")
        }
        let saved = try await wishlist.toggle(userID: user.id, productID: productID)
        return web.redirect(
            web.back(request, fallback: "/products/\(productID)"), context: context,
            flash: saved ? "Saved to your wishlist." : "Removed from your wishlist.", kind: saved ? "success" : "info")
    }

    @Sendable func moveToCart(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let productID = try productID(context)
        do {
            try await wishlist.moveToCart(userID: user.id, productID: productID)
            return web.redirect("/cart", context: context, flash: "Moved to your cart.")
        } catch let error as CartError {
            return web.redirect("/wishlist", context: context, flash: error.message, kind: "error")
        }
    }
}

import BacklineCore
import Foundation
import Hummingbird

/// `GET /cart` and the wishlist's list: a cart as API clients see it.
struct CartItem: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let productId: Int
        let name: String
        let brand: String
        let imageUrl: String
        let shop: ProductItem.ShopRef
        let quantity: Int
        let unitPriceCents: Int
        let addedPriceCents: Int
        let priceChanged: Bool
        let lineTotalCents: Int
        let stock: Int
        let available: Bool
    }

    struct CouponRef: Encodable, Sendable {
        let code: String
        let description: String
        let problem: String?
    }

    let items: [Line]
    let itemCount: Int
    let subtotalCents: Int
    let discountCents: Int
    let totalCents: Int
    let currency = "USD"
    let coupon: CouponRef?
    let checkoutReady: Bool
    /// While checkout holds the cart's units (`POST /cart/hold`): when the hold ends.
    let heldUntil: Date?

    init(_ cart: Cart) {
        items = cart.lines.map {
            Line(
                productId: $0.productID, name: $0.name, brand: $0.brand, imageUrl: $0.imagePath, shop: .init(id: $0.shopID, name: $0.shopName),
                quantity: $0.quantity, unitPriceCents: $0.unitPriceCents, addedPriceCents: $0.addedPriceCents, priceChanged: $0.priceChanged,
                lineTotalCents: $0.lineTotalCents, stock: $0.stock, available: $0.purchasable)
        }
        itemCount = cart.itemCount
        subtotalCents = cart.totals.subtotalCents
        discountCents = cart.totals.discountCents
        totalCents = cart.totals.totalCents
        coupon = cart.coupon.map { CouponRef(code: $0.code, description: $0.summary, problem: cart.couponProblem?.message) }
        checkoutReady = cart.isReadyForCheckout
        heldUntil = cart.heldUntil
    }

    // `coupon` and `held_until` are always present (null when none), as CONTRACT §5 and §10 list them.
    enum CodingKeys: String, CodingKey { case items, itemCount, subtotalCents, discountCents, totalCents, currency, coupon, checkoutReady, heldUntil }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(itemCount, forKey: .itemCount)
        try container.encode(subtotalCents, forKey: .subtotalCents)
        try container.encode(discountCents, forKey: .discountCents)
        try container.encode(totalCents, forKey: .totalCents)
        try container.encode(currency, forKey: .currency)
        try container.encode(coupon, forKey: .coupon)
        try container.encode(checkoutReady, forKey: .checkoutReady)
        try container.encode(heldUntil, forKey: .heldUntil)
    }
}

/// `/cart…` and `/wishlist…`: the same cart and wishlist rules as the pages, for API clients. The API's cart
/// is always the signed-in user's.
struct CartAPIRoutes: Sendable {
    let carts: CartService
    let wishlist: WishlistService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("cart", use: cart)
        api.post("cart/hold", use: hold)
        api.post("cart/items", use: addItem)
        api.patch("cart/items/:product_id", use: setQuantity)
        api.delete("cart/items/:product_id", use: removeItem)
        api.post("cart/coupon", use: applyCoupon)
        api.delete("cart/coupon", use: removeCoupon)
        api.get("wishlist", use: listWishlist)
        api.put("wishlist/:product_id", use: save)
        api.delete("wishlist/:product_id", use: unsave)
        api.post("wishlist/:product_id/move-to-cart", use: moveToCart)
    }

    static func productID(_ context: AppRequestContext) throws -> Int {
        try context.pathID("product_id", or: Problem(.notFound, "No product with that id."))
    }

    func current(_ userID: Int) async throws -> JSONBody<CartItem> {
        JSONBody(CartItem(try await carts.cart(.user(userID))))
    }

    @Sendable func cart(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        try await current(try context.requireAPIUser().id)
    }

    /// What opening the checkout page does: the cart's units are kept for the buyer for ten minutes.
    @Sendable func hold(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        JSONBody(CartItem(try await carts.hold(userID: try context.requireAPIUser().id)))
    }

    struct AddBody: Decodable {
        let productId: Int
        let quantity: Int?
    }

    @Sendable func addItem(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        let body = try await APIBody.decode(AddBody.self, from: request)
        try await carts.add(.user(user.id), productID: body.productId, quantity: body.quantity ?? 1)
        var answer = try await current(user.id)
        answer.status = .created
        return answer
    }

    struct QuantityBody: Decodable {
        let quantity: Int
    }

    @Sendable func setQuantity(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        let productID = try Self.productID(context)
        let body = try await APIBody.decode(QuantityBody.self, from: request)
        try await carts.setQuantity(.user(user.id), productID: productID, quantity: body.quantity)
        return try await current(user.id)
    }

    @Sendable func removeItem(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        try await carts.remove(.user(user.id), productID: try Self.productID(context))
        return try await current(user.id)
    }

    struct CouponBody: Decodable {
        let code: String
    }

    @Sendable func applyCoupon(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        let body = try await APIBody.decode(CouponBody.self, from: request)
        _ = try await carts.applyCoupon(.user(user.id), code: body.code)
        return try await current(user.id)
    }

    @Sendable func removeCoupon(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        try await carts.removeCoupon(.user(user.id))
        return try await current(user.id)
    }

    @Sendable func listWishlist(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<ProductItem>> {
        let user = try context.requireAPIUser()
        let paging = try CatalogAPIRoutes.query(request)
        let (items, total) = try await wishlist.items(userID: user.id, page: paging.page, perPage: paging.perPage)
        return JSONBody(PageEnvelope(items: items.map(ProductItem.init), page: paging.page, perPage: paging.perPage, total: total))
    }

    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireAPIUser()
        try await wishlist.add(userID: user.id, productID: try Self.productID(context))
        return Response(status: .noContent)
    }

    @Sendable func unsave(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireAPIUser()
        try await wishlist.remove(userID: user.id, productID: try Self.productID(context))
        return Response(status: .noContent)
    }

    @Sendable func moveToCart(request: Request, context: AppRequestContext) async throws -> JSONBody<CartItem> {
        let user = try context.requireAPIUser()
        try await wishlist.moveToCart(userID: user.id, productID: try Self.productID(context))
        return try await current(user.id)
    }
}

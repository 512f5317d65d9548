import BacklineCore
import Foundation
import HTTPTypes
import Hummingbird

/// An order as API clients see it (CONTRACT §5), with its per-shop shipments and timeline.
struct OrderItem: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let productId: Int
        let name: String
        let brand: String
        let shop: ProductItem.ShopRef
        let quantity: Int
        let unitPriceCents: Int
        let lineTotalCents: Int
    }
    struct Shipment: Encodable, Sendable {
        let shop: ProductItem.ShopRef
        let status: String
        let trackingNumber: String?
        let shippedAt: Date?
    }
    struct Event: Encodable, Sendable {
        let status: String
        let note: String?
        let at: Date
    }

    let id: Int
    let number: String
    let status: String
    let paymentStatus: String
    let items: [Line]
    let subtotalCents: Int
    let discountCents: Int
    let shippingCents: Int
    let totalCents: Int
    let currency = "USD"
    let couponCode: String?
    let shippingMethod: String
    let paymentMethod: String
    let shippingAddress: AddressInput
    let shipments: [Shipment]
    let events: [Event]
    let createdAt: Date
    let paidAt: Date?
    let cancelledAt: Date?

    init(_ order: OrderDetail) {
        id = order.id
        number = order.number
        status = order.status.rawValue
        paymentStatus = order.paymentStatus.rawValue
        items = order.lines.map {
            Line(
                productId: $0.productID, name: $0.name, brand: $0.brand, shop: .init(id: $0.shopID, name: $0.shopName), quantity: $0.quantity,
                unitPriceCents: $0.unitPriceCents, lineTotalCents: $0.lineTotalCents)
        }
        subtotalCents = order.subtotalCents
        discountCents = order.discountCents
        shippingCents = order.shippingCents
        totalCents = order.totalCents
        couponCode = order.couponCode
        shippingMethod = order.shippingMethod.rawValue
        paymentMethod = order.paymentMethod.rawValue
        shippingAddress = order.shippingAddress
        shipments = order.shipments.map {
            Shipment(shop: .init(id: $0.shopID, name: $0.shopName), status: $0.status, trackingNumber: $0.trackingNumber, shippedAt: $0.shippedAt)
        }
        events = order.events.map { Event(status: $0.status, note: $0.note, at: $0.at) }
        createdAt = order.createdAt
        paidAt = order.paidAt
        cancelledAt = order.cancelledAt
    }
}

struct ReviewItem: Encodable, Sendable {
    struct Author: Encodable, Sendable {
        let displayName: String
    }
    let id: Int
    let rating: Int
    let title: String
    let body: String
    let author: Author
    let createdAt: Date

    init(_ review: ReviewInfo) {
        (id, rating, title, body, createdAt) = (review.id, review.rating, review.title, review.body, review.createdAt)
        author = Author(displayName: review.authorName)
    }
}

/// `/checkout`, `/orders…` and `/products/{id}/reviews`: the same rules as the pages, for API clients.
struct OrderAPIRoutes: Sendable {
    let checkout: CheckoutService
    let orders: OrderService
    let reviews: ReviewService
    let catalog: CatalogService

    /// `ownKeys`: routes that keep their own idempotency keys (checkout, in the order's transaction); `api`: the rest.
    func register(on api: RouterGroup<AppRequestContext>, ownKeys: RouterGroup<AppRequestContext>) {
        ownKeys.post("checkout", use: placeOrder)
        api.get("orders", use: history)
        api.get("orders/:id", use: order)
        api.post("orders/:id/cancel", use: cancel)
        api.get("products/:id/reviews", use: listReviews)
        api.post("products/:id/reviews", use: writeReview)
    }

    struct CheckoutBody: Decodable {
        struct Payment: Decodable {
            let method: String
            let cardNumber: String?
        }
        let addressId: Int?
        let shippingAddress: AddressInput?
        let shippingMethod: String?
        let payment: Payment?
        /// The client has shown the buyer the cart's current prices (`GET /cart`'s `price_changed` lines).
        let acceptPriceChanges: Bool?
    }

    static let addressFields: Set<String> = ["full_name", "line1", "line2", "city", "postal_code", "country", "phone"]

    @Sendable func placeOrder(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireAPIUser()
        let key = try IdempotencyKey.read(request)
        let body = try await APIBody.decode(CheckoutBody.self, from: request)
        let checkoutRequest = CheckoutRequest(
            addressID: body.addressId, address: body.addressId == nil ? body.shippingAddress : nil, shippingMethod: body.shippingMethod,
            paymentMethod: body.payment?.method ?? "", cardNumber: body.payment?.cardNumber, acceptPriceChanges: body.acceptPriceChanges ?? false)
        let placed: PlacedOrder
        do {
            placed = try await checkout.placeOrder(userID: user.id, checkoutRequest, idempotencyKey: key.map { "api:" + $0 })
        } catch let error as ValidationError {
            // Name the fields as the body spells them.
            let errors = error.errors.map { error -> FieldError in
                switch error.field {
                case let field where Self.addressFields.contains(field): FieldError(field: "shipping_address." + field, message: error.message)
                case "address_id" where body.addressId == nil: FieldError(field: "shipping_address", message: error.message)
                case "payment_method": FieldError(field: "payment.method", message: error.message)
                case "card_number": FieldError(field: "payment.card_number", message: error.message)
                default: error
                }
            }
            throw Problem(.unprocessableContent, errors.map { "\($0.field): \($0.message)" }.joined(separator: " "), errors: errors)
        } catch CheckoutError.declined(let reason) {
            var problem = Problem(.paymentRequired, reason.message)
            problem.code = reason.rawValue
            throw problem
        } catch let error as CheckoutError {
            var problem = Problem(ErrorMiddleware.classify(error).0, error.message)
            if case .insufficientStock(let productID, _, let available) = error {
                problem.code = "insufficient_stock"
                problem.errors = [FieldError(field: "items.\(productID)", message: "only \(available) available")]
            }
            if case .priceChanged(let changes) = error {
                problem.code = "price_changed"
                problem.errors = changes.map {
                    FieldError(
                        field: "items.\($0.productID)",
                        message: "now \($0.unitPriceCents) cents (was \($0.addedPriceCents)); send accept_price_changes: true to pay it")
                }
            }
            throw problem
        }
        let order = try await orders.order(id: placed.orderID, buyerID: user.id)
        var response = try JSONBody(OrderItem(order), status: .created).response(from: request, context: context)
        response.headers[.location] = "/api/v1/orders/\(order.id)"
        if placed.replayed { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    @Sendable func history(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<OrderItem>> {
        let user = try context.requireAPIUser()
        let paging = try ListQuery.paging(request)
        let (summaries, total) = try await orders.history(buyerID: user.id, page: paging.page, perPage: paging.perPage)
        var items: [OrderItem] = []
        for summary in summaries { items.append(OrderItem(try await orders.order(id: summary.id, buyerID: user.id))) }
        return JSONBody(PageEnvelope(items: items, page: paging.page, perPage: paging.perPage, total: total))
    }

    static func orderID(_ context: AppRequestContext) throws -> Int {
        return try context.pathID(or: OrderError.notFound)
    }

    @Sendable func order(request: Request, context: AppRequestContext) async throws -> JSONBody<OrderItem> {
        let user = try context.requireAPIUser()
        return JSONBody(OrderItem(try await orders.order(id: try Self.orderID(context), buyerID: user.id)))
    }

    @Sendable func cancel(request: Request, context: AppRequestContext) async throws -> JSONBody<OrderItem> {
        let user = try context.requireAPIUser()
        return JSONBody(OrderItem(try await orders.cancel(orderID: try Self.orderID(context), buyerID: user.id)))
    }

    @Sendable func listReviews(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<ReviewItem>> {
        let product = try await catalog.product(id: try CatalogAPIRoutes.id(context, notFound: "No product with that id."))
        let paging = try ListQuery.paging(request)
        let items = try await catalog.reviews(productID: product.summary.id, page: paging.page, perPage: paging.perPage)
        return JSONBody(
            PageEnvelope(items: items.map(ReviewItem.init), page: paging.page, perPage: paging.perPage, total: product.summary.ratingCount))
    }

    struct ReviewBody: Decodable {
        let rating: Int?
        let title: String?
        let body: String?
    }

    @Sendable func writeReview(request: Request, context: AppRequestContext) async throws -> JSONBody<ReviewItem> {
        let user = try context.requireAPIUser()
        let productID = try CatalogAPIRoutes.id(context, notFound: "No product with that id.")
        let body = try await APIBody.decode(ReviewBody.self, from: request)
        let review = try await reviews.create(
            userID: user.id, productID: productID, ReviewInput(rating: body.rating, title: body.title ?? "", body: body.body ?? ""))
        return JSONBody(ReviewItem(review), status: .created)
    }
}

import BacklineCore
import Foundation
import Hummingbird

/// Checkout, the purchase history, an order's page, its invoice and cancelling. Rules live in
/// `CheckoutService` and `OrderService`.
struct OrderWebRoutes: Sendable {
    let web: WebContext
    let checkout: CheckoutService
    let orders: OrderService
    let addresses: AddressBook
    var carts: CartService { web.carts }

    func register(on router: RouterGroup<AppRequestContext>) {
        router.get("/checkout", use: checkoutPage)
        router.post("/checkout", use: checkoutSubmit)
        router.get("/orders", use: history)
        router.get("/orders/:id", use: orderPage)
        router.get("/orders/:id/invoice", use: invoice)
        router.post("/orders/:id/cancel", use: cancel)
    }

    // MARK: Checkout

    struct CheckoutView: Sendable {
        let savedAddresses: [ChoiceView]
        let hasSaved: Bool
        let newChecked: Bool
        let addressError: String?
        let addressFields: [FieldView]
        let saveAddress: Bool
        let shippingChoices: [ChoiceView]
        let paymentChoices: [ChoiceView]
        let paymentError: String?
        let cardField: FieldView
        let summary: SummaryView
        let token: String
        let formError: String?
        /// "We're holding these items for you until …", while the hold lasts.
        let holdNote: String?
    }

    struct SummaryView: Sendable {
        struct Line: Sendable {
            let name: String
            let quantity: Int
            let total: String
        }
        let lines: [Line]
        let subtotal: String
        let discount: String?
        let couponCode: String?
        let shippingLabel: String
        let shipping: String
        let total: String
    }

    func checkoutView(userID: Int, cart: Cart, form: FormData?, errors: [FieldError] = [], formError: String? = nil) async throws -> CheckoutView {
        let saved = try await addresses.list(userID: userID)
        let chosenAddress = form?["address_id"] ?? saved.first(where: \.isDefault).map { String($0.id) } ?? "new"
        let shipping = form?["shipping_method"].flatMap(ShippingMethod.init(rawValue:)) ?? .standard
        let payment = form?["payment_method"].flatMap(PaymentMethod.init(rawValue:)) ?? .card
        let merchandise = cart.totals.subtotalCents - cart.totals.discountCents
        let totals = Totals(subtotalCents: cart.totals.subtotalCents, discountCents: cart.totals.discountCents, shipping: shipping)
        func fee(_ method: ShippingMethod) -> String {
            let cents = method.feeCents(forMerchandise: merchandise)
            return cents == 0 ? "Free" : Money.format(cents)
        }
        return CheckoutView(
            savedAddresses: saved.map { address in
                let label = address.address.lines.joined(separator: ", ")
                return ChoiceView(name: "address_id", value: String(address.id), label: label, checked: chosenAddress == String(address.id))
            },
            hasSaved: !saved.isEmpty, newChecked: chosenAddress == "new" || saved.isEmpty,
            addressError: errors.first { $0.field == "address_id" }?.message,
            addressFields: AccountWebRoutes.addressFields(form, errors: errors),
            saveAddress: form == nil || form?["save_address"] == "true",
            shippingChoices: ShippingMethod.allCases.map {
                ChoiceView(name: "shipping_method", value: $0.rawValue, label: "\($0.label) — \(fee($0))", checked: $0 == shipping)
            },
            paymentChoices: PaymentMethod.allCases.map {
                ChoiceView(name: "payment_method", value: $0.rawValue, label: $0.label, checked: $0 == payment)
            },
            paymentError: errors.first { $0.field == "payment_method" }?.message,
            cardField: FieldView(
                "card_number", "Card number", form: form, errors: errors,
                hint: "A test shop: 4242 4242 4242 4242 is accepted, 4000 0000 0000 0002 is declined.",
                autocomplete: "cc-number"),
            summary: SummaryView(
                lines: cart.lines.map { SummaryView.Line(name: $0.name, quantity: $0.quantity, total: Money.format($0.lineTotalCents)) },
                subtotal: Money.format(totals.subtotalCents), discount: totals.discountCents > 0 ? "−" + Money.format(totals.discountCents) : nil,
                couponCode: cart.coupon?.code, shippingLabel: shipping == .standard ? "Standard shipping" : "Express shipping",
                shipping: fee(shipping), total: Money.format(totals.totalCents)),
            token: SecureToken.generate(), formError: formError ?? (cart.isReadyForCheckout ? nil : Self.notReady),
            holdNote: cart.heldUntil.map(Self.holdNote))
    }

    static let notReady = "Something in your cart can't be bought as it is: review your cart to continue."

    static func holdNote(_ until: Date) -> String {
        "These items are held for you until \(until.formatted(Date.FormatStyle(date: .omitted, time: .shortened, timeZone: .gmt))) UTC (10 minutes from opening checkout): nobody else can buy them meanwhile."
    }

    @Sendable func checkoutPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        // Opening checkout holds the cart's units while the buyer fills in the form.
        let cart = try await carts.hold(userID: user.id)
        guard !cart.isEmpty else { return web.redirect("/cart", context: context, flash: "Your cart is empty: add something first.", kind: "info") }
        return try await web.page("orders/checkout", "Checkout", try await checkoutView(userID: user.id, cart: cart, form: nil), context: context)
    }

    /// The form's request: a saved address when `address_id` names one, else the typed address.
    static func checkoutRequest(_ form: FormData) -> CheckoutRequest {
        let savedID = form["address_id"].flatMap { Int($0) }
        return CheckoutRequest(
            addressID: savedID, address: savedID == nil ? AccountWebRoutes.addressInput(form) : nil, shippingMethod: form["shipping_method"],
            paymentMethod: form["payment_method"] ?? "", cardNumber: form["card_number"], acceptPriceChanges: true)
    }

    @Sendable func checkoutSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let form = context.form ?? FormData()
        let checkoutRequest = Self.checkoutRequest(form)
        // The form's one-time token: a double click or a reload of the POST makes one order.
        let token = form["checkout_token"].flatMap { $0.count <= 64 && !$0.isEmpty ? "web:" + $0 : nil }
        func again(_ status: HTTPResponse.Status, errors: [FieldError] = [], formError: String? = nil) async throws -> Response {
            let cart = try await carts.cart(.user(user.id))
            guard !cart.isEmpty else { return web.redirect("/cart", context: context, flash: formError ?? "Your cart is empty.", kind: "error") }
            let view = try await checkoutView(userID: user.id, cart: cart, form: form, errors: errors, formError: formError)
            return try await web.page("orders/checkout", "Checkout", view, context: context, status: status)
        }
        do {
            let placed = try await checkout.placeOrder(userID: user.id, checkoutRequest, idempotencyKey: token)
            if !placed.replayed, checkoutRequest.addressID == nil, form["save_address"] == "true", let address = checkoutRequest.address {
                // Saved for next time; a full address book is no reason to fail an order that is already placed.
                _ = try? await addresses.add(userID: user.id, address)
            }
            return web.redirect("/orders/\(placed.orderID)", context: context, flash: "Thank you! Your order \(placed.number) is placed.")
        } catch let error as ValidationError {
            return try await again(.unprocessableContent, errors: error.errors, formError: "Please check the highlighted fields.")
        } catch CheckoutError.emptyCart {
            return web.redirect("/cart", context: context, flash: CheckoutError.emptyCart.message, kind: "info")
        } catch CheckoutError.idempotencyKeyReused {
            return web.redirect(
                "/orders", context: context, flash: "This checkout form was already used to place an order: here are your orders.", kind: "info")
        } catch let error as CheckoutError {
            return try await again(ErrorMiddleware.classify(error).0, formError: error.message)
        }
    }

    // MARK: History and order pages

    struct HistoryView: Sendable {
        struct Row: Sendable {
            let href: String
            let number: String
            let date: String
            let isoDate: String
            let summary: String
            let status: String
            let statusClass: String
            let total: String
        }
        let rows: [Row]
        let count: String
        let pagination: PaginationView?
    }

    @Sendable func history(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let perPage = 20
        var pageQuery = ListQuery(request)
        let page = pageQuery.page()
        let (items, total) = try await orders.history(buyerID: user.id, page: page, perPage: perPage)
        let view = HistoryView(
            rows: items.map { order in
                let others = order.itemCount - 1
                return HistoryView.Row(
                    href: "/orders/\(order.id)", number: order.number, date: Format.day(order.createdAt), isoDate: Format.iso8601(order.createdAt),
                    summary: order.firstItemName + (others > 0 ? " and \(others) more" : ""), status: order.status.label,
                    statusClass: "status-\(order.status.rawValue)", total: Money.format(order.totalCents))
            },
            count: total == 1 ? "1 order" : "\(Format.count(total)) orders",
            pagination: PaginationView.simple(path: "/orders", page: page, pageCount: ListQuery.pageCount(total: total, perPage: perPage)))
        return try await web.page("orders/history", "Your orders", view, context: context)
    }

    struct OrderView: Sendable {
        struct Shipment: Sendable {
            let shopName: String
            let shopHref: String
            let status: String
            let tracking: String?
            let lines: [Line]
        }
        struct Line: Sendable {
            let name: String
            let brand: String
            let href: String
            let quantity: Int
            let unitPrice: String
            let total: String
        }
        struct Event: Sendable {
            let label: String
            let note: String?
            let date: String
            let isoDate: String
        }
        let id: Int
        let number: String
        let date: String
        let status: String
        let statusClass: String
        let payment: String
        let paymentMethod: String
        let paymentReference: String?
        let shippingMethod: String
        let addressLines: [String]
        let shipments: [Shipment]
        let lines: [Line]
        let events: [Event]
        let subtotal: String
        let discount: String?
        let couponCode: String?
        let shipping: String
        let total: String
        let canCancel: Bool
        let buyerEmail: String
    }

    static func orderView(_ order: OrderDetail) -> OrderView {
        func line(_ line: OrderLine) -> OrderView.Line {
            OrderView.Line(
                name: line.name, brand: line.brand, href: "/products/\(line.productID)", quantity: line.quantity,
                unitPrice: Money.format(line.unitPriceCents),
                total: Money.format(line.lineTotalCents))
        }
        let payment: String =
            switch order.paymentStatus {
            case .paid: "Paid"
            case .pending: "Pay on delivery"
            case .refunded: "Refunded"
            case .voided: "Not charged"
            }
        return OrderView(
            id: order.id, number: order.number, date: Format.day(order.createdAt), status: order.status.label,
            statusClass: "status-\(order.status.rawValue)",
            payment: payment, paymentMethod: order.paymentMethod.label, paymentReference: order.paymentReference,
            shippingMethod: order.shippingMethod.label,
            addressLines: order.shippingAddress.lines,
            shipments: order.shipments.map {
                OrderView.Shipment(
                    shopName: $0.shopName, shopHref: "/shops/\($0.shopID)", status: $0.status == "pending" ? "Preparing" : $0.status.capitalized,
                    tracking: $0.trackingNumber, lines: $0.lines.map(line))
            },
            lines: order.lines.map(line),
            events: order.events.map {
                // The note says what happened ("Order placed"); the bare status is the fallback.
                OrderView.Event(
                    label: $0.note ?? OrderStatus(rawValue: $0.status)?.label ?? $0.status.capitalized, note: nil, date: Format.dayTime($0.at),
                    isoDate: Format.iso8601($0.at))
            },
            subtotal: Money.format(order.subtotalCents), discount: order.discountCents > 0 ? "−" + Money.format(order.discountCents) : nil,
            couponCode: order.couponCode, shipping: order.shippingCents == 0 ? "Free" : Money.format(order.shippingCents),
            total: Money.format(order.totalCents),
            canCancel: order.status.buyerMayCancel, buyerEmail: order.buyerEmail)
    }

    func orderID(_ context: AppRequestContext) throws -> Int {
        return try context.pathID(or: OrderError.notFound)
    }

    @Sendable func orderPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let order = try await orders.order(id: try orderID(context), buyerID: user.id)
        return try await web.page("orders/order", "Order \(order.number)", Self.orderView(order), context: context)
    }

    @Sendable func invoice(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let order = try await orders.order(id: try orderID(context), buyerID: user.id)
        return try await web.page("orders/invoice", "Invoice \(order.number)", Self.orderView(order), context: context)
    }

    @Sendable func cancel(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let id = try orderID(context)
        do {
            let order = try await orders.cancel(orderID: id, buyerID: user.id)
            let refund = order.paymentStatus == .refunded ? " We refunded \(Money.format(order.totalCents))." : ""
            return web.redirect("/orders/\(id)", context: context, flash: "Order \(order.number) is cancelled.\(refund)")
        } catch let error as OrderError where error != .notFound {
            return web.redirect("/orders/\(id)", context: context, flash: error.message, kind: "error")
        }
    }
}

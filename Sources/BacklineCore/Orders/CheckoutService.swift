import Crypto
import Foundation
import SQLKit

/// What the buyer chose on the checkout page (or sent to `POST /api/v1/checkout`).
public struct CheckoutRequest: Sendable, Codable, Equatable {
    /// A saved address, or `address` typed in.
    public var addressID: Int?
    public var address: AddressInput?
    /// `standard` when the buyer names none.
    public var shippingMethod: String?
    public var paymentMethod: String
    public var cardNumber: String?
    /// The buyer has seen the prices as they are now. Without it, a line whose price rose since it was put in the
    /// cart refuses the checkout (`priceChanged`) instead of charging a price nobody agreed to. The checkout page
    /// shows the current prices above its button, so the page confirms them; API clients say so explicitly.
    public var acceptPriceChanges: Bool

    public init(
        addressID: Int?, address: AddressInput?, shippingMethod: String?, paymentMethod: String, cardNumber: String?, acceptPriceChanges: Bool = false
    ) {
        (self.addressID, self.address, self.shippingMethod, self.paymentMethod, self.cardNumber, self.acceptPriceChanges) =
            (addressID, address, shippingMethod, paymentMethod, cardNumber, acceptPriceChanges)
    }

    /// Identifies the request's content, so an idempotency key reused with another body is caught.
    var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(self)) ?? Data()
        return Format.hex(SHA256.hash(data: data))
    }
}

public enum CheckoutError: Error, Equatable, Sendable {
    case emptyCart
    /// A line wants more than is left (`available` is 0 when sold out or no longer for sale).
    case insufficientStock(productID: Int, name: String, available: Int)
    case coupon(CouponError)
    case declined(DeclineReason)
    /// The same idempotency key came with a different request.
    case idempotencyKeyReused
    /// Lines whose price rose since they were put in the cart, when the request did not accept the new prices.
    case priceChanged([PriceChange])
    /// The cart holds a listing of the buyer's own shop.
    case ownListing(name: String)

    public var message: String {
        switch self {
        case .emptyCart: "Your cart is empty."
        case .insufficientStock(_, let name, 0): "\(name) is no longer available. Remove it from your cart to continue."
        case .insufficientStock(_, let name, let available):
            "Only \(available) of \(name) \(available == 1 ? "is" : "are") left. Lower the quantity in your cart to continue."
        case .coupon(let error): error.message + " Remove the code from your cart to continue."
        case .declined(let reason): reason.message
        case .idempotencyKeyReused: "This Idempotency-Key was already used for a different checkout request."
        case .priceChanged(let changes):
            changes.map { "\($0.name) is now \(Money.format($0.unitPriceCents)) (it was \(Money.format($0.addedPriceCents)) when you added it)." }
                .joined(separator: " ") + " Check the new prices and confirm them to continue."
        case .ownListing(let name): "\(name) is a listing of your own shop: remove it from your cart to continue."
        }
    }
}

/// A cart line whose price rose since it was added.
public struct PriceChange: Sendable, Equatable {
    public let productID: Int
    public let name: String
    public let addedPriceCents: Int
    public let unitPriceCents: Int
}

/// The result of a checkout: the order, and whether it was made now or earlier by the same request.
public struct PlacedOrder: Sendable, Equatable {
    public let orderID: Int
    public let number: String
    public let replayed: Bool
}

/// Turns a cart into an order in one transaction: stock, coupon use, the order and its parts, sold counts,
/// the emptied cart and the emails all happen, or none of them does.
public struct CheckoutService: Sendable {
    let database: BacklineDatabase
    let addresses: AddressBook
    let outbox: Outbox

    public init(database: BacklineDatabase, addresses: AddressBook, outbox: Outbox) {
        (self.database, self.addresses, self.outbox) = (database, addresses, outbox)
    }

    /// The checked choices of a request: every problem of the form at once as a `ValidationError`.
    struct Choices {
        let address: AddressInput
        let shipping: ShippingMethod
        let payment: PaymentMethod
        let cardNumber: String?
    }

    func validate(userID: Int, _ request: CheckoutRequest) async throws -> Choices {
        var errors: [FieldError] = []
        var address: AddressInput?
        if let id = request.addressID {
            do { address = try await addresses.find(userID: userID, id: id).address } catch AccountError.addressNotFound {
                errors.append(.init(field: "address_id", message: "Choose one of your saved addresses."))
            }
        } else if let typed = request.address {
            do { address = try typed.validated() } catch let error as ValidationError { errors += error.errors }
        } else {
            errors.append(.init(field: "address_id", message: "Choose a saved address or enter one."))
        }
        let shipping = ShippingMethod(rawValue: request.shippingMethod ?? ShippingMethod.standard.rawValue)
        if shipping == nil { errors.append(.init(field: "shipping_method", message: "Choose standard or express shipping.")) }
        let payment = PaymentMethod(rawValue: request.paymentMethod)
        if payment == nil { errors.append(.init(field: "payment_method", message: "Choose how you want to pay.")) }
        if payment == .card, let problem = PaymentSimulator.cardProblem(request.cardNumber) {
            errors.append(.init(field: "card_number", message: problem))
        }
        guard errors.isEmpty, let address, let shipping, let payment else { throw ValidationError(errors) }
        return Choices(address: address, shipping: shipping, payment: payment, cardNumber: payment == .card ? request.cardNumber : nil)
    }

    /// Places the order for the user's cart.
    ///
    /// With an `idempotencyKey` (scoped to the user), a repeated request returns the order the first one made;
    /// the same key with a different request is `CheckoutError.idempotencyKeyReused`. A declined payment or
    /// missing stock rolls everything back: the cart stays as it was.
    public func placeOrder(userID: Int, _ request: CheckoutRequest, idempotencyKey: String? = nil, now: Date = Date()) async throws -> PlacedOrder {
        let choices = try await validate(userID: userID, request)
        let fingerprint = request.fingerprint
        let scope = "checkout:user:\(userID)"
        let placed = try await database.writeTransaction { [database, outbox] sql -> PlacedOrder in
            if let key = idempotencyKey {
                let claimed = try await sql.raw(
                    """
                    INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (\(bind: scope), \(bind: key), \(bind: fingerprint), \(bind: now))
                    ON CONFLICT (scope, key) DO NOTHING RETURNING id
                    """
                ).first()
                if claimed == nil {
                    let earlier = try await sql.raw(
                        "SELECT request_hash, order_id, (SELECT number FROM orders WHERE id = order_id) AS number FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key)"
                    ).first()
                    guard let earlier, try earlier.decode(column: "request_hash", as: String.self) == fingerprint,
                        let orderID = try earlier.decode(column: "order_id", as: Int?.self)
                    else { throw CheckoutError.idempotencyKeyReused }
                    return PlacedOrder(orderID: orderID, number: try earlier.decode(column: "number", as: String.self), replayed: true)
                }
            }

            guard let cartRow = try await sql.raw("SELECT id FROM carts WHERE user_id = \(bind: userID)").first() else {
                throw CheckoutError.emptyCart
            }
            let cartID = try cartRow.decode(column: "id", as: Int.self)
            let products = try await StockHolds.productsTouched(cartID: cartID, userID: userID, on: sql)
            try await database.lockProducts(products, on: sql)
            try await StockHolds.releaseLapsed(now: now, productIDs: products, database: database, on: sql)
            let cart = try await CartService.load(cartID: cartID, holder: userID, on: sql, now: now)
            guard !cart.isEmpty else { throw CheckoutError.emptyCart }
            for line in cart.lines where !line.purchasable {
                throw CheckoutError.insufficientStock(productID: line.productID, name: line.name, available: line.listed ? line.stock : 0)
            }
            if let problem = cart.couponProblem { throw CheckoutError.coupon(problem) }
            if let own = try await sql.raw(
                """
                SELECT p.name FROM cart_items ci JOIN products p ON p.id = ci.product_id JOIN shops s ON s.id = p.shop_id
                WHERE ci.cart_id = \(bind: cartID) AND s.owner_id = \(bind: userID)
                """
            ).first() {
                throw CheckoutError.ownListing(name: try own.decode(column: "name", as: String.self))
            }
            // Only a rise needs the buyer's word: paying less than agreed wrongs nobody.
            let changes = cart.lines.filter { $0.unitPriceCents > $0.addedPriceCents }.map {
                PriceChange(productID: $0.productID, name: $0.name, addedPriceCents: $0.addedPriceCents, unitPriceCents: $0.unitPriceCents)
            }
            if !changes.isEmpty && !request.acceptPriceChanges { throw CheckoutError.priceChanged(changes) }
            let totals = Totals(subtotalCents: cart.totals.subtotalCents, discountCents: cart.totals.discountCents, shipping: choices.shipping)

            let outcome = PaymentSimulator.charge(method: choices.payment, cardNumber: choices.cardNumber, amountCents: totals.totalCents)
            let (status, paymentStatus, reference): (OrderStatus, PaymentStatus, String?)
            switch outcome {
            case .declined(let reason): throw CheckoutError.declined(reason)
            case .paid(let ref): (status, paymentStatus, reference) = (.paid, .paid, ref)
            case .payOnDelivery: (status, paymentStatus, reference) = (.pending, .pending, nil)
            }

            // The order, numbered from its id.
            let addressJSON = choices.address.snapshotJSON
            let orderID = try await sql.raw(
                """
                INSERT INTO orders (number, buyer_id, status, payment_status, payment_method, payment_reference, shipping_method, subtotal_cents,
                discount_cents, shipping_cents, total_cents, coupon_id, coupon_code, shipping_address, paid_at, created_at, updated_at)
                VALUES (\(bind: "new-" + SecureToken.generate()), \(bind: userID), \(bind: status.rawValue), \(bind: paymentStatus.rawValue),
                \(bind: choices.payment.rawValue), \(bind: reference), \(bind: choices.shipping.rawValue), \(bind: totals.subtotalCents),
                \(bind: totals.discountCents), \(bind: totals.shippingCents ?? 0), \(bind: totals.totalCents), \(bind: cart.coupon?.id),
                \(bind: cart.coupon?.code), \(bind: addressJSON), \(bind: status == .paid ? now : nil as Date?), \(bind: now), \(bind: now)) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            let number = OrderNumber.make(id: orderID, at: now)
            try await sql.raw("UPDATE orders SET number = \(bind: number) WHERE id = \(bind: orderID)").run()

            // The buyer's hold has done its work: its units are taken below.
            try await StockHolds.release(userID: userID, database: database, on: sql)
            // Each line: the guarded stock decrement (never below zero, never into others' holds), the snapshot, the
            // movement.
            for line in cart.lines {
                let taken = try await sql.raw(
                    """
                    UPDATE products SET stock = stock - \(bind: line.quantity), sold_count = sold_count + \(bind: line.quantity)
                    WHERE id = \(bind: line.productID) AND stock - held >= \(bind: line.quantity) RETURNING stock, low_stock_threshold
                    """
                ).first()
                guard let taken else { throw CheckoutError.insufficientStock(productID: line.productID, name: line.name, available: line.stock) }
                let left = try taken.decode(column: "stock", as: Int.self)
                try await ListingService.alertIfLow(
                    line.productID, before: left + line.quantity, after: left,
                    threshold: try taken.decode(column: "low_stock_threshold", as: Int.self),
                    outbox: outbox, on: sql)
                try await sql.raw(
                    """
                    INSERT INTO order_items (order_id, product_id, shop_id, product_name, brand, shop_name, unit_price_cents, quantity, line_total_cents)
                    VALUES (\(bind: orderID), \(bind: line.productID), \(bind: line.shopID), \(bind: line.name), \(bind: line.brand), \(bind: line.shopName),
                    \(bind: line.unitPriceCents), \(bind: line.quantity), \(bind: line.lineTotalCents))
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO stock_movements (product_id, delta, reason, order_id, user_id, created_at)
                    VALUES (\(bind: line.productID), \(bind: -line.quantity), 'sale', \(bind: orderID), \(bind: userID), \(bind: now))
                    """
                ).run()
            }
            for shopID in Set(cart.lines.map(\.shopID)).sorted() {
                try await sql.raw("INSERT INTO order_shipments (order_id, shop_id, status) VALUES (\(bind: orderID), \(bind: shopID), 'pending')")
                    .run()
            }

            // The coupon: one more use, never past its maximum however many buyers race for the last one.
            if let coupon = cart.coupon {
                let used = try await sql.raw(
                    """
                    UPDATE coupons SET uses = uses + 1
                    WHERE id = \(bind: coupon.id) AND active AND (max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > \(bind: now))
                    RETURNING uses
                    """
                ).first()
                guard used != nil else { throw CheckoutError.coupon(.usedUp) }
                try await sql.raw(
                    "INSERT INTO coupon_redemptions (coupon_id, order_id, user_id, created_at) VALUES (\(bind: coupon.id), \(bind: orderID), \(bind: userID), \(bind: now))"
                ).run()
            }

            try await OrderService.record(orderID: orderID, status: .pending, note: "Order placed", at: now, on: sql)
            if status == .paid {
                try await OrderService.record(orderID: orderID, status: .paid, note: "Payment received (\(choices.payment.label))", at: now, on: sql)
            }
            try await sql.raw("DELETE FROM cart_items WHERE cart_id = \(bind: cartID)").run()
            try await sql.raw("UPDATE carts SET coupon_id = NULL, updated_at = \(bind: now) WHERE id = \(bind: cartID)").run()
            if let key = idempotencyKey {
                try await sql.raw(
                    "UPDATE idempotency_keys SET order_id = \(bind: orderID), response_status = 201 WHERE scope = \(bind: scope) AND key = \(bind: key)"
                ).run()
            }
            try await Self.queueEmails(orderID: orderID, number: number, cart: cart, totals: totals, status: status, outbox: outbox, on: sql)
            return PlacedOrder(orderID: orderID, number: number, replayed: false)
        }
        return placed
    }

    /// The buyer's confirmation and a new-order notice to each seller, written in the same transaction.
    static func queueEmails(orderID: Int, number: String, cart: Cart, totals: Totals, status: OrderStatus, outbox: Outbox, on sql: any SQLDatabase)
        async throws
    {
        let buyer = try await sql.raw(
            "SELECT u.email, u.display_name FROM users u JOIN orders o ON o.buyer_id = u.id WHERE o.id = \(bind: orderID)"
        ).first()!
        let lines = cart.lines.map { "  \($0.quantity) × \($0.name) (\($0.shopName)) — \(Money.format($0.lineTotalCents))" }.joined(separator: "\n")
        let payment = status == .paid ? "Your payment was received." : "You pay on delivery."
        try await outbox.enqueue(
            to: try buyer.decode(column: "email", as: String.self), subject: "Your Backline order \(number)",
            body: """
                Hi \(try buyer.decode(column: "display_name", as: String.self)),

                thank you for your order \(number). \(payment)

                \(lines)

                Total: \(Money.format(totals.totalCents))

                Each shop ships its part; we'll write again when it's on its way.
                """,
            kind: "order_confirmation", on: sql)
        for shopID in Set(cart.lines.map(\.shopID)).sorted() {
            guard let owner = try await sql.raw("SELECT u.email FROM users u JOIN shops s ON s.owner_id = u.id WHERE s.id = \(bind: shopID)").first()
            else { continue }
            let shopLines = cart.lines.filter { $0.shopID == shopID }
            try await outbox.enqueue(
                to: try owner.decode(column: "email", as: String.self), subject: "New order \(number) for \(shopLines[0].shopName)",
                body: """
                    You have a new order, \(number):

                    \(shopLines.map { "  \($0.quantity) × \($0.name) — \(Money.format($0.lineTotalCents))" }.joined(separator: "\n"))

                    Ship it from your seller dashboard.
                    """,
                kind: "seller_new_order", on: sql)
        }
    }
}

/// Order numbers people can read out on the phone: `BL-2026-004217`.
public enum OrderNumber {
    public static func make(id: Int, at date: Date) -> String {
        let year = Format.civil(date).year
        let digits = String(id)
        return "BL-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

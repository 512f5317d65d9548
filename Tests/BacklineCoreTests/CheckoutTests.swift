import BacklineCore
import BacklineTestSupport
import Foundation
import SQLKit
import Testing

/// Pricing, coupons and the payment simulator: rules with no database.
@Suite struct PricingRulesTests {
    func coupon(percent: Int? = nil, amount: Int? = nil, min: Int = 0, expires: Date? = nil, maxUses: Int? = nil, uses: Int = 0, active: Bool = true)
        -> Coupon
    {
        Coupon(
            id: 1, code: "X", percentOff: percent, amountOffCents: amount, minSubtotalCents: min, expiresAt: expires, maxUses: maxUses, uses: uses,
            active: active)
    }

    @Test func couponsTakeOffPercentOrAmountWithinTheirRules() throws {
        #expect(try coupon(percent: 10).discount(onSubtotal: 30_399) == 3_040)  // rounded half up to the cent
        #expect(try coupon(amount: 2_500).discount(onSubtotal: 1_000) == 1_000)  // never more than the subtotal
        #expect(throws: CouponError.belowMinimum(25_000)) { try coupon(amount: 2_500, min: 25_000).discount(onSubtotal: 24_999) }
        #expect(throws: CouponError.expired) { try coupon(percent: 5, expires: Date().addingTimeInterval(-1)).discount(onSubtotal: 10_000) }
        #expect(throws: CouponError.usedUp) { try coupon(percent: 5, maxUses: 3, uses: 3).discount(onSubtotal: 10_000) }
        #expect(throws: CouponError.unknown) { try coupon(percent: 5, active: false).discount(onSubtotal: 10_000) }
    }

    @Test func shippingIsFreeFromTheThresholdAndExpressIsFlat() {
        #expect(Totals(subtotalCents: 9_899, discountCents: 0, shipping: .standard).totalCents == 9_899 + 999)
        #expect(Totals(subtotalCents: 9_900, discountCents: 0, shipping: .standard).shippingCents == 0)
        // The threshold counts what is paid for the goods: a discount can bring shipping back.
        #expect(Totals(subtotalCents: 10_000, discountCents: 500, shipping: .standard).shippingCents == 999)
        #expect(Totals(subtotalCents: 50_000, discountCents: 0, shipping: .express).totalCents == 50_000 + 2_499)
    }

    @Test func cardsAreCheckedByLuhnAndBehaveByNumber() {
        #expect(PaymentSimulator.cardProblem("4242 4242 4242 4242") == nil)
        #expect(PaymentSimulator.cardProblem("4242424242424241") != nil)
        #expect(PaymentSimulator.cardProblem("") != nil)
        #expect(PaymentSimulator.cardProblem("4242-abcd") != nil)
        #expect(PaymentSimulator.charge(method: .card, cardNumber: "4000000000000002", amountCents: 1) == .declined(.cardDeclined))
        #expect(PaymentSimulator.charge(method: .card, cardNumber: "4000 0000 0000 9995", amountCents: 1) == .declined(.insufficientFunds))
        guard case .paid = PaymentSimulator.charge(method: .card, cardNumber: "5555555555554444", amountCents: 1) else {
            Issue.record("another Luhn-valid number succeeds")
            return
        }
        #expect(PaymentSimulator.charge(method: .cod, cardNumber: nil, amountCents: 1) == .payOnDelivery)
    }

    @Test func onlyAllowedStatusMovesHappen() {
        #expect(OrderStatus.pending.canMove(to: .paid))
        #expect(OrderStatus.paid.canMove(to: .shipped))
        #expect(OrderStatus.shipped.canMove(to: .delivered))
        #expect(!OrderStatus.delivered.canMove(to: .pending))
        #expect(!OrderStatus.cancelled.canMove(to: .paid))
        #expect(!OrderStatus.shipped.canMove(to: .cancelled))
        #expect(OrderNumber.make(id: 4_217, at: Date(timeIntervalSince1970: 1_790_000_000)) == "BL-2026-004217")
    }
}

/// Cart, checkout, cancel and reviews against a real database (SQLite, and PostgreSQL in `make test`).
@Suite struct CheckoutTests {
    static let address = AddressInput(
        fullName: "Billie Buyer", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)

    static func buyer(_ services: CoreServices, _ n: Int) async throws -> Int {
        try await services.accounts.createUser(email: "buyer\(n)@test.example", password: "secret123", displayName: "Buyer \(n)", role: .customer).id!
    }

    static func card(_ number: String = "4242424242424242") -> CheckoutRequest {
        CheckoutRequest(addressID: nil, address: address, shippingMethod: "standard", paymentMethod: "card", cardNumber: number)
    }

    static func stock(_ services: CoreServices, _ id: Int) async throws -> (stock: Int, sold: Int) {
        let row = try await services.database.sql.raw("SELECT stock, sold_count FROM products WHERE id = \(bind: id)").first()!
        return (try row.decode(column: "stock", as: Int.self), try row.decode(column: "sold_count", as: Int.self))
    }

    /// Every buyer checks out at once; the outcome of each, named by `name` (nil: unexpected).
    static func race(_ services: CoreServices, _ buyers: [Int], name: @escaping @Sendable (any Error) -> String?) async -> [String] {
        await withTaskGroup(of: String.self) { group in
            for buyer in buyers {
                group.addTask {
                    do {
                        _ = try await services.checkout.placeOrder(userID: buyer, Self.card())
                        return "order"
                    } catch {
                        return name(error) ?? "unexpected \(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
    }

    @Test func cartAddsUpCapsAtStockAndMergesTheGuestCartAtSignIn() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            let carts = services.carts
            try await carts.add(.user(user), productID: fixture.strat, quantity: 2)
            try await carts.add(.user(user), productID: fixture.strat, quantity: 1)
            await #expect(throws: CartError.exceedsStock(productID: fixture.strat, available: 5)) {
                try await carts.add(.user(user), productID: fixture.strat, quantity: 3)
            }
            await #expect(throws: CatalogError.productNotFound) { try await carts.add(.user(user), productID: fixture.pending, quantity: 1) }
            await #expect(throws: CartError.exceedsStock(productID: fixture.martin, available: 0)) {
                try await carts.add(.user(user), productID: fixture.martin, quantity: 1)
            }
            // The guest's 4 Strats + the user's 3 exceed the stock of 5: the merge keeps 5.
            try await carts.add(.guest("guest-key"), productID: fixture.strat, quantity: 4)
            try await carts.add(.guest("guest-key"), productID: fixture.katana, quantity: 2)
            try await carts.merge(guestKey: "guest-key", intoUser: user)
            let cart = try await carts.cart(.user(user))
            #expect(cart.lines.map(\.quantity) == [5, 2])
            #expect(cart.totals.subtotalCents == 5 * 84_999 + 2 * 25_999)
            #expect(try await carts.cart(.guest("guest-key")).isEmpty)
            try await carts.setQuantity(.user(user), productID: fixture.katana, quantity: 0)
            #expect(try await carts.itemCount(.user(user)) == 5)
            // A price change since adding shows on the line.
            try await services.database.sql.raw("UPDATE products SET price_cents = \(bind: 79_999) WHERE id = \(bind: fixture.strat)").run()
            let repriced = try await carts.cart(.user(user))
            #expect(repriced.lines[0].priceChanged && repriced.lines[0].addedPriceCents == 84_999)
        }
    }

    @Test func aPaidCheckoutTakesStockEmptiesTheCartAndWritesEmails() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            try await services.carts.add(.user(user), productID: fixture.strat, quantity: 2)
            try await services.carts.add(.user(user), productID: fixture.bluesJunior, quantity: 1)
            _ = try await services.createCoupon(code: "tenoff", percentOff: 10)
            _ = try await services.carts.applyCoupon(.user(user), code: "TenOff")
            let placed = try await services.checkout.placeOrder(userID: user, Self.card())
            let order = try await services.orders.order(id: placed.orderID, buyerID: user)
            #expect(order.status == .paid && order.paymentStatus == .paid)
            #expect(order.subtotalCents == 2 * 84_999 + 45_000)
            #expect(order.discountCents == 21_500)
            #expect(order.shippingCents == 0)
            #expect(order.totalCents == 2 * 84_999 + 45_000 - 21_500)
            #expect(order.shipments.count == 2)
            #expect(order.number.hasPrefix("BL-") && order.number.hasSuffix(String(placed.orderID)))
            #expect(try await Self.stock(services, fixture.strat) == (3, 12))
            #expect(try await services.carts.cart(.user(user)).isEmpty)
            let mail = try await services.outbox.latest(10)
            #expect(mail.contains { $0.to == "buyer1@test.example" && $0.subject.contains(order.number) })
            #expect(mail.contains { $0.to == "a@shop.test" && $0.kind == "seller_new_order" })
            #expect(mail.contains { $0.to == "b@shop.test" && $0.kind == "seller_new_order" })
            // Someone else's order is not found.
            let other = try await Self.buyer(services, 2)
            await #expect(throws: OrderError.notFound) { try await services.orders.order(id: placed.orderID, buyerID: other) }
        }
    }

    @Test func aDeclinedCardOrMissingStockChangesNothing() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            try await services.carts.add(.user(user), productID: fixture.lesPaul, quantity: 1)
            await #expect(throws: CheckoutError.declined(.cardDeclined)) {
                try await services.checkout.placeOrder(userID: user, Self.card("4000000000000002"))
            }
            await #expect(throws: CheckoutError.declined(.insufficientFunds)) {
                try await services.checkout.placeOrder(userID: user, Self.card("4000000000009995"))
            }
            await #expect(throws: ValidationError.self) { try await services.checkout.placeOrder(userID: user, Self.card("4242424242424241")) }
            #expect(try await Self.stock(services, fixture.lesPaul).stock == 1)
            #expect(try await services.carts.cart(.user(user)).lines.count == 1)
            #expect(try await services.orders.history(buyerID: user, page: 1, perPage: 10).total == 0)
            // Someone else buys the last one first.
            try await services.database.sql.raw("UPDATE products SET stock = 0 WHERE id = \(bind: fixture.lesPaul)").run()
            await #expect(throws: CheckoutError.insufficientStock(productID: fixture.lesPaul, name: "Gibson Les Paul Standard", available: 0)) {
                try await services.checkout.placeOrder(userID: user, Self.card())
            }
            #expect(try await services.carts.cart(.user(user)).lines.count == 1)
            let empty = try await Self.buyer(services, 2)
            await #expect(throws: CheckoutError.emptyCart) { try await services.checkout.placeOrder(userID: empty, Self.card()) }
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstOrderAndRefusesAnotherBody() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            try await services.carts.add(.user(user), productID: fixture.katana, quantity: 1)
            let first = try await services.checkout.placeOrder(userID: user, Self.card(), idempotencyKey: "k-1")
            let again = try await services.checkout.placeOrder(userID: user, Self.card(), idempotencyKey: "k-1")
            #expect(again.orderID == first.orderID && again.number == first.number && again.replayed && !first.replayed)
            var other = Self.card()
            other.shippingMethod = "express"
            await #expect(throws: CheckoutError.idempotencyKeyReused) {
                try await services.checkout.placeOrder(userID: user, other, idempotencyKey: "k-1")
            }
            #expect(try await Self.stock(services, fixture.katana).stock == 9)
            // Another user's same key is theirs alone.
            let second = try await Self.buyer(services, 2)
            try await services.carts.add(.user(second), productID: fixture.katana, quantity: 1)
            #expect(try await services.checkout.placeOrder(userID: second, Self.card(), idempotencyKey: "k-1").orderID != first.orderID)
        }
    }

    @Test func cancellingRestocksAndRefundsAndOnlyWhileAllowed() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            try await services.carts.add(.user(user), productID: fixture.bluesJunior, quantity: 2)
            let placed = try await services.checkout.placeOrder(userID: user, Self.card())
            #expect(try await Self.stock(services, fixture.bluesJunior) == (0, 22))
            let other = try await Self.buyer(services, 2)
            await #expect(throws: OrderError.notFound) { try await services.orders.cancel(orderID: placed.orderID, buyerID: other) }
            let cancelled = try await services.orders.cancel(orderID: placed.orderID, buyerID: user)
            #expect(cancelled.status == .cancelled && cancelled.paymentStatus == .refunded)
            #expect(cancelled.events.map(\.status) == ["pending", "paid", "cancelled", "refunded"])
            #expect(try await Self.stock(services, fixture.bluesJunior) == (2, 20))
            let movements = try await services.database.sql.raw(
                "SELECT reason, delta FROM stock_movements WHERE order_id = \(bind: placed.orderID) ORDER BY id"
            ).all()
            #expect(try movements.map { try $0.decode(column: "reason", as: String.self) } == ["sale", "cancel"])
            await #expect(throws: OrderError.cannotMove(from: .cancelled, to: .cancelled)) {
                try await services.orders.cancel(orderID: placed.orderID, buyerID: user)
            }
            // Shipped orders can no longer be cancelled by the buyer.
            try await services.carts.add(.user(user), productID: fixture.katana, quantity: 1)
            let shipped = try await services.checkout.placeOrder(userID: user, Self.card())
            try await services.orders.move(orderID: shipped.orderID, to: .shipped)
            await #expect(throws: OrderError.cannotMove(from: .shipped, to: .cancelled)) {
                try await services.orders.cancel(orderID: shipped.orderID, buyerID: user)
            }
        }
    }

    @Test func onlyBuyersOfAPaidOrderReviewOncePerProduct() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let user = try await Self.buyer(services, 1)
            let review = ReviewInput(rating: 5, title: "Sings", body: "Lovely neck.")
            await #expect(throws: ReviewError.notPurchased) { try await services.reviews.create(userID: user, productID: fixture.katana, review) }
            // Cash on delivery stays pending: not yet reviewable.
            try await services.carts.add(.user(user), productID: fixture.katana, quantity: 1)
            let cod = try await services.checkout.placeOrder(
                userID: user,
                CheckoutRequest(addressID: nil, address: Self.address, shippingMethod: "standard", paymentMethod: "cod", cardNumber: nil))
            #expect(try await services.orders.order(id: cod.orderID, buyerID: user).status == .pending)
            #expect(try await services.reviews.eligibility(userID: user, productID: fixture.katana) == .notPurchased)
            try await services.orders.move(orderID: cod.orderID, to: .shipped)
            try await services.orders.move(orderID: cod.orderID, to: .delivered)
            #expect(try await services.orders.order(id: cod.orderID, buyerID: user).paymentStatus == .paid)
            await #expect(throws: ValidationError.self) {
                try await services.reviews.create(userID: user, productID: fixture.katana, ReviewInput(rating: 6, title: "", body: "x"))
            }
            try await services.reviews.create(userID: user, productID: fixture.katana, review)
            await #expect(throws: ReviewError.alreadyReviewed) { try await services.reviews.create(userID: user, productID: fixture.katana, review) }
            let product = try await services.catalog.product(id: fixture.katana)
            #expect(product.summary.ratingCount == 1 && product.summary.ratingAvg == 5)
        }
    }

    /// 24 buyers race for the last 5 units: exactly 5 orders, stock 0, everyone else told there is not enough.
    @Test func racingBuyersNeverOversell() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            try await services.database.sql.raw("UPDATE products SET stock = 5 WHERE id = \(bind: fixture.katana)").run()
            var buyers: [Int] = []
            for n in 1...24 {
                let id = try await Self.buyer(services, n)
                try await services.carts.add(.user(id), productID: fixture.katana, quantity: 1)
                buyers.append(id)
            }
            let outcomes = await Self.race(services, buyers) { error in
                if case CheckoutError.insufficientStock = error { return "409" }
                return nil
            }
            #expect(outcomes.filter { $0 == "order" }.count == 5)
            #expect(outcomes.filter { $0 == "409" }.count == 19)
            #expect(try await Self.stock(services, fixture.katana).stock == 0)
            let sold = try await services.database.sql.raw(
                "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS n FROM order_items WHERE product_id = \(bind: fixture.katana)"
            )
            .first()!.decode(column: "n", as: Int.self)
            #expect(sold == 5)
        }
    }

    /// A coupon with 3 uses raced by 10 buyers is used exactly 3 times.
    @Test func racingBuyersNeverOveruseACoupon() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            _ = try await services.createCoupon(code: "THREE", amountOffCents: 1_000, maxUses: 3)
            var buyers: [Int] = []
            for n in 1...10 {
                let id = try await Self.buyer(services, n)
                try await services.carts.add(.user(id), productID: fixture.katana, quantity: 1)
                _ = try await services.carts.applyCoupon(.user(id), code: "three")
                buyers.append(id)
            }
            let outcomes = await Self.race(services, buyers) { error in
                if case CheckoutError.coupon = error { return "coupon" }
                return nil
            }
            #expect(outcomes.filter { $0 == "order" }.count == 3)
            #expect(outcomes.filter { $0 == "coupon" }.count == 7)
            #expect(try await services.coupons.find(code: "three")?.uses == 3)
            #expect(try await Self.stock(services, fixture.katana).stock == 7)
        }
    }
}

import BacklineCore
import BacklineTestSupport
import Foundation
import SQLKit
import Testing

/// Opening checkout holds the cart's units for ten minutes (CONTRACT §10); the jobs release lapsed holds (§7).
@Suite struct HoldTests {
    /// The fixture's Strat down to its last unit, in two buyers' carts.
    static func lastUnitInTwoCarts(_ services: CoreServices) async throws -> (product: Int, first: Int, second: Int) {
        let fixture = try await CatalogFixture.insert(into: services)
        try await services.database.sql.raw("UPDATE products SET stock = 1 WHERE id = \(bind: fixture.strat)").run()
        let first = try await CheckoutTests.buyer(services, 1)
        let second = try await CheckoutTests.buyer(services, 2)
        try await services.carts.add(.user(first), productID: fixture.strat, quantity: 1)
        try await services.carts.add(.user(second), productID: fixture.strat, quantity: 1)
        return (fixture.strat, first, second)
    }

    @Test func aHoldKeepsTheLastUnitForItsHolder() async throws {
        try await withCoreServices { services in
            let (product, first, second) = try await Self.lastUnitInTwoCarts(services)
            let now = Date()
            let held = try await services.carts.hold(userID: first, now: now)
            let until = try #require(held.heldUntil)
            #expect(abs(until.timeIntervalSince(now) - 600) < 1)
            #expect(held.isReadyForCheckout)

            // For everyone else the unit is not in stock: not on the product page, not in a cart, not at checkout.
            #expect(try await services.catalog.product(id: product).summary.stock == 0)
            let other = try await services.carts.cart(.user(second))
            #expect(other.lines[0].stock == 0 && !other.isReadyForCheckout && other.heldUntil == nil)
            await #expect(throws: CheckoutError.insufficientStock(productID: product, name: "Fender Player Stratocaster", available: 0)) {
                _ = try await services.checkout.placeOrder(userID: second, CheckoutTests.card())
            }
            let third = try await CheckoutTests.buyer(services, 3)
            await #expect(throws: CartError.exceedsStock(productID: product, available: 0)) {
                try await services.carts.add(.user(third), productID: product, quantity: 1)
            }
            // A second buyer opening checkout holds nothing.
            #expect(try await services.carts.hold(userID: second).heldUntil == nil)

            // The holder's checkout goes through and the hold ends with it.
            let placed = try await services.checkout.placeOrder(userID: first, CheckoutTests.card())
            #expect(!placed.replayed)
            #expect(try await CheckoutTests.stock(services, product) == (0, 11))
            #expect(try await Self.held(services, product) == 0)
        }
    }

    @Test func aLapsedHoldIsReleasedByTheJobs() async throws {
        try await withCoreServices { services in
            let (product, first, second) = try await Self.lastUnitInTwoCarts(services)
            let now = Date()
            _ = try await services.carts.hold(userID: first, now: now)
            // Nine minutes on, nothing is due.
            let early = try await services.jobs.runAll(now: now.addingTimeInterval(9 * 60), waitForOthers: true)
            let lapses = try #require(early.first { $0.name == "hold-lapses" })
            #expect(lapses.ran && lapses.count == 0)
            #expect(try await Self.held(services, product) == 1)

            let late = try await services.jobs.runAll(now: now.addingTimeInterval(10 * 60 + 1), waitForOthers: true)
            #expect(late.first { $0.name == "hold-lapses" }?.count == 1)
            #expect(try await Self.held(services, product) == 0)
            #expect(try await services.catalog.product(id: product).summary.stock == 1)

            // The unit is anyone's again: the second buyer takes it, and the first one's checkout now finds none.
            _ = try await services.checkout.placeOrder(userID: second, CheckoutTests.card())
            await #expect(throws: CheckoutError.insufficientStock(productID: product, name: "Fender Player Stratocaster", available: 0)) {
                _ = try await services.checkout.placeOrder(userID: first, CheckoutTests.card())
            }
        }
    }

    @Test func aLapsedHoldNeverWaitsForTheJobsAndACartChangeGivesItBack() async throws {
        try await withCoreServices { services in
            let (product, first, second) = try await Self.lastUnitInTwoCarts(services)
            // A hold opened eleven minutes ago has lapsed, though no job has run since.
            _ = try await services.carts.hold(userID: first, now: Date().addingTimeInterval(-11 * 60))
            #expect(try await Self.held(services, product) == 1)
            let third = try await CheckoutTests.buyer(services, 3)
            try await services.carts.add(.user(third), productID: product, quantity: 1)
            #expect(try await Self.held(services, product) == 0)

            // A live hold ends when its line leaves the cart.
            _ = try await services.carts.hold(userID: second)
            #expect(try await Self.held(services, product) == 1)
            try await services.carts.remove(.user(second), productID: product)
            #expect(try await Self.held(services, product) == 0)
        }
    }

    static func held(_ services: CoreServices, _ product: Int) async throws -> Int {
        let row = try await services.database.sql.raw(
            "SELECT held, (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM stock_holds WHERE product_id = \(bind: product)) AS rows FROM products WHERE id = \(bind: product)"
        ).first()!
        let held = try row.decode(column: "held", as: Int.self)
        // The one rule of `StockHolds`: the column is the sum of the rows.
        #expect(try row.decode(column: "rows", as: Int.self) == held)
        return held
    }
}

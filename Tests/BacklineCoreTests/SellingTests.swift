import BacklineCore
import BacklineTestSupport
import Foundation
import SQLKit
import Testing

/// The seller workspace's rules against a real database: listings, moderation, prices, stock, photos, shops,
/// shipping and who may touch what.
@Suite struct SellingTests {
    static func input(shop: Int, category: Int, name: String = "Fender Jazz Bass", price: Int = 129_900, stock: Int = 4, threshold: Int = 1)
        -> ListingInput
    {
        ListingInput(
            shopID: shop, categoryID: category, name: name, brand: "Fender", model: "Jazz Bass", year: 2021, finish: "Sunburst",
            condition: .excellent,
            priceCents: price, stock: stock, lowStockThreshold: threshold, description: "Plays beautifully.", specs: [["Body", "Alder"]],
            tags: ["sale"],
            active: true)
    }

    static func category(_ services: CoreServices, _ slug: String = "electric-guitars") async throws -> Int {
        try await services.database.sql.raw("SELECT id FROM categories WHERE slug = \(bind: slug)").first()!.decode(column: "id", as: Int.self)
    }

    static func newSeller(_ services: CoreServices, _ name: String) async throws -> Caller {
        let user = try await services.accounts.createUser(email: "\(name)@sell.example", password: "secret123", displayName: name, role: .seller)
        return Caller(userID: user.id!, role: .seller)
    }

    static func outbox(_ services: CoreServices, kind: String) async throws -> [Outbox.Message] {
        try await services.outbox.latest(100).filter { $0.kind == kind }
    }

    @Test func aNewSellersListingWaitsForReviewWhileATrustedSellersGoesLive() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let electric = try await Self.category(services)
            let newcomer = try await Self.newSeller(services, "newcomer")
            let shop = try await services.shops.create(
                ShopInput(
                    name: "Fuzz & Tone Co.", slug: nil, description: "Pedals.", address: "Austin, TX", contactEmail: "Hi@Fuzz.example", phone: nil),
                caller: newcomer)
            #expect(shop.input.slug == "fuzz-tone-co")
            #expect(shop.input.contactEmail == "hi@fuzz.example")

            let pending = try await services.listings.create(Self.input(shop: shop.id, category: electric), caller: newcomer)
            #expect(pending.status == .pending)
            await #expect(throws: CatalogError.productNotFound) { try await services.catalog.product(id: pending.id) }

            // Only admins moderate; a rejection needs a reason and reaches the seller.
            let admin = Caller(userID: fixture.sellerA, role: .admin)
            await #expect(throws: SellingError.notYours) { try await services.listingAdmin.approve(id: pending.id, actor: newcomer, ip: nil) }
            await #expect(throws: ValidationError.self) {
                try await services.listingAdmin.reject(id: pending.id, reason: "  ", actor: admin, ip: nil)
            }
            let rejected = try await services.listingAdmin.reject(id: pending.id, reason: "Photos show a different guitar.", actor: admin, ip: nil)
            #expect(rejected.status == .rejected && rejected.moderationNote == "Photos show a different guitar.")
            #expect(try await Self.outbox(services, kind: "listing_rejected").first?.to == "newcomer@sell.example")
            await #expect(throws: SellingError.notPending) { try await services.listingAdmin.approve(id: pending.id, actor: admin, ip: nil) }

            // Editing a rejected listing sends it back to the queue; approval lists it.
            let resubmitted = try await services.listings.update(id: pending.id, Self.input(shop: shop.id, category: electric), caller: newcomer)
            #expect(resubmitted.status == .pending)
            _ = try await services.listingAdmin.approve(id: pending.id, actor: admin, ip: nil)
            #expect(try await services.catalog.product(id: pending.id).summary.name == "Fender Jazz Bass")

            // Once approved, the seller is trusted: the next listing is live at once.
            let second = try await services.listings.create(Self.input(shop: shop.id, category: electric, name: "Second bass"), caller: newcomer)
            #expect(second.status == .approved)
            // The fixture's seller A was trusted all along.
            let trusted = try await services.listings.create(
                Self.input(shop: fixture.shopA, category: electric), caller: Caller(userID: fixture.sellerA, role: .seller))
            #expect(trusted.status == .approved && trusted.input.tags == ["sale"] && trusted.input.specs == [["Body", "Alder"]])
        }
    }

    @Test func aLowerPriceIsKeptInTheHistoryAndShowsAsADrop() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Caller(userID: fixture.sellerA, role: .seller)
            let listing = try await services.listings.create(
                Self.input(shop: fixture.shopA, category: try await Self.category(services)), caller: seller)
            var changed = listing.input
            changed.priceCents = 119_900
            _ = try await services.listings.update(id: listing.id, changed, caller: seller)
            let history = try await services.listings.priceHistory(id: listing.id, caller: seller)
            #expect(history.map(\.priceCents) == [129_900, 119_900])
            #expect(try await services.catalog.product(id: listing.id).summary.droppedFromCents == 129_900)

            // A small rise after the drop still shows the drop from the 30-day high.
            changed.priceCents = 124_900
            _ = try await services.listings.update(id: listing.id, changed, caller: seller)
            #expect(try await services.catalog.product(id: listing.id).summary.droppedFromCents == 129_900)
            // Back at or above the high: no drop.
            changed.priceCents = 129_900
            _ = try await services.listings.update(id: listing.id, changed, caller: seller)
            #expect(try await services.catalog.product(id: listing.id).summary.droppedFromCents == nil)

            // A bulk-loaded listing with no history yet gets its listed price as the first point.
            var strat = try await services.listings.listing(id: fixture.strat, caller: seller).input
            strat.priceCents = 79_999
            _ = try await services.listings.update(id: fixture.strat, strat, caller: seller)
            #expect(try await services.listings.priceHistory(id: fixture.strat, caller: seller).map(\.priceCents) == [84_999, 79_999])
        }
    }

    @Test func stockMovesWithAReasonNeverBelowZeroAndAlertsOnceWhenItRunsLow() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Caller(userID: fixture.sellerA, role: .seller)
            let listing = try await services.listings.create(
                Self.input(shop: fixture.shopA, category: try await Self.category(services), stock: 4, threshold: 2), caller: seller)

            await #expect(throws: ValidationError.self) {
                try await services.listings.adjustStock(id: listing.id, delta: -5, note: "Counted", caller: seller)
            }
            await #expect(throws: ValidationError.self) {
                try await services.listings.adjustStock(id: listing.id, delta: 2, note: "", caller: seller)
            }
            #expect(try await services.listings.listing(id: listing.id, caller: seller).input.stock == 4)

            let received = try await services.listings.adjustStock(id: listing.id, delta: 3, note: "Delivery from Fender", caller: seller)
            #expect(received.input.stock == 7)
            #expect(try await Self.outbox(services, kind: "low_stock").isEmpty)
            _ = try await services.listings.adjustStock(id: listing.id, delta: -5, note: "Damaged in a flood", caller: seller)
            _ = try await services.listings.adjustStock(id: listing.id, delta: -1, note: "Shop demo", caller: seller)
            let alerts = try await Self.outbox(services, kind: "low_stock")
            #expect(alerts.count == 1)  // crossing the threshold once is one alert, not one per change below it
            #expect(alerts.first?.to == "a@shop.test" && alerts.first?.subject.contains("down to 2") == true)
            let log = try await services.listings.stockMovements(id: listing.id, caller: seller)
            #expect(log.map(\.delta) == [-1, -5, 3, 4])
            #expect(log.first?.note == "Shop demo" && log.last?.reason == "initial")
        }
    }

    @Test func aSaleThatCrossesTheThresholdAlertsTheSeller() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)  // the Strat: 5 in stock, alert at 1
            let buyer = try await CheckoutTests.buyer(services, 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 3)
            _ = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())
            #expect(try await Self.outbox(services, kind: "low_stock").isEmpty)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            _ = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())
            let alerts = try await Self.outbox(services, kind: "low_stock")
            #expect(alerts.count == 1 && alerts.first?.subject.contains("Fender Player Stratocaster") == true)
        }
    }

    @Test func photosKeepTheirOrderAndTheCoverFollowsTheFirst() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Caller(userID: fixture.sellerA, role: .seller)
            let listing = try await services.listings.create(
                Self.input(shop: fixture.shopA, category: try await Self.category(services)), caller: seller)
            func cover() async throws -> String {
                try await services.database.sql.raw("SELECT image_path FROM products WHERE id = \(bind: listing.id)").first()!.decode(
                    column: "image_path", as: String.self)
            }
            #expect(try await cover() == "/img/categories/electric-guitars.svg")
            for n in 1...3 { _ = try await services.listings.addImage(id: listing.id, path: "/uploads/\(n).png", caller: seller) }
            #expect(try await cover() == "/uploads/1.png")
            var images = try await services.listings.listing(id: listing.id, caller: seller).images
            let moved = try await services.listings.moveImage(id: listing.id, imageID: images[2].id, to: 0, caller: seller)
            #expect(moved.images.map(\.path) == ["/uploads/3.png", "/uploads/1.png", "/uploads/2.png"])
            #expect(try await cover() == "/uploads/3.png")
            images = moved.images
            _ = try await services.listings.removeImage(id: listing.id, imageID: images[0].id, caller: seller)
            #expect(try await cover() == "/uploads/1.png")
            for n in 4...9 { _ = try await services.listings.addImage(id: listing.id, path: "/uploads/\(n).png", caller: seller) }
            await #expect(throws: SellingError.tooManyImages) {
                try await services.listings.addImage(id: listing.id, path: "/uploads/x.png", caller: seller)
            }
            await #expect(throws: SellingError.imageNotFound) {
                try await services.listings.removeImage(id: listing.id, imageID: 999_999, caller: seller)
            }
        }
    }

    @Test func deletedListingsVanishButPastOrdersKeepThem() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Caller(userID: fixture.sellerA, role: .seller)
            let buyer = try await CheckoutTests.buyer(services, 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            let placed = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())
            try await services.listings.delete(id: fixture.strat, caller: seller)
            await #expect(throws: CatalogError.productNotFound) { try await services.catalog.product(id: fixture.strat) }
            #expect(!(try await services.catalog.search(CatalogQuery()).items.map(\.id).contains(fixture.strat)))
            await #expect(throws: SellingError.listingNotFound) { try await services.listings.listing(id: fixture.strat, caller: seller) }
            #expect(!(try await services.listings.listings(caller: seller).items.map(\.id).contains(fixture.strat)))
            let order = try await services.orders.order(id: placed.orderID, buyerID: buyer)
            #expect(order.lines.first?.name == "Fender Player Stratocaster")
        }
    }

    @Test func aDuplicateIsAPausedCopyWithThePhotosAndTags() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Caller(userID: fixture.sellerA, role: .seller)
            let original = try await services.listings.create(
                Self.input(shop: fixture.shopA, category: try await Self.category(services)), caller: seller)
            _ = try await services.listings.addImage(id: original.id, path: "/uploads/a.png", caller: seller)
            let copy = try await services.listings.duplicate(id: original.id, caller: seller)
            #expect(copy.id != original.id && copy.input.name == "Fender Jazz Bass (copy)" && !copy.input.active)
            #expect(copy.images.map(\.path) == ["/uploads/a.png"] && copy.input.tags == ["sale"] && copy.input.stock == 4)
        }
    }

    @Test func sellersTouchOnlyTheirOwnShopsAndListings() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let electric = try await Self.category(services)
            let other = Caller(userID: fixture.sellerB, role: .seller)
            let customer = Caller(userID: try await CheckoutTests.buyer(services, 1), role: .customer)
            let a = Caller(userID: fixture.sellerA, role: .seller)
            let mine = try await services.listings.create(Self.input(shop: fixture.shopA, category: electric), caller: a)
            let input = mine.input
            let shopInput = try await services.shops.shop(id: fixture.shopA, caller: a).input

            // Every write as the other seller: refused, and nothing changed.
            await #expect(throws: SellingError.notYours) { try await services.listings.listing(id: mine.id, caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.listings.update(id: mine.id, input, caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.listings.adjustStock(id: mine.id, delta: -1, note: "x", caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.listings.addImage(id: mine.id, path: "/uploads/x.png", caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.listings.delete(id: mine.id, caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.listings.duplicate(id: mine.id, caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.shops.update(id: fixture.shopA, shopInput, caller: other) }
            await #expect(throws: SellingError.notYours) { try await services.shops.setActive(id: fixture.shopA, false, caller: other) }
            // Moving one's own listing into someone else's shop, or listing in it, is refused too.
            var intoB = input
            intoB.shopID = fixture.shopB
            await #expect(throws: SellingError.notYours) { try await services.listings.update(id: mine.id, intoB, caller: a) }
            await #expect(throws: SellingError.notYours) { try await services.listings.create(intoB, caller: a) }
            // Customers have no workspace; unknown ids are unknown.
            await #expect(throws: SellingError.notSeller) { try await services.listings.listing(id: mine.id, caller: customer) }
            await #expect(throws: SellingError.notSeller) { try await services.shops.create(shopInput, caller: customer) }
            await #expect(throws: SellingError.listingNotFound) { try await services.listings.listing(id: 999_999, caller: a) }
            #expect(try await services.listings.listing(id: mine.id, caller: a) == mine)
            #expect(try await services.shops.shop(id: fixture.shopA, caller: a).active)
            // An admin may act on any shop.
            let admin = Caller(userID: customer.userID, role: .admin)
            #expect(try await services.listings.adjustStock(id: mine.id, delta: 1, note: "Admin count", caller: admin).input.stock == 5)
        }
    }

    @Test func shopSlugsAreUniqueAndAClosedShopHidesItsListings() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let a = Caller(userID: fixture.sellerA, role: .seller)
            let input = ShopInput(
                name: "Beta Amps", slug: nil, description: "More amps.", address: "Denver, CO", contactEmail: "a@shop.test", phone: "+1 555 0100")
            #expect(try await services.shops.create(input, caller: a).input.slug == "beta-amps-2")
            var typed = input
            typed.slug = "alpha-guitars"
            await #expect(throws: ValidationError.self) { try await services.shops.create(typed, caller: a) }
            typed.slug = "Not A Slug!"
            await #expect(throws: ValidationError.self) { try await services.shops.create(typed, caller: a) }
            #expect(try await services.shops.shops(of: a).count == 2)

            _ = try await services.shops.setActive(id: fixture.shopA, false, caller: a)
            #expect(try await services.catalog.search(CatalogQuery()).items.map(\.id).sorted() == [fixture.bluesJunior, fixture.katana].sorted())
            _ = try await services.shops.setActive(id: fixture.shopA, true, caller: a)
            #expect(try await services.catalog.search(CatalogQuery()).total == 5)
        }
    }

    @Test func eachShopShipsItsPartAndTheLastOneShipsTheOrder() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let a = Caller(userID: fixture.sellerA, role: .seller)
            let b = Caller(userID: fixture.sellerB, role: .seller)
            let stranger = try await Self.newSeller(services, "stranger")
            let buyer = try await CheckoutTests.buyer(services, 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.katana, quantity: 2)
            let placed = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())

            let seenByA = try await services.sellerOrders.order(id: placed.orderID, caller: a)
            #expect(seenByA.shipments.map(\.shopID) == [fixture.shopA] && seenByA.shareCents == 84_999 && seenByA.canShip)
            #expect(try await services.sellerOrders.orders(caller: b).items.map(\.shareCents) == [2 * 25_999])
            await #expect(throws: SellingError.orderNotFound) { try await services.sellerOrders.order(id: placed.orderID, caller: stranger) }
            await #expect(throws: SellingError.orderNotFound) {
                try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: nil, caller: stranger)
            }
            await #expect(throws: ValidationError.self) {
                try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: "<script>", caller: a)
            }

            let afterA = try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: "1Z 999", caller: a)
            #expect(afterA.order.status == .paid && afterA.shipmentState == .shipped)
            #expect(try await Self.outbox(services, kind: "order_part_shipped").count == 1)
            await #expect(throws: SellingError.cannotShip("Your part of this order is already shipped.")) {
                try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: nil, caller: a)
            }
            #expect(try await services.sellerOrders.orders(caller: a, state: .pending).total == 0)

            let afterB = try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: nil, caller: b)
            #expect(afterB.order.status == .shipped)
            let order = try await services.orders.order(id: placed.orderID, buyerID: buyer)
            #expect(order.status == .shipped && order.shipments.first { $0.shopID == fixture.shopA }?.trackingNumber == "1Z 999")
            #expect(try await Self.outbox(services, kind: "order_shipped").count == 1)
        }
    }

    @Test func aCancelledOrderHasNothingToShip() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let buyer = try await CheckoutTests.buyer(services, 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            let placed = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())
            _ = try await services.orders.cancel(orderID: placed.orderID, buyerID: buyer)
            let a = Caller(userID: fixture.sellerA, role: .seller)
            #expect(try await services.sellerOrders.order(id: placed.orderID, caller: a).canShip == false)
            await #expect(throws: SellingError.self) { try await services.sellerOrders.ship(orderID: placed.orderID, trackingNumber: nil, caller: a) }
        }
    }

    @Test func theDashboardCountsListingsAndSales() async throws {
        try await withCoreServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let a = Caller(userID: fixture.sellerA, role: .seller)
            let buyer = try await CheckoutTests.buyer(services, 1)
            _ = try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 2)
            _ = try await services.checkout.placeOrder(userID: buyer, CheckoutTests.card())
            let dashboard = try await services.sellerDashboard.dashboard(caller: a)
            // Shop A: Strat (3 left), Les Paul (1, at its alert), Martin (0), pending Ibanez; the deleted Telecaster is not counted.
            #expect(dashboard.counts.total == 4 && dashboard.counts.live == 3 && dashboard.counts.pending == 1)
            #expect(dashboard.counts.lowStock == 2)
            #expect(dashboard.salesCents == 2 * 84_999 && dashboard.salesOrders == 1 && dashboard.unitsSold == 2)
            #expect(dashboard.sales.count == SellerDashboardService.salesDays && dashboard.sales.last?.cents == 2 * 84_999)
            #expect(dashboard.toShipCount == 1 && dashboard.shops.map(\.id) == [fixture.shopA])
        }
    }

    /// Both surfaces learn what a listing needs from one place: every missing field and every broken rule at once.
    @Test func aDraftNamesEveryMissingFieldAndBrokenRuleAtOnce() throws {
        do {
            _ = try ListingDraft().input()
            Issue.record("an empty draft is not a listing")
        } catch let error as ValidationError {
            #expect(
                error.errors.map(\.field) == ["shop_id", "category_id", "name", "brand", "model", "condition", "price_cents", "stock", "description"])
            #expect(error.errors.allSatisfy { $0.message == "is required" })
        }
        var draft = ListingDraft(Self.input(shop: 1, category: 2))
        (draft.priceCents, draft.condition, draft.year) = (0, nil, 1800)
        do {
            _ = try draft.input { _ in "Choose one." }
            Issue.record("a price of nothing is refused")
        } catch let error as ValidationError {
            #expect(error.errors.map(\.field) == ["condition", "year", "price_cents"])
            #expect(error.errors.first?.message == "Choose one.")
        }
        draft.condition = .mint
        (draft.priceCents, draft.year) = (149_900, 1965)
        var expected = Self.input(shop: 1, category: 2, price: 149_900)
        (expected.condition, expected.year) = (.mint, 1965)
        #expect(try draft.input() == expected)
    }
}

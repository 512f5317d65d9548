import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// The admin's orders (list, search, filters, moves, refunds) and listing moderation (queue, take-downs), on both surfaces.
@Suite struct AdminOrderTests {
    typealias Answer = (status: HTTPResponse.Status, json: [String: Any])

    func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, token: String?, body: [String: Any]? = nil)
        async throws
        -> Answer
    {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }

    /// An admin signed in on both surfaces.
    func admin(_ services: AppServices, _ client: any TestClientProtocol) async throws -> (browser: Browser, token: String, id: Int) {
        let user = try await services.accounts.createUser(email: "boss@backline.test", password: "secret123", displayName: "Boss", role: .admin)
        let browser = Browser(client)
        #expect(try await browser.login("boss@backline.test").status == .seeOther)
        return (browser, try await services.tokens.issue(userID: user.id!).accessToken, user.id!)
    }

    func buyer(_ services: AppServices, _ email: String) async throws -> Int {
        try await services.accounts.createUser(email: email, password: "secret123", displayName: email, role: .customer).id!
    }

    /// An order placed through checkout, as a buyer would, then dated `placed` when given.
    @discardableResult
    func order(
        _ services: AppServices, buyer: Int, _ product: Int, quantity: Int = 1, payment: String = "card", placed: Date? = nil
    ) async throws -> PlacedOrder {
        try await services.carts.add(.user(buyer), productID: product, quantity: quantity)
        let address = AddressInput(
            fullName: "Sam Buyer", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)
        let placedOrder = try await services.checkout.placeOrder(
            userID: buyer,
            CheckoutRequest(
                addressID: nil, address: address, shippingMethod: "standard", paymentMethod: payment,
                cardNumber: payment == "card" ? "4242424242424242" : nil))
        if let placed {
            try await services.database.sql.raw("UPDATE orders SET created_at = \(bind: placed) WHERE id = \(bind: placedOrder.orderID)").run()
        }
        return placedOrder
    }

    static func day(_ text: String, hour: Double = 12) -> Date { Format.parseDay(text)!.addingTimeInterval(hour * 3_600) }

    func stock(_ services: AppServices, _ id: Int) async throws -> Int {
        try await services.database.sql.raw("SELECT stock FROM products WHERE id = \(bind: id)").first()!.decode(column: "stock", as: Int.self)
    }

    /// Which of `numbers` a page shows, in the page's order.
    func shown(_ html: String, _ numbers: [String]) -> [String] {
        numbers.compactMap { number in html.range(of: ">\(number)<").map { (number, $0.lowerBound) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    func numbers(_ answer: Answer) -> [String] {
        (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
    }

    // MARK: The list

    @Test func ordersAreListedSearchedFilteredByStatusAndDatesAndSorted() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (browser, token, _) = try await admin(services, client)
            let alice = try await buyer(services, "alice_smith@buyer.test")
            let bob = try await buyer(services, "bob@buyer.test")
            let a1 = try await order(services, buyer: alice, fixture.strat, placed: Self.day("2026-01-10"))  // $849.99, paid
            let a2 = try await order(services, buyer: alice, fixture.katana, payment: "cod", placed: Self.day("2026-01-15", hour: 23.99))  // pending
            let b1 = try await order(services, buyer: bob, fixture.katana, quantity: 2, placed: Self.day("2026-02-01", hour: 0))  // paid, 2 items
            let all = [a1.number, a2.number, b1.number]

            let page = try await browser.get("/admin/orders")
            #expect(page.status == .ok)
            #expect(shown(page.html, all) == [b1.number, a2.number, a1.number])  // newest first
            #expect(page.html.contains("alice_smith@buyer.test") && page.html.contains("href=\"/admin/users/\(bob)\""))
            #expect(page.html.contains("All (3)") && page.html.contains("Paid (2)") && page.html.contains("Awaiting payment (1)"))

            // Search by a part of the buyer's email (an underscore is matched as typed) or of the order number.
            #expect(shown(try await browser.get("/admin/orders?q=ALICE_SMITH").html, all) == [a2.number, a1.number])
            #expect(shown(try await browser.get("/admin/orders?q=alice%25smith").html, all).isEmpty)
            #expect(shown(try await browser.get("/admin/orders?q=\(b1.number.lowercased())").html, all) == [b1.number])
            // Status tabs; the counts follow the other filters.
            let pending = try await browser.get("/admin/orders?status=pending")
            #expect(shown(pending.html, all) == [a2.number])
            #expect(try await browser.get("/admin/orders?q=bob&status=paid").html.contains("All (1)"))
            // Dates are whole UTC days, both ends included.
            #expect(shown(try await browser.get("/admin/orders?from=2026-01-15&to=2026-01-15").html, all) == [a2.number])
            #expect(shown(try await browser.get("/admin/orders?from=2026-01-11").html, all) == [b1.number, a2.number])
            #expect(shown(try await browser.get("/admin/orders?to=2026-01-31").html, all) == [a2.number, a1.number])
            // Sorting by total, both ways, from the header links.
            let byTotal = try await browser.get("/admin/orders?sort=total_desc")
            #expect(shown(byTotal.html, all) == [a1.number, b1.number, a2.number])
            #expect(byTotal.html.contains("aria-sort=\"descending\"><a href=\"/admin/orders?sort=total_asc\">Total"))
            #expect(shown(try await browser.get("/admin/orders?sort=total_asc").html, all) == [a2.number, b1.number, a1.number])
            #expect(shown(try await browser.get("/admin/orders?sort=oldest").html, all) == [a1.number, a2.number, b1.number])
            // Bad values still give a working page, with the problem named.
            let bad = try await browser.get("/admin/orders?from=2026-02-30&status=lost&sort=nope&page=abc")
            #expect(bad.status == .ok && shown(bad.html, all).count == 3 && bad.html.contains("Enter a date like 2026-01-31"))
            let backwards = try await browser.get("/admin/orders?from=2026-02-01&to=2026-01-01")
            #expect(backwards.status == .ok && backwards.html.contains("before the start date") && shown(backwards.html, all) == [b1.number])

            // The API reads the same filters.
            let listed = try await call(client, "/api/v1/admin/orders", token: token)
            #expect(listed.status == .ok && numbers(listed) == [b1.number, a2.number, a1.number] && listed.json["total"] as? Int == 3)
            let first = (listed.json["items"] as? [[String: Any]])?.first ?? [:]
            #expect(first["item_count"] as? Int == 2 && first["status"] as? String == "paid" && first["payment_status"] as? String == "paid")
            #expect(
                (first["buyer"] as? [String: Any])?["email"] as? String == "bob@buyer.test"
                    && (first["buyer"] as? [String: Any])?["id"] as? Int == bob)
            let b1Total = try await services.orders.order(id: b1.orderID, buyerID: nil).totalCents
            #expect(first["total_cents"] as? Int == b1Total && first["created_at"] as? String == "2026-02-01T00:00:00Z")
            #expect(numbers(try await call(client, "/api/v1/admin/orders?q=alice&status=paid", token: token)) == [a1.number])
            #expect(numbers(try await call(client, "/api/v1/admin/orders?from=2026-01-11&to=2026-01-31", token: token)) == [a2.number])
            #expect(numbers(try await call(client, "/api/v1/admin/orders?sort=total_asc", token: token)) == [a2.number, b1.number, a1.number])
            let second = try await call(client, "/api/v1/admin/orders?per_page=1&page=2", token: token)
            #expect(numbers(second) == [a2.number] && second.json["total_pages"] as? Int == 3 && second.json["per_page"] as? Int == 1)
            #expect(numbers(try await call(client, "/api/v1/admin/orders?page=9", token: token)).isEmpty)
            for query in [
                "page=0", "per_page=1000", "page=abc", "status=lost", "from=yesterday", "to=2026-13-01", "from=2026-02-01&to=2026-01-01", "sort=up",
            ] {
                let answer = try await call(client, "/api/v1/admin/orders?\(query)", token: token)
                #expect(answer.status == .badRequest && !(answer.json["errors"] as? [[String: Any]] ?? []).isEmpty, "\(query)")
            }
        }
    }

    @Test func theListPagesByTwentyFive() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            try await services.database.sql.raw("UPDATE products SET stock = 100 WHERE id = \(bind: fixture.katana)").run()
            let (browser, token, _) = try await admin(services, client)
            let shopper = try await buyer(services, "many@buyer.test")
            for _ in 0..<26 { try await order(services, buyer: shopper, fixture.katana) }
            let first = try await browser.get("/admin/orders")
            #expect(first.html.components(separatedBy: "data-order-id=").count - 1 == 25)
            #expect(first.html.contains("26 orders") && first.html.contains("href=\"/admin/orders?page=2\" rel=\"next\""))
            let second = try await browser.get("/admin/orders?page=2")
            #expect(second.html.components(separatedBy: "data-order-id=").count - 1 == 1 && second.html.contains("rel=\"prev\""))
            let api = try await call(client, "/api/v1/admin/orders?per_page=25&page=2", token: token)
            #expect(numbers(api).count == 1 && api.json["total"] as? Int == 26 && api.json["total_pages"] as? Int == 2)
        }
    }

    // MARK: Moves

    @Test func pagesMoveAnOrderAlongTheAllowedStatusesOnly() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (browser, _, adminID) = try await admin(services, client)
            let buyerID = try await buyer(services, "mover@buyer.test")
            let placed = try await order(services, buyer: buyerID, fixture.strat)
            let path = "/admin/orders/\(placed.orderID)"

            let page = try await browser.get(path)
            #expect(page.status == .ok && page.html.contains("Fender Player Stratocaster") && page.html.contains("href=\"/admin/users/\(buyerID)\""))
            #expect(page.html.contains("mover@buyer.test") && page.html.contains("Ships to") && page.html.contains("Timeline"))
            // A paid order may ship or be cancelled (refunding has its own button); nothing else is offered.
            #expect(page.html.contains("<option value=\"shipped\">") && page.html.contains("<option value=\"cancelled\">"))
            #expect(!page.html.contains("<option value=\"delivered\">") && !page.html.contains("<option value=\"pending\">"))
            #expect(page.html.contains("Refund $"))

            let shipped = try await browser.submit("\(path)/status", from: path, [("status", "shipped"), ("note", "DHL 42")])
            #expect(shipped.status == .seeOther && shipped.location == path)
            let afterShip = try await browser.get(path)
            #expect(afterShip.html.contains("Order \(placed.number) is now shipped") && afterShip.html.contains("Shipped: DHL 42"))
            #expect(afterShip.html.contains("<option value=\"delivered\">") && !afterShip.html.contains("<option value=\"cancelled\">"))
            // A status that is none: 422 beside the field; a note too long: 422 beside it, what was typed kept; nothing moves.
            let unknown = try await browser.submit("\(path)/status", from: path, [("status", "lost")])
            #expect(unknown.status == .unprocessableContent && unknown.html.contains("Choose the status"))
            let long = String(repeating: "n", count: 501)
            let tooLong = try await browser.submit("\(path)/status", from: path, [("status", "delivered"), ("note", long)])
            #expect(tooLong.status == .unprocessableContent && tooLong.html.contains("Use at most 500 characters") && tooLong.html.contains(long))
            #expect(try await services.orders.order(id: placed.orderID, buyerID: nil).status == .shipped)
            #expect(try await browser.submit("\(path)/status", from: path, [("status", "delivered")]).status == .seeOther)
            #expect(try await services.orders.order(id: placed.orderID, buyerID: nil).status == .delivered)
            #expect(try await services.outbox.latest(1, to: "mover@buyer.test").first?.subject.contains("delivered") == true)

            // An illegal move: 409, the reason on the page, nothing changed.
            let eventsBefore = try await services.orders.order(id: placed.orderID, buyerID: nil).events.count
            let illegal = try await browser.submit("\(path)/status", from: path, [("status", "paid")])
            #expect(illegal.status == .conflict && illegal.html.contains("cannot become paid") && illegal.html.contains("flash-error"))
            let unchanged = try await services.orders.order(id: placed.orderID, buyerID: nil)
            #expect(unchanged.status == .delivered && unchanged.events.count == eventsBefore)

            let entries = try await services.audit.entries(action: "order.").items
            #expect(entries.map(\.detail) == ["shipped → delivered", "paid → shipped (DHL 42)"])
            #expect(entries.allSatisfy { $0.action == "order.status" && $0.actorID == adminID && $0.target == "order:\(placed.orderID)" })
        }
    }

    @Test func refundingAPaidOrderRestocksAndRefundsThePayment() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (browser, _, adminID) = try await admin(services, client)
            let buyerID = try await buyer(services, "refund@buyer.test")
            let stockBefore = try await stock(services, fixture.strat)
            let placed = try await order(services, buyer: buyerID, fixture.strat, quantity: 2)
            #expect(try await stock(services, fixture.strat) == stockBefore - 2)
            let path = "/admin/orders/\(placed.orderID)"

            let refunded = try await browser.submit("\(path)/refund", from: path, [("note", "Damaged in transit")])
            #expect(refunded.status == .seeOther)
            let order = try await services.orders.order(id: placed.orderID, buyerID: nil)
            #expect(order.status == .refunded && order.paymentStatus == .refunded)
            #expect(try await stock(services, fixture.strat) == stockBefore)
            #expect(order.shipments.allSatisfy { $0.status == "cancelled" })
            let email = try await services.outbox.latest(1, to: "refund@buyer.test").first
            #expect(email?.subject.contains("refunded") == true && email?.body.contains("We refunded") == true)
            let after = try await browser.get(path)
            #expect(after.html.contains("is refunded") && after.html.contains("can no longer change") && !after.html.contains("Update status"))
            let entry = try await services.audit.entries(action: "order.refund").items.first
            #expect(
                entry?.actorID == adminID && entry?.detail?.hasPrefix("paid → refunded") == true
                    && entry?.detail?.contains("Damaged in transit") == true)
            // Once refunded, a second refund is a conflict and changes nothing.
            #expect(try await browser.submit("\(path)/refund", from: path, []).status == .conflict)
            #expect(try await stock(services, fixture.strat) == stockBefore)
        }
    }

    @Test func theAPIMovesOrdersAndRefusesIllegalMoves() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (_, token, _) = try await admin(services, client)
            let buyerID = try await buyer(services, "api@buyer.test")
            let placed = try await order(services, buyer: buyerID, fixture.katana, quantity: 3)
            let uri = "/api/v1/admin/orders/\(placed.orderID)"

            let read = try await call(client, uri, token: token)
            #expect(read.status == .ok && read.json["number"] as? String == placed.number && read.json["status"] as? String == "paid")
            #expect((read.json["items"] as? [[String: Any]])?.first?["quantity"] as? Int == 3)
            #expect((read.json["buyer"] as? [String: Any])?["email"] as? String == "api@buyer.test")

            let shipped = try await call(client, uri, .patch, token: token, body: ["status": "shipped", "note": "UPS"])
            #expect(shipped.status == .ok && shipped.json["status"] as? String == "shipped")
            #expect((shipped.json["events"] as? [[String: Any]])?.last?["note"] as? String == "Shipped: UPS")

            // Illegal, unknown, missing: refused, nothing changed.
            let stockBefore = try await stock(services, fixture.katana)
            let outboxBefore = try await services.outbox.latest(1_000).count
            let illegal = try await call(client, uri, .patch, token: token, body: ["status": "paid"])
            #expect(illegal.status == .conflict && (illegal.json["detail"] as? String)?.contains("cannot become paid") == true)
            #expect(try await call(client, uri, .patch, token: token, body: ["status": "lost"]).status == .unprocessableContent)
            #expect(try await call(client, uri, .patch, token: token, body: ["note": "no status"]).status == .unprocessableContent)
            #expect(try await call(client, uri, .patch, token: token, body: ["status": 5]).status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/admin/orders/999999", .patch, token: token, body: ["status": "shipped"]).status == .notFound)
            #expect(try await call(client, "/api/v1/admin/orders/999999", token: token).status == .notFound)
            #expect(try await call(client, "/api/v1/admin/orders/abc", token: token).status == .notFound)
            #expect(try await services.orders.order(id: placed.orderID, buyerID: nil).status == .shipped)
            #expect(try await stock(services, fixture.katana) == stockBefore)
            #expect(try await services.outbox.latest(1_000).count == outboxBefore)

            // A shipped order may still be refunded: its stock comes back (it was never delivered).
            let refunded = try await call(client, uri, .patch, token: token, body: ["status": "refunded"])
            #expect(refunded.status == .ok && refunded.json["payment_status"] as? String == "refunded")
            #expect(try await stock(services, fixture.katana) == stockBefore + 3)
            #expect(try await services.audit.entries(action: "order.").items.map(\.action) == ["order.refund", "order.status"])
        }
    }

    // MARK: Moderation

    @Test func theQueueApprovesAndRejectsWithAReason() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (browser, _, adminID) = try await admin(services, client)
            // A second listing waiting, older than the fixture's.
            try await services.database.sql.raw("UPDATE products SET status = 'pending' WHERE id = \(bind: fixture.lesPaul)").run()

            let queue = try await browser.get("/admin/products")
            #expect(queue.status == .ok && queue.html.contains("Waiting for review (2)") && queue.html.contains("Alpha Guitars"))
            #expect(queue.html.contains("Ibanez RG550 Pending") && queue.html.contains("href=\"/admin/users/\(fixture.sellerA)\""))
            let older = try #require(queue.html.range(of: "Gibson Les Paul Standard")),
                newer = try #require(queue.html.range(of: "Ibanez RG550 Pending"))
            #expect(older.lowerBound < newer.lowerBound)  // oldest first
            #expect(!queue.html.contains("Fender Player Stratocaster"))  // live listings are not in the queue

            // Rejecting needs a reason: 422 beside that listing's field, what was typed kept, nothing changed.
            let empty = try await browser.submit(
                "/admin/products/\(fixture.pending)/reject", from: "/admin/products", [("reason", "  "), ("tab", "queue")])
            #expect(
                empty.status == .unprocessableContent && empty.html.contains("id=\"reason-\(fixture.pending)-error\"")
                    && empty.html.contains("Say why"))
            let long = String(repeating: "r", count: 1_001)
            let tooLong = try await browser.submit("/admin/products/\(fixture.pending)/reject", from: "/admin/products", [("reason", long)])
            #expect(tooLong.status == .unprocessableContent && tooLong.html.contains("value=\"\(long)\"") && tooLong.html.contains("at most 1,000"))
            #expect(try await services.listings.listing(id: fixture.pending, caller: Caller(userID: adminID, role: .admin)).status == .pending)

            let rejected = try await browser.submit(
                "/admin/products/\(fixture.pending)/reject", from: "/admin/products", [("reason", "Blurry photos")])
            #expect(rejected.status == .seeOther && rejected.location == "/admin/products")
            let listing = try await services.listings.listing(id: fixture.pending, caller: Caller(userID: adminID, role: .admin))
            #expect(listing.status == .rejected && listing.moderationNote == "Blurry photos")
            #expect(try await services.outbox.latest(1, to: "a@shop.test").first?.body.contains("Blurry photos") == true)

            let approved = try await browser.submit("/admin/products/\(fixture.lesPaul)/approve", from: "/admin/products", [])
            #expect(approved.status == .seeOther)
            let after = try await browser.get("/admin/products")
            #expect(after.html.contains("is approved") && after.html.contains("Waiting for review (0)") && after.html.contains("Nothing is waiting"))
            #expect(try await browser.get("/products/\(fixture.lesPaul)").status == .ok)
            // Approving again: the listing is no longer waiting (409), nothing changes.
            #expect(try await browser.submit("/admin/products/\(fixture.lesPaul)/approve", from: "/admin/products", []).status == .conflict)
            #expect(try await browser.submit("/admin/products/999999/approve", from: "/admin/products", []).status == .notFound)

            let entries = try await services.audit.entries(action: "listing.").items
            #expect(entries.map(\.action) == ["listing.approve", "listing.reject"])
            #expect(entries.map(\.target) == ["product:\(fixture.lesPaul)", "product:\(fixture.pending)"] && entries[1].detail == "Blurry photos")
        }
    }

    @Test func anyListingCanBeFoundAndTakenDown() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let (browser, token, adminID) = try await admin(services, client)
            #expect(try await browser.get("/products/\(fixture.strat)").status == .ok)

            let found = try await browser.get("/admin/products?tab=all&q=stratocaster")
            #expect(found.html.contains("Fender Player Stratocaster") && found.html.contains("/admin/products/\(fixture.strat)/take-down"))
            #expect(!found.html.contains("Gibson Les Paul"))
            #expect(try await browser.get("/admin/products?tab=all&q=\(fixture.martin)").html.contains("Martin D-28"))
            #expect(!(try await browser.get("/admin/products?tab=all").html.contains("Fender Telecaster Deleted")))

            let place = [("tab", "all"), ("q", "stratocaster")]
            let missing = try await browser.submit(
                "/admin/products/\(fixture.strat)/take-down", from: "/admin/products?tab=all", place + [("reason", "")])
            #expect(missing.status == .unprocessableContent && missing.html.contains("Say why") && missing.html.contains("<details open>"))
            #expect(try await browser.get("/products/\(fixture.strat)").status == .ok)

            let takenDown = try await browser.submit(
                "/admin/products/\(fixture.strat)/take-down", from: "/admin/products?tab=all", place + [("reason", "Counterfeit")])
            #expect(takenDown.status == .seeOther && takenDown.location == "/admin/products?tab=all&q=stratocaster")
            // Gone for buyers on both surfaces and from the catalog; the seller is told why.
            #expect(try await browser.get("/products/\(fixture.strat)").status == .notFound)
            #expect(try await call(client, "/api/v1/products/\(fixture.strat)", token: nil).status == .notFound)
            #expect(!cardIDs(try await browser.get("/products").html).contains(fixture.strat))
            let email = try await services.outbox.latest(1, to: "a@shop.test").first
            #expect(email?.kind == "listing_taken_down" && email?.body.contains("Counterfeit") == true)
            let row = try await browser.get("/admin/products?tab=all&q=stratocaster")
            #expect(row.html.contains("Hidden: Counterfeit") && !row.html.contains("/admin/products/\(fixture.strat)/take-down\""))
            // Twice: a conflict.
            #expect(
                try await browser.submit("/admin/products/\(fixture.strat)/take-down", from: "/admin/products", [("reason", "Again")]).status
                    == .conflict)

            // The API twin, for a pending listing too.
            let api = try await call(
                client, "/api/v1/admin/products/\(fixture.pending)/take-down", .post, token: token, body: ["reason": "Stolen goods"])
            #expect(api.status == .ok && api.json["status"] as? String == "rejected" && api.json["moderation_note"] as? String == "Stolen goods")
            #expect(
                try await call(client, "/api/v1/admin/products/\(fixture.katana)/take-down", .post, token: token, body: [:]).status
                    == .unprocessableContent)
            #expect(try await call(client, "/api/v1/admin/products/999999/take-down", .post, token: token, body: ["reason": "x"]).status == .notFound)
            #expect(try await browser.get("/products/\(fixture.katana)").status == .ok)

            let entries = try await services.audit.entries(action: "listing.take_down").items
            #expect(
                entries.map(\.target) == ["product:\(fixture.pending)", "product:\(fixture.strat)"] && entries.allSatisfy { $0.actorID == adminID })
            #expect(entries.map(\.detail) == ["Stolen goods", "Counterfeit"])
        }
    }

    // MARK: Who may

    @Test func everyRouteIsForAdminsOnly() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let shopper = try await buyer(services, "victim@buyer.test")
            let placed = try await order(services, buyer: shopper, fixture.strat)
            let id = placed.orderID
            let pages: [(String, String, [(String, String)]?)] = [
                ("GET", "/admin/orders", nil), ("GET", "/admin/orders/\(id)", nil), ("POST", "/admin/orders/\(id)/status", [("status", "shipped")]),
                ("POST", "/admin/orders/\(id)/refund", []), ("GET", "/admin/products", nil), ("GET", "/admin/products?tab=all", nil),
                ("POST", "/admin/products/\(fixture.pending)/approve", []), ("POST", "/admin/products/\(fixture.pending)/reject", [("reason", "no")]),
                ("POST", "/admin/products/\(fixture.strat)/take-down", [("reason", "no")]),
            ]
            let api: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/admin/orders", nil), (.get, "/api/v1/admin/orders/\(id)", nil),
                (.patch, "/api/v1/admin/orders/\(id)", ["status": "shipped"]),
                (.post, "/api/v1/admin/products/\(fixture.strat)/take-down", ["reason": "no"]),
            ]
            for role in ["customer", "seller"] {
                let browser = Browser(client)
                let email = "\(role)@intruder.test"
                _ = try await browser.register(email, role: role)
                let userID = try await services.database.sql.raw("SELECT id FROM users WHERE email = \(bind: email)").first()!.decode(
                    column: "id", as: Int.self)
                let token = try await services.tokens.issue(userID: userID).accessToken
                for (method, path, fields) in pages {
                    let answer = method == "GET" ? try await browser.get(path) : try await browser.submit(path, from: "/account", fields ?? [])
                    #expect(answer.status == .forbidden, "\(role) \(method) \(path) answered \(answer.status)")
                }
                for (method, path, body) in api {
                    let answer = try await call(client, path, method, token: token, body: body)
                    #expect(answer.status == .forbidden, "\(role) API \(method) \(path) answered \(answer.status)")
                }
            }
            let anonymous = Browser(client)
            for (method, path, fields) in pages {
                let answer = method == "GET" ? try await anonymous.get(path) : try await anonymous.submit(path, from: "/login", fields ?? [])
                #expect(answer.status == .seeOther && answer.location?.hasPrefix("/login?next=") == true, "anonymous \(method) \(path)")
            }
            for (method, path, body) in api {
                #expect(try await call(client, path, method, token: nil, body: body).status == .unauthorized, "anonymous API \(method) \(path)")
            }
            // Nothing moved.
            #expect(try await services.orders.order(id: id, buyerID: nil).status == .paid)
            #expect(try await services.audit.entries(action: "order.").total == 0)
            #expect(try await services.audit.entries(action: "listing.").total == 0)
            #expect(try await Browser(client).get("/products/\(fixture.strat)").status == .ok)
        }
    }
}

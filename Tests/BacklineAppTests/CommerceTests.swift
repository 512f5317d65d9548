import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Cart, checkout, orders, wishlist and reviews through the API and the pages.
@Suite struct CommerceTests {
    func call(
        _ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String?, body: [String: Any]? = nil,
        headers extra: HTTPFields = [:]
    )
        async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)
    {
        var headers = extra
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        let buffer = body.map { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    func buyerToken(_ services: AppServices, _ email: String) async throws -> String {
        let user = try await services.accounts.createUser(email: email, password: "secret123", displayName: "Buyer", role: .customer)
        return try await services.tokens.issue(userID: user.id!).accessToken
    }

    static var address: [String: Any] {
        ["full_name": "Billie Buyer", "line1": "1 Main St", "city": "Austin", "postal_code": "78701", "country": "US"]
    }

    @Test func apiCheckoutAnswersEveryPaymentOutcomeAndReplaysByKey() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let token = try await buyerToken(services, "api@buyer.test")
            #expect(try await call(client, "/api/v1/cart", .get, token: nil).status == .unauthorized)
            #expect(
                try await call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.lesPaul, "quantity": 2]).status
                    == .conflict)
            #expect(try await call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.pending]).status == .notFound)
            #expect(
                try await call(
                    client, "/api/v1/checkout", .post, token: token, body: ["shipping_address": Self.address, "payment": ["method": "upi"]]
                ).status == .unprocessableContent)
            let added = try await call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.strat, "quantity": 2])
            #expect(added.status == .created)
            #expect(added.json["subtotal_cents"] as? Int == 169_998)
            #expect(try await call(client, "/api/v1/cart/items/\(fixture.strat)", .patch, token: token, body: ["quantity": 6]).status == .conflict)
            #expect(try await call(client, "/api/v1/cart/coupon", .post, token: token, body: ["code": "NOPE"]).status == .unprocessableContent)

            func checkout(_ card: String, key: String? = nil, method: String = "standard") async throws -> (
                status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields
            ) {
                try await call(
                    client, "/api/v1/checkout", .post, token: token,
                    body: ["shipping_address": Self.address, "shipping_method": method, "payment": ["method": "card", "card_number": card]],
                    headers: key.map { [HTTPField.Name("Idempotency-Key")!: $0] } ?? [:])
            }
            let declined = try await checkout("4000000000000002")
            #expect(declined.status.code == 402)
            #expect(declined.json["code"] as? String == "card_declined")
            #expect(try await checkout("4000000000009995").json["code"] as? String == "insufficient_funds")
            let luhn = try await checkout("4242424242424241")
            #expect(luhn.status == .unprocessableContent)
            #expect((luhn.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "payment.card_number")
            #expect(try await call(client, "/api/v1/cart", .get, token: token).json["item_count"] as? Int == 2)  // the cart is kept

            let placed = try await checkout("4242424242424242", key: "order-1")
            #expect(placed.status == .created)
            #expect(placed.json["status"] as? String == "paid")
            #expect(placed.json["total_cents"] as? Int == 169_998)
            #expect((placed.json["number"] as? String)?.hasPrefix("BL-") == true)
            let replay = try await checkout("4242424242424242", key: "order-1")
            #expect(replay.status == .created)
            #expect(replay.json["id"] as? Int == placed.json["id"] as? Int)
            #expect(try await checkout("4242424242424242", key: "order-1", method: "express").status == .unprocessableContent)
            #expect(try await checkout("4242424242424242").status == .unprocessableContent)  // the cart is empty now

            let id = placed.json["id"] as? Int ?? 0
            let other = try await buyerToken(services, "other@buyer.test")
            #expect(try await call(client, "/api/v1/orders/\(id)", .get, token: other).status == .notFound)
            #expect(try await call(client, "/api/v1/orders/\(id)/cancel", .post, token: other).status == .notFound)
            let history = try await call(client, "/api/v1/orders", .get, token: token)
            #expect(history.json["total"] as? Int == 1)
            let cancelled = try await call(client, "/api/v1/orders/\(id)/cancel", .post, token: token)
            #expect(cancelled.json["status"] as? String == "cancelled")
            #expect(cancelled.json["payment_status"] as? String == "refunded")
            #expect(try await call(client, "/api/v1/orders/\(id)/cancel", .post, token: token).status == .conflict)
        }
    }

    @Test func apiWishlistAndReviews() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let token = try await buyerToken(services, "api@buyer.test")
            #expect(try await call(client, "/api/v1/wishlist/\(fixture.katana)", .put, token: token).status == .noContent)
            #expect(try await call(client, "/api/v1/wishlist/\(fixture.katana)", .put, token: token).status == .noContent)
            #expect(try await call(client, "/api/v1/wishlist/\(fixture.deleted)", .put, token: token).status == .notFound)
            let list = try await call(client, "/api/v1/wishlist", .get, token: token)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [fixture.katana])
            let moved = try await call(client, "/api/v1/wishlist/\(fixture.katana)/move-to-cart", .post, token: token)
            #expect(moved.json["item_count"] as? Int == 1)
            #expect(try await call(client, "/api/v1/wishlist", .get, token: token).json["total"] as? Int == 0)

            let review: [String: Any] = ["rating": 4, "title": "Loud", "body": "Plenty of headroom."]
            #expect(try await call(client, "/api/v1/products/\(fixture.katana)/reviews", .post, token: token, body: review).status == .forbidden)
            _ = try await call(
                client, "/api/v1/checkout", .post, token: token,
                body: ["shipping_address": Self.address, "shipping_method": "standard", "payment": ["method": "paypal"]])
            #expect(
                try await call(
                    client, "/api/v1/products/\(fixture.katana)/reviews", .post, token: token, body: ["rating": 9, "title": "x", "body": "y"]
                ).status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/products/\(fixture.katana)/reviews", .post, token: token, body: review).status == .created)
            #expect(try await call(client, "/api/v1/products/\(fixture.katana)/reviews", .post, token: token, body: review).status == .conflict)
            let reviews = try await call(client, "/api/v1/products/\(fixture.katana)/reviews", .get, token: nil)
            #expect((reviews.json["items"] as? [[String: Any]])?.first?["title"] as? String == "Loud")
        }
    }

    @Test func aGuestCartFollowsTheBuyerIntoCheckoutAndADoubleSubmitMakesOneOrder() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let browser = Browser(client)
            let added = try await browser.submit(
                "/cart/items", from: "/products/\(fixture.katana)", [("product_id", String(fixture.katana)), ("quantity", "2")])
            #expect(added.status == .seeOther && added.location == "/cart")
            let tooMany = try await browser.submit(
                "/cart/items", from: "/products/\(fixture.lesPaul)", [("product_id", String(fixture.lesPaul)), ("quantity", "3")])
            #expect(tooMany.status == .conflict)
            #expect(tooMany.html.contains("Only 1 is left"))
            #expect(try await browser.get("/cart").html.contains("Boss Katana-50 MkII"))
            #expect(try await browser.get("/checkout").location?.hasPrefix("/login?next=") == true)

            _ = try await browser.register("cart@buyer.test")
            let cart = try await browser.get("/cart")
            #expect(cart.html.contains("Boss Katana-50 MkII"))
            #expect(cart.html.contains("aria-label=\"2 items\""))

            let form = try await browser.get("/checkout")
            #expect(form.status == .ok)
            let token =
                form.html.components(separatedBy: "name=\"checkout_token\" value=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
            let fields: [(String, String)] = [
                ("checkout_token", token), ("address_id", "new"), ("full_name", "Cart Buyer"), ("line1", "1 Main St"), ("city", "Austin"),
                ("postal_code", "78701"), ("country", "US"), ("shipping_method", "standard"), ("payment_method", "card"),
            ]
            let missingCard = try await browser.submit("/checkout", from: "/checkout", fields)
            #expect(missingCard.status == .unprocessableContent)
            #expect(missingCard.html.contains("Enter the card number."))
            #expect(missingCard.html.contains("value=\"Cart Buyer\""))  // what was typed is kept
            let paid = fields + [("card_number", "4242 4242 4242 4242"), ("save_address", "true")]
            let placed = try await browser.submit("/checkout", from: "/checkout", paid)
            #expect(placed.status == .seeOther)
            let orderPath = placed.location ?? ""
            #expect(orderPath.hasPrefix("/orders/"))
            let twice = try await browser.submit("/checkout", from: "/orders", paid)
            #expect(twice.location == orderPath)
            let changed = try await browser.submit("/checkout", from: "/orders", fields + [("card_number", "4242424242424242")])
            #expect(changed.location == "/orders")
            #expect(
                try await services.orders.history(
                    buyerID: try #require(await services.accounts.authenticate(email: "cart@buyer.test", password: "secret123").id), page: 1,
                    perPage: 10
                ).total == 1)
            let order = try await browser.get(orderPath)
            #expect(order.html.contains("Boss Katana-50 MkII") && order.html.contains("Order BL-"))
            #expect(try await browser.get(orderPath + "/invoice").html.contains("Invoice"))
            #expect(try await browser.get("/account/addresses").html.contains("Cart Buyer"))

            // Another buyer sees nothing of it.
            let stranger = Browser(client)
            _ = try await stranger.register("stranger@buyer.test")
            #expect(try await stranger.get(orderPath).status == .notFound)
            #expect(try await stranger.submit(orderPath + "/cancel", from: "/orders", []).status == .notFound)

            let cancelled = try await browser.submit(orderPath + "/cancel", from: orderPath, [])
            #expect(cancelled.status == .seeOther)
            #expect(try await browser.get(orderPath).html.contains("Cancelled"))
        }
    }

    @Test func theHeartSavesAndTheReviewFormShowsOnlyToBuyers() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let browser = Browser(client)
            let anonymous = try await browser.submit("/wishlist/\(fixture.katana)", from: "/products", [])
            #expect(anonymous.location?.hasPrefix("/login?next=") == true)
            _ = try await browser.register("heart@buyer.test")
            #expect(try await browser.submit("/wishlist/\(fixture.katana)", from: "/products", []).status == .seeOther)
            #expect(try await browser.get("/wishlist").html.contains("data-product-id=\"\(fixture.katana)\""))
            let product = try await browser.get("/products/\(fixture.katana)")
            #expect(product.html.contains("Saved to your wishlist"))
            #expect(!product.html.contains("Write a review"))
            let refused = try await browser.submit(
                "/products/\(fixture.katana)/reviews", from: "/products/\(fixture.katana)", [("rating", "5"), ("title", "t"), ("body", "b")])
            #expect(refused.status == .forbidden)
            #expect(try await browser.submit("/wishlist/\(fixture.katana)", from: "/wishlist", []).status == .seeOther)
            #expect(!(try await browser.get("/wishlist").html.contains("data-product-id=\"\(fixture.katana)\"")))
        }
    }
}

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

/// The `/sell` pages as a seller uses them, and the sweep that proves no seller route of either surface lets one
/// seller (or a customer) touch another seller's things.
@Suite struct SellerPageTests {
    static func listingFields(shop: Int, category: Int, name: String = "Gibson SG Standard", price: String = "1,299.00") -> [(String, String)] {
        [
            ("shop_id", String(shop)), ("category_id", String(category)), ("name", name), ("brand", "Gibson"), ("model", "SG Standard"),
            ("year", "2019"), ("finish", "Heritage Cherry"), ("condition", "excellent"), ("price", price), ("stock", "2"),
            ("low_stock_threshold", "1"), ("description", "Light, fast neck, original case."), ("specs", "Body: Mahogany\nPickups: 490R/498T"),
            ("tags", "vintage"), ("active", "true"),
        ]
    }

    static func id(in location: String?, after prefix: String) -> Int? {
        guard let location, location.hasPrefix(prefix) else { return nil }
        return Int(location.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    @Test func aSellerOpensAShopAndListsThroughTheForms() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let electric = try await services.database.sql.raw("SELECT id FROM categories WHERE slug = 'electric-guitars'").first()!.decode(
                column: "id", as: Int.self)
            let browser = Browser(client)
            _ = try await browser.register("new@seller.test", name: "Nina New", role: "seller")
            #expect(try await browser.get("/sell").html.contains("Open your shop"))
            #expect(try await browser.get("/sell/products/new").location == "/sell/shops/new")

            // A shop form with problems comes back with them beside the fields and what was typed kept.
            let bad = try await browser.submit(
                "/sell/shops", from: "/sell/shops/new",
                [("name", "Nina's <Noise>"), ("description", ""), ("address", "Austin"), ("contact_email", "nope")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("Enter a short description.") && bad.html.contains("Enter an email address like name@example.com."))
            #expect(bad.html.contains("value=\"Nina&#39;s &lt;Noise&gt;\"") || bad.html.contains("value=\"Nina&#x27;s &lt;Noise&gt;\""))
            let opened = try await browser.submit(
                "/sell/shops", from: "/sell/shops/new",
                [("name", "Nina's Noise"), ("description", "Fuzz boxes."), ("address", "Austin, TX"), ("contact_email", "nina@noise.example")])
            #expect(opened.status == .seeOther)
            let shopID = try #require(Self.id(in: opened.location, after: "/sell/shops/"))

            // A listing with a bad price keeps what was typed and says what is wrong.
            var fields = Self.listingFields(shop: shopID, category: electric)
            fields[8] = ("price", "twelve")
            let rejected = try await browser.submit("/sell/products", from: "/sell/products/new", fields)
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.html.contains("Enter a price in dollars") && rejected.html.contains("value=\"Gibson SG Standard\""))
            let created = try await browser.submit("/sell/products", from: "/sell/products/new", Self.listingFields(shop: shopID, category: electric))
            #expect(created.status == .seeOther)
            let listingID = try #require(Self.id(in: created.location, after: "/sell/products/"))
            let edit = try await browser.get("/sell/products/\(listingID)/edit")
            #expect(edit.html.contains("goes live once it is approved"))  // a new seller's first listing waits for review
            #expect(edit.html.contains("Waiting for review") && edit.html.contains("Body: Mahogany"))
            let listing = try await services.listings.listing(id: listingID, caller: Caller(userID: fixture.sellerA, role: .admin))
            #expect(listing.input.priceCents == 129_900 && listing.input.tags == ["vintage"] && listing.status == .pending)

            // A photo by content; text named .png is refused beside the upload field.
            let token = Browser.csrf(in: edit.html) ?? ""
            let photo = try await browser.postMultipart(
                "/sell/products/\(listingID)/images", fields: [("_csrf", token)], file: ("image", "sg.png", "image/png", SampleImages.png))
            #expect(photo.status == .seeOther)
            let fake = try await browser.postMultipart(
                "/sell/products/\(listingID)/images", fields: [("_csrf", token)], file: ("image", "sg.png", "image/png", Array("<html>".utf8)))
            #expect(fake.status == .unsupportedMediaType && fake.html.contains("Upload a JPEG, PNG, WebP or GIF image"))
            #expect(try await services.listings.listing(id: listingID, caller: Caller(userID: fixture.sellerA, role: .admin)).images.count == 1)

            // Stock: a bad number re-renders beside the field; a good one is logged with its reason.
            let badStock = try await browser.submit(
                "/sell/products/\(listingID)/stock", from: "/sell/products/\(listingID)/edit", [("delta", "lots"), ("note", "x")])
            #expect(badStock.status == .unprocessableContent && badStock.html.contains("Enter how many units come in"))
            let stocked = try await browser.submit(
                "/sell/products/\(listingID)/stock", from: "/sell/products/\(listingID)/edit", [("delta", "+3"), ("note", "Second shipment")])
            #expect(stocked.status == .seeOther)
            let page = try await browser.get("/sell/products/\(listingID)/edit")
            #expect(page.html.contains("5 in stock") && page.html.contains("Second shipment"))

            // The listings table and the dashboard show it.
            #expect(try await browser.get("/sell/products?status=pending").html.contains("data-listing-id=\"\(listingID)\""))
            #expect(try await browser.get("/sell/products?status=live").html.contains("No listings here"))
            #expect(try await browser.get("/sell").html.contains("Waiting for review"))
            // Delete: gone from the seller's table.
            let deleted = try await browser.submit("/sell/products/\(listingID)/delete", from: "/sell/products/\(listingID)/edit", [])
            #expect(deleted.location == "/sell/products")
            #expect(!(try await browser.get("/sell/products").html.contains("data-listing-id=\"\(listingID)\"")))
        }
    }

    @Test func onlySellersReachTheWorkspace() async throws {
        try await withApp { _, client in
            let anonymous = Browser(client)
            #expect(try await anonymous.get("/sell/products").location == "/login?next=%2Fsell%2Fproducts")
            let customer = Browser(client)
            _ = try await customer.register("buyer@only.test")
            let refused = try await customer.get("/sell")
            #expect(refused.status == .forbidden && refused.html.contains("Only sellers can do that"))
            #expect(try await customer.submit("/sell/shops", from: "/account", [("name", "Mine")]).status == .forbidden)
        }
    }

    @Test func aSellerShipsTheirPartFromTheOrderPage() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = Browser(client)
            _ = try await seller.register("owner@seller.test", role: "seller")
            let sellerID = try await services.database.sql.raw("SELECT id FROM users WHERE email = 'owner@seller.test'").first()!.decode(
                column: "id", as: Int.self)
            // Hand the fixture's shop A to this seller, so they own the Strat.
            try await services.database.sql.raw("UPDATE shops SET owner_id = \(bind: sellerID) WHERE id = \(bind: fixture.shopA)").run()
            let order = try await Sweep.order(services, fixture)

            #expect(try await seller.get("/sell/orders?status=pending").html.contains(order.number))
            let page = try await seller.get("/sell/orders/\(order.orderID)")
            #expect(page.html.contains("Ship your part") && page.html.contains("Fender Player Stratocaster") && !page.html.contains("Boss Katana"))
            let bad = try await seller.submit(
                "/sell/orders/\(order.orderID)/ship", from: "/sell/orders/\(order.orderID)", [("tracking_number", "<b>")])
            #expect(bad.status == .unprocessableContent && bad.html.contains("Use up to 60 letters"))
            let shipped = try await seller.submit(
                "/sell/orders/\(order.orderID)/ship", from: "/sell/orders/\(order.orderID)", [("tracking_number", "1Z 42")])
            #expect(shipped.status == .seeOther)
            let after = try await seller.get("/sell/orders/\(order.orderID)")
            #expect(after.html.contains("Tracking number 1Z 42") && !after.html.contains("Ship your part"))
            // The other shop has not shipped yet: the order is still paid.
            #expect(try await services.orders.order(id: order.orderID, buyerID: nil).status == .paid)
        }
    }

    @Test func noSellerRouteOfEitherSurfaceLetsAnotherSellerOrACustomerTouchAShop() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)  // the victim: seller A, shop A, the Strat
            let victim = Caller(userID: fixture.sellerA, role: .seller)
            let image = try await services.listings.addImage(id: fixture.strat, path: "/uploads/strat.png", caller: victim).images[0].id
            let order = try await Sweep.order(services, fixture)
            let electric = try await services.database.sql.raw("SELECT id FROM categories WHERE slug = 'electric-guitars'").first()!.decode(
                column: "id", as: Int.self)

            // The intruders: a seller with a shop of their own, and a customer; each signed in on both surfaces.
            var intruders: [(name: String, browser: Browser, token: String)] = []
            for (email, role) in [("intruder@seller.test", "seller"), ("intruder@buyer.test", "customer")] {
                let browser = Browser(client)
                _ = try await browser.register(email, role: role)
                let id = try await services.database.sql.raw("SELECT id FROM users WHERE email = \(bind: email)").first()!.decode(
                    column: "id", as: Int.self)
                if role == "seller" {
                    _ = try await services.shops.create(
                        ShopInput(
                            name: "Intruder Instruments", slug: nil, description: "Ours.", address: "Reno, NV", contactEmail: email, phone: nil),
                        caller: Caller(userID: id, role: .seller))
                }
                intruders.append((role, browser, try await services.tokens.issue(userID: id).accessToken))
            }
            let before = try await Sweep.snapshot(services, fixture, orderID: order.orderID)

            let (shop, strat) = (fixture.shopA, fixture.strat)
            let shopFields = [("name", "Taken"), ("description", "Mine now."), ("address", "Reno"), ("contact_email", "x@y.test")]
            let pages: [(String, String, [(String, String)]?)] = [
                ("GET", "/sell/shops/\(shop)/edit", nil), ("POST", "/sell/shops/\(shop)", shopFields), ("POST", "/sell/shops/\(shop)/logo", []),
                ("POST", "/sell/shops/\(shop)/deactivate", []), ("POST", "/sell/shops/\(shop)/activate", []),
                ("GET", "/sell/products?shop=\(shop)", nil), ("GET", "/sell/products/\(strat)/edit", nil),
                ("POST", "/sell/products", Self.listingFields(shop: shop, category: electric)),
                ("POST", "/sell/products/\(strat)", Self.listingFields(shop: shop, category: electric, price: "1")),
                ("POST", "/sell/products/\(strat)/images", []), ("POST", "/sell/products/\(strat)/images/\(image)/delete", []),
                ("POST", "/sell/products/\(strat)/images/\(image)/move", [("position", "0")]),
                ("POST", "/sell/products/\(strat)/stock", [("delta", "-5"), ("note", "gone")]), ("POST", "/sell/products/\(strat)/delete", []),
                ("POST", "/sell/products/\(strat)/duplicate", []), ("GET", "/sell/orders/\(order.orderID)", nil),
                ("POST", "/sell/orders/\(order.orderID)/ship", [("tracking_number", "1Z")]),
            ]
            let api: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.patch, "/api/v1/shops/\(shop)", ["name": "Taken"]), (.delete, "/api/v1/shops/\(shop)", nil),
                (.put, "/api/v1/shops/\(shop)/logo", nil),
                (
                    .post, "/api/v1/products",
                    [
                        "shop_id": shop, "category_id": electric, "name": "X", "brand": "X", "model": "X", "condition": "new", "price_cents": 1_000,
                        "stock": 1, "description": "X",
                    ]
                ),
                (.patch, "/api/v1/products/\(strat)", ["price_cents": 100]), (.delete, "/api/v1/products/\(strat)", nil),
                (.post, "/api/v1/products/\(strat)/images", nil), (.delete, "/api/v1/products/\(strat)/images/\(image)", nil),
                (.patch, "/api/v1/products/\(strat)/images/\(image)", ["position": 0]),
                (.post, "/api/v1/products/\(strat)/stock", ["delta": -5, "note": "gone"]),
                (.get, "/api/v1/products/\(strat)/stock", nil), (.get, "/api/v1/products/\(strat)/prices", nil),
                (.post, "/api/v1/products/\(strat)/duplicate", nil),
                (.get, "/api/v1/seller/products/\(strat)", nil), (.get, "/api/v1/seller/products?shop=\(shop)", nil),
                (.get, "/api/v1/seller/orders/\(order.orderID)", nil), (.post, "/api/v1/seller/orders/\(order.orderID)/ship", [:]),
                (.post, "/api/v1/admin/products/\(fixture.pending)/approve", nil),
                (.post, "/api/v1/admin/products/\(fixture.pending)/reject", ["reason": "no"]),
            ]
            for intruder in intruders {
                for (method, path, fields) in pages {
                    let answer: Browser.Page
                    if method == "GET" {
                        answer = try await intruder.browser.get(path)
                    } else if path.hasSuffix("/logo") || path.hasSuffix("/images") {
                        let token = Browser.csrf(in: try await intruder.browser.get("/account").html) ?? ""
                        let field = path.hasSuffix("/logo") ? "logo" : "image"
                        answer = try await intruder.browser.postMultipart(
                            path, fields: [("_csrf", token)], file: (field, "x.png", "image/png", SampleImages.png))
                    } else {
                        answer = try await intruder.browser.submit(path, from: "/account", fields ?? [])
                    }
                    #expect([.forbidden, .notFound].contains(answer.status), "\(intruder.name) \(method) \(path) answered \(answer.status)")
                }
                for (method, path, body) in api {
                    let status = try await Sweep.call(client, method, path, token: intruder.token, json: body)
                    #expect([.forbidden, .notFound].contains(status), "\(intruder.name) API \(method) \(path) answered \(status)")
                }
            }
            #expect(try await Sweep.snapshot(services, fixture, orderID: order.orderID) == before)
            // The same API routes answer the owner: the refusals above are about who asked, not missing routes.
            let owner = try await services.tokens.issue(userID: fixture.sellerA).accessToken
            for (method, path, body) in api where method == .get || path.hasSuffix("/images") || path.hasSuffix("/duplicate") {
                let status = try await Sweep.call(client, method, path, token: owner, json: body)
                #expect((200..<300).contains(status.code), "owner API \(method) \(path) answered \(status)")
            }
        }
    }
}

/// What the sweep needs: an order holding the victim's item, a fingerprint of everything an intruder could change,
/// and raw API calls (JSON or a multipart image).
enum Sweep {
    static func order(_ services: AppServices, _ fixture: CatalogFixture) async throws -> PlacedOrder {
        let buyer = try await services.accounts.createUser(
            email: "sweep@buyer.test", password: "secret123", displayName: "Sweep Buyer", role: .customer
        ).id!
        try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
        try await services.carts.add(.user(buyer), productID: fixture.katana, quantity: 1)
        let address = AddressInput(
            fullName: "Sam Sweep", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)
        return try await services.checkout.placeOrder(
            userID: buyer,
            CheckoutRequest(addressID: nil, address: address, shippingMethod: "standard", paymentMethod: "card", cardNumber: "4242424242424242"))
    }

    /// Every row an intruder could have changed, each column as text (the same on both engines).
    static func snapshot(_ services: AppServices, _ fixture: CatalogFixture, orderID: Int) async throws -> [String] {
        func text(_ columns: [String]) -> String { columns.map { "CAST(\($0) AS TEXT) AS \($0)" }.joined(separator: ", ") }
        let queries: [(columns: [String], rest: SQLQueryString)] = [
            (
                ["id", "shop_id", "name", "price_cents", "stock", "status", "active", "image_path", "deleted_at"],
                "FROM products WHERE shop_id = \(bind: fixture.shopA) OR id = \(bind: fixture.pending) ORDER BY id"
            ),
            (["id", "name", "slug", "description", "active", "logo_path", "owner_id"], "FROM shops ORDER BY id"),
            (["id", "product_id", "path", "position"], "FROM product_images ORDER BY id"),
            (["shop_id", "status", "tracking_number"], "FROM order_shipments WHERE order_id = \(bind: orderID) ORDER BY shop_id"),
            (["status"], "FROM orders WHERE id = \(bind: orderID)"),
            (["product_id", "delta"], "FROM stock_movements ORDER BY id"),
            (["product_id", "price_cents"], "FROM price_history ORDER BY id"),
        ]
        var rows: [String] = []
        for query in queries {
            for row in try await services.database.sql.raw("SELECT \(unsafeRaw: text(query.columns)) " + query.rest).all() {
                rows.append(try query.columns.map { "\($0)=\(try row.decode(column: $0, as: String?.self) ?? "null")" }.joined(separator: ","))
            }
        }
        return rows
    }

    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?) async throws
        -> HTTPResponse.Status
    {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        var body: ByteBuffer?
        if path.hasSuffix("/logo") || path.hasSuffix("/images") {
            let boundary = "sweep-boundary"
            var buffer = ByteBuffer(
                string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n")
            buffer.writeBytes(SampleImages.png)
            buffer.writeString("\r\n--\(boundary)--\r\n")
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            body = buffer
        } else if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { $0.status }
    }
}

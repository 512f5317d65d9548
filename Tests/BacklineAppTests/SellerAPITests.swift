import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The seller workspace over `/api/v1`: shops, listings, images, stock, moderation and the sellers' share of orders.
@Suite struct SellerAPITests {
    typealias Answer = (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)

    /// A JSON call; `body` may hold `NSNull()` to send `null`.
    func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String?, body: [String: Any]? = nil) async throws
        -> Answer
    {
        try await send(
            client, uri, method, token: token, body: body.map { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: $0)) },
            contentType: "application/json")
    }

    func send(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String?, body: ByteBuffer?, contentType: String?)
        async throws -> Answer
    {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    func upload(
        _ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .post, token: String, bytes: [UInt8], filename: String
    ) async throws -> Answer {
        var body = ByteBuffer()
        body.writeString("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--b0undary--\r\n")
        return try await send(client, uri, method, token: token, body: body, contentType: "multipart/form-data; boundary=b0undary")
    }

    /// Registers through the API (fixture sellers cannot sign in) and answers an access token.
    func register(_ client: any TestClientProtocol, _ email: String, role: String = "seller") async throws -> String {
        let registered = try await call(
            client, "/api/v1/auth/register", .post, token: nil, body: ["email": email, "password": "secret123", "display_name": email, "role": role])
        #expect(registered.status == .created)
        return try await call(client, "/api/v1/auth/token", .post, token: nil, body: ["email": email, "password": "secret123"]).json["access_token"]
            as? String ?? ""
    }

    func admin(_ services: AppServices) async throws -> String {
        let user = try await services.accounts.createUser(email: "admin@backline.test", password: "secret123", displayName: "Admin", role: .admin)
        return try await services.tokens.issue(userID: user.id!).accessToken
    }

    func openShop(_ client: any TestClientProtocol, _ token: String?, _ name: String) async throws -> Answer {
        try await call(
            client, "/api/v1/shops", .post, token: token,
            body: ["name": name, "description": "Pedals and amps.", "address": "Austin, TX", "contact_email": "Shop@Example.com"])
    }

    func shopID(_ client: any TestClientProtocol, _ token: String, _ name: String) async throws -> Int {
        try await openShop(client, token, name).json["id"] as? Int ?? 0
    }

    static func listingBody(shop: Int, _ changes: [String: Any] = [:]) -> [String: Any] {
        [
            "shop_id": shop, "category": "electric-guitars", "name": "Fender Player Telecaster", "brand": "Fender", "model": "Player Telecaster",
            "condition": "very_good", "price_cents": 74_900, "stock": 5, "low_stock_threshold": 2, "description": "Alder body, two single coils.",
        ].merging(changes) { $1 }
    }

    func list(_ answer: Answer) -> [[String: Any]] { answer.json["items"] as? [[String: Any]] ?? [] }
    func ids(_ answer: Answer) -> [Int] { list(answer).compactMap { $0["id"] as? Int } }
    func fields(_ answer: Answer) -> Set<String> { Set((answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }) }

    // MARK: Shops

    @Test func shopsGetSlugsFromTheirNamesAndOnlyTheirOwnerChangesThem() async throws {
        try await withApp { _, client in
            let alice = try await register(client, "alice@sellers.test")
            let first = try await openShop(client, alice, "Fuzz & Tone Co.")
            #expect(first.status == .created)
            #expect(first.json["slug"] as? String == "fuzz-tone-co")
            #expect(first.json["contact_email"] as? String == "shop@example.com")
            #expect(first.json["active"] as? Bool == true)
            #expect(first.json.keys.contains("logo_url") && first.json["logo_url"] is NSNull)
            #expect(try await openShop(client, alice, "Fuzz & Tone Co.").json["slug"] as? String == "fuzz-tone-co-2")
            let id = first.json["id"] as? Int ?? 0

            let patched = try await call(client, "/api/v1/shops/\(id)", .patch, token: alice, body: ["description": "Boutique fuzz."])
            #expect(patched.status == .ok)
            #expect(patched.json["description"] as? String == "Boutique fuzz.")
            #expect(patched.json["name"] as? String == "Fuzz & Tone Co." && patched.json["slug"] as? String == "fuzz-tone-co")
            let logo = try await upload(client, "/api/v1/shops/\(id)/logo", .put, token: alice, bytes: SampleImages.png, filename: "logo.png")
            #expect(logo.status == .ok)
            #expect((logo.json["logo_url"] as? String)?.hasPrefix("/uploads/") == true)

            let bob = try await register(client, "bob@sellers.test")
            #expect(try await call(client, "/api/v1/shops/\(id)", .patch, token: bob, body: ["name": "Bob's now"]).status == .forbidden)
            #expect(try await call(client, "/api/v1/shops/\(id)", .delete, token: bob).status == .forbidden)
            #expect(
                try await upload(client, "/api/v1/shops/\(id)/logo", .put, token: bob, bytes: SampleImages.gif, filename: "x.gif").status
                    == .forbidden)
            #expect(try await call(client, "/api/v1/seller/shops", .get, token: bob).json["total"] as? Int == 0)
            let mine = try await call(client, "/api/v1/seller/shops", .get, token: alice)
            #expect(mine.json["total"] as? Int == 2)
            let kept = list(mine).first { $0["id"] as? Int == id }
            #expect(
                kept?["name"] as? String == "Fuzz & Tone Co." && kept?["active"] as? Bool == true
                    && kept?["logo_url"] as? String == logo.json["logo_url"] as? String)

            #expect(try await call(client, "/api/v1/shops/\(id)", .delete, token: alice).status == .noContent)
            #expect(
                list(try await call(client, "/api/v1/seller/shops", .get, token: alice)).first { $0["id"] as? Int == id }?["active"] as? Bool == false
            )
            #expect(try await call(client, "/api/v1/shops/\(id)", .get, token: nil).status == .notFound)  // closed shops leave the catalog
            #expect(try await call(client, "/api/v1/shops/\(id)", .patch, token: alice, body: ["active": true]).json["active"] as? Bool == true)
            #expect(try await call(client, "/api/v1/shops/\(id)", .get, token: nil).status == .ok)
        }
    }

    @Test func shopRequestsAreCheckedForTokenRoleAndBody() async throws {
        try await withApp { _, client in
            let alice = try await register(client, "alice@sellers.test")
            let customer = try await register(client, "carol@buyers.test", role: "customer")
            #expect(try await openShop(client, customer, "Carol's").status == .forbidden)
            #expect(try await call(client, "/api/v1/seller/shops", .get, token: customer).status == .forbidden)
            #expect(try await openShop(client, nil, "Nobody's").status == .unauthorized)
            #expect(try await openShop(client, "not-a-token", "Nobody's").status == .unauthorized)
            #expect(try await call(client, "/api/v1/seller/shops", .get, token: nil).status == .unauthorized)

            let empty = try await call(client, "/api/v1/shops", .post, token: alice, body: [:])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.headers[.contentType] == "application/problem+json")
            #expect(fields(empty) == ["name", "description", "address", "contact_email"])
            let form = try await send(
                client, "/api/v1/shops", .post, token: alice, body: ByteBuffer(string: "name=Form"), contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(
                try await send(client, "/api/v1/shops", .post, token: alice, body: ByteBuffer(string: "{\"name\": "), contentType: "application/json")
                    .status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/shops/999999", .patch, token: alice, body: ["name": "Ghost"]).status == .notFound)
            #expect(try await call(client, "/api/v1/shops/abc", .delete, token: alice).status == .notFound)
            #expect(try await call(client, "/api/v1/shops", .post, token: alice, body: ["name": 5]).status == .unprocessableContent)
        }
    }

    // MARK: Listings and moderation

    @Test func aNewSellersListingWaitsForAnAdminAndRejectionTellsTheSellerWhy() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let admin = try await admin(services)
            let alice = try await register(client, "alice@sellers.test")
            let shop = try await shopID(client, alice, "Alice's Guitars")

            let created = try await call(
                client, "/api/v1/products", .post, token: alice,
                body: Self.listingBody(shop: shop, ["tags": ["sale"], "specs": [["Body", "Alder"]], "year": 2021, "finish": "Butterscotch"]))
            #expect(created.status == .created)
            #expect(created.json["status"] as? String == "pending")
            #expect(created.json["condition"] as? String == "very_good" && created.json["currency"] as? String == "USD")
            #expect(created.json["tags"] as? [String] == ["sale"] && created.json["specs"] as? [[String]] == [["Body", "Alder"]])
            #expect((created.json["shop"] as? [String: Any])?["id"] as? Int == shop)
            #expect(created.json.keys.contains("image_url") && created.json["image_url"] is NSNull)
            let id = created.json["id"] as? Int ?? 0
            #expect(try await call(client, "/api/v1/products/\(id)", .get, token: nil).status == .notFound)
            #expect(try await call(client, "/api/v1/seller/products/\(id)", .get, token: alice).json["status"] as? String == "pending")

            // Only admins moderate.
            #expect(try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: alice).status == .forbidden)
            let customer = try await register(client, "carol@buyers.test", role: "customer")
            #expect(try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: customer).status == .forbidden)
            #expect(try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: nil).status == .unauthorized)
            #expect(try await call(client, "/api/v1/admin/products/999999/approve", .post, token: admin).status == .notFound)
            let approved = try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: admin)
            #expect(approved.status == .ok && approved.json["status"] as? String == "approved")
            #expect(try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: admin).status == .conflict)
            #expect(try await call(client, "/api/v1/products/\(id)", .get, token: nil).status == .ok)
            #expect(ids(try await call(client, "/api/v1/products?shop=\(shop)", .get, token: nil)) == [id])
            // Once approved, the seller is trusted: the next listing goes live at once.
            let next = try await call(
                client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["name": "Fender Jazzmaster"]))
            #expect(next.json["status"] as? String == "approved")

            let bob = try await register(client, "bob@sellers.test")
            let bobShop = try await shopID(client, bob, "Bob's Amps")
            let bobs = try await call(
                client, "/api/v1/products", .post, token: bob, body: Self.listingBody(shop: bobShop, ["category": "amps", "name": "Blurry amp"]))
            let bobID = bobs.json["id"] as? Int ?? 0
            let noReason = try await call(client, "/api/v1/admin/products/\(bobID)/reject", .post, token: admin, body: [:])
            #expect(noReason.status == .unprocessableContent && fields(noReason) == ["reason"])
            let rejected = try await call(
                client, "/api/v1/admin/products/\(bobID)/reject", .post, token: admin, body: ["reason": "The photos are blurry."])
            #expect(rejected.status == .ok)
            #expect(rejected.json["status"] as? String == "rejected" && rejected.json["moderation_note"] as? String == "The photos are blurry.")
            let mail = try await services.outbox.latest(5, to: "bob@sellers.test").first { $0.kind == "listing_rejected" }
            #expect(mail?.body.contains("The photos are blurry.") == true)
            #expect(
                try await call(client, "/api/v1/admin/products/\(bobID)/reject", .post, token: admin, body: ["reason": "Again"]).status == .conflict)
            // Editing a rejected listing sends it back for review.
            let edited = try await call(client, "/api/v1/products/\(bobID)", .patch, token: bob, body: ["description": "Sharp photos now."])
            #expect(edited.json["status"] as? String == "pending")
            let pending = try await call(client, "/api/v1/seller/products?status=pending", .get, token: bob)
            #expect(ids(pending) == [bobID])
        }
    }

    @Test func listingBodiesAreCheckedFieldByField() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let alice = try await register(client, "alice@sellers.test")
            let shop = try await shopID(client, alice, "Alice's Guitars")
            let empty = try await call(client, "/api/v1/products", .post, token: alice, body: [:])
            #expect(empty.status == .unprocessableContent)
            #expect(fields(empty) == ["shop_id", "category_id", "name", "brand", "model", "condition", "price_cents", "stock", "description"])
            let category = try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["category": "kazoos"]))
            #expect(category.status == .unprocessableContent && fields(category) == ["category"])
            let condition = try await call(
                client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["condition": "awful"]))
            #expect(condition.status == .unprocessableContent && fields(condition) == ["condition"])
            let rules = try await call(
                client, "/api/v1/products", .post, token: alice,
                body: Self.listingBody(shop: shop, ["price_cents": 50, "stock": -1, "tags": ["nope"]]))
            #expect(rules.status == .unprocessableContent && fields(rules).isSuperset(of: ["price_cents", "stock"]))
            #expect(
                try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["tags": ["nope"]])).status
                    == .unprocessableContent)
            #expect(
                try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["price_cents": "cheap"])).status
                    == .unprocessableContent)
            #expect(try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: 999_999)).status == .notFound)
            #expect(
                try await send(client, "/api/v1/products", .post, token: alice, body: ByteBuffer(string: "[1,"), contentType: "application/json")
                    .status == .unprocessableContent)
            #expect(
                try await send(client, "/api/v1/products", .post, token: alice, body: ByteBuffer(string: "name=x"), contentType: "text/plain").status
                    == .unsupportedMediaType)
            #expect(try await call(client, "/api/v1/seller/products", .get, token: alice).json["total"] as? Int == 0)

            // PATCH keeps what is left out; a field sent as null is cleared.
            let created = try await call(
                client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop, ["year": 2021, "finish": "Butterscotch"]))
            let id = created.json["id"] as? Int ?? 0
            let cleared = try await call(
                client, "/api/v1/products/\(id)", .patch, token: alice, body: ["year": NSNull(), "model": "Player II Telecaster"])
            #expect(cleared.status == .ok)
            #expect(cleared.json["year"] is NSNull && cleared.json["finish"] as? String == "Butterscotch")
            #expect(cleared.json["model"] as? String == "Player II Telecaster" && cleared.json["name"] as? String == "Fender Player Telecaster")
            #expect(
                try await call(client, "/api/v1/products/\(id)", .patch, token: alice, body: ["condition": "shiny"]).status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/products/999999", .patch, token: alice, body: ["name": "Ghost"]).status == .notFound)
        }
    }

    @Test func priceChangesAreRecordedAndStockMovesWithReasons() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let admin = try await admin(services)
            let alice = try await register(client, "alice@sellers.test")
            let shop = try await shopID(client, alice, "Alice's Guitars")
            let id = try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop)).json["id"] as? Int ?? 0
            _ = try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: admin)

            let lowered = try await call(client, "/api/v1/products/\(id)", .patch, token: alice, body: ["price_cents": 69_900])
            #expect(lowered.json["price_cents"] as? Int == 69_900 && lowered.json["stock"] as? Int == 5)
            let prices = list(try await call(client, "/api/v1/products/\(id)/prices", .get, token: alice))
            #expect(prices.map { $0["price_cents"] as? Int } == [74_900, 69_900])
            #expect(prices.allSatisfy { $0["changed_at"] is String })
            #expect(try await services.catalog.product(id: id).summary.droppedFromCents == 74_900)
            #expect(try await call(client, "/api/v1/products/\(id)", .get, token: nil).json["price_cents"] as? Int == 69_900)

            let tooMany = try await call(client, "/api/v1/products/\(id)/stock", .post, token: alice, body: ["delta": -10, "note": "Sold at a fair"])
            #expect(tooMany.status == .unprocessableContent && fields(tooMany) == ["delta"])
            #expect(try await call(client, "/api/v1/seller/products/\(id)", .get, token: alice).json["stock"] as? Int == 5)
            let noNote = try await call(client, "/api/v1/products/\(id)/stock", .post, token: alice, body: ["delta": 1])
            #expect(noNote.status == .unprocessableContent && fields(noNote) == ["note"])
            let restocked = try await call(
                client, "/api/v1/products/\(id)/stock", .post, token: alice, body: ["delta": 3, "note": "Restocked from supplier"])
            #expect(restocked.status == .ok && restocked.json["stock"] as? Int == 8)
            let movements = list(try await call(client, "/api/v1/products/\(id)/stock", .get, token: alice))
            #expect(movements.first?["delta"] as? Int == 3 && movements.first?["note"] as? String == "Restocked from supplier")
            #expect(movements.first?["reason"] as? String == "adjustment" && movements.first?["order_id"] is NSNull)
            #expect(movements.last?["reason"] as? String == "initial" && movements.last?["delta"] as? Int == 5)

            #expect(try await services.outbox.latest(10, to: "alice@sellers.test").contains { $0.kind == "low_stock" } == false)
            let low = try await call(client, "/api/v1/products/\(id)/stock", .post, token: alice, body: ["delta": -6, "note": "Damaged in the shop"])
            #expect(low.json["stock"] as? Int == 2)
            let alert = try await services.outbox.latest(10, to: "alice@sellers.test").first { $0.kind == "low_stock" }
            #expect(alert?.subject.contains("down to 2") == true)
            #expect(ids(try await call(client, "/api/v1/seller/products?status=low_stock", .get, token: alice)) == [id])
        }
    }

    @Test func imagesDuplicatesAndSoftDeletes() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let admin = try await admin(services)
            let alice = try await register(client, "alice@sellers.test")
            let shop = try await shopID(client, alice, "Alice's Guitars")
            let id = try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop)).json["id"] as? Int ?? 0
            _ = try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: admin)

            let png = try await upload(client, "/api/v1/products/\(id)/images", token: alice, bytes: SampleImages.png, filename: "front.png")
            #expect(png.status == .created)
            let pngURL = png.json["image_url"] as? String ?? ""
            #expect(pngURL.hasPrefix("/uploads/") && pngURL.hasSuffix(".png"))
            #expect(
                try await upload(client, "/api/v1/products/\(id)/images", token: alice, bytes: Array("just text".utf8), filename: "fake.png").status
                    == .unsupportedMediaType)
            #expect(try await call(client, "/api/v1/products/\(id)/images", .post, token: alice, body: ["file": "x"]).status == .unsupportedMediaType)
            let gif = try await upload(client, "/api/v1/products/\(id)/images", token: alice, bytes: SampleImages.gif, filename: "back.gif")
            let images = gif.json["images"] as? [[String: Any]] ?? []
            #expect(images.count == 2 && gif.json["image_url"] as? String == pngURL)
            let gifID = images.last?["id"] as? Int ?? 0
            let moved = try await call(client, "/api/v1/products/\(id)/images/\(gifID)", .patch, token: alice, body: ["position": 0])
            #expect(moved.json["image_url"] as? String == images.last?["url"] as? String)
            #expect(try await call(client, "/api/v1/products/\(id)", .get, token: nil).json["image_url"] as? String == images.last?["url"] as? String)
            #expect(try await call(client, "/api/v1/products/\(id)/images/999999", .delete, token: alice).status == .notFound)
            let removed = try await call(client, "/api/v1/products/\(id)/images/\(gifID)", .delete, token: alice)
            #expect((removed.json["images"] as? [[String: Any]])?.count == 1 && removed.json["image_url"] as? String == pngURL)

            let copy = try await call(client, "/api/v1/products/\(id)/duplicate", .post, token: alice)
            #expect(copy.status == .created)
            #expect(copy.json["active"] as? Bool == false && (copy.json["name"] as? String)?.hasSuffix("(copy)") == true)
            #expect((copy.json["images"] as? [[String: Any]])?.count == 1)
            let copyID = copy.json["id"] as? Int ?? 0
            #expect(ids(try await call(client, "/api/v1/seller/products?status=paused", .get, token: alice)) == [copyID])
            #expect(try await call(client, "/api/v1/products/\(copyID)", .get, token: nil).status == .notFound)

            #expect(try await call(client, "/api/v1/products/\(id)", .delete, token: alice).status == .noContent)
            #expect(try await call(client, "/api/v1/products/\(id)", .get, token: nil).status == .notFound)
            #expect(try await call(client, "/api/v1/seller/products/\(id)", .get, token: alice).status == .notFound)
            #expect(try await call(client, "/api/v1/products/\(id)", .delete, token: alice).status == .notFound)
            let remaining = try await call(client, "/api/v1/seller/products?shop=\(shop)&per_page=10", .get, token: alice)
            #expect(ids(remaining) == [copyID] && remaining.json["per_page"] as? Int == 10)

            for bad in ["status=bogus", "per_page=1000", "page=0", "shop=abc"] {
                let answer = try await call(client, "/api/v1/seller/products?\(bad)", .get, token: alice)
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(fields(answer) == [String(bad.prefix { $0 != "=" })], "\(bad)")
            }
        }
    }

    @Test func aSellerCannotTouchAnotherSellersListingsOrShops() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let alice = try await register(client, "alice@sellers.test")
            let shop = try await shopID(client, alice, "Alice's Guitars")
            let created = try await call(client, "/api/v1/products", .post, token: alice, body: Self.listingBody(shop: shop))
            let id = created.json["id"] as? Int ?? 0
            let image = try await upload(client, "/api/v1/products/\(id)/images", token: alice, bytes: SampleImages.png, filename: "a.png")
            let imageID = (image.json["images"] as? [[String: Any]])?.first?["id"] as? Int ?? 0

            let bob = try await register(client, "bob@sellers.test")
            let bobShop = try await shopID(client, bob, "Bob's Amps")
            let attempts: [(String, HTTPRequest.Method, [String: Any]?)] = [
                ("/api/v1/seller/products/\(id)", .get, nil),
                ("/api/v1/products/\(id)", .patch, ["name": "Mine now", "price_cents": 100]),
                ("/api/v1/products/\(id)", .patch, ["shop_id": bobShop]),
                ("/api/v1/products/\(id)", .delete, nil),
                ("/api/v1/products/\(id)/stock", .post, ["delta": -5, "note": "Taken"]),
                ("/api/v1/products/\(id)/stock", .get, nil),
                ("/api/v1/products/\(id)/prices", .get, nil),
                ("/api/v1/products/\(id)/duplicate", .post, nil),
                ("/api/v1/products/\(id)/images/\(imageID)", .delete, nil),
                ("/api/v1/products/\(id)/images/\(imageID)", .patch, ["position": 1]),
                ("/api/v1/products", .post, Self.listingBody(shop: shop)),
                ("/api/v1/seller/products?shop=\(shop)", .get, nil),
                ("/api/v1/shops/\(shop)", .patch, ["name": "Bob's now"]),
                ("/api/v1/shops/\(shop)", .delete, nil),
            ]
            for (uri, method, body) in attempts {
                #expect(try await call(client, uri, method, token: bob, body: body).status == .forbidden, "\(method) \(uri)")
            }
            #expect(
                try await upload(client, "/api/v1/products/\(id)/images", token: bob, bytes: SampleImages.gif, filename: "b.gif").status == .forbidden
            )
            // Moving one's own listing into someone else's shop is refused too.
            let bobsListing = try await call(
                client, "/api/v1/products", .post, token: bob, body: Self.listingBody(shop: bobShop, ["category": "amps"]))
            #expect(
                try await call(client, "/api/v1/products/\(bobsListing.json["id"] as? Int ?? 0)", .patch, token: bob, body: ["shop_id": shop]).status
                    == .forbidden)

            let after = try await call(client, "/api/v1/seller/products/\(id)", .get, token: alice)
            #expect(after.json["name"] as? String == "Fender Player Telecaster" && after.json["price_cents"] as? Int == 74_900)
            #expect(after.json["stock"] as? Int == 5 && (after.json["images"] as? [[String: Any]])?.count == 1)
            #expect((after.json["shop"] as? [String: Any])?["id"] as? Int == shop)
            #expect(try await call(client, "/api/v1/seller/products", .get, token: alice).json["total"] as? Int == 1)
            let shops = list(try await call(client, "/api/v1/seller/shops", .get, token: alice))
            #expect(shops.first?["name"] as? String == "Alice's Guitars" && shops.first?["active"] as? Bool == true)

            let customer = try await register(client, "carol@buyers.test", role: "customer")
            #expect(try await call(client, "/api/v1/products", .post, token: customer, body: Self.listingBody(shop: shop)).status == .forbidden)
            #expect(try await call(client, "/api/v1/seller/products", .get, token: customer).status == .forbidden)
            #expect(try await call(client, "/api/v1/products/\(id)", .patch, token: customer, body: ["name": "x"]).status == .forbidden)
            #expect(try await call(client, "/api/v1/products/\(id)", .patch, token: nil, body: ["name": "x"]).status == .unauthorized)
            #expect(try await call(client, "/api/v1/products/\(id)", .delete, token: nil).status == .unauthorized)
            #expect(try await call(client, "/api/v1/seller/products/999999", .get, token: alice).status == .notFound)

            // An admin may act on any seller's listing.
            let admin = try await admin(services)
            #expect(
                try await call(client, "/api/v1/products/\(id)/stock", .post, token: admin, body: ["delta": 1, "note": "Found one"]).json["stock"]
                    as? Int == 6)
        }
    }

    // MARK: Seller orders

    @Test func eachSellerSeesAndShipsOnlyTheirShareOfAnOrder() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let admin = try await admin(services)
            func approvedListing(_ token: String, shop: Int, _ changes: [String: Any]) async throws -> Int {
                let id =
                    try await call(client, "/api/v1/products", .post, token: token, body: Self.listingBody(shop: shop, changes)).json["id"] as? Int
                    ?? 0
                #expect(try await call(client, "/api/v1/admin/products/\(id)/approve", .post, token: admin).status == .ok)
                return id
            }
            let alice = try await register(client, "alice@sellers.test")
            let aliceShop = try await shopID(client, alice, "Alice's Guitars")
            let guitar = try await approvedListing(alice, shop: aliceShop, ["price_cents": 50_000])
            let bob = try await register(client, "bob@sellers.test")
            let bobShop = try await shopID(client, bob, "Bob's Amps")
            let amp = try await approvedListing(bob, shop: bobShop, ["category": "amps", "name": "Tweed Deluxe", "price_cents": 120_000])
            let cleo = try await register(client, "cleo@sellers.test")
            _ = try await shopID(client, cleo, "Cleo's Cables")

            let buyer = try await register(client, "billie@buyers.test", role: "customer")
            #expect(
                try await call(client, "/api/v1/cart/items", .post, token: buyer, body: ["product_id": guitar, "quantity": 2]).status == .created)
            #expect(try await call(client, "/api/v1/cart/items", .post, token: buyer, body: ["product_id": amp, "quantity": 1]).status == .created)
            let placed = try await call(
                client, "/api/v1/checkout", .post, token: buyer,
                body: [
                    "shipping_address": CommerceTests.address, "shipping_method": "standard",
                    "payment": ["method": "card", "card_number": "4242424242424242"],
                ])
            #expect(placed.status == .created && placed.json["status"] as? String == "paid")
            let order = placed.json["id"] as? Int ?? 0

            let aliceOrders = try await call(client, "/api/v1/seller/orders", .get, token: alice)
            #expect(aliceOrders.json["total"] as? Int == 1)
            let share = list(aliceOrders).first ?? [:]
            #expect(share["id"] as? Int == order && share["status"] as? String == "paid" && share["shipment_status"] as? String == "pending")
            #expect(share["share_cents"] as? Int == 100_000 && share["item_count"] as? Int == 2 && share["can_ship"] as? Bool == true)
            #expect(share["buyer_name"] as? String == "billie@buyers.test")
            #expect((share["shipping_address"] as? [String: Any])?["city"] as? String == "Austin")
            let shipments = share["shipments"] as? [[String: Any]] ?? []
            #expect(shipments.map { $0["shop_id"] as? Int } == [aliceShop])
            #expect((shipments.first?["items"] as? [[String: Any]])?.map { $0["product_id"] as? Int } == [guitar])
            #expect(share["total_cents"] == nil)  // never the whole order's figures
            let bobShare = try await call(client, "/api/v1/seller/orders/\(order)", .get, token: bob)
            #expect(bobShare.json["share_cents"] as? Int == 120_000)
            #expect((bobShare.json["shipments"] as? [[String: Any]])?.map { $0["shop_id"] as? Int } == [bobShop])

            #expect(try await call(client, "/api/v1/seller/orders/\(order)", .get, token: cleo).status == .notFound)
            #expect(try await call(client, "/api/v1/seller/orders/\(order)/ship", .post, token: cleo).status == .notFound)
            #expect(try await call(client, "/api/v1/seller/orders", .get, token: cleo).json["total"] as? Int == 0)
            #expect(try await call(client, "/api/v1/seller/orders", .get, token: buyer).status == .forbidden)
            #expect(try await call(client, "/api/v1/seller/orders/\(order)/ship", .post, token: buyer).status == .forbidden)
            #expect(try await call(client, "/api/v1/seller/orders", .get, token: nil).status == .unauthorized)
            #expect(try await call(client, "/api/v1/seller/orders?status=lost", .get, token: alice).status == .badRequest)
            #expect(try await call(client, "/api/v1/seller/orders/999999", .get, token: alice).status == .notFound)

            let text = try await send(
                client, "/api/v1/seller/orders/\(order)/ship", .post, token: alice, body: ByteBuffer(string: "1Z999"), contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            let badTracking = try await call(
                client, "/api/v1/seller/orders/\(order)/ship", .post, token: alice, body: ["tracking_number": "<script>"])
            #expect(badTracking.status == .unprocessableContent && fields(badTracking) == ["tracking_number"])
            let shipped = try await call(client, "/api/v1/seller/orders/\(order)/ship", .post, token: alice, body: ["tracking_number": "1Z 999 AA1"])
            #expect(shipped.status == .ok)
            #expect(
                shipped.json["shipment_status"] as? String == "shipped" && shipped.json["status"] as? String == "paid"
                    && shipped.json["can_ship"] as? Bool == false)
            #expect((shipped.json["shipments"] as? [[String: Any]])?.first?["tracking_number"] as? String == "1Z 999 AA1")
            #expect(try await call(client, "/api/v1/orders/\(order)", .get, token: buyer).json["status"] as? String == "paid")
            #expect(try await call(client, "/api/v1/seller/orders/\(order)/ship", .post, token: alice).status == .conflict)
            #expect(try await call(client, "/api/v1/seller/orders?status=pending", .get, token: alice).json["total"] as? Int == 0)
            #expect(ids(try await call(client, "/api/v1/seller/orders?status=shipped", .get, token: alice)) == [order])

            // No body at all is a shipment without tracking.
            let last = try await send(client, "/api/v1/seller/orders/\(order)/ship", .post, token: bob, body: nil, contentType: nil)
            #expect(last.status == .ok && last.json["status"] as? String == "shipped")
            #expect((last.json["shipments"] as? [[String: Any]])?.first?["tracking_number"] is NSNull)
            let seen = try await call(client, "/api/v1/orders/\(order)", .get, token: buyer)
            #expect(seen.json["status"] as? String == "shipped")
            #expect(try await call(client, "/api/v1/seller/orders/\(order)/ship", .post, token: bob).status == .conflict)
        }
    }
}

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

/// Coupons, the category tree and tags in the admin area: the pages as an admin uses them, the API beside them,
/// what the changes do to carts and search, the audit trail, and the sweep that no one else gets in.
@Suite struct AdminCatalogTests {
    typealias Answer = (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)

    /// A JSON call; `body` may hold `NSNull()` to send `null`.
    static func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String?, body: [String: Any]? = nil)
        async throws
        -> Answer
    {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        let buffer = try body.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    static func fields(_ answer: Answer) -> Set<String> {
        Set((answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    /// An admin signed in on both surfaces.
    struct Admin {
        let id: Int
        let browser: Browser
        let token: String
    }

    static func admin(_ services: AppServices, _ client: any TestClientProtocol) async throws -> Admin {
        let user = try await services.accounts.createUser(email: "boss@backline.test", password: "secret123", displayName: "Boss", role: .admin)
        let browser = Browser(client)
        #expect(try await browser.login("boss@backline.test").status == .seeOther)
        return Admin(id: user.id!, browser: browser, token: try await services.tokens.issue(userID: user.id!).accessToken)
    }

    static func id(in location: String?, after prefix: String) -> Int? {
        guard let location, location.hasPrefix(prefix) else { return nil }
        return Int(location.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    static func categoryID(_ services: AppServices, _ slug: String) async throws -> Int {
        try await services.database.sql.raw("SELECT id FROM categories WHERE slug = \(bind: slug)").first()!.decode(column: "id", as: Int.self)
    }

    static func searchIDs(_ services: AppServices, text: String? = nil, category: String? = nil, tag: String? = nil) async throws -> Set<Int> {
        var query = CatalogQuery()
        query.text = text
        query.category = category
        query.tag = tag
        return Set(try await services.catalog.search(query).items.map(\.id))
    }

    static let future = String(Format.iso8601(Date().addingTimeInterval(30 * 86_400)).prefix(10))

    // MARK: Coupons

    @Test func anAdminCreatesEditsAndDeletesCouponsThroughThePages() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let admin = try await Self.admin(services, client)
            let browser = admin.browser
            #expect(try await browser.get("/admin/coupons").html.contains("No coupons here"))

            // Every problem at once, each beside its field, with what was typed kept; nothing is stored.
            let bad = try await browser.submit(
                "/admin/coupons", from: "/admin/coupons/new",
                [
                    ("code", "no spaces!"), ("kind", "percent"), ("value", "150"), ("min_subtotal", "ten"), ("expires_on", "31/12/2026"),
                    ("max_uses", "0"), ("active", "true"),
                ])
            #expect(bad.status == .unprocessableContent)
            for (field, message) in [
                ("code", "Use 3 to 30 letters"), ("value", "Use a whole percent from 1 to 100."), ("min_subtotal", "Enter dollars, like 50"),
                ("expires_on", "Enter a date like 2026-12-31"), ("max_uses", "Use 1 or more"),
            ] {
                #expect(bad.html.contains("<p class=\"field-error\" id=\"field-\(field)-error\">\(message)"), "\(field)")
            }
            #expect(bad.html.contains("value=\"no spaces!\"") && bad.html.contains("value=\"150\"") && bad.html.contains("value=\"31/12/2026\""))
            #expect(try await services.coupons.find(code: "NO SPACES!") == nil)

            let created = try await browser.submit(
                "/admin/coupons", from: "/admin/coupons/new",
                [
                    ("code", " spring-25 "), ("kind", "amount"), ("value", "25"), ("min_subtotal", "100"), ("expires_on", Self.future),
                    ("max_uses", "50"), ("active", "true"),
                ])
            #expect(created.status == .seeOther && created.location == "/admin/coupons")
            let coupon = try #require(try await services.coupons.find(code: "SPRING-25"))
            #expect(
                coupon.amountOffCents == 2_500 && coupon.percentOff == nil && coupon.minSubtotalCents == 10_000 && coupon.maxUses == 50
                    && coupon.active)
            #expect(coupon.expiresAt.map { Format.iso8601($0) } == Self.future + "T23:59:59Z")
            let list = try await browser.get("/admin/coupons")
            #expect(list.html.contains("data-coupon-id=\"\(coupon.id)\"") && list.html.contains("SPRING-25") && list.html.contains("$25.00"))
            #expect(list.html.contains("$100.00") && list.html.contains("0 / 50") && list.html.contains("Active"))
            #expect(try await browser.get("/admin/coupons?status=inactive").html.contains("No coupons here"))
            #expect(try await browser.get("/admin/coupons?q=spring&sort=-code").html.contains("SPRING-25"))
            #expect(try await browser.get("/admin/coupons?page=abc&per_page=9999&sort=nonsense&status=zzz").status == .ok)

            // The code is unique whatever its case.
            let twin = try await browser.submit(
                "/admin/coupons", from: "/admin/coupons/new", [("code", "Spring-25"), ("kind", "percent"), ("value", "5"), ("active", "true")])
            #expect(twin.status == .unprocessableContent && twin.html.contains("Another coupon already uses this code."))

            // Edit: the form shows what is stored; switching to a percent and off is saved.
            let edit = try await browser.get("/admin/coupons/\(coupon.id)/edit")
            #expect(
                edit.html.contains("value=\"SPRING-25\"") && edit.html.contains("<option value=\"amount\" selected>")
                    && edit.html.contains("value=\"100\""))
            let saved = try await browser.submit(
                "/admin/coupons/\(coupon.id)", from: "/admin/coupons/\(coupon.id)/edit",
                [("code", "SPRING-25"), ("kind", "percent"), ("value", "10%"), ("min_subtotal", ""), ("expires_on", ""), ("max_uses", "")])
            #expect(saved.status == .seeOther)
            let edited = try #require(try await services.coupons.find(code: "SPRING-25"))
            #expect(
                edited.percentOff == 10 && edited.amountOffCents == nil && !edited.active && edited.maxUses == nil && edited.expiresAt == nil
                    && edited.minSubtotalCents == 0)

            // Switched off, the cart refuses it; back on, it takes 10% off.
            let buyer = try await services.accounts.createUser(
                email: "buyer@coupon.test", password: "secret123", displayName: "Buyer", role: .customer
            ).id!
            try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            await #expect(throws: ValidationError.self) { try await services.carts.applyCoupon(.user(buyer), code: "spring-25") }
            let on = try await Self.call(client, "/api/v1/admin/coupons/\(coupon.id)", .patch, token: admin.token, body: ["active": true])
            #expect(on.status == .ok && on.json["active"] as? Bool == true && on.json["percent_off"] as? Int == 10)
            _ = try await services.carts.applyCoupon(.user(buyer), code: "spring-25")
            #expect(try await services.carts.cart(.user(buyer)).totals.discountCents == 8_500)  // 10% of $849.99, rounded
            let address = AddressInput(
                fullName: "Cora Coupon", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)
            _ = try await services.checkout.placeOrder(
                userID: buyer,
                CheckoutRequest(addressID: nil, address: address, shippingMethod: "standard", paymentMethod: "card", cardNumber: "4242424242424242"))

            // Now used once: the maximum may not go below that, and it can't be deleted (its order keeps it).
            try await services.database.sql.raw("UPDATE coupons SET uses = 3 WHERE id = \(bind: coupon.id)").run()
            let tooFew = try await browser.submit(
                "/admin/coupons/\(coupon.id)", from: "/admin/coupons/\(coupon.id)/edit",
                [("code", "SPRING-25"), ("kind", "percent"), ("value", "10"), ("max_uses", "2"), ("active", "true")])
            #expect(
                tooFew.status == .unprocessableContent && tooFew.html.contains("It has been used 3 times already: use 3 or more.")
                    && tooFew.html.contains("value=\"2\""))
            #expect(try await browser.get("/admin/coupons/\(coupon.id)/edit").html.contains("untick Active above"))
            let refused = try await browser.submit("/admin/coupons/\(coupon.id)/delete", from: "/admin/coupons/\(coupon.id)/edit", [])
            #expect(refused.status == .conflict && refused.html.contains("was used in 1 order") && refused.html.contains("Switch it off instead"))
            #expect(try await services.coupons.find(code: "SPRING-25") != nil)

            // An unused coupon goes.
            let spare = try await services.createCoupon(code: "SPARE5", percentOff: 5)
            let deleted = try await browser.submit("/admin/coupons/\(spare.id)/delete", from: "/admin/coupons/\(spare.id)/edit", [])
            #expect(deleted.status == .seeOther && deleted.location == "/admin/coupons")
            #expect(try await services.coupons.find(code: "SPARE5") == nil)
            #expect(try await browser.get("/admin/coupons/\(spare.id)/edit").status == .notFound)

            let actions = try await services.audit.entries(action: "coupon.").items
            #expect(actions.map(\.action) == ["coupon.delete", "coupon.update", "coupon.update", "coupon.create"])
            #expect(actions.allSatisfy { $0.actorID == admin.id && $0.ip != nil })
            #expect(actions.last?.target == "coupon:SPRING-25" && actions.last?.detail?.contains("$25.00 off") == true)
        }
    }

    @Test func theCouponAPICreatesEditsListsAndDeletes() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let admin = try await Self.admin(services, client)
            let token = admin.token

            let created = try await Self.call(client, "/api/v1/admin/coupons", .post, token: token, body: ["code": "welcome10", "percent_off": 10])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["code"] as? String == "WELCOME10" && created.json["uses"] as? Int == 0 && created.json["active"] as? Bool == true)
            for key in ["amount_off_cents", "expires_at", "max_uses"] { #expect(created.json[key] is NSNull, "\(key)") }
            #expect(created.json["min_subtotal_cents"] as? Int == 0 && created.json["created_at"] is String)

            // Every problem named at once; a duplicate in another case is refused.
            let bad = try await Self.call(
                client, "/api/v1/admin/coupons", .post, token: token,
                body: ["code": "x", "percent_off": 10, "amount_off_cents": 500, "expires_at": "soon", "max_uses": 0, "min_subtotal_cents": -1])
            #expect(
                bad.status == .unprocessableContent && Self.fields(bad) == ["code", "percent_off", "expires_at", "max_uses", "min_subtotal_cents"])
            let twin = try await Self.call(
                client, "/api/v1/admin/coupons", .post, token: token, body: ["code": "Welcome10", "amount_off_cents": 500])
            #expect(twin.status == .unprocessableContent && Self.fields(twin) == ["code"])
            let none = try await Self.call(client, "/api/v1/admin/coupons", .post, token: token, body: ["code": "NOTHING"])
            #expect(none.status == .unprocessableContent && Self.fields(none) == ["percent_off"])
            let wrongType = try await Self.call(client, "/api/v1/admin/coupons", .post, token: token, body: ["code": "TYPED", "percent_off": "ten"])
            #expect(wrongType.status == .unprocessableContent && Self.fields(wrongType) == ["percent_off"])
            var plain = HTTPFields()
            plain[.authorization] = "Bearer \(token)"
            plain[.contentType] = "text/plain"
            #expect(
                try await client.execute(uri: "/api/v1/admin/coupons", method: .post, headers: plain, body: ByteBuffer(string: "code=X")).status
                    == .unsupportedMediaType)

            // PATCH: fields left out keep their value; an amount replaces the percent; a date means the end of that day.
            let patched = try await Self.call(
                client, "/api/v1/admin/coupons/\(id)", .patch, token: token,
                body: ["amount_off_cents": 2_500, "expires_at": "2099-12-31", "min_subtotal_cents": 10_000])
            #expect(patched.status == .ok && patched.json["code"] as? String == "WELCOME10" && patched.json["percent_off"] is NSNull)
            #expect(patched.json["amount_off_cents"] as? Int == 2_500 && patched.json["expires_at"] as? String == "2099-12-31T23:59:59Z")
            let cleared = try await Self.call(
                client, "/api/v1/admin/coupons/\(id)", .patch, token: token, body: ["expires_at": NSNull(), "max_uses": 5])
            #expect(
                cleared.status == .ok && cleared.json["expires_at"] is NSNull && cleared.json["max_uses"] as? Int == 5
                    && cleared.json["amount_off_cents"] as? Int == 2_500)
            #expect(
                try await Self.call(client, "/api/v1/admin/coupons/\(id)", .patch, token: token, body: ["percent_off": 500]).status
                    == .unprocessableContent)
            #expect(try await Self.call(client, "/api/v1/admin/coupons/999999", .patch, token: token, body: ["active": false]).status == .notFound)
            #expect(try await Self.call(client, "/api/v1/admin/coupons/abc", .get, token: token).status == .notFound)

            // The list: the envelope, filters, sorting; bad parameters are a 400 naming each.
            _ = try await Self.call(
                client, "/api/v1/admin/coupons", .post, token: token, body: ["code": "ZED-OFF", "percent_off": 15, "active": false])
            let list = try await Self.call(client, "/api/v1/admin/coupons?sort=code&per_page=1", .get, token: token)
            #expect(
                list.status == .ok && list.json["total"] as? Int == 2 && list.json["total_pages"] as? Int == 2 && list.json["per_page"] as? Int == 1)
            #expect((list.json["items"] as? [[String: Any]])?.first?["code"] as? String == "WELCOME10")
            let off = try await Self.call(client, "/api/v1/admin/coupons?status=inactive", .get, token: token)
            #expect((off.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["ZED-OFF"])
            let wrong = try await Self.call(client, "/api/v1/admin/coupons?page=0&per_page=1000&status=bogus&sort=price", .get, token: token)
            #expect(wrong.status == .badRequest && Self.fields(wrong) == ["page", "per_page", "status", "sort"])

            // Works in the cart through the API, with its minimum.
            let buyer = try await services.accounts.createUser(email: "api@buyer.test", password: "secret123", displayName: "Buyer", role: .customer)
                .id!
            let buyerToken = try await services.tokens.issue(userID: buyer).accessToken
            try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 1)
            let applied = try await Self.call(client, "/api/v1/cart/coupon", .post, token: buyerToken, body: ["code": "welcome10"])
            #expect(applied.status == .ok || applied.status == .created)
            #expect(try await Self.call(client, "/api/v1/cart", .get, token: buyerToken).json["discount_cents"] as? Int == 2_500)

            // Delete: 204, then 404; a redeemed coupon is a 409 that changes nothing.
            let address = AddressInput(
                fullName: "Ada Api", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)
            _ = try await services.checkout.placeOrder(
                userID: buyer,
                CheckoutRequest(addressID: nil, address: address, shippingMethod: "standard", paymentMethod: "card", cardNumber: "4242424242424242"))
            let redeemed = try await Self.call(client, "/api/v1/admin/coupons/\(id)", .delete, token: token)
            #expect(redeemed.status == .conflict && (redeemed.json["detail"] as? String)?.contains("Switch it off instead") == true)
            #expect(try await Self.call(client, "/api/v1/admin/coupons/\(id)", .get, token: token).json["uses"] as? Int == 1)
            let zed = try #require(try await services.coupons.find(code: "ZED-OFF"))
            #expect(try await Self.call(client, "/api/v1/admin/coupons/\(zed.id)", .delete, token: token).status == .noContent)
            #expect(try await Self.call(client, "/api/v1/admin/coupons/\(zed.id)", .delete, token: token).status == .notFound)

            let entries = try await services.audit.entries(action: "coupon.").items
            #expect(entries.map(\.action) == ["coupon.delete", "coupon.create", "coupon.update", "coupon.update", "coupon.create"])
            #expect(entries.allSatisfy { $0.actorID == admin.id && $0.ip != nil })
        }
    }

    // MARK: Categories

    @Test func anAdminGrowsRenamesMovesAndPrunesTheTreeThroughThePages() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let browser = try await Self.admin(services, client).browser
            let (guitars, electric, acoustic, amps) = (
                try await Self.categoryID(services, "guitars"), try await Self.categoryID(services, "electric-guitars"),
                try await Self.categoryID(services, "acoustic-guitars"), try await Self.categoryID(services, "amps")
            )

            // The tree, indented, with each node's listings counted with everything below it.
            let tree = try await browser.get("/admin/categories")
            #expect(tree.status == .ok)
            func row(_ html: String, _ id: Int) -> String {
                guard let start = html.range(of: "data-category-id=\"\(id)\"") else { return "" }
                return html[start.upperBound...].components(separatedBy: "</tr>")[0]
            }
            // Guitars: Strat, Les Paul, pending Ibanez, Martin (the soft-deleted Telecaster is not counted). Amps: two and the paused Vox.
            #expect(row(tree.html, guitars).contains("<td class=\"num\">4</td>") && row(tree.html, electric).contains("<td class=\"num\">3</td>"))
            #expect(row(tree.html, amps).contains("<td class=\"num\">3</td>") && row(tree.html, electric).contains("└"))

            // Add: problems come back beside the fields with what was typed; the slug is made from the name.
            let bad = try await browser.submit(
                "/admin/categories", from: "/admin/categories",
                [("name", ""), ("slug", "Bad Slug!"), ("parent_id", String(guitars)), ("position", "first")])
            #expect(
                bad.status == .unprocessableContent && bad.html.contains("Enter a whole number from 0") && bad.html.contains("value=\"Bad Slug!\""))
            let bad2 = try await browser.submit(
                "/admin/categories", from: "/admin/categories", [("name", ""), ("slug", "Bad Slug!"), ("parent_id", String(guitars))])
            #expect(bad2.status == .unprocessableContent && bad2.html.contains("Enter the category&#39;s name."))
            #expect(bad2.html.contains("Use 2 to 60 lower-case letters") && bad2.html.contains("<option value=\"\(guitars)\" selected>"))
            let added = try await browser.submit(
                "/admin/categories", from: "/admin/categories", [("name", "Bass Guitars"), ("slug", ""), ("parent_id", String(guitars))])
            #expect(added.status == .seeOther && added.location == "/admin/categories")
            let bass = try await Self.categoryID(services, "bass-guitars")
            #expect(
                try await services.catalog.categoryTree().children(of: guitars).map(\.slug) == [
                    "electric-guitars", "acoustic-guitars", "bass-guitars",
                ])
            let sibling = try await browser.submit(
                "/admin/categories", from: "/admin/categories", [("name", "bass guitars"), ("parent_id", String(guitars))])
            #expect(sibling.status == .unprocessableContent && sibling.html.contains("There is already a category named"))

            // Rename: search finds the listings by the new name at once.
            #expect(try await Self.searchIDs(services, text: "cabinets").isEmpty)
            let renamed = try await browser.submit(
                "/admin/categories/\(amps)", from: "/admin/categories/\(amps)/edit",
                [("name", "Speaker Cabinets"), ("slug", "amps"), ("parent_id", ""), ("position", "1")])
            #expect(renamed.status == .seeOther)
            #expect(try await Self.searchIDs(services, text: "cabinets") == [fixture.bluesJunior, fixture.katana])
            #expect(try await browser.get("/").html.contains("Speaker Cabinets"))

            // Re-parent: the acoustic guitars move under the amps, and the amps' filter now lists the Martin.
            let moved = try await browser.submit(
                "/admin/categories/\(acoustic)", from: "/admin/categories/\(acoustic)/edit",
                [("name", "Acoustic Guitars"), ("slug", "acoustic-guitars"), ("parent_id", String(amps))])
            #expect(moved.status == .seeOther)
            #expect(try await Self.searchIDs(services, category: "amps") == [fixture.bluesJunior, fixture.katana, fixture.martin])
            #expect(try await Self.searchIDs(services, category: "guitars") == [fixture.strat, fixture.lesPaul])
            let root = try await services.database.sql.raw("SELECT root_category_id FROM products WHERE id = \(bind: fixture.martin)").first()!
            #expect(try root.decode(column: "root_category_id", as: Int.self) == amps)

            // A category can't go under itself or anything below it; the edit page offers neither.
            let edit = try await browser.get("/admin/categories/\(guitars)/edit")
            #expect(!edit.html.contains("<option value=\"\(electric)\"") && !edit.html.contains("<option value=\"\(guitars)\""))
            for parent in [guitars, electric] {
                let cycle = try await browser.submit(
                    "/admin/categories/\(guitars)", from: "/admin/categories/\(guitars)/edit",
                    [("name", "Guitars"), ("slug", "guitars"), ("parent_id", String(parent))])
                #expect(
                    cycle.status == .unprocessableContent
                        && cycle.html.contains(parent == guitars ? "can&#39;t be its own parent" : "choose a parent outside it"))
            }
            #expect(try await services.catalog.categoryTree().node(id: guitars)?.parentID == nil)

            // Delete: refused with the count while it has sub-categories or listings; an empty one goes.
            let hasChildren = try await browser.submit("/admin/categories/\(guitars)/delete", from: "/admin/categories/\(guitars)/edit", [])
            #expect(hasChildren.status == .conflict && hasChildren.html.contains("has 2 sub-categories"))
            let hasListings = try await browser.submit("/admin/categories/\(electric)/delete", from: "/admin/categories/\(electric)/edit", [])
            #expect(hasListings.status == .conflict && hasListings.html.contains("holds 3 listings"))
            let gone = try await browser.submit("/admin/categories/\(bass)/delete", from: "/admin/categories/\(bass)/edit", [])
            #expect(gone.status == .seeOther && gone.location == "/admin/categories")
            #expect(try await services.catalog.categoryTree().node(id: bass) == nil)
            #expect(try await browser.get("/admin/categories/\(bass)/edit").status == .notFound)

            let actions = try await services.audit.entries(action: "category.").items.map(\.action)
            #expect(actions == ["category.delete", "category.update", "category.update", "category.create"])
        }
    }

    @Test func theCategoryAPIWritesAreAdminOnly() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let admin = try await Self.admin(services, client)
            let token = admin.token
            let guitars = try await Self.categoryID(services, "guitars")
            let electric = try await Self.categoryID(services, "electric-guitars")

            let created = try await Self.call(client, "/api/v1/categories", .post, token: token, body: ["name": "Effects Pedals"])
            #expect(created.status == .created && created.json["slug"] as? String == "effects-pedals" && created.json["parent_id"] is NSNull)
            let pedals = try #require(created.json["id"] as? Int)
            let child = try await Self.call(
                client, "/api/v1/categories", .post, token: token, body: ["name": "Fuzz", "slug": "fuzz-pedals", "parent_id": pedals])
            #expect(child.status == .created && child.json["parent_id"] as? Int == pedals && child.json["name"] as? String == "Fuzz")
            let fuzz = try #require(child.json["id"] as? Int)
            let taken = try await Self.call(
                client, "/api/v1/categories", .post, token: token, body: ["name": "Other", "slug": "fuzz-pedals", "parent_id": 999_999])
            #expect(taken.status == .unprocessableContent && Self.fields(taken) == ["slug", "parent_id"])
            let publicTree = try await Self.call(client, "/api/v1/categories", .get, token: nil)
            #expect((publicTree.json["items"] as? [[String: Any]])?.contains { $0["slug"] as? String == "fuzz-pedals" } == true)

            // Rename keeps the slug; moving the Strat's category renames what search finds.
            let renamed = try await Self.call(client, "/api/v1/categories/\(electric)", .patch, token: token, body: ["name": "Solidbody Electrics"])
            #expect(renamed.status == .ok && renamed.json["slug"] as? String == "electric-guitars" && renamed.json["parent_id"] as? Int == guitars)
            let found = try await Self.call(client, "/api/v1/products?q=solidbody", .get, token: nil)
            #expect(Set((found.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }) == [fixture.strat, fixture.lesPaul])

            // Cycles are refused and change nothing.
            for parent in [pedals, fuzz] {
                let cycle = try await Self.call(client, "/api/v1/categories/\(pedals)", .patch, token: token, body: ["parent_id": parent])
                #expect(cycle.status == .unprocessableContent && Self.fields(cycle) == ["parent_id"])
            }
            let top = try await Self.call(client, "/api/v1/categories/\(fuzz)", .patch, token: token, body: ["parent_id": NSNull()])
            #expect(top.status == .ok && top.json["parent_id"] is NSNull)
            let back = try await Self.call(client, "/api/v1/categories/\(fuzz)", .patch, token: token, body: ["parent_id": pedals, "position": 3])
            #expect(back.status == .ok && back.json["parent_id"] as? Int == pedals && back.json["position"] as? Int == 3)

            let busy = try await Self.call(client, "/api/v1/categories/\(pedals)", .delete, token: token)
            #expect(busy.status == .conflict && (busy.json["detail"] as? String)?.contains("1 sub-category") == true)
            let full = try await Self.call(client, "/api/v1/categories/\(electric)", .delete, token: token)
            #expect(full.status == .conflict && (full.json["detail"] as? String)?.contains("3 listings") == true)
            #expect(try await Self.call(client, "/api/v1/categories/\(fuzz)", .delete, token: token).status == .noContent)
            #expect(try await Self.call(client, "/api/v1/categories/\(fuzz)", .delete, token: token).status == .notFound)
            #expect(try await Self.call(client, "/api/v1/categories/\(pedals)", .delete, token: token).status == .noContent)
            #expect(try await Self.call(client, "/api/v1/categories/0", .patch, token: token, body: ["name": "X"]).status == .notFound)

            let entries = try await services.audit.entries(action: "category.").items
            #expect(entries.count == 7 && entries.allSatisfy { $0.actorID == admin.id })
            #expect(
                entries.first { $0.action == "category.update" && $0.target == "category:\(electric)" }?.detail?.contains("Solidbody Electrics")
                    == true)
        }
    }

    // MARK: Tags

    @Test func tagsAreAddedRenamedAndDeletedOnBothSurfaces() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let admin = try await Self.admin(services, client)
            let browser = admin.browser
            let sale = try await services.database.sql.raw("SELECT id FROM tags WHERE slug = 'sale'").first()!.decode(column: "id", as: Int.self)

            let page = try await browser.get("/admin/tags")
            #expect(page.html.contains("data-tag-id=\"\(sale)\"") && page.html.contains("/products?tag=sale"))
            let bad = try await browser.submit("/admin/tags", from: "/admin/tags", [("name", "Sale"), ("slug", "x")])
            #expect(
                bad.status == .unprocessableContent && bad.html.contains("There is already a tag named")
                    && bad.html.contains("Use 2 to 60 lower-case"))
            let added = try await browser.submit("/admin/tags", from: "/admin/tags", [("name", "Left-Handed"), ("slug", "")])
            #expect(added.status == .seeOther && added.location == "/admin/tags")
            #expect(try await browser.get("/admin/tags?sort=-listings").html.contains("left-handed"))

            // Rename through the page: the slug stays, the product page shows the new name.
            let renamed = try await browser.submit("/admin/tags/\(sale)", from: "/admin/tags/\(sale)/edit", [("name", "On Sale"), ("slug", "sale")])
            #expect(renamed.status == .seeOther)
            #expect(try await services.catalog.product(id: fixture.strat).tags.map(\.name) == ["On Sale"])

            // API: list, create, rename, delete.
            let list = try await Self.call(client, "/api/v1/admin/tags?sort=-listings", .get, token: admin.token)
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(list.status == .ok && list.json["total"] as? Int == 3 && items.count == 3 && items.last?["listing_count"] as? Int == 0)
            let created = try await Self.call(client, "/api/v1/admin/tags", .post, token: admin.token, body: ["name": "Boutique"])
            #expect(created.status == .created && created.json["slug"] as? String == "boutique" && created.json["listing_count"] as? Int == 0)
            let boutique = try #require(created.json["id"] as? Int)
            let clash = try await Self.call(client, "/api/v1/admin/tags/\(boutique)", .patch, token: admin.token, body: ["slug": "sale"])
            #expect(clash.status == .unprocessableContent && Self.fields(clash) == ["slug"])
            let patched = try await Self.call(
                client, "/api/v1/admin/tags/\(boutique)", .patch, token: admin.token, body: ["name": "Boutique Builds", "slug": NSNull()])
            #expect(patched.status == .ok && patched.json["slug"] as? String == "boutique-builds")
            #expect(try await Self.call(client, "/api/v1/admin/tags/\(boutique)", .delete, token: admin.token).status == .noContent)
            #expect(try await Self.call(client, "/api/v1/admin/tags/\(boutique)", .get, token: admin.token).status == .notFound)
            #expect(try await Self.call(client, "/api/v1/admin/tags?per_page=0", .get, token: admin.token).status == .badRequest)

            // Deleting a tag takes it off its listings (and out of the tag filter) at once.
            #expect(try await Self.searchIDs(services, tag: "sale") == [fixture.strat])
            let deleted = try await browser.submit("/admin/tags/\(sale)/delete", from: "/admin/tags/\(sale)/edit", [])
            #expect(deleted.status == .seeOther && deleted.location == "/admin/tags")
            #expect(try await Self.searchIDs(services, tag: "sale").isEmpty)
            #expect(try await services.catalog.product(id: fixture.strat).tags.isEmpty)
            let left = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM product_tags WHERE tag_id = \(bind: sale)").first()!
            #expect(try left.decode(column: "n", as: Int.self) == 0)

            let actions = try await services.audit.entries(action: "tag.").items
            #expect(actions.map(\.action) == ["tag.delete", "tag.delete", "tag.update", "tag.create", "tag.update", "tag.create"])
            #expect(actions.first?.detail?.contains("taken off 1 listing") == true && actions.allSatisfy { $0.actorID == admin.id })
        }
    }

    @Test func malformedInputIsRefusedNeverAFiveHundred() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let admin = try await Self.admin(services, client)
            let token = admin.token
            let amps = try await Self.categoryID(services, "amps")
            let bodies: [(String, HTTPRequest.Method, String)] = [
                ("/api/v1/admin/coupons", .post, #"{"code": "NUL\u0000CODE", "percent_off": 10}"#),
                ("/api/v1/admin/coupons", .post, #"{"code": "BIG", "percent_off": 99999999999999999999}"#),
                ("/api/v1/admin/coupons", .post, #"{"code": "HUGE", "amount_off_cents": 9223372036854775807, "max_uses": 9223372036854775807}"#),
                ("/api/v1/admin/coupons", .post, #"{"code": "OLD", "percent_off": 5, "expires_at": "0001-01-01T00:00:00Z"}"#),
                ("/api/v1/admin/coupons", .post, #"[1, 2, 3]"#),
                ("/api/v1/admin/coupons", .post, #"{"code": "#),
                ("/api/v1/categories", .post, #"{"name": "Nul\u0000Name"}"#),
                ("/api/v1/categories", .post, #"{"name": "Deep", "parent_id": 9223372036854775807, "position": -5}"#),
                ("/api/v1/categories/\(amps)", .patch, #"{"name": "Nul\u0000Name", "slug": "\u0000"}"#),
                ("/api/v1/admin/tags", .post, #"{"name": "\u0000", "slug": "a\u0000b"}"#),
                ("/api/v1/admin/tags", .post, #"{"name": null}"#),
            ]
            for (uri, method, text) in bodies {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                headers[.contentType] = "application/json"
                let status = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: text)) { $0.status }
                #expect(status.code >= 400 && status.code < 500, "\(uri) \(text): \(status)")
            }
            let forms: [(String, [(String, String)])] = [
                (
                    "/admin/coupons",
                    [
                        ("code", "NUL\u{0}"), ("kind", "amount"), ("value", "99999999999999"), ("max_uses", "99999999999999999999999"),
                        ("expires_on", "2026-02-30"),
                    ]
                ),
                ("/admin/categories", [("name", "Nul\u{0}Name"), ("parent_id", "-1"), ("position", "99999999999999999999")]),
                ("/admin/tags", [("name", "Tab\u{1}Name")]),  // NUL is dropped from every form; other control characters are refused
            ]
            for (uri, fields) in forms {
                let answer = try await admin.browser.submit(uri, from: uri == "/admin/coupons" ? "/admin/coupons/new" : uri, fields)
                #expect(answer.status == .unprocessableContent, "\(uri)")
            }
            for path in ["/admin/coupons/99999999999999999999999/edit", "/admin/categories/-1/edit", "/admin/tags/abc/edit"] {
                #expect(try await admin.browser.get(path).status == .notFound, "\(path)")
            }
        }
    }

    // MARK: Who gets in

    @Test func onlyAdminsReachAnyOfTheseRoutes() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            let coupon = try await services.createCoupon(code: "GUARDED", percentOff: 10)
            let category = try await Self.categoryID(services, "amps")
            let tag = try await services.database.sql.raw("SELECT id FROM tags WHERE slug = 'sale'").first()!.decode(column: "id", as: Int.self)
            func snapshot() async throws -> [String] {
                var rows: [String] = []
                for query: SQLQueryString in [
                    "SELECT code AS a, CAST(percent_off AS TEXT) AS b, CAST(active AS TEXT) AS c FROM coupons ORDER BY id",
                    "SELECT name AS a, slug AS b, CAST(parent_id AS TEXT) AS c FROM categories ORDER BY id",
                    "SELECT name AS a, slug AS b, CAST(id AS TEXT) AS c FROM tags ORDER BY id",
                ] {
                    for row in try await services.database.sql.raw(query).all() {
                        rows.append(try ["a", "b", "c"].map { try row.decode(column: $0, as: String?.self) ?? "null" }.joined(separator: "|"))
                    }
                }
                return rows
            }
            let before = try await snapshot()

            let pageGets = [
                "/admin/coupons", "/admin/coupons/new", "/admin/coupons/\(coupon.id)/edit", "/admin/categories", "/admin/categories/\(category)/edit",
                "/admin/tags", "/admin/tags/\(tag)/edit",
            ]
            let pagePosts = [
                "/admin/coupons", "/admin/coupons/\(coupon.id)", "/admin/coupons/\(coupon.id)/delete", "/admin/categories",
                "/admin/categories/\(category)",
                "/admin/categories/\(category)/delete", "/admin/tags", "/admin/tags/\(tag)", "/admin/tags/\(tag)/delete",
            ]
            let apiCalls: [(HTTPRequest.Method, String)] = [
                (.get, "admin/coupons"), (.get, "admin/coupons/\(coupon.id)"), (.post, "admin/coupons"), (.patch, "admin/coupons/\(coupon.id)"),
                (.delete, "admin/coupons/\(coupon.id)"), (.post, "categories"), (.patch, "categories/\(category)"),
                (.delete, "categories/\(category)"),
                (.get, "admin/tags"), (.get, "admin/tags/\(tag)"), (.post, "admin/tags"), (.patch, "admin/tags/\(tag)"),
                (.delete, "admin/tags/\(tag)"),
            ]
            let body: [String: Any] = ["code": "HACKED", "percent_off": 99, "name": "Hacked", "active": false]

            let anonymous = Browser(client)
            for path in pageGets {
                let answer = try await anonymous.get(path)
                #expect(answer.status == .seeOther && answer.location?.hasPrefix("/login?next=") == true, "\(path)")
            }
            for (method, path) in apiCalls {
                #expect(
                    try await Self.call(client, "/api/v1/" + path, method, token: nil, body: method == .get || method == .delete ? nil : body).status
                        == .unauthorized, "\(path)")
            }

            for (email, role) in [("customer@intruder.test", "customer"), ("seller@intruder.test", "seller")] {
                let browser = Browser(client)
                _ = try await browser.register(email, role: role)
                for path in pageGets {
                    let answer = try await browser.get(path)
                    #expect(answer.status == .forbidden && answer.html.contains("Only admins can do that."), "\(role) \(path)")
                }
                for path in pagePosts {
                    let fields = [
                        ("code", "HACKED"), ("kind", "percent"), ("value", "99"), ("name", "Hacked"), ("slug", "hacked"), ("active", "true"),
                    ]
                    #expect(try await browser.submit(path, from: "/account", fields).status == .forbidden, "\(role) POST \(path)")
                }
                let userID = try await services.database.sql.raw("SELECT id FROM users WHERE email = \(bind: email)").first()!.decode(
                    column: "id", as: Int.self)
                let token = try await services.tokens.issue(userID: userID).accessToken
                for (method, path) in apiCalls {
                    let answer = try await Self.call(
                        client, "/api/v1/" + path, method, token: token, body: method == .get || method == .delete ? nil : body)
                    #expect(answer.status == .forbidden, "\(role) \(method) \(path)")
                }
            }
            #expect(try await snapshot() == before)
            #expect(try await services.audit.entries(action: "coupon.").total == 0)
        }
    }
}

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

/// The admin's users, outbox and audit log, on the pages and over `/api/v1/admin`: search and paging, role changes,
/// disabling (sessions and tokens end at once), the self-lockout guard, and that only admins reach any of it.
@Suite struct AdminUserTests {
    typealias Answer = (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)

    func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, token: String?, body: [String: Any]? = nil)
        async throws
        -> Answer
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let buffer = body.map { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    func items(_ answer: Answer) -> [[String: Any]] { answer.json["items"] as? [[String: Any]] ?? [] }

    /// An admin who can sign in (password `secret123`), and an API token for them.
    func admin(_ services: AppServices, _ email: String = "root@admin.test") async throws -> (id: Int, token: String) {
        let user = try await services.accounts.createUser(email: email, password: "secret123", displayName: "Root Admin", role: .admin)
        return (user.id!, try await services.tokens.issue(userID: user.id!).accessToken)
    }

    func user(_ services: AppServices, _ email: String, role: Role = .customer, name: String? = nil) async throws -> Int {
        try await services.accounts.createUser(email: email, password: "secret123", displayName: name ?? email, role: role).id!
    }

    func audit(_ services: AppServices, _ action: String) async throws -> [AuditLog.Entry] {
        try await services.audit.entries(action: action, perPage: 100).items
    }

    /// The emails of the user table's rows, top to bottom.
    func emails(_ html: String) -> [String] {
        html.components(separatedBy: "<tr data-user-id=").dropFirst().compactMap { row in
            row.components(separatedBy: "class=\"order-link\" href=\"/admin/users/").dropFirst().first?.split(separator: ">", maxSplits: 1).last
                .map { String($0.prefix { $0 != "<" }) }
        }
    }

    // MARK: The user list

    @Test func theUserListSearchesFiltersSortsAndPages() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)  // two sellers: a@shop.test, b@shop.test
            let order = try await Sweep.order(services, fixture)  // a customer, sweep@buyer.test, with one order
            let admin = try await admin(services)
            for number in 1...26 { _ = try await user(services, String(format: "c%02d@list.test", number), name: "Customer \(number)") }
            _ = try await user(services, "zed_under@list.test", name: "Zed Underscore")
            // 2 sellers + 1 buyer + 1 admin + 27 customers.
            let browser = Browser(client)
            _ = try await browser.login("root@admin.test")

            let first = try await browser.get("/admin/users")
            #expect(first.status == .ok && first.html.contains("31 users"))
            #expect(emails(first.html).count == 25 && emails(first.html).first == "zed_under@list.test", "newest first")
            #expect(first.html.contains("href=\"/admin/users?page=2\" rel=\"next\""))
            #expect(emails(try await browser.get("/admin/users?page=2").html).count == 6)
            #expect(emails(try await browser.get("/admin/users?sort=email").html).first == "a@shop.test")
            #expect(emails(try await browser.get("/admin/users?sort=email_desc").html).first == "zed_under@list.test")
            #expect(
                try await browser.get("/admin/users?sort=email").html.contains(
                    "aria-sort=\"ascending\"><a href=\"/admin/users?sort=email_desc\">Email"))

            #expect(Set(emails(try await browser.get("/admin/users?role=seller").html)) == ["a@shop.test", "b@shop.test"])
            #expect(emails(try await browser.get("/admin/users?role=admin").html) == ["root@admin.test"])
            #expect(emails(try await browser.get("/admin/users?q=Customer+2").html).count == 8)  // 2, 20–26
            #expect(emails(try await browser.get("/admin/users?q=C07%40LIST").html) == ["c07@list.test"], "any case, email too")
            #expect(emails(try await browser.get("/admin/users?q=_under").html) == ["zed_under@list.test"], "an underscore is searched as typed")
            #expect(try await browser.get("/admin/users?q=c_1").html.contains("No users here"), "not a wildcard: c01, c11 and c21 do not match")

            // The buyer's order is counted, and a disabled user is found by the status filter.
            let buyer = try await services.database.sql.raw("SELECT id FROM users WHERE email = 'sweep@buyer.test'").first()!.decode(
                column: "id", as: Int.self)
            _ = try await UserAdmin(database: services.database, sessions: services.sessions, tokens: services.tokens, audit: services.audit)
                .update(id: buyer, disabled: true, by: admin.id, ip: nil)
            let disabled = try await browser.get("/admin/users?disabled=true")
            #expect(emails(disabled.html) == ["sweep@buyer.test"] && disabled.html.contains("Disabled"))
            #expect(!emails(try await browser.get("/admin/users?disabled=false&sort=email").html).contains("sweep@buyer.test"))
            // Bad values give a working page.
            #expect(try await browser.get("/admin/users?page=abc&role=boss&sort=up&disabled=maybe").status == .ok)

            // The buyer's page: profile, the order linked to its admin page; a seller's page lists their shop.
            let buyerPage = try await browser.get("/admin/users/\(buyer)")
            #expect(
                buyerPage.html.contains("sweep@buyer.test") && buyerPage.html.contains("href=\"/admin/orders/\(order.orderID)\"")
                    && buyerPage.html.contains(order.number))
            #expect(buyerPage.html.contains("Enable account") && buyerPage.html.contains("user.disable"))
            let sellerPage = try await browser.get("/admin/users/\(fixture.sellerA)")
            #expect(sellerPage.html.contains("href=\"/shops/\(fixture.shopA)\"") && sellerPage.html.contains("Alpha Guitars"))
            #expect(try await browser.get("/admin/users/999999").status == .notFound)
            #expect(try await browser.get("/admin/users/abc").status == .notFound)

            // The API: the same list, strict about its parameters.
            let listed = try await call(client, "/api/v1/admin/users?role=customer&q=sweep", token: admin.token)
            #expect(listed.status == .ok && items(listed).count == 1)
            let row = try #require(items(listed).first)
            #expect(row["email"] as? String == "sweep@buyer.test" && row["order_count"] as? Int == 1 && row["disabled"] as? Bool == true)
            #expect(row["display_name"] as? String == "Sweep Buyer" && row["role"] as? String == "customer" && row["created_at"] is String)
            let paged = try await call(client, "/api/v1/admin/users?per_page=10&page=4&sort=email", token: admin.token)
            #expect(paged.json["total"] as? Int == 31 && paged.json["total_pages"] as? Int == 4 && items(paged).count == 1)
            #expect(items(paged).first?["email"] as? String == "zed_under@list.test")
            #expect(items(try await call(client, "/api/v1/admin/users?disabled=false", token: admin.token)).count == 24, "default per_page")
            #expect(items(try await call(client, "/api/v1/admin/users?page=9", token: admin.token)).isEmpty, "past the end is empty")
            for bad in ["page=0", "per_page=1000", "page=abc", "role=boss", "disabled=maybe", "sort=up"] {
                let answer = try await call(client, "/api/v1/admin/users?\(bad)", token: admin.token)
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
            let detail = try await call(client, "/api/v1/admin/users/\(fixture.sellerA)", token: admin.token)
            #expect(detail.status == .ok && (detail.json["shops"] as? [[String: Any]])?.first?["name"] as? String == "Alpha Guitars")
            let buyerDetail = try await call(client, "/api/v1/admin/users/\(buyer)", token: admin.token)
            #expect((buyerDetail.json["recent_orders"] as? [[String: Any]])?.first?["id"] as? Int == order.orderID)
            #expect(try await call(client, "/api/v1/admin/users/999999", token: admin.token).status == .notFound)
        }
    }

    // MARK: Changes through the pages

    @Test func anAdminChangesRolesAndDisablesThroughThePages() async throws {
        try await withApp { services, client in
            let admin = try await admin(services)
            let target = try await user(services, "pat@users.test", name: "Pat Player")
            let adminBrowser = Browser(client)
            _ = try await adminBrowser.login("root@admin.test")
            let patBrowser = Browser(client)
            _ = try await patBrowser.login("pat@users.test")
            #expect(try await patBrowser.get("/account").status == .ok)
            let page = "/admin/users/\(target)"

            // Role: a bad value is refused beside the select; a good one is saved and audited.
            let bad = try await adminBrowser.submit("\(page)/role", from: page, [("role", "boss")])
            #expect(bad.status == .unprocessableContent && bad.html.contains("Choose customer, seller or admin."))
            let promoted = try await adminBrowser.submit("\(page)/role", from: page, [("role", "seller")])
            #expect(promoted.status == .seeOther && promoted.location == page)
            #expect(try await adminBrowser.get(page).html.contains("pat@users.test is now a seller."))
            #expect(try await services.accounts.activeUser(id: target)?.role == "seller")
            let roleEntry = try #require(try await audit(services, "user.role").first)
            #expect(
                roleEntry.actorID == admin.id && roleEntry.target == "user:\(target)" && roleEntry.detail == "customer → seller"
                    && roleEntry.ip != nil)
            #expect(try await patBrowser.get("/sell").status == .ok, "the new role applies at once")

            // Disabling ends Pat's session at once, and Pat cannot sign in again.
            let disabled = try await adminBrowser.submit("\(page)/disable", from: page, [])
            #expect(disabled.status == .seeOther)
            #expect(try await patBrowser.get("/account").location == "/login?next=%2Faccount")
            let refused = try await patBrowser.login("pat@users.test")
            #expect(refused.status == .forbidden && refused.html.contains("disabled"))
            let count = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE user_id = \(bind: target)").first()!.decode(
                column: "n", as: Int.self)
            #expect(count == 0)
            #expect(try await audit(services, "user.disable").map(\.target) == ["user:\(target)"])
            let profile = try await adminBrowser.get(page)
            #expect(profile.html.contains("Enable account") && profile.html.contains("user.disable") && profile.html.contains("customer → seller"))
            #expect(profile.html.contains("auth.sign_in_failed") == false, "a failure has no actor: it is not about Pat's account id")

            // Enabling lets Pat back in.
            #expect(try await adminBrowser.submit("\(page)/enable", from: page, []).status == .seeOther)
            #expect(try await patBrowser.login("pat@users.test").status == .seeOther)
            #expect(try await audit(services, "user.enable").count == 1)

            // An admin cannot lock themselves out: 409 with the reason, and nothing changes.
            let own = "/admin/users/\(admin.id)"
            #expect(try await adminBrowser.get(own).html.contains("you cannot disable it"))
            let selfDisable = try await adminBrowser.submit("\(own)/disable", from: own, [])
            #expect(selfDisable.status == .conflict && selfDisable.html.contains("You cannot disable your own account."))
            let selfDemote = try await adminBrowser.submit("\(own)/role", from: own, [("role", "customer")])
            #expect(selfDemote.status == .conflict && selfDemote.html.contains("You cannot remove your own admin role."))
            let me = try #require(try await services.accounts.activeUser(id: admin.id))
            #expect(me.role == "admin" && me.disabledAt == nil)
            #expect(try await adminBrowser.get("/admin/users").status == .ok, "still signed in")
            #expect(try await audit(services, "user.").count == 3)
        }
    }

    // MARK: Changes through the API

    @Test func theAPIChangesRolesAndADisabledUsersTokensAndSessionsStopAtOnce() async throws {
        try await withApp { services, client in
            let admin = try await admin(services)
            let target = try await user(services, "api@users.test")
            let pair = try await call(client, "/api/v1/auth/token", .post, token: nil, body: ["email": "api@users.test", "password": "secret123"])
            let access = try #require(pair.json["access_token"] as? String)
            let refresh = try #require(pair.json["refresh_token"] as? String)
            let browser = Browser(client)
            _ = try await browser.login("api@users.test")
            #expect(try await call(client, "/api/v1/me", token: access).status == .ok)
            let uri = "/api/v1/admin/users/\(target)"

            let promoted = try await call(client, uri, .patch, token: admin.token, body: ["role": "seller"])
            #expect(promoted.status == .ok && promoted.json["role"] as? String == "seller" && promoted.json["disabled"] as? Bool == false)
            #expect(try await call(client, uri, .patch, token: admin.token, body: ["role": "boss"]).status == .unprocessableContent)
            #expect(try await call(client, uri, .patch, token: admin.token, body: ["disabled": "yes"]).status == .unprocessableContent)
            #expect(try await call(client, uri, .patch, token: admin.token, body: ["role": 3]).status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/admin/users/999999", .patch, token: admin.token, body: ["disabled": true]).status == .notFound)
            #expect(try await call(client, "/api/v1/admin/users/abc", .patch, token: admin.token, body: ["disabled": true]).status == .notFound)
            let unchanged = try await call(client, uri, .patch, token: admin.token, body: [:])
            #expect(unchanged.status == .ok && unchanged.json["role"] as? String == "seller")
            #expect(try await call(client, "/api/v1/me", token: access).status == .ok)

            let disabled = try await call(client, uri, .patch, token: admin.token, body: ["disabled": true])
            #expect(disabled.status == .ok && disabled.json["disabled"] as? Bool == true && disabled.json["disabled_at"] is String)
            // The very next request with the old access token, the refresh token and the browser session all fail.
            #expect(try await call(client, "/api/v1/me", token: access).status == .unauthorized)
            #expect(try await call(client, "/api/v1/auth/refresh", .post, token: nil, body: ["refresh_token": refresh]).status == .unauthorized)
            #expect(try await browser.get("/account").location == "/login?next=%2Faccount")
            let again = try await call(client, "/api/v1/auth/token", .post, token: nil, body: ["email": "api@users.test", "password": "secret123"])
            #expect(again.status == .forbidden)
            let live = try await services.database.sql.raw(
                "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = \(bind: target) AND revoked_at IS NULL"
            )
            .first()!.decode(column: "n", as: Int.self)
            #expect(live == 0)

            let enabled = try await call(client, uri, .patch, token: admin.token, body: ["disabled": false])
            #expect(enabled.status == .ok && enabled.json["disabled"] as? Bool == false && enabled.json["disabled_at"] is NSNull)
            #expect(
                try await call(client, "/api/v1/auth/token", .post, token: nil, body: ["email": "api@users.test", "password": "secret123"]).status
                    == .ok)

            // Self-lockout: 409, nothing changed, nothing audited.
            let own = "/api/v1/admin/users/\(admin.id)"
            let selfDisable = try await call(client, own, .patch, token: admin.token, body: ["disabled": true])
            #expect(selfDisable.status == .conflict && (selfDisable.json["detail"] as? String)?.contains("your own account") == true)
            #expect(try await call(client, own, .patch, token: admin.token, body: ["role": "seller", "disabled": false]).status == .conflict)
            #expect(try await call(client, own, .patch, token: admin.token, body: ["role": "admin"]).status == .ok)
            let me = try await call(client, own, token: admin.token)
            #expect(me.json["role"] as? String == "admin" && me.json["disabled"] as? Bool == false)
            #expect(try await call(client, "/api/v1/admin/users", token: admin.token).status == .ok)

            // The audit API has all of it: role, disable, enable by the admin; the sign-ins by the user.
            let changes = try await call(client, "/api/v1/admin/audit?action=user.&actor=root%40admin.test", token: admin.token)
            #expect(items(changes).map { $0["action"] as? String } == ["user.enable", "user.disable", "user.role"])
            #expect(items(changes).last?["detail"] as? String == "customer → seller" && items(changes).last?["actor_id"] as? Int == admin.id)
            let signIns = try await call(client, "/api/v1/admin/audit?action=auth.", token: admin.token)
            let actions = items(signIns).compactMap { $0["action"] as? String }
            #expect(actions.filter { $0 == "auth.sign_in" }.count == 3 && actions.filter { $0 == "auth.sign_in_failed" }.count == 1)
            let failure = try #require(items(signIns).first { $0["action"] as? String == "auth.sign_in_failed" })
            #expect(failure["detail"] as? String == "api@users.test" && failure["actor_id"] is NSNull && failure["ip"] is String)
            #expect(try await call(client, "/api/v1/admin/audit?action=Bad!", token: admin.token).status == .badRequest)
            #expect(try await call(client, "/api/v1/admin/audit?per_page=0", token: admin.token).status == .badRequest)
            #expect(items(try await call(client, "/api/v1/admin/audit?actor=nobody%40nowhere.test", token: admin.token)).isEmpty)
            #expect(items(try await call(client, "/api/v1/admin/audit?actor=\(target)&action=auth.sign_in", token: admin.token)).count == 3)
        }
    }

    /// Two admins cannot lock each other out: the second change finds its actor no longer an admin.
    @Test func anAdminWhoLostTheRoleCannotStillAct() async throws {
        try await withTestServices { services in
            let first = try await admin(services, "first@admin.test").id
            let second = try await admin(services, "second@admin.test").id
            let users = UserAdmin(database: services.database, sessions: services.sessions, tokens: services.tokens, audit: services.audit)
            _ = try await users.update(id: second, disabled: true, by: first, ip: nil)
            await #expect(throws: AdminError.notAdmin) { try await users.update(id: first, disabled: true, by: second, ip: nil) }
            _ = try await users.update(id: second, disabled: false, role: .customer, by: first, ip: nil)
            await #expect(throws: AdminError.notAdmin) { try await users.update(id: first, role: .customer, by: second, ip: nil) }
            let survivor = try await users.user(id: first)
            #expect(survivor.role == .admin && !survivor.disabled)
            #expect(try await audit(services, "user.").map(\.action) == ["user.enable", "user.role", "user.disable"])
        }
    }

    // MARK: Outbox and audit pages

    @Test func theOutboxAndAuditPagesListWhatHappened() async throws {
        try await withApp { services, client in
            let admin = try await admin(services)
            let newcomer = Browser(client)
            _ = try await newcomer.register("new_comer@users.test", name: "New Comer")  // a verification email, a sign-up
            for number in 1...30 {
                try await services.outbox.enqueue(
                    to: "bulk\(number)@users.test", subject: "Bulk \(number)", body: "Hello \(number)", kind: "low_stock")
            }
            let browser = Browser(client)
            #expect(try await browser.login("root@admin.test", password: "wrong-pass1").status == .unauthorized)
            _ = try await browser.login("root@admin.test")

            let outbox = try await browser.get("/admin/outbox")
            #expect(
                outbox.status == .ok && outbox.html.contains("31 messages") && outbox.html.contains("Bulk 30") && !outbox.html.contains("Bulk 5<"))
            #expect(outbox.html.contains("<option value=\"email_verification\">Email verification</option>"))
            let page2 = try await browser.get("/admin/outbox?page=2")
            #expect(page2.html.contains("Bulk 1<") && page2.html.contains("new_comer@users.test"))
            let mine = try await browser.get("/admin/outbox?to=NEW_COMER&kind=email_verification")
            #expect(mine.html.contains("1 message") && mine.html.contains("<summary><strong>Confirm your email address for Backline</strong>"))
            #expect(mine.html.contains("Confirm your email address by opening this link within 48 hours:<wbr><br>"))
            #expect(try await browser.get("/admin/outbox?kind=password_reset").html.contains("No messages here"))
            #expect(try await browser.get("/admin/outbox?page=-4").status == .ok)

            let audit = try await browser.get("/admin/audit")
            #expect(audit.html.contains("auth.sign_in_failed") && audit.html.contains("auth.sign_in"))
            let failures = try await browser.get("/admin/audit?action=auth.")
            #expect(failures.html.contains("root@admin.test") && failures.html.contains("<option value=\"auth.\" selected>Sign-ins</option>"))
            let byAdmin = try await browser.get("/admin/audit?actor=ROOT%40admin.test")
            #expect(byAdmin.html.contains("1 entry") && byAdmin.html.contains("href=\"/admin/users/\(admin.id)\""))
            #expect(try await browser.get("/admin/audit?actor=\(admin.id)").html.contains("1 entry"))
            #expect(try await browser.get("/admin/audit?actor=ghost%40nowhere.test").html.contains("No user matches"))
            #expect(try await browser.get("/admin/audit?action=order.").html.contains("Nothing recorded"))

            // The API: the outbox, filtered and paged.
            let api = try await call(client, "/api/v1/admin/outbox?to=new_comer", token: admin.token)
            #expect(api.status == .ok && items(api).count == 1 && items(api).first?["kind"] as? String == "email_verification")
            #expect((items(api).first?["body"] as? String)?.contains("/verify-email?token=") == true)
            let paged = try await call(client, "/api/v1/admin/outbox?kind=low_stock&per_page=20&page=2", token: admin.token)
            #expect(paged.json["total"] as? Int == 30 && items(paged).count == 10 && items(paged).first?["to"] as? String == "bulk10@users.test")
            #expect(try await call(client, "/api/v1/admin/outbox?page=0", token: admin.token).status == .badRequest)
        }
    }

    // MARK: Who may

    @Test func onlyAdminsReachUsersOutboxAndAudit() async throws {
        try await withApp { services, client in
            _ = try await admin(services)
            let target = try await user(services, "target@users.test")
            let pages = ["/admin/users", "/admin/users/\(target)", "/admin/outbox", "/admin/audit", "/admin/users?q=x"]
            let posts: [(String, [(String, String)])] = [
                ("/admin/users/\(target)/role", [("role", "admin")]), ("/admin/users/\(target)/disable", []), ("/admin/users/\(target)/enable", []),
            ]

            let anonymous = Browser(client)
            for page in pages {
                let answer = try await anonymous.get(page)
                #expect(answer.status == .seeOther && answer.location?.hasPrefix("/login?next=%2Fadmin%2F") == true, "\(page)")
            }
            for (path, fields) in posts {
                #expect(try await anonymous.submit(path, from: "/login", fields).location?.hasPrefix("/login?next=") == true, "\(path)")
            }
            for role in ["customer", "seller"] {
                let browser = Browser(client)
                _ = try await browser.register("\(role)@who.test", role: role)
                for page in pages { #expect(try await browser.get(page).status == .forbidden, "\(role) \(page)") }
                for (path, fields) in posts {
                    #expect(try await browser.submit(path, from: "/account", fields).status == .forbidden, "\(role) \(path)")
                }
            }

            let routes: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/admin/users", nil), (.get, "/api/v1/admin/users/\(target)", nil),
                (.patch, "/api/v1/admin/users/\(target)", ["role": "admin"]),
                (.get, "/api/v1/admin/outbox", nil), (.get, "/api/v1/admin/audit", nil),
            ]
            for (method, uri, body) in routes {
                #expect(try await call(client, uri, method, token: nil, body: body).status == .unauthorized, "\(uri)")
            }
            for role in [Role.customer, .seller] {
                let id = try await user(services, "\(role.rawValue)-api@who.test", role: role)
                let token = try await services.tokens.issue(userID: id).accessToken
                for (method, uri, body) in routes {
                    let answer = try await call(client, uri, method, token: token, body: body)
                    #expect(answer.status == .forbidden && answer.headers[.contentType] == "application/problem+json", "\(role) \(uri)")
                }
            }
            // Nothing any of them tried changed the target.
            let row = try await services.database.sql.raw("SELECT role, disabled_at FROM users WHERE id = \(bind: target)").first()!
            #expect(try row.decode(column: "role", as: String.self) == "customer" && row.decode(column: "disabled_at", as: Date?.self) == nil)
            #expect(try await audit(services, "user.").isEmpty)
        }
    }
}

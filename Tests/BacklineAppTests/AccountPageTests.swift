import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Registration, sign-in, sessions, CSRF, throttling, the account page and uploads, as a browser sees them.
@Suite struct AccountPageTests {
    @Test func registrationErrorsStandBesideTheirFieldsAndKeepWhatWasTyped() async throws {
        try await withApp { _, client in
            let browser = Browser(client)
            let page = try await browser.submit(
                "/register", from: "/register", [("email", "not-an-email"), ("password", "short"), ("display_name", "Jo <b>"), ("role", "seller")])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("id=\"field-email-error\">Enter an email address like name@example.com."))
            #expect(page.html.contains("id=\"field-password-error\">Use at least 8 characters"))
            #expect(page.html.contains("value=\"not-an-email\""))
            #expect(page.html.contains("value=\"Jo &lt;b&gt;\""), "what was typed is kept, escaped")
            #expect(!page.html.contains("value=\"short\""), "the password is never sent back")
            #expect(page.html.contains("value=\"seller\" checked"))
        }
    }

    @Test func aDuplicateEmailInAnotherCaseIsRefused() async throws {
        try await withApp { services, client in
            _ = try await Browser(client).register("Ann@Example.com")
            let page = try await Browser(client).register("ann@EXAMPLE.COM")
            #expect(page.status == .conflict)
            #expect(page.html.contains("An account with this email already exists"))
            let count = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM users").first()!.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func registeringSignsInSendsAVerificationEmailAndTheLinkConfirmsIt() async throws {
        try await withApp { services, client in
            let browser = Browser(client)
            let page = try await browser.register("new@example.com", name: "Nova")
            #expect(page.status == .seeOther && page.location == "/account")
            let account = try await browser.get("/account")
            #expect(account.status == .ok)
            #expect(account.html.contains("Welcome to Backline, Nova!"))
            #expect(account.html.contains("Email not confirmed yet"))
            let mail = try await services.outbox.latest(1, to: "new@example.com").first
            let link = try #require(mail?.body.split(separator: "\n").first { $0.contains("/verify-email?token=") })
            let path = String(link[link.range(of: "/verify-email")!.lowerBound...])
            #expect(try await browser.get(path).status == .seeOther)
            #expect(try await browser.get("/account").html.contains("Email confirmed"))
            #expect(try await browser.get(path).status == .unprocessableContent, "the link works once")
        }
    }

    @Test func theSessionIdIsReplacedAtLoginAndAtLogout() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "sam@example.com", password: "secret123", displayName: "Sam", role: .customer)
            let browser = Browser(client)
            _ = try await browser.get("/login")
            let guestID = try #require(browser.cookie)
            let login = try await browser.login("sam@example.com")
            #expect(login.status == .seeOther)
            let setCookie = login.headers[values: .setCookie].first { $0.hasPrefix("backline_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            let signedInID = try #require(browser.cookie)
            #expect(signedInID != guestID)
            #expect(try await browser.get("/account").status == .ok)

            // The old (pre-login) id opens nothing.
            let fixated = Browser(client)
            fixated.cookie = guestID
            #expect(try await fixated.get("/account").status == .seeOther)

            let logout = try await browser.submit("/logout", from: "/account", [])
            #expect(logout.status == .seeOther)
            #expect(browser.cookie != signedInID)
            let stolen = Browser(client)
            stolen.cookie = signedInID
            #expect(try await stolen.get("/account").location == "/login?next=%2Faccount", "the signed-in id died at logout")
        }
    }

    @Test func aPostWithoutTheRightFormTokenIs403AndChangesNothing() async throws {
        try await withApp { services, client in
            let browser = Browser(client)
            _ = try await browser.register("csrf@example.com", name: "Original")
            for token in [nil, "forged", Browser.csrf(in: try await Browser(client).get("/").html)] {
                let fields = [("display_name", "Hacked")] + (token.map { [("_csrf", $0)] } ?? [])
                let page = try await browser.post("/account", fields)
                #expect(page.status == .forbidden)
            }
            let name = try await services.database.sql.raw("SELECT display_name FROM users WHERE email = 'csrf@example.com'").first()!
                .decode(column: "display_name", as: String.self)
            #expect(name == "Original")
            let saved = try await browser.submit("/account", from: "/account", [("display_name", "Renamed"), ("phone", ""), ("bio", "")])
            #expect(saved.status == .seeOther)
        }
    }

    @Test func profileErrorsStandBesideTheirFieldsAndChangeNothing() async throws {
        try await withApp { services, client in
            let browser = Browser(client)
            _ = try await browser.register("prof@example.com", name: "Before")
            let page = try await browser.submit(
                "/account", from: "/account", [("display_name", "After"), ("phone", "call me maybe"), ("bio", String(repeating: "x", count: 1_001))])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("id=\"field-phone-error\">Enter a phone number"))
            #expect(page.html.contains("id=\"field-bio-error\">Use at most 1,000 characters."))
            #expect(page.html.contains("value=\"call me maybe\""), "what was typed is kept")
            let name = try await services.database.sql.raw("SELECT display_name FROM users WHERE email = 'prof@example.com'").first()!
                .decode(column: "display_name", as: String.self)
            #expect(name == "Before")
        }
    }

    @Test func nextIsFollowedOnlyWhenItIsALocalPath() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "nx@example.com", password: "secret123", displayName: "N", role: .customer)
            for (next, expected) in [
                ("/account/addresses", "/account/addresses"), ("//evil.example", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
                ("javascript:alert(1)", "/"),
            ] {
                let browser = Browser(client)
                let page = try await browser.login("nx@example.com", next: next)
                #expect(page.location == expected, "next=\(next)")
            }
            let anonymous = try await Browser(client).get("/account/addresses")
            #expect(anonymous.status == .seeOther && anonymous.location == "/login?next=%2Faccount%2Faddresses")
        }
    }

    @Test func aDisabledAccountsSessionEndsAtOnceAndItCannotSignIn() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "gone@example.com", password: "secret123", displayName: "G", role: .customer)
            let browser = Browser(client)
            _ = try await browser.login("gone@example.com")
            #expect(try await browser.get("/account").status == .ok)
            try await services.database.sql.raw("UPDATE users SET disabled_at = \(bind: Date()) WHERE email = 'gone@example.com'").run()
            #expect(try await browser.get("/account").status == .seeOther)
            let again = try await Browser(client).login("gone@example.com")
            #expect(again.status == .forbidden)
            #expect(again.html.contains("This account is disabled."))
        }
    }

    @Test func failedLoginsAreThrottledWithRetryAfter() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "t@example.com", password: "secret123", displayName: "T", role: .customer)
            let browser = Browser(client)
            for _ in 0..<5 {
                let page = try await browser.login("t@example.com", password: "wrong-pass1")
                #expect(page.status == .unauthorized)
                #expect(page.html.contains("The email or password is wrong."))
            }
            let blocked = try await browser.login("t@example.com")
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(blocked.html.contains("Too many attempts"))
        }
    }

    @Test func changingThePasswordSignsOutEveryOtherSession() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "pw@example.com", password: "secret123", displayName: "P", role: .customer)
            let laptop = Browser(client)
            let phone = Browser(client)
            _ = try await laptop.login("pw@example.com")
            _ = try await phone.login("pw@example.com")
            let wrong = try await laptop.submit(
                "/account/password", from: "/account", [("current_password", "nope12345"), ("new_password", "brandnew99")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains("That is not your current password."))
            let changed = try await laptop.submit(
                "/account/password", from: "/account", [("current_password", "secret123"), ("new_password", "brandnew99")])
            #expect(changed.status == .seeOther)
            #expect(try await laptop.get("/account").status == .ok)
            #expect(try await phone.get("/account").status == .seeOther)
            #expect(try await Browser(client).login("pw@example.com", password: "brandnew99").location == "/")
        }
    }

    @Test func avatarsAreCheckedByTheirBytes() async throws {
        try await withApp { services, client in
            let browser = Browser(client)
            _ = try await browser.register("pic@example.com")
            for (name, bytes) in [
                ("a.png", SampleImages.png), ("a.gif", SampleImages.gif), ("a.webp", SampleImages.webp), ("a.jpg", SampleImages.jpeg),
            ] {
                let csrf = Browser.csrf(in: try await browser.get("/account").html)!
                let page = try await browser.postMultipart("/account/avatar", fields: [("_csrf", csrf)], file: ("avatar", name, "image/png", bytes))
                #expect(page.status == .seeOther, "\(name)")
            }
            let stored = try await services.database.sql.raw("SELECT avatar_path FROM users WHERE email = 'pic@example.com'").first()!
                .decode(column: "avatar_path", as: String.self)
            #expect(stored.hasPrefix("/uploads/") && stored.hasSuffix(".jpg"))
            let served = try await browser.get(stored)
            #expect(served.status == .ok && served.headers[.contentType] == "image/jpeg")
            #expect(served.headers[.xContentTypeOptions] == "nosniff")

            let disguised: [(String, [UInt8], HTTPResponse.Status)] = [
                ("evil.png", Array("<html><script>alert(1)</script></html>".utf8), .unsupportedMediaType),
                ("pic.svg", Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8), .unsupportedMediaType),
                ("notes.jpg", Array("plain text pretending".utf8), .unsupportedMediaType),
                ("half.png", Array(SampleImages.png.prefix(6)), .unsupportedMediaType),
                ("huge.png", SampleImages.hugePNG, .unprocessableContent),
                ("big.png", SampleImages.png + [UInt8](repeating: 0, count: 5 * 1024 * 1024), .contentTooLarge),
            ]
            for (name, bytes, status) in disguised {
                let csrf = Browser.csrf(in: try await browser.get("/account").html)!
                let page = try await browser.postMultipart("/account/avatar", fields: [("_csrf", csrf)], file: ("avatar", name, "image/png", bytes))
                #expect(page.status == status, "\(name)")
            }
            let after = try await services.database.sql.raw("SELECT avatar_path FROM users WHERE email = 'pic@example.com'").first()!
                .decode(column: "avatar_path", as: String.self)
            #expect(after == stored, "rejected uploads change nothing")
        }
    }

    @Test func uploadsServeOnlyNamesTheServerMade() async throws {
        try await withApp { _, client in
            let browser = Browser(client)
            for path in [
                "/uploads/..%2F..%2Fetc%2Fpasswd", "/uploads/../Package.swift", "/uploads/secret.key",
                "/uploads/" + String(repeating: "a", count: 64) + ".png",
            ] {
                let status = try await browser.get(path).status
                #expect(status == .notFound || status == .badRequest, "\(path)")
            }
        }
    }

    @Test func theAddressBookValidatesAndIsPrivate() async throws {
        try await withApp { services, client in
            let ann = Browser(client)
            _ = try await ann.register("ann@example.com")
            let bad = try await ann.submit(
                "/account/addresses", from: "/account/addresses",
                [("full_name", "Ann"), ("line1", ""), ("city", "Austin"), ("postal_code", ""), ("country", "US")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("id=\"field-line1-error\">Enter the street address."))
            #expect(bad.html.contains("value=\"Austin\""))
            let good = try await ann.submit(
                "/account/addresses", from: "/account/addresses",
                [("full_name", "Ann Lee"), ("line1", "1 Main St"), ("city", "Austin"), ("postal_code", "78701"), ("country", "us")])
            #expect(good.status == .seeOther)
            let list = try await ann.get("/account/addresses")
            #expect(list.html.contains("1 Main St") && list.html.contains("Default"))
            let id = try await services.database.sql.raw("SELECT id FROM addresses").first()!.decode(column: "id", as: Int.self)

            let bob = Browser(client)
            _ = try await bob.register("bob@example.com")
            #expect(try await bob.get("/account/addresses/\(id)/edit").status == .notFound)
            #expect(try await bob.submit("/account/addresses/\(id)/delete", from: "/account", []).status == .notFound)
            #expect(try await ann.submit("/account/addresses/\(id)/delete", from: "/account", []).status == .seeOther)
        }
    }

    @Test func aPasswordResetLinkWorksOnceAndEndsEverySession() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "rs@example.com", password: "secret123", displayName: "R", role: .customer)
            let other = Browser(client)
            _ = try await other.login("rs@example.com")
            let browser = Browser(client)
            let unknown = try await browser.submit("/forgot-password", from: "/forgot-password", [("email", "nobody@example.com")])
            let known = try await browser.submit("/forgot-password", from: "/forgot-password", [("email", "RS@example.com")])
            #expect(unknown.status == .ok && known.status == .ok)
            #expect(unknown.html.contains("If an account uses that address") && known.html.contains("If an account uses that address"))
            let mail = try #require(try await services.outbox.latest(1, to: "rs@example.com").first)
            let token = try #require(mail.body.components(separatedBy: "token=").last?.prefix { !$0.isWhitespace }).description
            let weak = try await browser.submit(
                "/reset-password", from: "/reset-password?token=\(token)", [("token", token), ("new_password", "abc")])
            #expect(weak.status == .unprocessableContent)
            let done = try await browser.submit(
                "/reset-password", from: "/reset-password?token=\(token)", [("token", token), ("new_password", "resetpass1")])
            #expect(done.status == .seeOther && done.location == "/login")
            #expect(try await other.get("/account").status == .seeOther)
            let again = try await browser.submit(
                "/reset-password", from: "/reset-password?token=\(token)", [("token", token), ("new_password", "another123")])
            #expect(again.status == .unprocessableContent)
            #expect(try await Browser(client).login("rs@example.com", password: "resetpass1").location == "/")
        }
    }
}

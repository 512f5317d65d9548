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

#if canImport(Glibc)
    import Glibc
#endif

/// The outside probe's findings (issue 14) as a client meets them: each of these failed before its fix.
@Suite struct SecurityProbeTests {
    static func call(
        _ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String? = nil, headers: HTTPFields = [:],
        body: [String: Any]? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
        var headers = headers
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        let buffer = body.map { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    static func tokens(_ client: any TestClientProtocol, _ email: String, headers: HTTPFields = [:]) async throws -> (access: String, refresh: String)
    {
        let answer = try await call(client, "/api/v1/auth/token", .post, headers: headers, body: ["email": email, "password": "secret123"])
        return (answer.json["access_token"] as? String ?? "", answer.json["refresh_token"] as? String ?? "")
    }

    static var address: [String: Any] { ["full_name": "Ann Buyer", "line1": "1 Main St", "city": "Austin", "postal_code": "78701", "country": "US"] }

    static func get(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> (
        status: HTTPResponse.Status, headers: HTTPFields
    ) {
        try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, $0.headers) }
    }

    @Test func anOverflowingImageHeaderIsRefusedAndTheServerStaysUp() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "bomb@example.com", password: "secret123", displayName: "B", role: .customer)
            let token = try await Self.tokens(client, "bomb@example.com").access
            var body = ByteBuffer()
            body.writeString("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(SecurityBombs.png)
            body.writeString("\r\n--b0undary--\r\n")
            let status = try await client.execute(
                uri: "/api/v1/me/avatar", method: .put,
                headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=b0undary"], body: body
            ) { $0.status }
            #expect(status == .unprocessableContent)
            let browser = Browser(client)
            _ = try await browser.login("bomb@example.com")
            let csrf = Browser.csrf(in: try await browser.get("/account").html)!
            #expect(
                try await browser.postMultipart(
                    "/account/avatar", fields: [("_csrf", csrf)], file: ("avatar", "x.png", "image/png", SecurityBombs.png)
                ).status == .unprocessableContent)
            #expect(try await Self.get(client, "/livez").status == .ok)
        }
    }

    /// SQLite: a refresh is a read-then-write transaction; outside the write queue it failed with "database is locked".
    @Test func concurrentRefreshesNeverFail() async throws {
        try await withApp(configure: { $0.authRateLimitPerMinute = 0 }) { services, client in
            var pairs: [(access: String, refresh: String)] = []
            for index in 0..<20 {
                _ = try await services.accounts.createUser(email: "r\(index)@example.com", password: "secret123", displayName: "R", role: .customer)
                pairs.append(try await Self.tokens(client, "r\(index)@example.com"))
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for pair in pairs {
                    group.addTask { try await Self.call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": pair.refresh]).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 20 && statuses.allSatisfy { $0 == .ok }, "\(statuses)")
        }
    }

    @Test func noWriteTransactionBypassesTheSQLiteWriteQueue() throws {
        let sources = repositoryRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files where !file.hasSuffix("BacklineDatabase.swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            #expect(!text.contains(".transaction {") && !text.contains(".transaction({"), "\(file) opens a transaction outside writeTransaction")
        }
    }

    @Test func longParametersAreRefusedAndEchoNothingHuge() async throws {
        try await withApp { _, client in
            let long = String(repeating: "x", count: 6_000)
            #expect(try await Self.get(client, "/api/v1/products?brand=\(long)").status == .badRequest)
            let page = try await client.execute(uri: "/products?brand=\(long)", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(page.0 == .ok && !page.1.contains(long))
            let tooLong = String(repeating: "y", count: 9_000)
            #expect(try await Self.get(client, "/products?brand=\(tooLong)").status == .uriTooLong)
            #expect(try await Self.get(client, "/api/v1/products?q=\(tooLong)").status == .uriTooLong)
        }
    }

    @Test func nextWithAControlCharacterGoesHome() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "nx@example.com", password: "secret123", displayName: "N", role: .customer)
            let browser = Browser(client)
            let page = try await browser.get("/login?next=/%09/evil.example/")
            #expect(page.html.contains("name=\"next\" value=\"/\""))
            #expect(try await browser.login("nx@example.com", next: "/\t/evil.example/").location == "/")
            #expect(try await browser.get("/login?next=/%09/evil.example/").location == "/")
            #expect(try await browser.get("/login?next=/%20/evil.example/").location == "/")
            #expect(try await browser.get("/login?next=/orders").location == "/orders")
        }
    }

    @Test func sellersCannotBuyOrReviewTheirOwnListings() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            let seller = try await services.accounts.createUser(email: "own@example.com", password: "secret123", displayName: "Own", role: .seller)
            try await services.database.sql.raw("UPDATE shops SET owner_id = \(bind: seller.id!) WHERE id = \(bind: fixture.shopA)").run()
            let token = try await Self.tokens(client, "own@example.com").access
            let add = try await Self.call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.strat, "quantity": 1])
            #expect(add.status == .forbidden)
            #expect(try await services.carts.cart(.user(seller.id!)).isEmpty)
            let review = try await Self.call(
                client, "/api/v1/products/\(fixture.strat)/reviews", .post, token: token, body: ["rating": 5, "title": "Great", "body": "Mine."])
            #expect(review.status == .forbidden && (review.json["detail"] as? String ?? "").contains("your own shop"))
            // Another shop's listing is fine.
            #expect(
                try await Self.call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.katana, "quantity": 1]).status
                    == .created)
        }
    }

    @Test func authAnswersAreNeverReplayedFromTheIdempotencyStore() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "idem@example.com", password: "secret123", displayName: "I", role: .customer)
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "same-key-1"]
            let first = try await Self.tokens(client, "idem@example.com", headers: key)
            let second = try await Self.tokens(client, "idem@example.com", headers: key)
            #expect(!first.refresh.isEmpty && first.refresh != second.refresh)
            let refreshed = try await Self.call(client, "/api/v1/auth/refresh", .post, headers: key, body: ["refresh_token": first.refresh])
            #expect(refreshed.status == .ok && refreshed.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            // The same refresh again is reuse: refused, and the family is revoked.
            #expect(
                try await Self.call(client, "/api/v1/auth/refresh", .post, headers: key, body: ["refresh_token": first.refresh]).status
                    == .unauthorized)
            let rotated = refreshed.json["refresh_token"] as? String ?? ""
            #expect(try await Self.call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": rotated]).status == .unauthorized)
            let stored = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM idempotency_keys").first()!.decode(column: "n", as: Int.self)
            #expect(stored == 0)
        }
    }

    @Test func pagesAreKeptOutOfSharedCaches() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            _ = try await services.accounts.createUser(email: "cc@example.com", password: "secret123", displayName: "C", role: .customer)
            let browser = Browser(client)
            _ = try await browser.login("cc@example.com")
            for path in ["/", "/products", "/account", "/cart"] {
                #expect(try await browser.get(path).headers[.cacheControl] == "private, no-store", "\(path)")
            }
        }
    }

    @Test func typedTextHoldingTheTokenPlaceholderStaysText() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            try await services.database.sql.raw("UPDATE products SET name = 'Strat __backline_csrf<>__ edition' WHERE id = \(bind: fixture.strat)")
                .run()
            let browser = Browser(client)
            let page = try await browser.get("/products/\(fixture.strat)")
            let token = try #require(Browser.csrf(in: page.html))
            #expect(page.html.contains("Strat __backline_csrf&lt;&gt;__ edition"))
            #expect(!page.html.contains("Strat \(token) edition"))
        }
    }

    @Test func guestsCannotChooseTheirSessionID() async throws {
        try await withApp { _, client in
            let chosen = String(repeating: "A", count: 43)
            let page = try await client.execute(uri: "/login", method: .get, headers: [.cookie: "backline_session=\(chosen)"]) { response in
                (response.headers[values: .setCookie].joined(), String(buffer: response.body))
            }
            #expect(page.0.hasPrefix("backline_session=") && !page.0.contains(chosen), "a fresh id replaces one the server did not make")
            // The id the server issued is kept on the next request (its forms keep working).
            let issued = String(page.0.dropFirst("backline_session=".count).prefix { $0 != ";" })
            let again = try await client.execute(uri: "/login", method: .get, headers: [.cookie: "backline_session=\(issued)"]) {
                $0.headers[values: .setCookie]
            }
            #expect(again.isEmpty)
        }
    }

    static func behindTLSWithAMetricsToken(_ config: inout AppConfiguration) {
        config.cookieSecure = true
        config.metricsToken = "scrape-me-please"
    }

    @Test func hstsBehindTLSAndMetricsBehindAToken() async throws {
        let hsts = HTTPField.Name("Strict-Transport-Security")!
        try await withApp(configure: Self.behindTLSWithAMetricsToken) { _, client in
            let live = try await Self.get(client, "/livez")
            let anonymous = try await Self.get(client, "/metrics")
            let wrong = try await Self.get(client, "/metrics", headers: [.authorization: "Bearer wrong"])
            let scraper = try await Self.get(client, "/metrics", headers: [.authorization: "Bearer scrape-me-please"])
            #expect(live.headers[hsts] == "max-age=31536000; includeSubDomains")
            #expect(anonymous.status == .unauthorized && wrong.status == .unauthorized && scraper.status == .ok)
        }
        try await withApp { _, client in
            let live = try await Self.get(client, "/livez")
            let metrics = try await Self.get(client, "/metrics")
            #expect(live.headers[hsts] == nil && metrics.status == .ok)
        }
    }

    @Test func anAPICheckoutAfterAPriceRiseAsksFirst() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            _ = try await services.accounts.createUser(email: "rise@example.com", password: "secret123", displayName: "R", role: .customer)
            let token = try await Self.tokens(client, "rise@example.com").access
            #expect(
                try await Self.call(client, "/api/v1/cart/items", .post, token: token, body: ["product_id": fixture.strat, "quantity": 1]).status
                    == .created)
            try await services.database.sql.raw("UPDATE products SET price_cents = \(bind: 99_999) WHERE id = \(bind: fixture.strat)").run()
            let body: [String: Any] = ["shipping_address": Self.address, "payment": ["method": "upi"]]
            let refused = try await Self.call(client, "/api/v1/checkout", .post, token: token, body: body)
            #expect(refused.status == .conflict && refused.json["code"] as? String == "price_changed")
            #expect((refused.json["detail"] as? String ?? "").contains("$999.99"))
            #expect(try await Self.stockOf(services, fixture.strat) == 5)
            var confirmed = body
            confirmed["accept_price_changes"] = true
            let placed = try await Self.call(client, "/api/v1/checkout", .post, token: token, body: confirmed)
            #expect(placed.status == .created && placed.json["subtotal_cents"] as? Int == 99_999)
        }
    }

    /// Replaced avatars leave no file behind, a file another account shows stays, and the sweep removes leftovers.
    @Test func replacedUploadsAreDeleted() async throws {
        try await withApp { services, client in
            let storage = LocalDirectoryStorage(directory: services.config.uploadsDirectory)
            for email in ["pics@example.com", "twin@example.com"] {
                _ = try await services.accounts.createUser(email: email, password: "secret123", displayName: "P", role: .customer)
            }
            let pics = try await Self.tokens(client, "pics@example.com").access
            let twin = try await Self.tokens(client, "twin@example.com").access
            func upload(_ bytes: [UInt8], token: String) async throws -> String {
                var body = ByteBuffer()
                body.writeString("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
                body.writeBytes(bytes)
                body.writeString("\r\n--b0undary--\r\n")
                return try await client.execute(
                    uri: "/api/v1/me/avatar", method: .put,
                    headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=b0undary"], body: body
                ) { String(buffer: $0.body) }
            }
            // Ten different pictures in turn (the same image with different trailing bytes has another hash).
            for index in 0..<10 { _ = try await upload(SampleImages.png + [UInt8(index)], token: pics) }
            #expect(try await storage.list().count == 1)
            // Both accounts show the same picture; one replaces it, the file stays for the other.
            _ = try await upload(SampleImages.gif, token: pics)
            _ = try await upload(SampleImages.gif, token: twin)
            _ = try await upload(SampleImages.jpeg, token: pics)
            let names = try await storage.list().map(\.name).sorted()
            #expect(names.count == 2 && names.contains { $0.hasSuffix(".gif") } && names.contains { $0.hasSuffix(".jpg") })
            // A leftover nobody refers to goes with the sweep once it is an hour old, not before.
            try await storage.put([1, 2, 3], name: String(repeating: "a", count: 64) + ".png")
            #expect(try await services.uploads.sweep() == 0)
            #expect(try await services.uploads.sweep(now: Date().addingTimeInterval(7_200)) == 1)
            #expect(try await storage.list().count == 2)
        }
    }

    static func stockOf(_ services: AppServices, _ id: Int) async throws -> Int {
        try await services.database.sql.raw("SELECT stock FROM products WHERE id = \(bind: id)").first()!.decode(column: "stock", as: Int.self)
    }

    /// A live server with short timeouts: a connection that never finishes its head, and one idle after a request,
    /// are closed by the server.
    @Test func slowAndIdleConnectionsAreClosed() async throws {
        try await withTestServices(configure: { config in
            config.requestHeadTimeout = .milliseconds(500)
            config.idleTimeout = .milliseconds(800)
        }) { services in
            let app = try await buildApplication(services: services, logger: testLogger)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let slow = try RawConnection(port: port)
                try slow.send("GET /livez HTTP/1.1\r\nHost: x\r\n")  // never the blank line
                #expect(slow.readUntilClosed(timeoutSeconds: 5).closed, "a head not finished in time is closed")

                let idle = try RawConnection(port: port)
                try idle.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
                let answer = idle.readUntilClosed(timeoutSeconds: 5)
                #expect(answer.text.hasPrefix("HTTP/1.1 200") && answer.closed, "an idle keep-alive connection is closed")
            }
        }
    }
}

enum SecurityBombs {
    /// IHDR claiming 4,294,967,295 × 4,294,967,295 pixels (57 bytes, as the probe sent it).
    static let png: [UInt8] =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8,
            6, 0, 0, 0,
        ]
        + [UInt8](repeating: 0, count: 28)
}

/// A plain TCP socket to the test server, for what an HTTP client library would not do (stall mid-head).
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Reads until the server closes (recv answers 0) or `timeoutSeconds` pass.
    func readUntilClosed(timeoutSeconds: Int) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), errno == ECONNRESET) }
            received += buffer[0..<count]
        }
    }
}

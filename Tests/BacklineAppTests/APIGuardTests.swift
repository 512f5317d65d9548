import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BacklineApp

/// What every API request passes through: method checks, CORS and the rate limits.
@Suite struct APIGuardTests {
    static func send(
        _ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }

    @Test func aKnownPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await withApp { _, client in
            let deleted = try await Self.send(client, "/api/v1/products", .delete)
            #expect(deleted.status == .methodNotAllowed && deleted.headers[.allow] == "GET, HEAD, POST")
            #expect(deleted.headers[.contentType] == "application/problem+json" && deleted.json["status"] as? Int == 405)
            let put = try await Self.send(client, "/api/v1/cart/items/7", .put)
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "DELETE, PATCH")
            // Unknown paths stay 404 problems; pages keep their 404 page.
            let unknown = try await Self.send(client, "/api/v1/nothing/here", .delete)
            #expect(unknown.status == .notFound && unknown.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func onlyConfiguredOriginsGetCORSHeaders() async throws {
        try await withApp(configure: { $0.allowedOrigins = ["https://app.example"] }) { _, client in
            let preflight = try await Self.send(
                client, "/api/v1/cart/items", .options, headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowOrigin] == "https://app.example")
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
            let simple = try await Self.send(client, "/api/v1/categories", headers: [.origin: "https://app.example"])
            #expect(simple.headers[.accessControlAllowOrigin] == "https://app.example" && simple.headers[.vary] == "Origin")
            #expect(simple.headers[.accessControlExposeHeaders]?.contains("RateLimit-Remaining") == true)
            let stranger = try await Self.send(
                client, "/api/v1/cart/items", .options, headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
            #expect(
                try await Self.send(client, "/api/v1/categories", headers: [.origin: "https://evil.example"]).headers[.accessControlAllowOrigin]
                    == nil)
            // Pages are never shared.
            #expect(try await Self.send(client, "/products", headers: [.origin: "https://app.example"]).headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func clientsOverTheLimitGet429WithRetryAfter() async throws {
        // A clock that stands still: a slow run cannot outlast the client's minute, which starts at its first request.
        let limiter = RateLimiter(now: { Date(timeIntervalSince1970: 1_800_000_010) })
        try await withTestServices(configure: {
            $0.rateLimitPerMinute = 3; $0.authRateLimitPerMinute = 2
        }) { services in
            try await buildApplication(services: services, logger: testLogger, rateLimiter: limiter).test(.router) { client in
                var last: (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any])?
                for expected in [2, 1, 0] {
                    let answer = try await Self.send(client, "/api/v1/categories")
                    #expect(answer.status == .ok && answer.headers[HTTPField.Name("RateLimit-Remaining")!] == String(expected))
                    last = answer
                }
                #expect(last?.headers[HTTPField.Name("RateLimit-Limit")!] == "3")
                let refused = try await Self.send(client, "/api/v1/categories")
                #expect(refused.status == .tooManyRequests && refused.headers[.contentType] == "application/problem+json")
                #expect(refused.headers[.retryAfter] == "60" && refused.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
                // A signed-in client is counted by its token, not its address.
                let user = try await services.accounts.createUser(
                    email: "limit@test.example", password: "secret123", displayName: "L", role: .customer)
                let token = try await services.tokens.issue(userID: user.id!).accessToken
                #expect(try await Self.send(client, "/api/v1/categories", headers: [.authorization: "Bearer \(token)"]).status == .ok)
                // Sign-in routes have their own, stricter count.
                let body = #"{"email":"limit@test.example","password":"wrong-one1"}"#
                for _ in 0..<2 {
                    _ = try await Self.send(client, "/api/v1/auth/token", .post, headers: [.contentType: "application/json"], body: body)
                }
                #expect(
                    try await Self.send(client, "/api/v1/auth/token", .post, headers: [.contentType: "application/json"], body: body).status
                        == .tooManyRequests)
            }
        }
    }

    /// Behind a trusted proxy, each forwarded client has its own count; anyone else's X-Forwarded-For changes nothing.
    @Test func onlyATrustedProxyNamesTheClient() async throws {
        for trusted in [true, false] {
            try await withTestServices(configure: { config in
                config.authRateLimitPerMinute = 2
                if trusted { config.trustedProxies = ["127.0.0.1", "::1"] }
            }) { services in
                let app = try await buildApplication(services: services, logger: testLogger)
                try await app.test(.live) { client in
                    func signIn(from address: String) async throws -> HTTPResponse.Status {
                        try await Self.send(
                            client, "/api/v1/auth/token", .post,
                            headers: [.contentType: "application/json", .xForwardedFor: "198.51.100.9, \(address)"],
                            body: #"{"email":"nobody@test.example","password":"wrong-one1"}"#
                        ).status
                    }
                    var answers: [HTTPResponse.Status] = []
                    for _ in 0..<3 { answers.append(try await signIn(from: "203.0.113.5")) }
                    #expect(answers == [.unauthorized, .unauthorized, .tooManyRequests])
                    // Another client behind the same proxy: counted apart only when the proxy is trusted.
                    let other = try await signIn(from: "203.0.113.6")
                    #expect(other == (trusted ? .unauthorized : .tooManyRequests))
                }
            }
        }
    }

    @Test func trustedProxiesMustBeAddresses() throws {
        #expect(try AppConfiguration.fromEnvironment(["TRUSTED_PROXIES": "10.0.0.2, ::1"]).trustedProxies == ["10.0.0.2", "::1"])
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(["TRUSTED_PROXIES": "10.0.0.0/8"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(["TRUSTED_PROXIES": "proxy.internal"]) }
    }

    @Test func aRetriedPostWithTheSameKeyCreatesOnceAndAnswersTheSame() async throws {
        try await withApp { services, client in
            let seller = try await services.accounts.createUser(email: "keys@seller.test", password: "secret123", displayName: "K", role: .seller)
            let token = try await services.tokens.issue(userID: seller.id!).accessToken
            func open(_ name: String, key: String?) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
                var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
                if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
                let body = #"{"name":"\#(name)","description":"Amps.","address":"Austin, TX","contact_email":"k@shop.test"}"#
                return try await Self.send(client, "/api/v1/shops", .post, headers: headers, body: body)
            }
            let first = try await open("Keyed Amps", key: "key-1")
            #expect(first.status == .created && first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let again = try await open("Keyed Amps", key: "key-1")
            #expect(again.status == .created && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.json["id"] as? Int == first.json["id"] as? Int)
            #expect(try await open("Other Amps", key: "key-1").status == .unprocessableContent)
            #expect(try await open("Keyed Amps", key: String(repeating: "k", count: 300)).status == .badRequest)
            // A refused request keeps no answer: fixed, the same key runs it.
            #expect(try await open("", key: "key-2").status == .unprocessableContent)
            #expect(try await open("Fixed Amps", key: "key-2").status == .created)
            let shops = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM shops").first()!.decode(column: "n", as: Int.self)
            #expect(shops == 2)
            // Keys are kept 24 hours.
            let store = IdempotencyStore(database: services.database)
            #expect(try await store.sweep(now: Date().addingTimeInterval(23 * 3_600)) == 0)
            #expect(try await store.sweep(now: Date().addingTimeInterval(25 * 3_600)) == 2)
            let afterSweep = try await open("Keyed Amps", key: "key-1")  // a new request now: another shop, keyed-amps-2
            #expect(afterSweep.status == .created && afterSweep.json["slug"] as? String == "keyed-amps-2")
        }
    }

    @Test func nulCharactersNeverReachTheDatabase() async throws {
        try await withApp { services, client in
            let user = try await services.accounts.createUser(email: "nul@seller.test", password: "secret123", displayName: "N", role: .seller)
            let token = try await services.tokens.issue(userID: user.id!).accessToken
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let shop = try await Self.send(
                client, "/api/v1/shops", .post, headers: headers,
                body: #"{"name":"Nul\u0000Shop","description":"x","address":"y","contact_email":"n@x.test"}"#)
            #expect(shop.status == .unprocessableContent)
            #expect(
                try await Self.send(client, "/api/v1/me", .patch, headers: headers, body: #"{"display_name":"A\u0000B"}"#).status
                    == .unprocessableContent)
            #expect(try await Self.send(client, "/api/v1/products?brand=%00&q=%00fender&shop=1%00").status != .internalServerError)
            let page = try await Self.send(client, "/products?brand=Fen%00der&tag=%00")
            #expect(page.status == .ok)
        }
    }

    @Test func bodiesThatOnceCrashedTheServerAreRefused() async throws {
        try await withApp { services, client in
            // A part header byte above 0x7F made the multipart parser trap: anonymous sign-in and uploads alike.
            var body = ByteBuffer(string: "--B\r\nContent-Disposition: form-data; name=\"")
            body.writeBytes([0xC3, 0xA9, 0xFF])
            body.writeString("\"\r\n\r\nvalue\r\n--B--\r\n")
            let login = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "multipart/form-data; boundary=B"], body: body
            ) { $0.status }
            #expect(login == .badRequest)
            let user = try await services.accounts.createUser(email: "crash@seller.test", password: "secret123", displayName: "C", role: .seller)
            let token = try await services.tokens.issue(userID: user.id!).accessToken
            let avatar = try await client.execute(
                uri: "/api/v1/me/avatar", method: .put,
                headers: [.contentType: "multipart/form-data; boundary=B", .authorization: "Bearer \(token)"],
                body: body
            ) { $0.status }
            #expect(avatar == .badRequest)
            // The smallest Int as a stock change trapped in abs().
            let stock = try await Self.send(
                client, "/api/v1/products/999999/stock", .post, headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                body: #"{"delta": -9223372036854775808, "note": "x"}"#)
            #expect(stock.status == .unprocessableContent)
        }
    }
}

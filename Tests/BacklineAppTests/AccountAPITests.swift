import BacklineApp
import BacklineCore
import BacklineTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// `/api/v1/auth/*` and `/me*`.
@Suite struct AccountAPITests {
    func json(_ object: [String: Any]) -> ByteBuffer { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object)) }
    let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, token: String? = nil, body: [String: Any]? = nil)
        async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)
    {
        var headers = jsonHeaders
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map(json)) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], response.headers)
        }
    }

    func tokens(_ client: any TestClientProtocol, _ email: String, _ password: String = "secret123") async throws -> (access: String, refresh: String)
    {
        let answer = try await call(client, "/api/v1/auth/token", .post, body: ["email": email, "password": password])
        return (answer.json["access_token"] as? String ?? "", answer.json["refresh_token"] as? String ?? "")
    }

    @Test func registerAnswersTheUserAndRefusesDuplicatesAndWeakPasswords() async throws {
        try await withApp { _, client in
            let created = try await call(
                client, "/api/v1/auth/register", .post,
                body: ["email": "Api@Example.com", "password": "secret123", "display_name": "Api", "role": "seller"])
            #expect(created.status == .created)
            #expect(created.json["email"] as? String == "api@example.com")
            #expect(created.json["role"] as? String == "seller")
            #expect(created.json["password_hash"] == nil)
            #expect(
                try await call(client, "/api/v1/auth/register", .post, body: ["email": "API@example.COM", "password": "secret123"]).status
                    == .conflict)
            let weak = try await call(client, "/api/v1/auth/register", .post, body: ["email": "w@example.com", "password": "abcdefgh"])
            #expect(weak.status == .unprocessableContent)
            #expect((weak.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "password")
            #expect(
                try await call(client, "/api/v1/auth/register", .post, body: ["email": "x@example.com", "password": "secret123", "role": "admin"])
                    .status == .unprocessableContent)
            #expect(try await call(client, "/api/v1/auth/register", .post, body: ["email": 5]).status == .unprocessableContent)
            let form = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=a%40b.c&password=secret123")
            ) { $0.status }
            #expect(form == .unsupportedMediaType, "API bodies are JSON only")
        }
    }

    @Test func theOAuth2PasswordFormSignsInLikeJSON() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "form@example.com", password: "secret123", displayName: "F", role: .customer)
            func signIn(_ form: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: form)
                ) { ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]) ?? [:]) }
            }
            let signedIn = try await signIn("grant_type=password&username=FORM%40example.com&password=secret123")
            #expect(signedIn.status == .ok && signedIn.json["token_type"] as? String == "bearer")
            let access = try #require(signedIn.json["access_token"] as? String)
            #expect(try await call(client, "/api/v1/me", .get, token: access).json["email"] as? String == "form@example.com")
            #expect(try await signIn("grant_type=password&username=form%40example.com&password=wrong-pass1").status == .unauthorized)
            let missing = try await signIn("grant_type=password&username=form%40example.com")
            #expect(missing.status == .unprocessableContent)
            #expect((missing.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "password")
            #expect(try await signIn("grant_type=client_credentials&username=form%40example.com&password=secret123").status == .badRequest)
            // NUL is dropped, as from every form: it never reaches the database.
            #expect(try await signIn("grant_type=password&username=form%40example.com%00&password=secret123").status == .ok)
        }
    }

    @Test func tokensOpenMeAndBadTokensAre401() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "me@example.com", password: "secret123", displayName: "Me", role: .customer)
            #expect(
                try await call(client, "/api/v1/auth/token", .post, body: ["email": "me@example.com", "password": "wrong-pass1"]).status
                    == .unauthorized)
            let pair = try await tokens(client, "me@example.com")
            let me = try await call(client, "/api/v1/me", .get, token: pair.access)
            #expect(me.status == .ok && me.json["email"] as? String == "me@example.com")
            let patched = try await call(client, "/api/v1/me", .patch, token: pair.access, body: ["bio": "Plays bass."])
            #expect(patched.json["bio"] as? String == "Plays bass." && patched.json["display_name"] as? String == "Me")

            let unsigned =
                "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                + Data(#"{"sub":"1","exp":9999999999,"iss":"backline","aud":"backline-api"}"#.utf8).base64EncodedString() + "."
            let parts = pair.access.split(separator: ".")
            let tampered = "\(parts[0]).\(Data(#"{"sub":"2","exp":9999999999}"#.utf8).base64EncodedString()).\(parts[2])"
            for bad in [nil, "garbage", unsigned, tampered, try await Self.expiredToken(secret: services.secretKey)] {
                let answer = try await call(client, "/api/v1/me", .get, token: bad)
                #expect(answer.status == .unauthorized, "\(bad ?? "no token")")
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
        }
    }

    /// A token signed with the right key whose `exp` has passed.
    static func expiredToken(secret: String) async throws -> String {
        func b64(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
        }
        let header = b64(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = b64(Data(#"{"sub":"1","iat":1000,"exp":2000,"jti":"x","iss":"backline","aud":["backline-api"]}"#.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(header).\(payload).\(b64(Data(signature)))"
    }

    @Test func failedTokenRequestsAreThrottledWithRetryAfter() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "th@example.com", password: "secret123", displayName: "T", role: .customer)
            for _ in 0..<5 {
                #expect(
                    try await call(client, "/api/v1/auth/token", .post, body: ["email": "th@example.com", "password": "wrong-pass1"]).status
                        == .unauthorized)
            }
            let blocked = try await call(client, "/api/v1/auth/token", .post, body: ["email": "th@example.com", "password": "secret123"])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(blocked.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func refreshTokensRotateAndReuseRevokesTheFamily() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "rt@example.com", password: "secret123", displayName: "R", role: .customer)
            let first = try await tokens(client, "rt@example.com")
            let second = try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": first.refresh])
            #expect(second.status == .ok)
            let secondRefresh = second.json["refresh_token"] as? String ?? ""
            #expect(secondRefresh != first.refresh)
            // Replaying the spent token fails and takes the whole family down.
            #expect(try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": first.refresh]).status == .unauthorized)
            #expect(try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": secondRefresh]).status == .unauthorized)
            // Logout ends a fresh family.
            let third = try await tokens(client, "rt@example.com")
            #expect(try await call(client, "/api/v1/auth/logout", .post, body: ["refresh_token": third.refresh]).status == .noContent)
            #expect(try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": third.refresh]).status == .unauthorized)
        }
    }

    @Test func aDisabledUsersTokensStopWorkingAtOnce() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "off@example.com", password: "secret123", displayName: "Off", role: .customer)
            let pair = try await tokens(client, "off@example.com")
            try await services.database.sql.raw("UPDATE users SET disabled_at = \(bind: Date()) WHERE email = 'off@example.com'").run()
            #expect(try await call(client, "/api/v1/me", .get, token: pair.access).status == .unauthorized)
            #expect(try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": pair.refresh]).status == .unauthorized)
            #expect(
                try await call(client, "/api/v1/auth/token", .post, body: ["email": "off@example.com", "password": "secret123"]).status == .forbidden)
        }
    }

    @Test func passwordChangeRevokesRefreshTokens() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "pc@example.com", password: "secret123", displayName: "P", role: .customer)
            let pair = try await tokens(client, "pc@example.com")
            #expect(
                try await call(
                    client, "/api/v1/me/password", .post, token: pair.access, body: ["current_password": "bad-pass1", "new_password": "newpass123"]
                ).status == .unprocessableContent)
            #expect(
                try await call(
                    client, "/api/v1/me/password", .post, token: pair.access, body: ["current_password": "secret123", "new_password": "newpass123"]
                ).status == .noContent)
            #expect(try await call(client, "/api/v1/auth/refresh", .post, body: ["refresh_token": pair.refresh]).status == .unauthorized)
            #expect(try await tokens(client, "pc@example.com", "newpass123").access.isEmpty == false)
        }
    }

    @Test func avatarUploadChecksContentAndAddressesAreScoped() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "av@example.com", password: "secret123", displayName: "A", role: .customer)
            let pair = try await tokens(client, "av@example.com")
            func upload(_ bytes: [UInt8], name: String) async throws -> (HTTPResponse.Status, String) {
                var body = ByteBuffer()
                body.writeString(
                    "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: image/png\r\n\r\n")
                body.writeBytes(bytes)
                body.writeString("\r\n--b0undary--\r\n")
                return try await client.execute(
                    uri: "/api/v1/me/avatar", method: .put,
                    headers: [.authorization: "Bearer \(pair.access)", .contentType: "multipart/form-data; boundary=b0undary"], body: body
                ) { ($0.status, String(buffer: $0.body)) }
            }
            let ok = try await upload(SampleImages.png, name: "me.png")
            #expect(ok.0 == .ok && ok.1.contains("\"avatar_url\":\"/uploads/"))
            #expect(try await upload(Array("<html></html>".utf8), name: "me.png").0 == .unsupportedMediaType)
            #expect(try await upload(SampleImages.png + [UInt8](repeating: 1, count: 5 * 1024 * 1024 + 10), name: "big.png").0 == .contentTooLarge)

            let added = try await call(
                client, "/api/v1/me/addresses", .post, token: pair.access,
                body: ["full_name": "A B", "line1": "2 Oak Rd", "city": "Leeds", "postal_code": "LS1", "country": "GB"])
            #expect(added.status == .created && added.json["is_default"] as? Bool == true)
            let invalid = try await call(
                client, "/api/v1/me/addresses", .post, token: pair.access,
                body: ["full_name": "", "line1": "x", "city": "y", "postal_code": "z", "country": "GB"])
            #expect(invalid.status == .unprocessableContent)
            _ = try await services.accounts.createUser(email: "other@example.com", password: "secret123", displayName: "O", role: .customer)
            let other = try await tokens(client, "other@example.com")
            let id = added.json["id"] as? Int ?? 0
            #expect(try await call(client, "/api/v1/me/addresses/\(id)", .delete, token: other.access).status == .notFound)
            #expect(try await call(client, "/api/v1/me/addresses/\(id)", .delete, token: pair.access).status == .noContent)
        }
    }

    @Test func passwordResetThroughTheAPI() async throws {
        try await withApp { services, client in
            _ = try await services.accounts.createUser(email: "fr@example.com", password: "secret123", displayName: "F", role: .customer)
            #expect(try await call(client, "/api/v1/auth/password/forgot", .post, body: ["email": "fr@example.com"]).status == .accepted)
            #expect(try await call(client, "/api/v1/auth/password/forgot", .post, body: ["email": "ghost@example.com"]).status == .accepted)
            let mail = try #require(try await services.outbox.latest(1, to: "fr@example.com").first)
            let token = String(mail.body.components(separatedBy: "token=").last!.prefix { !$0.isWhitespace })
            #expect(
                try await call(client, "/api/v1/auth/password/reset", .post, body: ["token": token, "new_password": "fresh1234"]).status == .noContent
            )
            #expect(
                try await call(client, "/api/v1/auth/password/reset", .post, body: ["token": token, "new_password": "fresh5678"]).status
                    == .unprocessableContent)
            #expect(try await tokens(client, "fr@example.com", "fresh1234").access.isEmpty == false)
        }
    }
}

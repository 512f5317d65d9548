import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The API's description (`docs/openapi.json`, written by `scripts/gen-openapi`) against the router, both ways: every
/// route registered under `/api/` is described, and every described operation is registered and answers as described.
@Suite struct OpenAPITests {
    typealias JSON = [String: Any]

    static let documentPath = repositoryRoot + "/docs/openapi.json"
    static let methods = ["get", "put", "post", "delete", "patch"]

    static func document() throws -> JSON {
        let data = try #require(FileManager.default.contents(atPath: documentPath), "docs/openapi.json is missing: run scripts/gen-openapi")
        return try #require(try JSONSerialization.jsonObject(with: data) as? JSON)
    }

    /// `GET /api/v1/products/{id}` for every operation of the document.
    static func documentedOperations(_ document: JSON) -> [String: JSON] {
        var operations: [String: JSON] = [:]
        for (path, item) in document["paths"] as? JSON ?? [:] {
            for (method, operation) in item as? JSON ?? [:] where methods.contains(method) {
                operations["\(method.uppercased()) \(path)"] = operation as? JSON
            }
        }
        return operations
    }

    /// `GET /api/v1/products/{id}` for every route the router holds under `/api/` (HEAD is answered by GET).
    static func registeredRoutes(_ services: AppServices) async throws -> Set<String> {
        let router = try await buildRouter(services: services, metrics: .init())
        return Set(
            router.routes.filter { $0.path.description.hasPrefix("/api/") && $0.method != .head }.map {
                "\($0.method.rawValue) \($0.path.description)"
            })
    }

    @Test func everyRegisteredAPIRouteIsDocumented() async throws {
        let documented = Set(Self.documentedOperations(try Self.document()).keys)
        try await withTestServices { services in
            let registered = try await Self.registeredRoutes(services)
            #expect(registered.count > 60)
            let missing = registered.subtracting(documented).sorted()
            #expect(missing.isEmpty, "registered but not in docs/openapi.json (describe them in scripts/gen-openapi): \(missing)")
        }
    }

    @Test func everyDocumentedOperationIsRegistered() async throws {
        let documented = Set(Self.documentedOperations(try Self.document()).keys)
        try await withTestServices { services in
            let registered = try await Self.registeredRoutes(services)
            let unknown = documented.subtracting(registered).sorted()
            #expect(unknown.isEmpty, "in docs/openapi.json but no route answers them: \(unknown)")
        }
    }

    /// Calls every documented operation (ids that do not exist, an empty JSON object as the body) as an admin: none
    /// is the router's own 404 or a 405, none is a server error, and each status is one the document lists for it.
    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        try await withApp { services, client in
            let operations = Self.documentedOperations(try Self.document())
            let admin = try await services.accounts.createUser(email: "docs@backline.test", password: "secret123", displayName: "Docs", role: .admin)
            let token = try await services.tokens.issue(userID: admin.id!).accessToken
            let noRoute = try await client.execute(uri: "/api/v1/no-such-route", method: .get) { response in
                (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? JSON)?["detail"] as? String
            }
            #expect(noRoute != nil)
            for (key, operation) in operations.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(rawValue: String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "987654", options: .regularExpression)
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                var body: ByteBuffer?
                let content = ((operation["requestBody"] as? JSON)?["content"] as? JSON) ?? [:]
                if content["application/json"] != nil {
                    headers[.contentType] = "application/json"
                    body = ByteBuffer(string: "{}")
                }
                let (status, contentType, detail) = try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
                    (
                        response.status, response.headers[.contentType] ?? "",
                        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? JSON)?["detail"] as? String
                    )
                }
                #expect(status != .methodNotAllowed && !(status == .notFound && detail == noRoute), "\(key) is not routed: \(status)")
                #expect(status.code < 500, "\(key) answered \(status)")
                let documented = Set((operation["responses"] as? JSON ?? [:]).keys)
                #expect(documented.contains(String(status.code)), "\(key) answered \(status.code), not in \(documented.sorted())")
                if status.code >= 400 && path.hasPrefix("/api/v1/") {
                    #expect(contentType == "application/problem+json", "\(key) answered \(status.code) as \(contentType)")
                }
            }
        }
    }

    /// What schemathesis and the reference page rely on: every `$ref` resolves, ids are unique, path parameters are
    /// declared, secured operations name the scheme and their 401, error answers are problem+json.
    @Test func theDocumentIsWellFormed() throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let components = try #require(document["components"] as? JSON)
        let schemes = try #require(components["securitySchemes"] as? JSON)
        let bearer = try #require(schemes["bearerAuth"] as? JSON)
        #expect(bearer["type"] as? String == "http" && bearer["scheme"] as? String == "bearer")
        // Every reference points at something.
        func refs(_ value: Any) -> [String] {
            switch value {
            case let object as JSON: return object.flatMap { key, value in key == "$ref" ? [value as? String ?? ""] : refs(value) }
            case let array as [Any]: return array.flatMap(refs)
            default: return []
            }
        }
        for ref in Set(refs(document)) {
            let parts = ref.split(separator: "/").map(String.init)
            #expect(parts.count == 4 && parts[0] == "#" && parts[1] == "components", "bad $ref \(ref)")
            if parts.count == 4 { #expect((components[parts[2]] as? JSON)?[parts[3]] != nil, "dangling $ref \(ref)") }
        }
        let operations = Self.documentedOperations(document)
        let ids = operations.values.compactMap { $0["operationId"] as? String }
        #expect(ids.count == operations.count && Set(ids).count == ids.count)
        let tags = Set((document["tags"] as? [JSON] ?? []).compactMap { $0["name"] as? String })
        #expect(tags.isSuperset(of: ["Catalog", "Accounts", "Cart", "Orders", "Selling", "Admin"]))
        let parameters = components["parameters"] as? JSON ?? [:]
        let responses = components["responses"] as? JSON ?? [:]
        for (key, operation) in operations {
            let path = String(key.split(separator: " ")[1])
            #expect(((operation["tags"] as? [String]) ?? []).allSatisfy(tags.contains), "\(key) has an undeclared tag")
            // `{name}` in the path is a required path parameter.
            let declared = (operation["parameters"] as? [JSON] ?? []).compactMap { parameter -> String? in
                let resolved = (parameter["$ref"] as? String).flatMap { parameters[String($0.split(separator: "/").last!)] as? JSON } ?? parameter
                return resolved["in"] as? String == "path" && resolved["required"] as? Bool == true ? resolved["name"] as? String : nil
            }
            let named = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
            #expect(Set(declared) == Set(named), "\(key): path parameters \(declared) vs \(named)")
            let answers = operation["responses"] as? JSON ?? [:]
            #expect(answers.keys.contains { $0.hasPrefix("2") }, "\(key) has no success answer")
            if (operation["security"] as? [JSON])?.contains(where: { $0["bearerAuth"] != nil }) == true {
                #expect(answers["401"] != nil, "\(key) needs a token but does not list 401")
            }
            for (status, answer) in answers where (Int(status) ?? 0) >= 400 {
                let resolved =
                    ((answer as? JSON)?["$ref"] as? String).flatMap { responses[String($0.split(separator: "/").last!)] as? JSON } ?? answer as? JSON
                let content = resolved?["content"] as? JSON ?? [:]
                #expect(content.keys.sorted() == ["application/problem+json"], "\(key) \(status) is not problem+json")
            }
        }
    }

    @Test func theDocumentIsServedAsItIsInTheRepository() async throws {
        let file = try #require(FileManager.default.contents(atPath: Self.documentPath))
        try await withApp { _, client in
            let etag = try await client.execute(uri: "/api/openapi.json", method: .get) { response -> String? in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                #expect(Data(buffer: response.body) == file)
                return response.headers[.eTag]
            }
            let etagValue = try #require(etag)
            try await client.execute(uri: "/api/openapi.json", method: .get, headers: [.ifNoneMatch: etagValue]) { response in
                #expect(response.status == .notModified && response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/openapi.json", method: .head) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theReferencePageShowsEveryOperationWithoutScripts() async throws {
        try await withApp { _, client in
            let document = try Self.document()
            let operations = Self.documentedOperations(document)
            let html = try await client.execute(uri: "/api/docs", method: .get) { response -> String in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: response.body)
            }
            #expect(html.contains("<h1>Backline API reference</h1>"))
            for key in operations.keys {
                let parts = key.split(separator: " ", maxSplits: 1)
                #expect(html.contains("data-method=\"\(parts[0])\" data-path=\"\(parts[1])\""), "\(key) is not on the page")
            }
            for name in (document["components"] as? JSON)?["schemas"] as? JSON ?? [:] {
                #expect(html.contains("id=\"schema-\(name.key)\""), "schema \(name.key) is not on the page")
            }
            // Fields of bodies and answers are listed, nested ones by their path.
            #expect(html.contains("<code>payment.method</code>") && html.contains("<code>next_cursor</code>"))
            // Nothing from elsewhere: the page's only script is the site's own.
            let scripts = html.components(separatedBy: "<script").dropFirst().map { String($0.prefix { $0 != ">" }) }
            #expect(scripts == [" src=\"/js/app.js\" defer"])
            #expect(!html.contains("src=\"http") && !html.contains("stylesheet\" href=\"http"))
        }
    }
}

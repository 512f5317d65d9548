import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1` catalog routes: the same service as the pages, strict about bad input.
@Suite struct CatalogAPITests {
    @Test func productsAnswerTheEnvelopeWithItemsAndFacets() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/api/v1/products?category=electric-guitars&sort=price_desc&per_page=1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try response.json()
                #expect(json["page"] as? Int == 1)
                #expect(json["per_page"] as? Int == 1)
                #expect(json["total"] as? Int == 2)
                #expect(json["total_pages"] as? Int == 2)
                let items = json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                let item = items.first ?? [:]
                #expect(item["id"] as? Int == f.lesPaul)
                #expect(item["price_cents"] as? Int == 229_900)
                #expect(item["currency"] as? String == "USD")
                #expect(item["condition"] as? String == "mint")
                #expect(item["category"] as? String == "electric-guitars")
                #expect((item["shop"] as? [String: Any])?["id"] as? Int == f.shopA)
                #expect(item["rating_avg"] as? Double == 5)
                #expect((item["created_at"] as? String)?.hasSuffix("Z") == true)
                let facets = json["facets"] as? [String: Any] ?? [:]
                let brands = (facets["brand"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
                #expect(Set(brands) == ["Fender", "Gibson"])
            }
        }
    }

    @Test func aCursorWalksTheWholeCatalogInEverySortedOrder() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            // Two products tie on price with the Strat, so the walk must break ties by id exactly as the pages do.
            try await services.database.sql.raw("UPDATE products SET price_cents = 84999 WHERE id IN (\(bind: f.katana), \(bind: f.martin))").run()
            func get(_ uri: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await client.execute(uri: uri, method: .get) { ($0.status, try $0.json()) }
            }
            for sort in ["newest", "price_asc", "price_desc", "popular", "rating"] {
                let all = (try await get("/api/v1/products?sort=\(sort)&per_page=100").json["items"] as? [[String: Any]] ?? []).compactMap {
                    $0["id"] as? Int
                }
                var walked: [Int] = []
                var cursor: String? = nil
                repeat {
                    let page = try await get("/api/v1/products?sort=\(sort)&per_page=2" + (cursor.map { "&cursor=\($0)" } ?? "")).json
                    walked += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    cursor = page["next_cursor"] as? String
                } while cursor != nil && walked.count < 20
                #expect(walked == all, "sort \(sort)")
                #expect(all.count == 5)
            }
            #expect(try await get("/api/v1/products?q=fender").json["next_cursor"] is NSNull)
            let cursor = CatalogCursor.encode(after: f.strat)
            for bad in ["cursor=nonsense", "cursor=\(cursor)&page=2", "cursor=\(cursor)&q=fender"] {
                let answer = try await get("/api/v1/products?\(bad)")
                #expect(answer.status == .badRequest && (answer.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "cursor", "\(bad)")
            }
            // Pages ignore the cursor: page numbers are theirs.
            #expect(try await client.execute(uri: "/products?cursor=nonsense", method: .get) { $0.status } == .ok)
        }
    }

    @Test func badQueryValuesAre400Problems() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            for query in [
                "page=0", "per_page=1000", "page=abc", "min_price=cheap", "condition=broken", "sort=random", "min_rating=6", "in_stock=maybe",
            ] {
                try await client.execute(uri: "/api/v1/products?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let json = try response.json()
                    #expect(json["status"] as? Int == 400)
                    #expect((json["errors"] as? [[String: Any]])?.isEmpty == false)
                }
            }
            try await client.execute(uri: "/api/v1/products?page=99", method: .get) { response in
                #expect(response.status == .ok, "a page past the end is an empty list")
                let items = try response.json()["items"] as? [Any]
                #expect(items?.isEmpty == true)
            }
        }
    }

    @Test func productDetailAndUnknownIDs() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/api/v1/products/\(f.strat)", method: .get) { response in
                let json = try response.json()
                #expect(json["name"] as? String == "Fender Player Stratocaster")
                #expect(json["description"] as? String == "Alder body, maple neck, three single-coil pickups.")
                #expect((json["seller"] as? [String: Any])?["display_name"] as? String == "Alice Amp")
                #expect((json["tags"] as? [[String: Any]])?.first?["slug"] as? String == "sale")
                #expect(json["status"] as? String == "approved")
                #expect((json["images"] as? [String])?.isEmpty == false)
            }
            for id in [String(f.deleted), String(f.pending), "0", "abc", "99999"] {
                try await client.execute(uri: "/api/v1/products/\(id)", method: .get) { response in
                    #expect(response.status == .notFound, "\(id)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/api/v1/no-such-route", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func categoriesAndShops() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/api/v1/categories", method: .get) { response in
                let items = try response.json()["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["slug"] as? String } == ["guitars", "electric-guitars", "acoustic-guitars", "amps"])
                let electric = items.first { $0["slug"] as? String == "electric-guitars" }
                let guitars = items.first { $0["slug"] as? String == "guitars" }
                #expect(electric?["parent_id"] as? Int == guitars?["id"] as? Int)
            }
            try await client.execute(uri: "/api/v1/shops", method: .get) { response in
                let json = try response.json()
                #expect(json["total"] as? Int == 2)
                let first = (json["items"] as? [[String: Any]])?.first ?? [:]
                #expect(first["name"] as? String == "Alpha Guitars")
                #expect((first["owner"] as? [String: Any])?["display_name"] as? String == "Alice Amp")
                #expect(first["contact_email"] as? String == "shop@shop.test")
            }
            try await client.execute(uri: "/api/v1/shops/\(f.shopB)/products?sort=price_asc", method: .get) { response in
                let items = try response.json()["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? Int } == [f.katana, f.bluesJunior])
            }
            try await client.execute(uri: "/api/v1/shops/31337", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/shops/31337/products", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func healthLivenessAndMetrics() async throws {
        try await withApp { _, client in
            try await client.execute(uri: "/livez", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == "ok")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["status"] as? String == "ok")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            }
        }
    }

    /// The catalog answer is encoded once per address and catalog version: a change shows at once, and a bad query
    /// is still refused after a good one was stored.
    @Test func storedProductAnswersFollowTheCatalog() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            func firstName() async throws -> String? {
                try await client.execute(uri: "/api/v1/products?sort=price_asc&per_page=1", method: .get) { response in
                    (try response.json()["items"] as? [[String: Any]])?.first?["name"] as? String
                }
            }
            #expect(try await firstName() == "Boss Katana-50 MkII")
            try await services.database.sql.raw("UPDATE products SET price_cents = 100 WHERE id = \(bind: f.lesPaul)").run()
            #expect(try await firstName() != "Boss Katana-50 MkII")
            try await client.execute(uri: "/api/v1/products?sort=price_asc&per_page=abc", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The storefront as a browser sees it.
@Suite struct StorefrontPageTests {
    @Test func homeShowsCategoriesNewArrivalsAndPopularItems() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                #expect(html.contains("Shop by category"))
                #expect(html.contains("href=\"/products?category=guitars\""))
                #expect(html.contains("New arrivals"))
                #expect(cardIDs(html).contains(f.strat))
            }
        }
    }

    @Test func listingFiltersSortsAndPaginatesWithRelLinks() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/products?category=guitars&sort=price_asc", method: .get) { response in
                #expect(response.status == .ok)
                #expect(cardIDs(response.text) == [f.strat, f.martin, f.lesPaul])
                #expect(response.text.contains("3 results"))
            }
            try await client.execute(uri: "/products?per_page=2&page=2", method: .get) { response in
                let html = response.text
                #expect(cardIDs(html) == [f.martin, f.bluesJunior])
                #expect(html.contains("rel=\"prev\" href=\"/products?per_page=2\"") || html.contains("href=\"/products?per_page=2\" rel=\"prev\""))
                #expect(html.contains("href=\"/products?per_page=2&amp;page=3\" rel=\"next\""))
                #expect(html.contains("aria-current=\"page\">2<"))
            }
        }
    }

    @Test func listingShowsFacetCountsAndChipsForTheQuery() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/products?brand=Fender&q=fender", method: .get) { response in
                let html = response.text
                #expect(html.contains("Results for “fender”"))
                #expect(html.contains("value=\"Fender\" checked"))
                #expect(html.contains("<span class=\"facet-name\">Amps</span><span class=\"facet-count\">1</span>"))
                #expect(html.contains("aria-label=\"Remove filter Fender\""))
            }
        }
    }

    @Test func badQueryValuesGiveAClampedWorkingPage() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            for uri in [
                "/products?page=0", "/products?page=abc&per_page=1000", "/products?min_price=cheap&sort=random&min_rating=99", "/products?q=%ZZ%",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
            try await client.execute(uri: "/products?page=0&per_page=1000", method: .get) { response in
                #expect(cardIDs(response.text).count == f.listed.count)
            }
        }
    }

    @Test func emptyResultsSuggestWhatToLoosen() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/products?q=theremin&condition=fair", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("No gear matches that"))
                #expect(response.text.contains("Check the spelling"))
                #expect(cardIDs(response.text).isEmpty)
            }
        }
    }

    @Test func productPageShowsEverythingABuyerNeeds() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/products/\(f.strat)", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("Fender Player Stratocaster"))
                #expect(html.contains("$849.99"))
                #expect(html.contains("In stock (5 available)"))
                #expect(html.contains("href=\"/shops/\(f.shopA)\""))
                #expect(html.contains("action=\"/cart/items\""))
                #expect(html.contains("name=\"product_id\" value=\"\(f.strat)\""))
                #expect(html.contains("Electric Guitars"))
                #expect(cardIDs(html) == [f.lesPaul], "related items come from the same category")
            }
            try await client.execute(uri: "/products/\(f.martin)", method: .get) { response in
                #expect(response.text.contains("Sold out"))
                #expect(!response.text.contains("action=\"/cart/items\""), "no add-to-cart form for a sold-out item")
            }
        }
    }

    @Test func unlistedAndUnknownProductsAre404Pages() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            for id in [String(f.pending), String(f.deleted), String(f.inactive), "999999", "abc", "-1"] {
                try await client.execute(uri: "/products/\(id)", method: .get) { response in
                    #expect(response.status == .notFound, "product \(id)")
                    #expect(response.text.contains("Back to the shop"))
                }
            }
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("Page not found"))
                #expect(response.text.contains("href=\"/products?category=guitars\""), "error pages keep the category menu")
            }
        }
    }

    @Test func shopPageListsTheShopsProductsWithTheCatalogQuery() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/shops/\(f.shopA)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Alpha Guitars"))
                #expect(response.text.contains("Alice Amp"))
                #expect(cardIDs(response.text) == [f.strat, f.lesPaul, f.martin])
            }
            try await client.execute(uri: "/shops/\(f.shopA)?in_stock=true&sort=price_desc", method: .get) { response in
                #expect(cardIDs(response.text) == [f.lesPaul, f.strat])
            }
            try await client.execute(uri: "/shops/424242", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func everyPageCarriesSecurityHeadersAndUserTextIsEscaped() async throws {
        try await withApp { services, client in
            _ = try await CatalogFixture.insert(into: services)
            try await client.execute(uri: "/products?q=%3Cscript%3Ealert(1)%3C/script%3E", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil)
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] != nil)
                #expect(!response.text.contains("<script>alert(1)</script>"))
                #expect(response.text.contains("&lt;script&gt;"))
            }
        }
    }

    @Test func headIsAnsweredLikeGetWithoutABody() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            for uri in ["/products", "/products/\(f.strat)", "/api/v1/products", "/css/app.css"] {
                try await client.execute(uri: uri, method: .head) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.body.readableBytes == 0)
                }
            }
        }
    }

    @Test func staticFilesAreServedWithCacheHeaders() async throws {
        try await withApp { _, client in
            try await client.execute(uri: "/css/app.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl]?.contains("max-age") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(uri: "/img/categories/amps.svg", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            }
        }
    }

    /// Visitors with nothing of their own share one rendering of a storefront page, yet each gets a form token of
    /// their own that works (and only for them), a catalog change shows at once, and a signed-in visitor gets the page
    /// rendered for them.
    @Test func sharedStorefrontPagesKeepEachVisitorsTokenAndFollowTheCatalog() async throws {
        try await withApp { services, client in
            let f = try await CatalogFixture.insert(into: services)
            let first = Browser(client)
            let second = Browser(client)
            let pageA = try await first.get("/products")
            let pageB = try await second.get("/products")
            let tokenA = try #require(Browser.csrf(in: pageA.html))
            let tokenB = try #require(Browser.csrf(in: pageB.html))
            #expect(tokenA != tokenB)
            #expect(!pageB.html.contains(tokenA))
            #expect(cardIDs(pageA.html) == cardIDs(pageB.html))

            // Each token is accepted from its own visitor (the sign-in form answers about the password, not 403)…
            let wrongPassword = try await second.post("/login", [("email", "nobody@example.com"), ("password", "wrong-pass1"), ("_csrf", tokenB)])
            #expect(wrongPassword.status == .unauthorized)
            // …and refused from anyone else.
            let borrowed = try await first.post("/login", [("email", "nobody@example.com"), ("password", "wrong-pass1"), ("_csrf", tokenB)])
            #expect(borrowed.status == .forbidden)

            try await services.database.sql.raw("UPDATE products SET name = 'Renamed Stratocaster' WHERE id = \(bind: f.strat)").run()
            #expect(try await Browser(client).get("/products").html.contains("Renamed Stratocaster"))
            #expect(try await Browser(client).get("/products/\(f.strat)").html.contains("Renamed Stratocaster"))

            _ = try await first.register("fan@example.com", name: "Fan Person")
            let mine = try await first.get("/products")
            #expect(mine.html.contains("Fan Person"))
            #expect(!(try await Browser(client).get("/products").html.contains("Fan Person")))
        }
    }
}

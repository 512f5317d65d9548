import BacklineCore
import BacklineTestSupport
import Foundation
import SQLKit
import Testing

/// The catalog query on a hand-made catalog: every filter, every sort, search ranking, paging and facets.
@Suite struct CatalogServiceTests {
    func search(_ services: CoreServices, _ pairs: [(String, String)]) async throws -> CatalogPage {
        try await services.catalog.search(try CatalogQuery.parse(pairs, strict: true))
    }

    func ids(_ page: CatalogPage) -> [Int] { page.items.map(\.id) }

    @Test func listsOnlyApprovedActiveUndeletedProductsNewestFirst() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            let page = try await search(services, [])
            #expect(ids(page) == [f.strat, f.lesPaul, f.martin, f.bluesJunior, f.katana])
            #expect(page.total == 5)
            #expect(page.totalPages == 1)
        }
    }

    @Test func aClosedShopsListingsVanish() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            try await services.database.sql.raw("UPDATE shops SET active = \(bind: false) WHERE id = \(bind: f.shopB)").run()
            #expect(Set(ids(try await search(services, []))) == [f.strat, f.lesPaul, f.martin])
            await #expect(throws: CatalogError.productNotFound) { _ = try await services.catalog.product(id: f.katana) }
        }
    }

    @Test func eachFilterNarrowsTheList() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            #expect(
                Set(ids(try await search(services, [("category", "guitars")]))) == [f.strat, f.lesPaul, f.martin], "a parent includes its children")
            #expect(Set(ids(try await search(services, [("category", "electric-guitars")]))) == [f.strat, f.lesPaul])
            #expect(ids(try await search(services, [("category", "no-such-category")])).isEmpty)
            #expect(Set(ids(try await search(services, [("brand", "Fender")]))) == [f.strat, f.bluesJunior])
            #expect(Set(ids(try await search(services, [("brand", "Fender"), ("brand", "Boss")]))) == [f.strat, f.bluesJunior, f.katana])
            #expect(Set(ids(try await search(services, [("condition", "new")]))) == [f.strat, f.katana])
            #expect(Set(ids(try await search(services, [("condition", "mint"), ("condition", "good")]))) == [f.lesPaul, f.bluesJunior])
            #expect(Set(ids(try await search(services, [("min_price", "450"), ("max_price", "849.99")]))) == [f.strat, f.bluesJunior], "inclusive")
            #expect(Set(ids(try await search(services, [("min_rating", "4")]))) == [f.strat, f.lesPaul, f.martin])
            #expect(Set(ids(try await search(services, [("in_stock", "true")]))) == [f.strat, f.lesPaul, f.bluesJunior, f.katana])
            #expect(Set(ids(try await search(services, [("shop", String(f.shopB))]))) == [f.bluesJunior, f.katana])
            #expect(ids(try await search(services, [("tag", "vintage")])) == [f.lesPaul])
        }
    }

    @Test func filtersCombine() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            let page = try await search(services, [("category", "guitars"), ("brand", "Fender"), ("in_stock", "true"), ("max_price", "1000")])
            #expect(ids(page) == [f.strat])
            let none = try await search(services, [("category", "amps"), ("condition", "mint")])
            #expect(none.items.isEmpty && none.total == 0)
        }
    }

    @Test func everySortOrders() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            #expect(ids(try await search(services, [("sort", "price_asc")])) == [f.katana, f.bluesJunior, f.strat, f.martin, f.lesPaul])
            #expect(ids(try await search(services, [("sort", "price_desc")])) == [f.lesPaul, f.martin, f.strat, f.bluesJunior, f.katana])
            #expect(ids(try await search(services, [("sort", "popular")])) == [f.bluesJunior, f.strat, f.martin, f.lesPaul, f.katana])
            #expect(ids(try await search(services, [("sort", "rating")])) == [f.lesPaul, f.strat, f.martin, f.bluesJunior, f.katana])
            #expect(ids(try await search(services, [("sort", "newest")])) == [f.strat, f.lesPaul, f.martin, f.bluesJunior, f.katana])
        }
    }

    @Test func searchRanksNameMatchesAboveDescriptionMatches() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            let page = try await search(services, [("q", "stratocaster")])
            #expect(ids(page) == [f.strat, f.katana], "the name match first, the description mention second")
            #expect(ids(try await search(services, [("q", "strat")])).first == f.strat, "prefixes match")
            #expect(ids(try await search(services, [("q", "Martin D-28")])) == [f.martin], "model numbers with a one-letter part match")
            #expect(ids(try await search(services, [("q", "s")])).isEmpty, "a single letter is a word of its own, not every word it begins")
            #expect(Set(ids(try await search(services, [("q", "guitar")]))) == [f.strat, f.lesPaul, f.martin], "category names are searched")
            #expect(ids(try await search(services, [("q", "FENDER blues")])) == [f.bluesJunior], "every word must match, any case")
            #expect(ids(try await search(services, [("q", "telecaster")])).isEmpty, "deleted products are not found")
            #expect(ids(try await search(services, [("q", "\"*) OR (")])).isEmpty, "query syntax is plain text")
            #expect(
                ids(try await search(services, [("q", "stratocaster"), ("sort", "price_asc")])) == [f.katana, f.strat], "a sort overrides relevance")
        }
    }

    @Test func pagesAreSlicesAndPastTheEndIsEmpty() async throws {
        try await withCoreServices { services in
            let f = try await CatalogFixture.insert(into: services)
            let first = try await search(services, [("per_page", "2")])
            #expect(ids(first) == [f.strat, f.lesPaul])
            #expect(first.total == 5 && first.totalPages == 3)
            #expect(ids(try await search(services, [("per_page", "2"), ("page", "3")])) == [f.katana])
            let past = try await search(services, [("per_page", "2"), ("page", "4")])
            #expect(past.items.isEmpty && past.total == 5)
        }
    }

    @Test func facetsCountTheCurrentQueryLeavingOutTheirOwnFilter() async throws {
        try await withCoreServices { services in
            _ = try await CatalogFixture.insert(into: services)
            let page = try await search(services, [("brand", "Fender")])
            let categories = Dictionary(uniqueKeysWithValues: page.facets.categories.map { ($0.value, $0.count) })
            #expect(categories == ["guitars": 1, "electric-guitars": 1, "amps": 1])
            let brands = Dictionary(uniqueKeysWithValues: page.facets.brands.map { ($0.value, $0.count) })
            #expect(brands == ["Fender": 2, "Gibson": 1, "Martin": 1, "Boss": 1], "the brand facet ignores the brand filter")
            let conditions = Dictionary(uniqueKeysWithValues: page.facets.conditions.map { ($0.value, $0.count) })
            #expect(conditions == ["new": 1, "good": 1])
            let bands = page.facets.priceBands.map { "\($0.label):\($0.count)" }
            #expect(bands == ["$250 – $500:1", "$500 – $1,000:1"])
        }
    }

    @Test func strictParsingNamesEveryBadValue() throws {
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("page", "0")], strict: true) }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("per_page", "1000")], strict: true) }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("page", "abc")], strict: true) }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("min_price", "cheap")], strict: true) }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("condition", "broken")], strict: true) }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("sort", "random")], strict: true) }
        do {
            _ = try CatalogQuery.parse([("page", "0"), ("min_rating", "9")], strict: true)
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.field) == ["page", "min_rating"])
        }
    }

    @Test func lenientParsingClampsInsteadOfFailing() throws {
        let query = try CatalogQuery.parse(
            [("page", "0"), ("per_page", "1000"), ("min_rating", "9"), ("sort", "random"), ("min_price", "x")], strict: false)
        #expect(query.page == 1)
        #expect(query.perPage == 100)
        #expect(query.minRating == 5)
        #expect(query.sort == .newest)
        #expect(query.minPriceCents == nil)
        #expect(try CatalogQuery.parse([("page", "abc")], strict: false).page == 1)
    }

    @Test func dollarsParseToCents() {
        #expect(Money.parseDollars("150") == 15_000)
        #expect(Money.parseDollars("149.99") == 14_999)
        #expect(Money.parseDollars("149.9") == 14_990)
        #expect(Money.parseDollars("-5") == nil)
        #expect(Money.parseDollars("1.234") == nil)
        #expect(Money.format(129_999) == "$1,299.99")
        #expect(Money.format(5) == "$0.05")
    }
}

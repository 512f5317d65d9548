import BacklineCore
import BacklineTestSupport
import Foundation
import Mustache
import Testing

@testable import BacklineApp

/// The generated lookups (scripts/gen-mustache-lookups) must answer exactly what reflection would.
@Suite struct MustacheLookupTests {
    /// A value's text with any layers of Optional removed.
    func flat(_ value: Any?) -> String {
        guard let value else { return "nil" }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.map { flat($0.value) } ?? "nil" }
        return String(describing: value)
    }

    func agree(_ value: some MustacheParent) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            guard let label = child.label else { return nil }
            return flat(value.child(named: label)) == flat(child.value) ? nil : label
        }
    }

    @Test func generatedLookupsMatchTheStoredProperties() {
        var layout = LayoutData(title: "T")
        layout.user = UserMenu(name: "N", avatar: "/a.png", isSeller: true, isAdmin: false)
        layout.flash = Flash(kind: "info", message: "M")
        #expect(agree(layout).isEmpty)
        #expect(agree(layout.user!).isEmpty)
        #expect(agree(layout.flash!).isEmpty)
        #expect(agree(LayoutData.MenuItem(name: "A", href: "/a", current: true)).isEmpty)
        #expect(agree(LinkView(label: "L", href: "/h")).isEmpty)
        #expect(agree(FacetOption(name: "n", value: "v", label: "l", count: "3", checked: true, depthClass: "depth-0", inputID: "i")).isEmpty)
        #expect(agree(SortOption(value: "v", label: "l", selected: false)).isEmpty)
        #expect(agree(PageLink(number: 2, href: "/p", current: false, gap: false)).isEmpty)
        #expect(agree(PaginationView(prev: nil, next: "/n", pages: [])).isEmpty)
        #expect(agree(RatingView(average: 4.5, count: 2)!).isEmpty)
        #expect(agree(CardHTML(html: "<p>")).isEmpty)
        #expect(agree(CategoryTileView(name: "N", href: "/h", image: "/i", count: "3")).isEmpty)
        #expect(agree(ReviewView(ReviewInfo(id: 1, rating: 4, title: "T", body: "B", authorName: "A", createdAt: Date()))).isEmpty)
        #expect(agree(PageContext(layout: layout, page: LinkView(label: "x", href: "y"))).isEmpty)
    }

    /// A type added to the generator needs a check above: a stale lookup renders an empty field without a word.
    @Test func everyGeneratedLookupIsChecked() throws {
        let checked: Set = [
            "LayoutData", "LayoutData.MenuItem", "UserMenu", "Flash", "PageContext", "CardHTML", "RatingView", "LinkView", "FacetOption",
            "SortOption", "PageLink", "PaginationView", "ListingView", "ProductView", "ProductView.Spec", "ShopBoxView", "ReviewView",
            "CategoryTileView", "HomeView", "ShopPageView", "CardView",
        ]
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources/BacklineApp/Web/MustacheLookups.swift")
        let generated = try String(contentsOf: file.standardized, encoding: .utf8).split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("extension "), let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 10)..<colon])
        }
        #expect(Set(generated) == checked && generated.count == checked.count)
    }

    /// The page-sized view models, built from a real catalog the way the storefront builds them.
    @Test func generatedLookupsMatchThePageViewModels() async throws {
        try await withTestServices { services in
            let fixture = try await CatalogFixture.insert(into: services)
            let catalog = services.catalog
            let cards = [CardHTML(html: "<p>")]
            let product = try await catalog.product(id: fixture.strat)
            let view = ProductView(
                product, tree: try await catalog.categoryTree(), reviews: try await catalog.reviews(productID: fixture.strat, page: 1, perPage: 10),
                reviewsPage: 1, related: cards)
            #expect(!view.specs.isEmpty && view.rating != nil)
            #expect(agree(view).isEmpty)
            #expect(agree(view.specs[0]).isEmpty)
            #expect(agree(view.shop).isEmpty)
            #expect(agree(CardView(product.summary)).isEmpty)
            var query = CatalogQuery()
            query.text = "fender"
            let listing = ListingView(path: "/products", heading: "H", query: query, page: try await catalog.search(query), cards: cards)
            #expect(agree(listing).isEmpty)
            #expect(
                agree(HomeView(tiles: [CategoryTileView(name: "N", href: "/h", image: "/i", count: "3")], newArrivals: cards, popular: cards)).isEmpty
            )
            #expect(agree(ShopPageView(shop: view.shop, listing: listing, breadcrumbs: [LinkView(label: "L", href: "/h")])).isEmpty)
        }
    }

    /// A partial or block tag alone on an indented line makes swift-mustache indent what it renders, counting the
    /// characters of every piece on the way (the layout's indented `{{$content}}` once took a fifth of a listing
    /// request). Templates keep those tags at the start of the line.
    @Test func templatesKeepPartialAndBlockTagsAtTheLineStart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates").standardized
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 20)
        for file in files {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let indented = trimmed.count < line.count && ["{{>", "{{$", "{{<"].contains { trimmed.hasPrefix($0) }
                #expect(!indented, "\(file):\(number + 1) indents a partial or block tag")
            }
        }
    }
}

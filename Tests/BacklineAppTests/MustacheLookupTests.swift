import BacklineCore
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

    /// A partial or block tag alone on an indented line makes swift-mustache indent what it renders, counting the
    /// characters of every piece on the way (the layout's indented `{{$content}}` once took a fifth of a listing
    /// request). Templates keep those tags at the start of the line.
    @Test func templatesKeepPartialAndBlockTagsAtTheLineStart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates").standardized
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 20)
        for file in files {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let indented = trimmed.count < line.count && ["{{>", "{{$", "{{<"].contains { trimmed.hasPrefix($0) }
                #expect(!indented, "\(file):\(number + 1) indents a partial or block tag")
            }
        }
    }
}

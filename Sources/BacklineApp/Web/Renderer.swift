import BacklineCore
import Foundation
import Hummingbird
import Mustache
import NIOCore

/// What the layout needs on every page: the header, the category menu, flash messages.
struct LayoutData: Sendable {
    struct MenuItem: Sendable {
        let name: String
        let href: String
        let current: Bool
    }

    var title: String
    var description = "Backline — a marketplace for guitars, amps, pedals, synths, drums, pro audio and DJ gear."
    var searchText = ""
    var menu: [MenuItem] = []
    var cartCount = 0
    var flash: Flash?
    var year = Calendar(identifier: .gregorian).component(.year, from: Date())
    /// Extra `<link>` elements: `rel=prev/next` of paginated listings.
    var linkPrev: String?
    var linkNext: String?
    var noindex = false
    /// The form token every POST form carries as `_csrf`.
    var csrf = ""
    var user: UserMenu?
}

/// The account menu of the header.
struct UserMenu: Sendable {
    let name: String
    let avatar: String
    let isSeller: Bool
    let isAdmin: Bool
}

struct Flash: Sendable {
    let kind: String  // success | error | info
    let message: String
}

/// A page's view model beside the layout's data; templates read `layout.*` and `page.*`.
struct PageContext<Page: Sendable>: Sendable {
    let layout: LayoutData
    let page: Page
}

/// Renders Mustache templates loaded once at start from `Templates/` (per-feature folders).
public struct Renderer: Sendable {
    let library: MustacheLibrary

    public init(templatesDirectory: String) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory)
    }

    /// What every form's `_csrf` field holds in templates (`partials/csrf`). Pages are rendered with it and it
    /// is replaced by the session's token as the response is made, so cached fragments (product cards) and cached
    /// pages hold no token. It holds `<>`, which HTML escaping always rewrites: text a user typed (a review, a shop
    /// name) can never contain it, so it can never be turned into the viewer's token.
    static let csrfPlaceholder = "__backline_csrf<>__"

    /// Renders a page template (which extends `layout`) into an HTML response.
    func page<Page: Sendable>(_ template: String, layout: LayoutData, page: Page, status: HTTPResponse.Status = .ok) throws -> HTML {
        guard let body = library.render(PageContext(layout: layout, page: page), withTemplate: template) else {
            throw RenderError(template: template)
        }
        return HTML(page: body, csrf: layout.csrf, status: status)
    }

    /// The page's UTF-8 bytes with every `placeholder` replaced, compared byte by byte (`memchr` for the first
    /// byte, then `memcmp`). The standard library's `replacing(_:with:)` walks grapheme clusters, and over a whole
    /// page that was a sixth of a listing request's time.
    static func bytes(of body: String, replacing placeholder: String, with value: String) -> ByteBuffer {
        var body = body
        let needle = Array(placeholder.utf8)
        return body.withUTF8 { page in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(page.count + 1_024)
            guard let base = page.baseAddress, let first = needle.first else {
                buffer.writeBytes(page)
                return buffer
            }
            var start = 0
            var from = 0
            while page.count - from >= needle.count, let hit = memchr(base + from, Int32(first), page.count - from - needle.count + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, needle, needle.count) == 0 {
                    buffer.writeBytes(UnsafeBufferPointer(rebasing: page[start..<at]))
                    buffer.writeString(value)
                    start = at + needle.count
                    from = start
                } else {
                    from = at + 1
                }
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: page[start...]))
            return buffer
        }
    }

    /// Renders a template on its own (a fragment), without the layout.
    func fragment(_ template: String, _ object: some Sendable) throws -> String {
        guard let body = library.render(object, withTemplate: template) else { throw RenderError(template: template) }
        return body
    }
}

struct RenderError: Error, CustomStringConvertible {
    let template: String
    var description: String { "no template named '\(template)'" }
}

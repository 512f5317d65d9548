import BacklineCore
import Foundation
import Hummingbird

/// What every HTML route needs besides its own service: the renderer and the layout's data.
struct WebContext: Sendable {
    let renderer: Renderer
    let catalog: CatalogService
    let carts: CartService
    let secretKey: String

    /// The layout for a page: title, the category menu (the current category marked), the search box, the
    /// signed-in user, the form token and the flash message (shown once).
    func layout(
        title: String, context: AppRequestContext, currentCategory: String? = nil, searchText: String = ""
    ) async throws -> LayoutData {
        var layout = LayoutData(title: title)
        layout.searchText = searchText
        layout.menu = try await menu(currentCategory: currentCategory)
        layout.csrf = CSRFMiddleware.token(sessionID: context.session.ensureID(), secretKey: secretKey)
        if let flash = context.session.takeFlash() { layout.flash = Flash(kind: flash.kind, message: flash.message) }
        if let owner = context.cartOwner { layout.cartCount = try await carts.itemCount(owner) }
        if let user = context.user {
            layout.user = UserMenu(
                name: user.displayName, avatar: user.avatarPath ?? "/img/avatar.svg", isSeller: user.role == .seller || user.role == .admin,
                isAdmin: user.role == .admin)
        }
        return layout
    }

    /// Product cards as HTML, each rendered once per product revision and reused by every page and visitor
    /// (a card holds nothing of the visitor's own).
    func cards(_ products: [ProductSummary]) throws -> [CardHTML] {
        try products.map { product in
            if let html = catalog.cards.html(for: product) { return CardHTML(html: html) }
            let html = try renderer.fragment("partials/card", CardView(product))
            catalog.cards.store(html: html, for: product)
            return CardHTML(html: html)
        }
    }

    /// The listing's filter sidebar. It is rendered from the query (without its page) and the facet counts alone,
    /// so it is kept under a key made of exactly those: a count that moved makes a new key.
    func filters(for listing: ListingView, query: CatalogQuery, facets: Facets) throws -> String {
        var key = listing.action + "?" + QueryString.encode(query.pairs(includingPage: false)) + (listing.empty ? "|0" : "|")
        for group in [facets.categories, facets.brands, facets.conditions, facets.priceBands] {
            key += "|"
            for value in group { key += value.value + ":" + String(value.count) + "," }
        }
        if let html = catalog.cards.fragment(named: key) { return html }
        let html = try renderer.fragment("partials/filters", listing)
        catalog.cards.store(fragment: html, named: key)
        return html
    }

    /// The category menu of the header, the current category's top level marked.
    func menu(currentCategory: String? = nil) async throws -> [LayoutData.MenuItem] {
        let tree = try await catalog.categoryTree()
        let currentRoot = currentCategory.flatMap { tree.node(slug: $0) }.flatMap { tree.path(to: $0.id).first?.slug }
        return tree.roots.map { LayoutData.MenuItem(name: $0.name, href: "/products?category=\($0.slug)", current: $0.slug == currentRoot) }
    }

    func render<Page: Sendable>(_ template: String, layout: LayoutData, page: Page, status: HTTPResponse.Status = .ok) throws -> HTML {
        try renderer.page(template, layout: layout, page: page, status: status)
    }

    /// A page about the visitor's own things (account, cart, orders): rendered in the layout, never cached.
    func page<Page: Sendable>(
        _ template: String, _ title: String, _ view: Page, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let layout = try await layout(title: "\(title) — Backline", context: context)
        var response = try render(template, layout: layout, page: view, status: status).response()
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    /// Where a button's form came from (the `Referer`'s path on this site), for going back after it; else `fallback`.
    func back(_ request: Request, fallback: String) -> String {
        guard let referer = request.headers[.referer], let url = URLComponents(string: referer), !url.path.isEmpty else { return fallback }
        let local = url.path + (url.query.map { "?" + $0 } ?? "")
        let safe = AccountWebRoutes.safeNext(local)
        return safe == "/" && local != "/" ? fallback : safe
    }

    /// 303 to a page (post/redirect/get), with a flash message for it.
    func redirect(_ location: String, context: AppRequestContext, flash: String? = nil, kind: String = "success") -> Response {
        if let flash { context.session.flash(kind, flash) }
        return Response(status: .seeOther, headers: [.location: location])
    }

    /// Pages that need a login send anonymous visitors to `/login?next=PATH`.
    func requireUser(_ request: Request, _ context: AppRequestContext) throws -> CurrentUser {
        guard let user = context.user else {
            throw RedirectToLogin(next: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        return user
    }
}

/// Thrown by pages that need a login; the error middleware turns it into the 303.
struct RedirectToLogin: Error {
    let next: String
    var location: String { "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/") }
}

/// A rendered product card. Templates insert it with `{{{html}}}`: it is Mustache output, escaped when it was
/// rendered from `partials/card`, never raw user data.
struct CardHTML: Sendable {
    let html: String
}

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

    /// A storefront page (home, listing, product, shop) looks the same to every visitor who has nothing of their own
    /// yet: not signed in, no cart, no message waiting. For them it is rendered once per address and catalog version
    /// and reused, only their form token written in; everyone else gets it rendered for them. Any product, category
    /// or shop write moves the catalog version (on every instance), and with it every stored page.
    func storefront(_ request: Request, context: AppRequestContext, render: () async throws -> HTML) async throws -> HTML {
        guard context.user == nil, context.cartOwner == nil, !context.session.hasFlash else { return try await render() }
        let (key, stored) = try await catalog.storedAnswer("page", for: request)
        if let page = stored {
            return HTML(page: page, csrf: CSRFMiddleware.token(sessionID: context.session.ensureID(), secretKey: secretKey))
        }
        let html = try await render()
        if html.status == .ok { catalog.cache.store(sharedBody: html.page, for: key) }
        return html
    }

    /// Product cards as HTML, each rendered once per catalog version and reused by every page and visitor.
    func cards(_ products: [ProductSummary]) throws -> [CardHTML] {
        try products.map { product in
            if let html = catalog.cache.fragment(product.id) { return CardHTML(html: html) }
            let html = try renderer.fragment("partials/card", CardView(product))
            catalog.cache.store(fragment: html, for: product.id)
            return CardHTML(html: html)
        }
    }

    /// The listing's filter sidebar: it depends only on the query and its (cached) facets, so it is rendered
    /// once per query and catalog version.
    func filters(for listing: ListingView, query: CatalogQuery) throws -> String {
        let key = listing.action + "?" + QueryString.encode(query.pairs(includingPage: false))
        if let html = catalog.cache.fragment(named: key) { return html }
        let html = try renderer.fragment("partials/filters", listing)
        catalog.cache.store(fragment: html, named: key)
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

extension CatalogService {
    /// The answer stored for this address (`surface` keeps pages and API answers apart), read after the catalog
    /// version is checked; `key` is where a new one goes. The address is the path and the query as sent.
    func storedAnswer(_ surface: String, for request: Request) async throws -> (key: String, body: String?) {
        try await refreshCache()
        let key = surface + " " + request.uri.path + "?" + (request.uri.query ?? "")
        return (key, cache.sharedBody(key))
    }
}

import BacklineCore
import Hummingbird

/// What every HTML route needs besides its own service: the renderer and the layout's data.
struct WebContext: Sendable {
    let renderer: Renderer
    let catalog: CatalogService

    /// The layout for a page: title, the category menu (the current category marked), the search box.
    func layout(title: String, request: Request, currentCategory: String? = nil, searchText: String = "") async throws -> LayoutData {
        let tree = try await catalog.categoryTree()
        let currentRoot = currentCategory.flatMap { tree.node(slug: $0) }.flatMap { tree.path(to: $0.id).first?.slug }
        var layout = LayoutData(title: title)
        layout.searchText = searchText
        layout.menu = tree.roots.map {
            LayoutData.MenuItem(name: $0.name, href: "/products?category=\($0.slug)", current: $0.slug == currentRoot)
        }
        return layout
    }

    func render<Page: Sendable>(_ template: String, layout: LayoutData, page: Page, status: HTTPResponse.Status = .ok) throws -> HTML {
        try renderer.page(template, layout: layout, page: page, status: status)
    }
}

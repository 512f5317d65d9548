import BacklineCore
import Foundation
import Hummingbird

/// The category tree: grow, rename, move and prune it; pages under `/admin/categories` and the API's writes beside
/// them. `CategoryAdmin` holds every rule and writes the audit entry, so both surfaces behave alike.
struct AdminCategoryRoutes: Sendable {
    let web: WebContext
    let categories: CategoryAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/categories", use: categoriesPage)
        pages.post("/admin/categories", use: createCategory)
        pages.get("/admin/categories/:id/edit", use: editCategoryPage)
        pages.post("/admin/categories/:id", use: updateCategory)
        pages.post("/admin/categories/:id/delete", use: deleteCategory)
        // `GET /categories` is the public tree (CatalogAPIRoutes); the writes are admin-only.
        api.post("categories", use: apiCreateCategory)
        api.patch("categories/:id", use: apiUpdateCategory)
        api.delete("categories/:id", use: apiDeleteCategory)
    }

    // MARK: - Category pages

    struct CategoryRow: Sendable {
        let id: Int
        let name: String
        /// Spaces and a corner per level below the top: the tree's shape in a table.
        let indent: String
        let parentName: String?
        let slug: String
        let productCount: String
        let position: Int
        let editHref: String
        let addChildHref: String
        let publicHref: String
    }

    struct CategoriesView: Sendable {
        let nav = AdminNav(current: "/admin/categories")
        let rows: [CategoryRow]
        let hasRows: Bool
        let total: String
        let fields: [FieldView]
        let parentSelect: SelectView
        let position: FieldView
        let hasErrors: Bool
    }

    struct CategoryFormView: Sendable {
        let nav = AdminNav(current: "/admin/categories")
        let heading: String
        let id: Int
        let fields: [FieldView]
        let parentSelect: SelectView
        let position: FieldView
        let publicHref: String
        let counts: String
        let canDelete: Bool
        let blockedReason: String?
        let deleteError: String?
    }

    /// Options of the parent select: the top level, then the tree indented, without `excluded` (a category and
    /// everything below it, which cannot hold it).
    static func parentOptions(_ nodes: [CategoryAdmin.Node], excluding excluded: Set<Int> = []) -> [(value: String, label: String)] {
        [("", "None (top level)")]
            + nodes.filter { !excluded.contains($0.id) }.map { (String($0.id), String(repeating: "— ", count: $0.depth) + $0.name) }
    }

    func categoriesView(_ nodes: [CategoryAdmin.Node], form: FormData? = nil, errors: [FieldError] = [], parent: String? = nil) -> CategoriesView {
        let names = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.name) })
        let rows = nodes.map { node in
            CategoryRow(
                id: node.id, name: node.name,
                indent: node.depth == 0 ? "" : String(repeating: "\u{00A0}\u{00A0}\u{00A0}\u{00A0}", count: node.depth - 1) + "└\u{00A0}",
                parentName: node.parentID.flatMap { names[$0] }, slug: node.slug, productCount: Format.count(node.productCount),
                position: node.position,
                editHref: "/admin/categories/\(node.id)/edit", addChildHref: "/admin/categories?parent=\(node.id)#add",
                publicHref: "/products?category=\(node.slug)")
        }
        return CategoriesView(
            rows: rows, hasRows: !rows.isEmpty, total: "\(Format.count(nodes.count)) categor\(nodes.count == 1 ? "y" : "ies")",
            fields: [
                FieldView("name", "Name", form: form, errors: errors, required: true),
                FieldView(
                    "slug", "Web address", form: form, errors: errors,
                    hint: "Lower-case letters, digits and hyphens. Left empty, it is made from the name."),
            ],
            parentSelect: SelectView(
                "parent_id", "Parent", options: Self.parentOptions(nodes), selected: form.map { $0["parent_id"] ?? "" } ?? parent, errors: errors),
            position: FieldView(
                "position", "Position", type: "number", form: form, errors: errors, hint: "Order among its siblings, from 0. Empty: last."),
            hasErrors: !errors.isEmpty)
    }

    /// The category form as the core's input. A position or parent that is not a number is named here; the
    /// core's rules add the rest.
    static func categoryInput(_ form: FormData) throws -> CategoryAdmin.Input {
        var errors: [FieldError] = []
        var parentID: Int?
        let parent = (form["parent_id"] ?? "").trimmingCharacters(in: .whitespaces)
        if !parent.isEmpty {
            parentID = Int(parent)
            if parentID == nil { errors.append(.init(field: "parent_id", message: "Choose a parent from the list.")) }
        }
        var position: Int?
        let typed = (form["position"] ?? "").trimmingCharacters(in: .whitespaces)
        if !typed.isEmpty {
            position = Int(typed)
            if position == nil { errors.append(.init(field: "position", message: "Enter a whole number from 0, or leave it empty.")) }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return CategoryAdmin.Input(name: form["name"] ?? "", slug: form["slug"], parentID: parentID, position: position)
    }

    @Sendable func categoriesPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        let parent = QueryString.parse(request.uri.query).last { $0.0 == "parent" }.map(\.1)
        return try await web.page("admin/categories", "Categories", categoriesView(try await categories.tree(), parent: parent), context: context)
    }

    @Sendable func createCategory(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let form = context.form ?? FormData()
        do {
            let node = try await categories.create(try Self.categoryInput(form), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/categories", context: context, flash: "“\(node.name)” is added. Sellers can list in it now.")
        } catch let error as ValidationError {
            return try await web.page(
                "admin/categories", "Categories", categoriesView(try await categories.tree(), form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    func categoryForm(_ id: Int, form: FormData? = nil, errors: [FieldError] = [], deleteError: String? = nil) async throws -> CategoryFormView {
        let nodes = try await categories.tree()
        guard let node = nodes.first(where: { $0.id == id }) else { throw AdminError.notFound("category") }
        // The node and everything below it: it sits right after the node in depth-first order, deeper than it.
        let index = nodes.firstIndex { $0.id == id }!
        let below = nodes[(index + 1)...].prefix { $0.depth > node.depth }.map(\.id)
        let listings = node.productCount == 1 ? "1 listing" : "\(Format.count(node.productCount)) listings"
        let children = node.childCount == 1 ? "1 sub-category" : "\(node.childCount) sub-categories"
        var blocked: String?
        if node.childCount > 0 {
            blocked = "It has \(children). Move or delete them first."
        } else if node.productCount > 0 {
            blocked = "It holds \(listings). Sellers move them to another category first."
        }
        return CategoryFormView(
            heading: node.name, id: node.id,
            fields: [
                FieldView("name", "Name", form: form, value: node.name, errors: errors, hint: "Renaming updates search at once.", required: true),
                FieldView(
                    "slug", "Web address", form: form, value: node.slug, errors: errors,
                    hint: "Used in links like /products?category=\(node.slug). Changing it breaks old links."),
            ],
            parentSelect: SelectView(
                "parent_id", "Parent", options: Self.parentOptions(nodes, excluding: Set([id] + below)),
                selected: form.map { $0["parent_id"] ?? "" } ?? node.parentID.map(String.init) ?? "", errors: errors,
                hint: "Moving it takes its sub-categories and listings along."),
            position: FieldView(
                "position", "Position", type: "number", form: form, value: String(node.position), errors: errors,
                hint: "Order among its siblings, from 0."),
            publicHref: "/products?category=\(node.slug)",
            counts: node.childCount > 0 ? "\(listings) here and below, in \(children)." : "\(listings).",
            canDelete: blocked == nil, blockedReason: blocked, deleteError: deleteError)
    }

    @Sendable func editCategoryPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        let view = try await categoryForm(try context.pathID(or: AdminError.notFound("category")))
        return try await web.page("admin/categories-form", "Edit \(view.heading)", view, context: context)
    }

    @Sendable func updateCategory(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try context.pathID(or: AdminError.notFound("category"))
        let form = context.form ?? FormData()
        do {
            let node = try await categories.update(id: id, try Self.categoryInput(form), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/categories", context: context, flash: "“\(node.name)” is saved.")
        } catch let error as ValidationError {
            let view = try await categoryForm(id, form: form, errors: error.errors)
            return try await web.page("admin/categories-form", "Edit \(view.heading)", view, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func deleteCategory(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try context.pathID(or: AdminError.notFound("category"))
        let node = try await categories.category(id: id)
        do {
            try await categories.delete(id: id, by: caller, ip: context.clientAddress)
            return web.redirect("/admin/categories", context: context, flash: "“\(node.name)” is deleted.", kind: "info")
        } catch AdminError.conflict(let reason) {
            let view = try await categoryForm(id, deleteError: reason)
            return try await web.page("admin/categories-form", "Edit \(view.heading)", view, context: context, status: .conflict)
        }
    }

    // MARK: - API: categories

    struct CategoryItem: Encodable, Sendable {
        let id: Int
        let name: String
        let slug: String
        @Nullable var parentId: Int?
        let position: Int
        let productCount: Int

        init(_ node: CategoryAdmin.Node) {
            (id, name, slug, parentId, position, productCount) = (node.id, node.name, node.slug, node.parentID, node.position, node.productCount)
        }
    }

    struct CategoryBody: Decodable {
        let name: String?
        let slug: String?
        let parentId: Int?
        let position: Int?
    }

    static func categoryID(_ context: AdminRequestContext) throws -> Int { try CatalogAPIRoutes.id(context, notFound: "No category with that id.") }

    @Sendable func apiCreateCategory(request: Request, context: AdminRequestContext) async throws -> JSONBody<CategoryItem> {
        let caller = context.admin.caller
        let body = try await APIBody.decode(CategoryBody.self, from: request)
        let input = CategoryAdmin.Input(name: body.name ?? "", slug: body.slug, parentID: body.parentId, position: body.position)
        return JSONBody(CategoryItem(try await categories.create(input, by: caller, ip: context.clientAddress)), status: .created)
    }

    @Sendable func apiUpdateCategory(request: Request, context: AdminRequestContext) async throws -> JSONBody<CategoryItem> {
        let caller = context.admin.caller
        let id = try Self.categoryID(context)
        let current = try await categories.category(id: id)
        let patch = try await APIBody.decode(Patch<CategoryBody>.self, from: request)
        let body = patch.fields
        // Left out, the slug stays; `null` (or "") makes one from a new name (an unchanged name keeps it). Position
        // left out keeps the category's place, or puts it last under a new parent.
        let input = CategoryAdmin.Input(
            name: body.name ?? current.name, slug: patch.sent.contains("slug") ? body.slug : current.slug,
            parentID: patch.value("parentId", body.parentId, else: current.parentID), position: body.position)
        return JSONBody(CategoryItem(try await categories.update(id: id, input, by: caller, ip: context.clientAddress)))
    }

    @Sendable func apiDeleteCategory(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.admin.caller
        try await categories.delete(id: try Self.categoryID(context), by: caller, ip: context.clientAddress)
        return Response(status: .noContent)
    }
}

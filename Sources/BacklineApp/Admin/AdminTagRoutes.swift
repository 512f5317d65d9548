import BacklineCore
import Foundation
import Hummingbird

/// Tags: list, add, rename, delete; pages under `/admin/tags` and the API beside them. `TagAdmin` holds every rule
/// and writes the audit entry, so both surfaces behave alike.
struct AdminTagRoutes: Sendable {
    let web: WebContext
    let tags: TagAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/tags", use: tagsPage)
        pages.post("/admin/tags", use: createTag)
        pages.get("/admin/tags/:id/edit", use: editTagPage)
        pages.post("/admin/tags/:id", use: updateTag)
        pages.post("/admin/tags/:id/delete", use: deleteTag)
        api.get("admin/tags", use: apiTags)
        api.get("admin/tags/:id", use: apiTag)
        api.post("admin/tags", use: apiCreateTag)
        api.patch("admin/tags/:id", use: apiUpdateTag)
        api.delete("admin/tags/:id", use: apiDeleteTag)
    }

    // MARK: - Tag pages

    struct TagRow: Sendable {
        let id: Int
        let name: String
        let slug: String
        let listings: String
        let listingsHref: String
        let editHref: String
    }

    struct TagsView: Sendable {
        let nav = AdminNav(current: "/admin/tags")
        let columns: [TableColumn]
        let rows: [TagRow]
        let hasRows: Bool
        let total: String
        let pagination: PaginationView?
        let fields: [FieldView]
        let hasErrors: Bool
    }

    struct TagFormView: Sendable {
        let nav = AdminNav(current: "/admin/tags")
        let heading: String
        let id: Int
        let fields: [FieldView]
        let listings: String
        let listingsHref: String
        let carried: Bool
    }

    static let tagSorts = TagAdmin.Sort.allCases.map(\.rawValue)

    func tagsView(_ request: Request, form: FormData? = nil, errors: [FieldError] = []) async throws -> TagsView {
        let query = try TableQuery.parse(request, strict: false, perPage: 100, sorts: Self.tagSorts, defaultSort: ("name", false))
        let (items, total) = try await tags.tags(
            sort: TagAdmin.Sort(rawValue: query.sort) ?? .name, descending: query.descending, page: query.page, perPage: query.perPage)
        func href(sort: String = query.sortValue, page: Int = 1) -> String {
            var pairs: [(String, String)] = []
            if sort != "name" { pairs.append(("sort", sort)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/tags", pairs)
        }
        return TagsView(
            columns: [
                .sortable("Name", key: "name", current: query) { href(sort: $0) }, .plain("Web address"),
                .sortable("Listings", key: "listings", firstDescending: true, numeric: true, current: query) { href(sort: $0) },
            ],
            rows: items.map {
                TagRow(
                    id: $0.id, name: $0.name, slug: $0.slug, listings: Format.count($0.listingCount), listingsHref: "/products?tag=\($0.slug)",
                    editHref: "/admin/tags/\($0.id)/edit")
            },
            hasRows: !items.isEmpty, total: "\(Format.count(total)) tag\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: query.page, totalPages: ListQuery.pageCount(total: total, perPage: query.perPage)) { href(page: $0) },
            fields: Self.tagFields(form: form, errors: errors), hasErrors: !errors.isEmpty)
    }

    static func tagFields(_ tag: TagAdmin.Managed? = nil, form: FormData?, errors: [FieldError]) -> [FieldView] {
        [
            FieldView("name", "Name", form: form, value: tag?.name, errors: errors, hint: "As buyers see it, like “Vintage”.", required: true),
            FieldView(
                "slug", "Web address", form: form, value: tag?.slug, errors: errors,
                hint: tag == nil ? "Used in links like /products?tag=vintage. Left empty, it is made from the name." : "Changing it breaks old links."
            ),
        ]
    }

    @Sendable func tagsPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        return try await web.page("admin/tags", "Tags", try await tagsView(request), context: context)
    }

    @Sendable func createTag(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let form = context.form ?? FormData()
        do {
            let tag = try await tags.create(TagAdmin.Input(name: form["name"] ?? "", slug: form["slug"]), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/tags", context: context, flash: "Tag “\(tag.name)” is added. Sellers can pick it for their listings.")
        } catch let error as ValidationError {
            return try await web.page(
                "admin/tags", "Tags", try await tagsView(request, form: form, errors: error.errors), context: context, status: .unprocessableContent)
        }
    }

    func tagForm(_ tag: TagAdmin.Managed, form: FormData? = nil, errors: [FieldError] = []) -> TagFormView {
        TagFormView(
            heading: tag.name, id: tag.id, fields: Self.tagFields(tag, form: form, errors: errors),
            listings: tag.listingCount == 1 ? "1 listing" : "\(Format.count(tag.listingCount)) listings", listingsHref: "/products?tag=\(tag.slug)",
            carried: tag.listingCount > 0)
    }

    @Sendable func editTagPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        let tag = try await tags.tag(id: try context.pathID(or: AdminError.notFound("tag")))
        return try await web.page("admin/tags-form", "Edit \(tag.name)", tagForm(tag), context: context)
    }

    @Sendable func updateTag(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try context.pathID(or: AdminError.notFound("tag"))
        let form = context.form ?? FormData()
        let existing = try await tags.tag(id: id)
        do {
            let tag = try await tags.update(
                id: id, TagAdmin.Input(name: form["name"] ?? "", slug: form["slug"]), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/tags", context: context, flash: "Tag “\(tag.name)” is saved.")
        } catch let error as ValidationError {
            return try await web.page(
                "admin/tags-form", "Edit \(existing.name)", tagForm(existing, form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func deleteTag(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try context.pathID(or: AdminError.notFound("tag"))
        let tag = try await tags.tag(id: id)
        try await tags.delete(id: id, by: caller, ip: context.clientAddress)
        let from = tag.listingCount == 0 ? "" : " and taken off \(tag.listingCount == 1 ? "1 listing" : "\(Format.count(tag.listingCount)) listings")"
        return web.redirect("/admin/tags", context: context, flash: "Tag “\(tag.name)” is deleted\(from).", kind: "info")
    }

    // MARK: - API: tags

    struct TagItem: Encodable, Sendable {
        let id: Int
        let name: String
        let slug: String
        let listingCount: Int

        init(_ tag: TagAdmin.Managed) { (id, name, slug, listingCount) = (tag.id, tag.name, tag.slug, tag.listingCount) }
    }

    struct TagBody: Decodable {
        let name: String?
        let slug: String?
    }

    static func tagID(_ context: AdminRequestContext) throws -> Int { try CatalogAPIRoutes.id(context, notFound: "No tag with that id.") }

    @Sendable func apiTags(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<TagItem>> {
        let query = try TableQuery.parse(
            request, strict: true, perPage: ListQuery.defaultPerPage, sorts: Self.tagSorts, defaultSort: ("name", false))
        let (items, total) = try await tags.tags(
            sort: TagAdmin.Sort(rawValue: query.sort) ?? .name, descending: query.descending, page: query.page, perPage: query.perPage)
        return JSONBody(PageEnvelope(items: items.map(TagItem.init), page: query.page, perPage: query.perPage, total: total))
    }

    @Sendable func apiTag(request: Request, context: AdminRequestContext) async throws -> JSONBody<TagItem> {
        return JSONBody(TagItem(try await tags.tag(id: try Self.tagID(context))))
    }

    @Sendable func apiCreateTag(request: Request, context: AdminRequestContext) async throws -> JSONBody<TagItem> {
        let caller = context.admin.caller
        let body = try await APIBody.decode(TagBody.self, from: request)
        return JSONBody(
            TagItem(try await tags.create(TagAdmin.Input(name: body.name ?? "", slug: body.slug), by: caller, ip: context.clientAddress)),
            status: .created)
    }

    @Sendable func apiUpdateTag(request: Request, context: AdminRequestContext) async throws -> JSONBody<TagItem> {
        let caller = context.admin.caller
        let id = try Self.tagID(context)
        let current = try await tags.tag(id: id)
        let patch = try await APIBody.decode(Patch<TagBody>.self, from: request)
        let input = TagAdmin.Input(name: patch.fields.name ?? current.name, slug: patch.sent.contains("slug") ? patch.fields.slug : current.slug)
        return JSONBody(TagItem(try await tags.update(id: id, input, by: caller, ip: context.clientAddress)))
    }

    @Sendable func apiDeleteTag(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.admin.caller
        try await tags.delete(id: try Self.tagID(context), by: caller, ip: context.clientAddress)
        return Response(status: .noContent)
    }
}

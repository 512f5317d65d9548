import BacklineCore
import Foundation
import Hummingbird

/// Coupons, the category tree and tags: create, edit, delete; pages under `/admin` and the API beside them.
/// Handlers translate forms and bodies; the core services (`CouponAdmin`, `CategoryAdmin`, `TagAdmin`) hold every
/// rule and write the audit entry, so both surfaces behave alike.
struct AdminCatalogRoutes: Sendable {
    let web: WebContext
    let coupons: CouponAdmin
    let categories: CategoryAdmin
    let tags: TagAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/coupons", use: couponsPage)
        pages.get("/admin/coupons/new", use: newCouponPage)
        pages.post("/admin/coupons", use: createCoupon)
        pages.get("/admin/coupons/:id/edit", use: editCouponPage)
        pages.post("/admin/coupons/:id", use: updateCoupon)
        pages.post("/admin/coupons/:id/delete", use: deleteCoupon)
        pages.get("/admin/categories", use: categoriesPage)
        pages.post("/admin/categories", use: createCategory)
        pages.get("/admin/categories/:id/edit", use: editCategoryPage)
        pages.post("/admin/categories/:id", use: updateCategory)
        pages.post("/admin/categories/:id/delete", use: deleteCategory)
        pages.get("/admin/tags", use: tagsPage)
        pages.post("/admin/tags", use: createTag)
        pages.get("/admin/tags/:id/edit", use: editTagPage)
        pages.post("/admin/tags/:id", use: updateTag)
        pages.post("/admin/tags/:id/delete", use: deleteTag)

        api.get("admin/coupons", use: apiCoupons)
        api.get("admin/coupons/:id", use: apiCoupon)
        api.post("admin/coupons", use: apiCreateCoupon)
        api.patch("admin/coupons/:id", use: apiUpdateCoupon)
        api.delete("admin/coupons/:id", use: apiDeleteCoupon)
        // `GET /categories` is the public tree (CatalogAPIRoutes); the writes are admin-only.
        api.post("categories", use: apiCreateCategory)
        api.patch("categories/:id", use: apiUpdateCategory)
        api.delete("categories/:id", use: apiDeleteCategory)
        api.get("admin/tags", use: apiTags)
        api.get("admin/tags/:id", use: apiTag)
        api.post("admin/tags", use: apiCreateTag)
        api.patch("admin/tags/:id", use: apiUpdateTag)
        api.delete("admin/tags/:id", use: apiDeleteTag)
    }

    func pageID(_ context: AdminRequestContext, _ what: String) throws -> Int {
        return try context.pathID(or: AdminError.notFound(what))
    }

    // MARK: - Lists: paging and sorting

    /// An admin table's query, read as every list reads it (`ListQuery`): paging, a text filter, a status filter and
    /// `sort` (`code` going up, `-code` going down).
    struct TableQuery {
        var page = 1
        var perPage: Int
        var text = ""
        var status: String?
        var sort: String
        var descending: Bool

        /// Pages clamp bad values to a working list (`strict: false`); the API names each bad one in a 400.
        static func parse(
            _ request: Request, strict: Bool, perPage: Int, statuses: [String] = [], sorts: [String], defaultSort: (String, Bool)
        ) throws -> TableQuery {
            var list = ListQuery(request)
            let sort = list.sort(in: sorts, default: TableSort(defaultSort.0, descending: defaultSort.1))
            var result = TableQuery(perPage: list.perPage(default: perPage), sort: sort.key, descending: sort.descending)
            result.page = list.page()
            result.text = list.text() ?? ""
            result.status = list.choice("status", in: statuses)
            if strict { try list.check() }
            return result
        }

        var sortValue: String { (descending ? "-" : "") + sort }
    }

    /// A column header of an admin table: a link that sorts by it (again: the other way) when it sorts.
    struct Column: Sendable {
        let label: String
        let href: String?
        let numeric: Bool
        let ariaSort: String?
        let arrow: String?

        /// `firstDescending`: the direction a first click sorts (numbers and dates newest/largest first).
        static func sortable(
            _ label: String, key: String, firstDescending: Bool = false, numeric: Bool = false, current: TableQuery, href: (String) -> String
        ) -> Column {
            let isCurrent = current.sort == key
            let next = isCurrent ? !current.descending : firstDescending
            return Column(
                label: label, href: href((next ? "-" : "") + key), numeric: numeric,
                ariaSort: isCurrent ? (current.descending ? "descending" : "ascending") : nil,
                arrow: isCurrent ? (current.descending ? "↓" : "↑") : nil)
        }

        static func plain(_ label: String, numeric: Bool = false) -> Column {
            Column(label: label, href: nil, numeric: numeric, ariaSort: nil, arrow: nil)
        }
    }

    // MARK: - Coupon pages

    struct CouponRow: Sendable {
        let id: Int
        let code: String
        let editHref: String
        let discount: String
        let minimum: String
        let uses: String
        let expires: String
        let pill: Pill
        let redemptions: Int
        let created: String

        init(_ managed: CouponAdmin.Managed, now: Date) {
            let coupon = managed.coupon
            id = coupon.id
            code = coupon.code
            editHref = "/admin/coupons/\(coupon.id)/edit"
            discount = AdminCatalogRoutes.discount(coupon)
            minimum = coupon.minSubtotalCents > 0 ? Money.format(coupon.minSubtotalCents) : "—"
            uses = "\(Format.count(coupon.uses)) / " + (coupon.maxUses.map(Format.count) ?? "∞")
            expires = coupon.expiresAt.map(Format.day) ?? "Never"
            pill = AdminCatalogRoutes.pill(managed.state(now: now))
            redemptions = managed.redemptions
            created = Format.day(managed.createdAt)
        }
    }

    /// "10%" or "$25.00".
    static func discount(_ coupon: Coupon) -> String {
        coupon.percentOff.map { "\($0)%" } ?? Money.format(coupon.amountOffCents ?? 0)
    }

    static func pill(_ state: CouponAdmin.State) -> Pill {
        switch state {
        case .active: Pill(label: "Active", tone: "status-paid")
        case .inactive: Pill(label: "Off", tone: "status-muted")
        case .expired: Pill(label: "Expired", tone: "status-cancelled")
        case .usedUp: Pill(label: "Used up", tone: "status-pending")
        }
    }

    struct CouponsView: Sendable {
        let nav = AdminNav(current: "/admin/coupons")
        let tabs: [NavLink]
        let status: String?
        let sort: String
        let text: String
        let columns: [Column]
        let rows: [CouponRow]
        let hasRows: Bool
        let total: String
        let pagination: PaginationView?
        let filtered: Bool
    }

    static let couponSorts = CouponAdmin.Sort.allCases.map(\.rawValue)
    static let couponStatuses = CouponAdmin.Filter.allCases.map(\.rawValue)

    @Sendable func couponsPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        let query = try TableQuery.parse(
            request, strict: false, perPage: 25, statuses: Self.couponStatuses, sorts: Self.couponSorts, defaultSort: ("created", true))
        let now = Date()
        let (items, total) = try await coupons.coupons(
            text: query.text, filter: query.status.flatMap(CouponAdmin.Filter.init(rawValue:)),
            sort: CouponAdmin.Sort(rawValue: query.sort) ?? .created,
            descending: query.descending, page: query.page, perPage: query.perPage, now: now)
        func href(status: String?, sort: String = query.sortValue, page: Int = 1) -> String {
            var pairs: [(String, String)] = []
            if let status { pairs.append(("status", status)) }
            if !query.text.isEmpty { pairs.append(("q", query.text)) }
            if sort != "-created" { pairs.append(("sort", sort)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/coupons", pairs)
        }
        let labels: [(String?, String)] = [(nil, "All"), ("active", "Active"), ("inactive", "Switched off"), ("expired", "Expired or used up")]
        let sortHref = { (sort: String) in href(status: query.status, sort: sort) }
        let view = CouponsView(
            tabs: labels.map { NavLink(label: $0.1, href: href(status: $0.0), current: $0.0 == query.status) },
            status: query.status, sort: query.sortValue, text: query.text,
            columns: [
                .sortable("Code", key: "code", current: query, href: sortHref), .plain("Discount", numeric: true), .plain("Minimum", numeric: true),
                .sortable("Uses / max", key: "uses", firstDescending: true, numeric: true, current: query, href: sortHref),
                .sortable("Expires", key: "expires", current: query, href: sortHref), .plain("Status"), .plain("Orders", numeric: true),
                .sortable("Created", key: "created", firstDescending: true, current: query, href: sortHref),
            ],
            rows: items.map { CouponRow($0, now: now) }, hasRows: !items.isEmpty, total: "\(Format.count(total)) coupon\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: query.page, totalPages: ListQuery.pageCount(total: total, perPage: query.perPage)) {
                href(status: query.status, page: $0)
            },
            filtered: query.status != nil || !query.text.isEmpty)
        return try await web.page("admin/coupons", "Coupons", view, context: context)
    }

    struct CouponFormView: Sendable {
        let nav = AdminNav(current: "/admin/coupons")
        let heading: String
        let action: String
        let submitLabel: String
        let id: Int?
        let pill: Pill?
        let code: FieldView
        let kindSelect: SelectView
        let value: FieldView
        let minimum: FieldView
        let expires: FieldView
        let maxUses: FieldView
        let active: Bool
        let usage: String?
        let redemptions: Int
        let canDelete: Bool
        let deleteError: String?
    }

    func couponForm(_ managed: CouponAdmin.Managed?, form: FormData? = nil, errors: [FieldError] = [], deleteError: String? = nil) -> CouponFormView {
        let coupon = managed?.coupon
        let kind = form.map { $0["kind"] ?? "" } ?? (coupon?.amountOffCents != nil ? "amount" : "percent")
        let storedValue = coupon.map { $0.percentOff.map(String.init) ?? Money.dollarsString($0.amountOffCents ?? 0) }
        let usage = managed.map { managed -> String in
            let times = managed.coupon.uses == 1 ? "once" : "\(Format.count(managed.coupon.uses)) times"
            let orders = managed.redemptions == 1 ? "1 order" : "\(Format.count(managed.redemptions)) orders"
            return "Used \(times) so far, in \(orders). Created \(Format.day(managed.createdAt))."
        }
        return CouponFormView(
            heading: coupon.map { "Edit \($0.code)" } ?? "New coupon",
            action: coupon.map { "/admin/coupons/\($0.id)" } ?? "/admin/coupons",
            submitLabel: coupon == nil ? "Create coupon" : "Save changes",
            id: coupon?.id,
            pill: managed.map { Self.pill($0.state()) },
            code: FieldView(
                "code", "Code", form: form, value: coupon?.code, errors: errors,
                hint: "3 to 30 letters, digits, - or _. Buyers may type it in any case.",
                required: true),
            kindSelect: SelectView(
                "kind", "Discount type", options: [("percent", "Percent off"), ("amount", "Amount off (USD)")], selected: kind, errors: errors),
            value: FieldView(
                "value", "Discount", form: form, value: storedValue, errors: errors, hint: "A whole percent like 10, or dollars like 25 or 12.50.",
                required: true),
            minimum: FieldView(
                "min_subtotal", "Minimum order (USD)", form: form,
                value: coupon.map { $0.minSubtotalCents > 0 ? Money.dollarsString($0.minSubtotalCents) : "" },
                errors: errors, hint: "The cart's subtotal before the discount. Empty: any order."),
            expires: FieldView(
                "expires_on", "Valid until", type: "date", form: form, value: coupon?.expiresAt.map { String(Format.iso8601($0).prefix(10)) },
                errors: errors,
                hint: "The code works to the end of this day (UTC). Empty: no end date."),
            maxUses: FieldView(
                "max_uses", "Maximum uses", type: "number", form: form, value: coupon?.maxUses.map(String.init), errors: errors,
                hint: "How many orders may use it in all. Empty: no limit."),
            active: form.map { $0["active"] == "true" } ?? coupon?.active ?? true,
            usage: usage,
            redemptions: managed?.redemptions ?? 0,
            canDelete: managed.map { $0.redemptions == 0 } ?? false,
            deleteError: deleteError)
    }

    /// The coupon form as the core's input, or every problem with it under the form's field names.
    static func couponInput(_ form: FormData, existing: CouponAdmin.Managed?, now: Date = Date()) throws -> CouponAdmin.Input {
        var errors: [FieldError] = []
        func text(_ field: String) -> String { (form[field] ?? "").trimmingCharacters(in: .whitespaces) }
        var percent: Int?
        var amount: Int?
        let value = text("value")
        switch form["kind"] {
        case "percent":
            let digits = value.hasSuffix("%") ? String(value.dropLast()).trimmingCharacters(in: .whitespaces) : value
            if value.isEmpty {
                errors.append(.init(field: "value", message: "Enter how much the code takes off."))
            } else if let number = Int(digits) {
                percent = number
            } else {
                errors.append(.init(field: "value", message: "Enter a whole percent from 1 to 100, like 10."))
            }
        case "amount":
            if value.isEmpty {
                errors.append(.init(field: "value", message: "Enter how much the code takes off."))
            } else if let cents = Money.parseDollars(value) {
                amount = cents
            } else {
                errors.append(.init(field: "value", message: "Enter dollars, like 25 or 12.50."))
            }
        default: errors.append(.init(field: "kind", message: "Choose percent off or amount off."))
        }
        var minimum = 0
        if !text("min_subtotal").isEmpty {
            if let cents = Money.parseDollars(text("min_subtotal")) {
                minimum = cents
            } else {
                errors.append(.init(field: "min_subtotal", message: "Enter dollars, like 50, or leave it empty."))
            }
        }
        var expiresAt: Date?
        if !text("expires_on").isEmpty {
            expiresAt = CouponAdmin.Input.endOfDay(text("expires_on"))
            if expiresAt == nil { errors.append(.init(field: "expires_on", message: "Enter a date like 2026-12-31, or leave it empty.")) }
        }
        var maxUses: Int?
        if !text("max_uses").isEmpty {
            maxUses = Int(text("max_uses"))
            if maxUses == nil { errors.append(.init(field: "max_uses", message: "Enter a whole number, or leave it empty for no limit.")) }
        }
        let input = CouponAdmin.Input(
            code: form["code"] ?? "", percentOff: percent, amountOffCents: amount, minSubtotalCents: minimum, expiresAt: expiresAt, maxUses: maxUses,
            active: form["active"] == "true")
        do {
            _ = try input.validated(existing: existing, now: now)
        } catch let error as ValidationError {
            // The core names fields as the API does; a field that did not parse keeps its own message.
            let names = ["percent_off": "value", "amount_off_cents": "value", "min_subtotal_cents": "min_subtotal", "expires_at": "expires_on"]
            for problem in error.errors {
                let field = names[problem.field] ?? problem.field
                if field == "value", percent == nil, amount == nil { continue }  // said above, in the form's words
                if !errors.contains(where: { $0.field == field }) { errors.append(.init(field: field, message: problem.message)) }
            }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return input
    }

    /// The core's problems under the form's field names (the uniqueness check only the service makes).
    static func couponFormErrors(_ error: ValidationError) -> [FieldError] {
        let names = ["percent_off": "value", "amount_off_cents": "value", "min_subtotal_cents": "min_subtotal", "expires_at": "expires_on"]
        return error.errors.map { FieldError(field: names[$0.field] ?? $0.field, message: $0.message) }
    }

    @Sendable func newCouponPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        return try await web.page("admin/coupons-form", "New coupon", couponForm(nil), context: context)
    }

    @Sendable func createCoupon(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let form = context.form ?? FormData()
        do {
            let created = try await coupons.create(try Self.couponInput(form, existing: nil), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/coupons", context: context, flash: "Coupon \(created.coupon.code) is ready: \(created.coupon.summary).")
        } catch let error as ValidationError {
            return try await web.page(
                "admin/coupons-form", "New coupon", couponForm(nil, form: form, errors: Self.couponFormErrors(error)), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func editCouponPage(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = context.caller
        let managed = try await coupons.coupon(id: try pageID(context, "coupon"))
        return try await web.page("admin/coupons-form", "Edit \(managed.coupon.code)", couponForm(managed), context: context)
    }

    @Sendable func updateCoupon(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try pageID(context, "coupon")
        let form = context.form ?? FormData()
        let existing = try await coupons.coupon(id: id)
        do {
            let saved = try await coupons.update(id: id, try Self.couponInput(form, existing: existing), by: caller, ip: context.clientAddress)
            return web.redirect("/admin/coupons", context: context, flash: "Coupon \(saved.coupon.code) is saved.")
        } catch let error as ValidationError {
            return try await web.page(
                "admin/coupons-form", "Edit \(existing.coupon.code)", couponForm(existing, form: form, errors: Self.couponFormErrors(error)),
                context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func deleteCoupon(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try pageID(context, "coupon")
        let existing = try await coupons.coupon(id: id)
        do {
            try await coupons.delete(id: id, by: caller, ip: context.clientAddress)
            return web.redirect("/admin/coupons", context: context, flash: "Coupon \(existing.coupon.code) is deleted.", kind: "info")
        } catch AdminError.conflict(let reason) {
            let managed = try await coupons.coupon(id: id)
            return try await web.page(
                "admin/coupons-form", "Edit \(managed.coupon.code)", couponForm(managed, deleteError: reason), context: context, status: .conflict)
        }
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
        let view = try await categoryForm(try pageID(context, "category"))
        return try await web.page("admin/categories-form", "Edit \(view.heading)", view, context: context)
    }

    @Sendable func updateCategory(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try pageID(context, "category")
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
        let id = try pageID(context, "category")
        let node = try await categories.category(id: id)
        do {
            try await categories.delete(id: id, by: caller, ip: context.clientAddress)
            return web.redirect("/admin/categories", context: context, flash: "“\(node.name)” is deleted.", kind: "info")
        } catch AdminError.conflict(let reason) {
            let view = try await categoryForm(id, deleteError: reason)
            return try await web.page("admin/categories-form", "Edit \(view.heading)", view, context: context, status: .conflict)
        }
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
        let columns: [Column]
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
        let tag = try await tags.tag(id: try pageID(context, "tag"))
        return try await web.page("admin/tags-form", "Edit \(tag.name)", tagForm(tag), context: context)
    }

    @Sendable func updateTag(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try pageID(context, "tag")
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
        let id = try pageID(context, "tag")
        let tag = try await tags.tag(id: id)
        try await tags.delete(id: id, by: caller, ip: context.clientAddress)
        let from = tag.listingCount == 0 ? "" : " and taken off \(tag.listingCount == 1 ? "1 listing" : "\(Format.count(tag.listingCount)) listings")"
        return web.redirect("/admin/tags", context: context, flash: "Tag “\(tag.name)” is deleted\(from).", kind: "info")
    }

    // MARK: - API: coupons

    struct CouponItem: Encodable, Sendable {
        let id: Int
        let code: String
        @Nullable var percentOff: Int?
        @Nullable var amountOffCents: Int?
        let minSubtotalCents: Int
        @Nullable var expiresAt: Date?
        @Nullable var maxUses: Int?
        let uses: Int
        let active: Bool
        /// `active`, `inactive`, `expired` or `used_up`: whether a buyer's code works now.
        let state: String
        let redemptions: Int
        let createdAt: Date

        init(_ managed: CouponAdmin.Managed) {
            let coupon = managed.coupon
            (id, code, percentOff, amountOffCents, minSubtotalCents) = (
                coupon.id, coupon.code, coupon.percentOff, coupon.amountOffCents, coupon.minSubtotalCents
            )
            (expiresAt, maxUses, uses, active) = (coupon.expiresAt, coupon.maxUses, coupon.uses, coupon.active)
            state = managed.state().rawValue
            redemptions = managed.redemptions
            createdAt = managed.createdAt
        }
    }

    /// Create and edit share one body. `expires_at` is read here (an RFC 3339 time or a date), so a bad one is named
    /// like every other field.
    struct CouponBody: Decodable {
        let code: String?
        let percentOff: Int?
        let amountOffCents: Int?
        let minSubtotalCents: Int?
        let expiresAt: String?
        let maxUses: Int?
        let active: Bool?
    }

    static func couponID(_ context: AdminRequestContext) throws -> Int { try CatalogAPIRoutes.id(context, notFound: "No coupon with that id.") }

    /// The body over `current` (nil on create): a key left out keeps its value, `null` clears it. Giving one kind of
    /// discount without the other switches to it.
    static func couponInput(_ patch: Patch<CouponBody>, over current: CouponAdmin.Managed?, now: Date = Date()) throws -> CouponAdmin.Input {
        let body = patch.fields
        let kept = current?.input
        var errors: [FieldError] = []
        var expiresAt = kept?.expiresAt
        if patch.sent.contains("expiresAt") {
            expiresAt = nil
            if let text = body.expiresAt {
                expiresAt = CouponAdmin.Input.parseExpiry(text)
                if expiresAt == nil {
                    errors.append(.init(field: "expires_at", message: "must be an RFC 3339 time like 2026-12-31T23:59:59Z or a date like 2026-12-31"))
                }
            }
        }
        var percent = patch.value("percentOff", body.percentOff, else: kept?.percentOff)
        var amount = patch.value("amountOffCents", body.amountOffCents, else: kept?.amountOffCents)
        if body.percentOff != nil && !patch.sent.contains("amountOffCents") { amount = nil }
        if body.amountOffCents != nil && !patch.sent.contains("percentOff") { percent = nil }
        let input = CouponAdmin.Input(
            code: body.code ?? kept?.code ?? "", percentOff: percent, amountOffCents: amount,
            minSubtotalCents: body.minSubtotalCents ?? kept?.minSubtotalCents ?? 0,
            expiresAt: expiresAt, maxUses: patch.value("maxUses", body.maxUses, else: kept?.maxUses), active: body.active ?? kept?.active ?? true)
        if !errors.isEmpty {
            do { _ = try input.validated(existing: current, now: now) } catch let error as ValidationError {
                errors += error.errors.filter { $0.field != "expires_at" }
            }
            throw ValidationError(errors)
        }
        return input
    }

    @Sendable func apiCoupons(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<CouponItem>> {
        let query = try TableQuery.parse(
            request, strict: true, perPage: ListQuery.defaultPerPage, statuses: Self.couponStatuses, sorts: Self.couponSorts,
            defaultSort: ("created", true))
        let (items, total) = try await coupons.coupons(
            text: query.text, filter: query.status.flatMap(CouponAdmin.Filter.init(rawValue:)),
            sort: CouponAdmin.Sort(rawValue: query.sort) ?? .created,
            descending: query.descending, page: query.page, perPage: query.perPage)
        return JSONBody(PageEnvelope(items: items.map(CouponItem.init), page: query.page, perPage: query.perPage, total: total))
    }

    @Sendable func apiCoupon(request: Request, context: AdminRequestContext) async throws -> JSONBody<CouponItem> {
        return JSONBody(CouponItem(try await coupons.coupon(id: try Self.couponID(context))))
    }

    @Sendable func apiCreateCoupon(request: Request, context: AdminRequestContext) async throws -> JSONBody<CouponItem> {
        let caller = context.admin.caller
        let patch = try await APIBody.decode(Patch<CouponBody>.self, from: request)
        let created = try await coupons.create(try Self.couponInput(patch, over: nil), by: caller, ip: context.clientAddress)
        return JSONBody(CouponItem(created), status: .created)
    }

    @Sendable func apiUpdateCoupon(request: Request, context: AdminRequestContext) async throws -> JSONBody<CouponItem> {
        let caller = context.admin.caller
        let id = try Self.couponID(context)
        let current = try await coupons.coupon(id: id)
        let patch = try await APIBody.decode(Patch<CouponBody>.self, from: request)
        return JSONBody(
            CouponItem(try await coupons.update(id: id, try Self.couponInput(patch, over: current), by: caller, ip: context.clientAddress)))
    }

    @Sendable func apiDeleteCoupon(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.admin.caller
        try await coupons.delete(id: try Self.couponID(context), by: caller, ip: context.clientAddress)
        return Response(status: .noContent)
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

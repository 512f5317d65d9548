import BacklineCore
import Foundation
import Hummingbird

/// The side navigation of every `/admin` page (`partials/admin-nav`); a view with `nav` draws it.
struct AdminNav: Sendable {
    let items: [NavLink]

    /// `current` is the section's path (`/admin/users` for a user's page too).
    init(current: String) {
        items = [
            ("Dashboard", "/admin"), ("Users", "/admin/users"), ("Listings", "/admin/products"), ("Orders", "/admin/orders"),
            ("Coupons", "/admin/coupons"), ("Categories", "/admin/categories"), ("Tags", "/admin/tags"), ("Reports", "/admin/reports"),
            ("Outbox", "/admin/outbox"), ("Audit log", "/admin/audit"),
        ].map { NavLink(label: $0.0, href: $0.1, current: $0.1 == current) }
    }
}

/// Lets only admins reach the admin routes, page and API alike, before any handler runs: a visitor who is not signed
/// in goes to sign in (a page) or gets 401 (the API); anyone else who is not an admin gets 403.
struct AdminOnlyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let user = context.user else {
            if request.uri.path.hasPrefix("/api/") { throw TokenError.invalid }
            throw RedirectToLogin(next: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        guard user.role == .admin else { throw AdminError.notAdmin }
        return try await next(request, context)
    }
}

/// The request context of every admin route: the request's own context and the admin it was checked for (by
/// `AdminOnlyMiddleware`, in front of every group of this context).
struct AdminRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's context as the rest of the shop sees it: the layout, forms and flash messages use it.
    let app: AppRequestContext
    let admin: CurrentUser

    init(context: AppRequestContext) throws {
        guard let user = context.user, user.role == .admin else { throw AdminError.notAdmin }
        (coreContext, app, admin) = (context.coreContext, context, user)
    }

    /// The admin as the core services take them.
    var caller: Caller { admin.caller }
    var clientAddress: String { app.clientAddress }
    var form: FormData? { app.form }
    var requestDecoder: JSONDecoder { app.requestDecoder }
    var responseEncoder: JSONEncoder { app.responseEncoder }
}

extension RouterGroup<AppRequestContext> {
    /// A group for admin routes: only admins get through, and handlers get an `AdminRequestContext`.
    func adminOnly() -> RouterGroup<AdminRequestContext> {
        group().add(middleware: AdminOnlyMiddleware()).group(context: AdminRequestContext.self)
    }
}

extension WebContext {
    func page<Page: Sendable>(
        _ template: String, _ title: String, _ view: Page, context: AdminRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await page(template, title, view, context: context.app, status: status)
    }

    func redirect(_ location: String, context: AdminRequestContext, flash: String? = nil, kind: String = "success") -> Response {
        redirect(location, context: context.app, flash: flash, kind: kind)
    }
}

// MARK: - Admin tables: paging and sorting

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
struct TableColumn: Sendable {
    let label: String
    let href: String?
    let numeric: Bool
    let ariaSort: String?
    let arrow: String?

    /// `firstDescending`: the direction a first click sorts (numbers and dates newest/largest first).
    static func sortable(
        _ label: String, key: String, firstDescending: Bool = false, numeric: Bool = false, current: TableQuery, href: (String) -> String
    ) -> TableColumn {
        let isCurrent = current.sort == key
        let next = isCurrent ? !current.descending : firstDescending
        return TableColumn(
            label: label, href: href((next ? "-" : "") + key), numeric: numeric,
            ariaSort: isCurrent ? (current.descending ? "descending" : "ascending") : nil,
            arrow: isCurrent ? (current.descending ? "↓" : "↑") : nil)
    }

    static func plain(_ label: String, numeric: Bool = false) -> TableColumn {
        TableColumn(label: label, href: nil, numeric: numeric, ariaSort: nil, arrow: nil)
    }
}

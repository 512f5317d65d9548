import BacklineCore
import Foundation
import Hummingbird

/// Users (search, roles, disable and enable), the outbox viewer and the audit log. The rules live in `UserAdmin`
/// (and `Outbox`, `AuditLog`); these handlers read forms and queries, call them and draw or encode the answer.
struct AdminUserRoutes: Sendable {
    let web: WebContext
    let users: UserAdmin
    let outbox: Outbox
    let audit: AuditLog

    static let usersPerPage = 25
    static let outboxPerPage = 25
    static let auditPerPage = 50

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/users", use: usersPage)
        pages.get("/admin/users/:id", use: userPage)
        pages.post("/admin/users/:id/role", use: roleSubmit)
        pages.post("/admin/users/:id/disable", use: { try await accessSubmit(disable: true, $0, $1) })
        pages.post("/admin/users/:id/enable", use: { try await accessSubmit(disable: false, $0, $1) })
        pages.get("/admin/outbox", use: outboxPage)
        pages.get("/admin/audit", use: auditPage)

        api.get("admin/users", use: apiUsers)
        api.get("admin/users/:id", use: apiUser)
        api.patch("admin/users/:id", use: apiUpdateUser)
        api.get("admin/outbox", use: apiOutbox)
        api.get("admin/audit", use: apiAudit)
    }

    /// The `:id` of the path; anything but a positive number is an unknown user.
    static func userID(_ context: AdminRequestContext) throws -> Int {
        return try context.pathID(or: AdminError.notFound("user"))
    }

    /// The audit filter's choices: a whole area of actions by prefix.
    static let actionChoices: [(value: String, label: String)] = [
        ("", "All actions"), ("auth.", "Sign-ins"), ("user.", "Users"), ("order.", "Orders"), ("listing.", "Listings"), ("coupon.", "Coupons"),
        ("category.", "Categories"), ("tag.", "Tags"),
    ]

    // MARK: Users

    @Sendable func usersPage(request: Request, context: AdminRequestContext) async throws -> Response {
        var query = ListQuery(request)
        // Bad values give a working page: an unknown role or status lists everyone, an unknown sort the newest first.
        let role = query.choice("role", as: Role.self)
        let disabled = query.bool("disabled")
        let sort = query.choice("sort", as: UserAdmin.Sort.self) ?? .newest
        let text = query.text() ?? ""
        let page = query.page()
        let (rows, total) = try await users.users(
            .init(text: text, role: role, disabled: disabled, sort: sort, page: page, perPage: Self.usersPerPage))

        func href(role: Role?, sort: UserAdmin.Sort, page: Int = 1) -> String {
            var pairs: [(String, String)] = []
            if let role { pairs.append(("role", role.rawValue)) }
            if let disabled { pairs.append(("disabled", String(disabled))) }
            if !text.isEmpty { pairs.append(("q", text)) }
            if sort != .newest { pairs.append(("sort", sort.rawValue)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/users", pairs)
        }
        /// A header sorts one way, then the other when clicked again.
        func header(_ label: String, _ first: UserAdmin.Sort, _ second: UserAdmin.Sort, firstIsAscending: Bool) -> SortHeader {
            let ascending = (sort == first) == firstIsAscending
            let sorted = sort == first || sort == second
            return SortHeader(
                label: label, href: href(role: role, sort: sort == first ? second : first),
                ariaSort: sorted ? (ascending ? "ascending" : "descending") : nil,
                arrow: sorted ? (ascending ? "↑" : "↓") : nil)
        }
        let tabs: [(Role?, String)] = [(nil, "All"), (.customer, "Customers"), (.seller, "Sellers"), (.admin, "Admins")]
        let view = UsersView(
            tabs: tabs.map { NavLink(label: $0.1, href: href(role: $0.0, sort: sort), current: $0.0 == role) },
            role: role?.rawValue, sort: sort == .newest ? nil : sort.rawValue, text: text,
            statusSelect: SelectView(
                "disabled", "Status", options: [("", "Any status"), ("false", "Enabled"), ("true", "Disabled")],
                selected: disabled.map { String($0) } ?? ""),
            emailHeader: header("Email", .email, .emailDesc, firstIsAscending: true),
            joinedHeader: header("Joined", .newest, .oldest, firstIsAscending: false),
            rows: rows.map(UserRowView.init), hasRows: !rows.isEmpty, total: "\(Format.count(total)) user\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: page, totalPages: ListQuery.pageCount(total: total, perPage: Self.usersPerPage)) {
                href(role: role, sort: sort, page: $0)
            })
        return try await web.page("admin/users", "Users", view, context: context)
    }

    @Sendable func userPage(request: Request, context: AdminRequestContext) async throws -> Response {
        let admin = context.admin
        return try await profilePage(try Self.userID(context), admin: admin, context: context)
    }

    /// The user's page, again with a form's problem when a change was refused (422 or 409).
    func profilePage(
        _ id: Int, admin: CurrentUser, context: AdminRequestContext, roleForm: FormData? = nil, roleErrors: [FieldError] = [], refusal: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let profile = try await users.profile(id: id)
        let view = UserPageView(profile, isSelf: profile.user.id == admin.id, roleForm: roleForm, roleErrors: roleErrors, refusal: refusal)
        return try await web.page("admin/user", profile.user.displayName, view, context: context, status: status)
    }

    @Sendable func roleSubmit(request: Request, context: AdminRequestContext) async throws -> Response {
        let admin = context.admin
        let id = try Self.userID(context)
        let form = context.form ?? FormData()
        do {
            let role = try UserAdmin.role(form["role"])
            let before = try await users.user(id: id)
            let after = try await users.update(id: id, role: role, by: admin.id, ip: context.clientAddress)
            let message =
                before.role == after.role
                ? "\(after.email) already is \(Self.article(after.role))." : "\(after.email) is now \(Self.article(after.role))."
            return web.redirect("/admin/users/\(id)", context: context, flash: message, kind: before.role == after.role ? "info" : "success")
        } catch let error as ValidationError {
            return try await profilePage(id, admin: admin, context: context, roleForm: form, roleErrors: error.errors, status: .unprocessableContent)
        } catch AdminError.conflict(let reason) {
            return try await profilePage(id, admin: admin, context: context, refusal: reason, status: .conflict)
        }
    }

    static func article(_ role: Role) -> String { role == .admin ? "an admin" : "a \(role.rawValue)" }

    func accessSubmit(disable: Bool, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let admin = context.admin
        let id = try Self.userID(context)
        do {
            let user = try await users.update(id: id, disabled: disable, by: admin.id, ip: context.clientAddress)
            let message =
                disable
                ? "\(user.email) is disabled: they are signed out everywhere and cannot sign in." : "\(user.email) is enabled again and can sign in."
            return web.redirect("/admin/users/\(id)", context: context, flash: message, kind: disable ? "info" : "success")
        } catch AdminError.conflict(let reason) {
            return try await profilePage(id, admin: admin, context: context, refusal: reason, status: .conflict)
        }
    }

    // MARK: Outbox

    @Sendable func outboxPage(request: Request, context: AdminRequestContext) async throws -> Response {
        var query = ListQuery(request)
        let to = query.text("to", maxLength: 200) ?? ""
        let kind = query.value("kind")
        let page = query.page()
        let kinds = try await outbox.kinds()
        let (messages, total) = try await outbox.messages(to: to, kind: kind, page: page, perPage: Self.outboxPerPage)
        func href(_ page: Int) -> String {
            var pairs: [(String, String)] = []
            if !to.isEmpty { pairs.append(("to", to)) }
            if let kind { pairs.append(("kind", kind)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/outbox", pairs)
        }
        let view = OutboxView(
            to: to,
            kindSelect: SelectView("kind", "Kind", options: [("", "All kinds")] + kinds.map { ($0, Self.kindLabel($0)) }, selected: kind ?? ""),
            rows: messages.map(MessageView.init), hasRows: !messages.isEmpty, filtered: !to.isEmpty || kind != nil,
            total: "\(Format.count(total)) message\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: page, totalPages: ListQuery.pageCount(total: total, perPage: Self.outboxPerPage), href: href))
        return try await web.page("admin/outbox", "Outbox", view, context: context)
    }

    /// `email_verification` → "Email verification".
    static func kindLabel(_ kind: String) -> String {
        let words = kind.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    // MARK: Audit log

    @Sendable func auditPage(request: Request, context: AdminRequestContext) async throws -> Response {
        var query = ListQuery(request)
        let action = query.value("action").flatMap { wanted in Self.actionChoices.first { $0.value == wanted }?.value }
        let actor = query.text("actor", maxLength: 200) ?? ""
        let page = query.page()
        let (entries, total, unknownActor) = try await auditEntries(action: action, actor: actor, page: page, perPage: Self.auditPerPage)
        func href(_ page: Int) -> String {
            var pairs: [(String, String)] = []
            if let action { pairs.append(("action", action)) }
            if !actor.isEmpty { pairs.append(("actor", actor)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/audit", pairs)
        }
        let view = AuditView(
            actionSelect: SelectView("action", "Action", options: Self.actionChoices, selected: action ?? ""), actor: actor,
            rows: entries.map(AuditRowView.init), hasRows: !entries.isEmpty,
            emptyNote: unknownActor
                ? "No user matches “\(actor)”. Search by a whole email address or a user id." : "Nothing recorded with these filters.",
            total: "\(Format.count(total)) entr\(total == 1 ? "y" : "ies")",
            pagination: PaginationView(current: page, totalPages: ListQuery.pageCount(total: total, perPage: Self.auditPerPage), href: href))
        return try await web.page("admin/audit", "Audit log", view, context: context)
    }

    /// The audit log filtered by an action prefix and an actor (id or email); `unknownActor` when the actor matches nobody.
    func auditEntries(action: String?, actor: String, page: Int, perPage: Int) async throws -> (
        items: [AuditLog.Entry], total: Int, unknownActor: Bool
    ) {
        var actorID: Int?
        if !actor.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let id = try await users.actorID(matching: actor) else { return ([], 0, true) }
            actorID = id
        }
        let (items, total) = try await audit.entries(action: action, actorID: actorID, page: page, perPage: perPage)
        return (items, total, false)
    }

    // MARK: API

    @Sendable func apiUsers(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<AdminUserItem>> {
        var query = ListQuery(request)
        let role = query.choice("role", as: Role.self)
        let disabled = query.bool("disabled")
        let sort = query.choice("sort", as: UserAdmin.Sort.self) ?? .newest
        let (page, perPage) = (query.page(), query.perPage())
        try query.check()
        let (rows, total) = try await users.users(
            .init(text: query.value("q"), role: role, disabled: disabled, sort: sort, page: page, perPage: perPage))
        return JSONBody(PageEnvelope(items: rows.map(AdminUserItem.init), page: page, perPage: perPage, total: total))
    }

    @Sendable func apiUser(request: Request, context: AdminRequestContext) async throws -> JSONBody<AdminUserDetailItem> {
        return JSONBody(AdminUserDetailItem(try await users.profile(id: try Self.userID(context))))
    }

    struct UserPatch: Decodable {
        let disabled: Bool?
        let role: String?
    }

    @Sendable func apiUpdateUser(request: Request, context: AdminRequestContext) async throws -> JSONBody<AdminUserItem> {
        let admin = context.admin
        let id = try Self.userID(context)
        let body = try await APIBody.decode(UserPatch.self, from: request)
        let role = try body.role.map { try UserAdmin.role($0) }
        return JSONBody(AdminUserItem(try await users.update(id: id, disabled: body.disabled, role: role, by: admin.id, ip: context.clientAddress)))
    }

    @Sendable func apiOutbox(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<OutboxItem>> {
        var query = ListQuery(request)
        let (page, perPage) = (query.page(), query.perPage())
        try query.check()
        let (messages, total) = try await outbox.messages(to: query.value("to"), kind: query.value("kind"), page: page, perPage: perPage)
        return JSONBody(PageEnvelope(items: messages.map(OutboxItem.init), page: page, perPage: perPage, total: total))
    }

    @Sendable func apiAudit(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<AuditItem>> {
        var query = ListQuery(request)
        let action = query.value("action")
        // A whole action name (`user.disable`) or an area ending in a dot (`auth.`).
        if let action, action.count > 64 || !action.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") }) {
            query.bad("action", "must be an action name like user.disable, or a prefix like auth.")
        }
        let (page, perPage) = (query.page(), query.perPage())
        try query.check()
        let (entries, total, _) = try await auditEntries(action: action, actor: query.value("actor") ?? "", page: page, perPage: perPage)
        return JSONBody(PageEnvelope(items: entries.map(AuditItem.init), page: page, perPage: perPage, total: total))
    }
}

/// The types of this area, nested so they cannot collide with the other admin areas' names.
extension AdminUserRoutes {
    // MARK: - API items

    /// A user as the admin API lists them.
    struct AdminUserItem: Encodable, Sendable {
        let id: Int
        let email: String
        let displayName: String
        let role: String
        let disabled: Bool
        @Nullable var disabledAt: Date?
        let createdAt: Date
        let orderCount: Int

        init(_ row: AdminUserRow) {
            (id, email, displayName, role, disabled, orderCount, createdAt) = (
                row.id, row.email, row.displayName, row.role.rawValue, row.disabled, row.orderCount, row.createdAt
            )
            disabledAt = row.disabledAt
        }
    }

    /// One user with what the admin's user page shows besides the row.
    struct AdminUserDetailItem: Encodable, Sendable {
        struct Shop: Encodable, Sendable {
            let id: Int
            let name: String
            let active: Bool
        }
        struct Order: Encodable, Sendable {
            let id: Int
            let number: String
            let status: String
            let totalCents: Int
            let createdAt: Date
        }
        let id: Int
        let email: String
        let displayName: String
        let role: String
        let disabled: Bool
        @Nullable var disabledAt: Date?
        let createdAt: Date
        let orderCount: Int
        @Nullable var phone: String?
        let emailVerified: Bool
        let shops: [Shop]
        let recentOrders: [Order]

        init(_ profile: AdminUserProfile) {
            let row = profile.user
            (id, email, displayName, role, disabled, orderCount, createdAt) = (
                row.id, row.email, row.displayName, row.role.rawValue, row.disabled, row.orderCount, row.createdAt
            )
            disabledAt = row.disabledAt
            phone = profile.phone
            emailVerified = profile.emailVerified
            shops = profile.shops.map { Shop(id: $0.id, name: $0.name, active: $0.active) }
            recentOrders = profile.recentOrders.map {
                Order(id: $0.id, number: $0.number, status: $0.status.rawValue, totalCents: $0.totalCents, createdAt: $0.createdAt)
            }
        }
    }

    struct OutboxItem: Encodable, Sendable {
        let id: Int
        let to: String
        let subject: String
        let body: String
        let kind: String
        let createdAt: Date

        init(_ message: Outbox.Message) {
            (id, to, subject, body, kind, createdAt) = (message.id, message.to, message.subject, message.body, message.kind, message.createdAt)
        }
    }

    struct AuditItem: Encodable, Sendable {
        let id: Int
        @Nullable var actorId: Int?
        @Nullable var actorEmail: String?
        let action: String
        @Nullable var target: String?
        @Nullable var detail: String?
        @Nullable var ip: String?
        let createdAt: Date

        init(_ entry: AuditLog.Entry) {
            (id, action, createdAt) = (entry.id, entry.action, entry.at)
            (actorId, actorEmail, target, detail, ip) = (entry.actorID, entry.actorEmail, entry.target, entry.detail, entry.ip)
        }
    }

    // MARK: - Views

    struct UserRowView: Sendable {
        let id: Int
        let href: String
        let email: String
        let name: String
        let role: String
        let joined: String
        let orders: String
        let pill: Pill

        init(_ row: AdminUserRow) {
            id = row.id
            href = "/admin/users/\(row.id)"
            email = row.email
            name = row.displayName
            role = row.role.rawValue.capitalized
            joined = Format.day(row.createdAt)
            orders = Format.count(row.orderCount)
            pill = row.disabled ? Pill(label: "Disabled", tone: "status-cancelled") : Pill(label: "Enabled", tone: "status-paid")
        }
    }

    struct UsersView: Sendable {
        let nav = AdminNav(current: "/admin/users")
        let tabs: [NavLink]
        /// Kept by the filter form: the role tab and the sort.
        let role: String?
        let sort: String?
        let text: String
        let statusSelect: SelectView
        let emailHeader: SortHeader
        let joinedHeader: SortHeader
        let rows: [UserRowView]
        let hasRows: Bool
        let total: String
        let pagination: PaginationView?
    }

    struct AuditRowView: Sendable {
        let date: String
        let actor: String?
        let actorHref: String?
        let action: String
        let target: String?
        let targetHref: String?
        let detail: String?
        let ip: String?

        init(_ entry: AuditLog.Entry) {
            date = Format.dayTime(entry.at)
            actor = entry.actorEmail ?? entry.actorID.map { "User \($0)" }
            actorHref = entry.actorID.map { "/admin/users/\($0)" }
            action = entry.action
            target = entry.target
            // Targets with an admin page of their own are links.
            targetHref = entry.target.flatMap { target in
                let parts = target.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let id = Int(parts[1]) else { return nil }
                switch parts[0] {
                case "user": return "/admin/users/\(id)"
                case "order": return "/admin/orders/\(id)"
                default: return nil
                }
            }
            detail = entry.detail
            ip = entry.ip
        }
    }

    struct UserPageView: Sendable {
        struct Fact: Sendable {
            let label: String
            let value: String
        }
        struct ShopLine: Sendable {
            let name: String
            let href: String
            let active: Bool
        }
        struct OrderLine: Sendable {
            let href: String
            let number: String
            let date: String
            let status: String
            let statusClass: String
            let total: String
        }
        let nav = AdminNav(current: "/admin/users")
        let id: Int
        let name: String
        let email: String
        let role: String
        let pill: Pill
        let disabled: Bool
        let isSelf: Bool
        let facts: [Fact]
        let shops: [ShopLine]
        let hasShops: Bool
        let orders: [OrderLine]
        let hasOrders: Bool
        let ordersNote: String?
        let activity: [AuditRowView]
        let hasActivity: Bool
        let roleSelect: SelectView
        /// Why the last change was refused (409), shown above the forms.
        let refusal: String?

        init(_ profile: AdminUserProfile, isSelf: Bool, roleForm: FormData?, roleErrors: [FieldError], refusal: String?) {
            let user = profile.user
            id = user.id
            name = user.displayName
            email = user.email
            role = user.role.rawValue.capitalized
            pill = UserRowView(user).pill
            disabled = user.disabled
            self.isSelf = isSelf
            facts = [
                Fact(label: "Email", value: user.email), Fact(label: "Name", value: user.displayName), Fact(label: "Role", value: role),
                Fact(label: "Joined", value: Format.day(user.createdAt)),
                Fact(label: "Email verified", value: profile.emailVerified ? "Yes" : "Not yet"),
                Fact(label: "Phone", value: profile.phone ?? "—"),
                Fact(label: "Status", value: user.disabledAt.map { "Disabled since \(Format.dayTime($0))" } ?? "Enabled"),
            ]
            shops = profile.shops.map { ShopLine(name: $0.name, href: "/shops/\($0.id)", active: $0.active) }
            hasShops = !shops.isEmpty
            orders = profile.recentOrders.map {
                OrderLine(
                    href: "/admin/orders/\($0.id)", number: $0.number, date: Format.day($0.createdAt), status: $0.status.label,
                    statusClass: "status-\($0.status.rawValue)", total: Money.format($0.totalCents))
            }
            hasOrders = !orders.isEmpty
            ordersNote =
                user.orderCount == 0
                ? nil
                : user.orderCount > orders.count
                    ? "The last \(orders.count) of \(Format.count(user.orderCount)) orders."
                    : "\(Format.count(user.orderCount)) order\(user.orderCount == 1 ? "" : "s")."
            activity = profile.activity.map(AuditRowView.init)
            hasActivity = !activity.isEmpty
            roleSelect = SelectView(
                "role", "Role", options: Role.allCases.map { ($0.rawValue, $0.rawValue.capitalized) },
                selected: roleForm?["role"] ?? user.role.rawValue,
                errors: roleErrors, hint: isSelf ? "You cannot remove your own admin role." : "Sellers can open shops; admins can do everything.")
            self.refusal = refusal
        }
    }

    struct MessageView: Sendable {
        struct Line: Sendable {
            /// The line in pieces, with a line break offered between them inside long links and tokens, so they wrap
            /// on a phone instead of widening the page.
            let pieces: [String]
        }
        struct Paragraph: Sendable {
            let lines: [Line]
        }
        let id: Int
        let date: String
        let to: String
        let kind: String
        let subject: String
        let paragraphs: [Paragraph]

        init(_ message: Outbox.Message) {
            id = message.id
            date = Format.dayTime(message.createdAt)
            to = message.to
            kind = AdminUserRoutes.kindLabel(message.kind)
            subject = message.subject
            // Blank lines part paragraphs; single line breaks are kept inside them.
            paragraphs = message.body.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map {
                Paragraph(lines: $0.components(separatedBy: "\n").map { Line(pieces: Self.pieces($0)) })
            }
        }

        static func pieces(_ line: String) -> [String] {
            var pieces = [""]
            for (index, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { pieces[pieces.count - 1] += " " }
                var rest = word
                // Only a long unbroken word (a link, a token) gets break points; ordinary words wrap at their spaces.
                while rest.count > 24 {
                    pieces[pieces.count - 1] += rest.prefix(24)
                    pieces.append("")
                    rest = rest.dropFirst(24)
                }
                pieces[pieces.count - 1] += rest
            }
            return pieces
        }
    }

    struct OutboxView: Sendable {
        let nav = AdminNav(current: "/admin/outbox")
        let to: String
        let kindSelect: SelectView
        let rows: [MessageView]
        let hasRows: Bool
        let filtered: Bool
        let total: String
        let pagination: PaginationView?
    }

    struct AuditView: Sendable {
        let nav = AdminNav(current: "/admin/audit")
        let actionSelect: SelectView
        let actor: String
        let rows: [AuditRowView]
        let hasRows: Bool
        let emptyNote: String
        let total: String
        let pagination: PaginationView?
    }
}

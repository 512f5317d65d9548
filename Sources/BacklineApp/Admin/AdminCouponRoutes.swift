import BacklineCore
import Foundation
import Hummingbird

/// Coupons: list, create, edit, delete; pages under `/admin/coupons` and the API beside them. `CouponAdmin` holds
/// every rule and writes the audit entry, so both surfaces behave alike.
struct AdminCouponRoutes: Sendable {
    let web: WebContext
    let coupons: CouponAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/coupons", use: couponsPage)
        pages.get("/admin/coupons/new", use: newCouponPage)
        pages.post("/admin/coupons", use: createCoupon)
        pages.get("/admin/coupons/:id/edit", use: editCouponPage)
        pages.post("/admin/coupons/:id", use: updateCoupon)
        pages.post("/admin/coupons/:id/delete", use: deleteCoupon)
        api.get("admin/coupons", use: apiCoupons)
        api.get("admin/coupons/:id", use: apiCoupon)
        api.post("admin/coupons", use: apiCreateCoupon)
        api.patch("admin/coupons/:id", use: apiUpdateCoupon)
        api.delete("admin/coupons/:id", use: apiDeleteCoupon)
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
            discount = AdminCouponRoutes.discount(coupon)
            minimum = coupon.minSubtotalCents > 0 ? Money.format(coupon.minSubtotalCents) : "—"
            uses = "\(Format.count(coupon.uses)) / " + (coupon.maxUses.map(Format.count) ?? "∞")
            expires = coupon.expiresAt.map(Format.day) ?? "Never"
            pill = AdminCouponRoutes.pill(managed.state(now: now))
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
        let columns: [TableColumn]
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
        let managed = try await coupons.coupon(id: try context.pathID(or: AdminError.notFound("coupon")))
        return try await web.page("admin/coupons-form", "Edit \(managed.coupon.code)", couponForm(managed), context: context)
    }

    @Sendable func updateCoupon(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let id = try context.pathID(or: AdminError.notFound("coupon"))
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
        let id = try context.pathID(or: AdminError.notFound("coupon"))
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
}

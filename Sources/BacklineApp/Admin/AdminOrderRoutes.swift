import BacklineCore
import Foundation
import Hummingbird

/// Orders (search, filter, move along the allowed transitions, refund) and listing moderation (the pending queue, take-downs).
/// Rules live in `OrderAdmin` (moves through `OrderService`) and `ListingAdmin` (decisions through `ListingService`);
/// the handlers here read forms and bodies, call them and draw the answer.
struct AdminOrderRoutes: Sendable {
    let web: WebContext
    let orders: OrderAdmin
    let moderation: ListingAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin/orders", use: ordersPage)
        pages.get("/admin/orders/:id", use: orderPage)
        pages.post("/admin/orders/:id/status", use: moveOrder)
        pages.post("/admin/orders/:id/refund", use: refundOrder)
        pages.get("/admin/products", use: productsPage)
        pages.post("/admin/products/:id/approve", use: approveListing)
        pages.post("/admin/products/:id/reject", use: rejectListing)
        pages.post("/admin/products/:id/take-down", use: takeDownListing)

        api.get("admin/orders", use: apiOrders)
        api.get("admin/orders/:id", use: apiOrder)
        api.patch("admin/orders/:id", use: apiMoveOrder)
        api.post("admin/products/:id/approve", use: apiApprove)
        api.post("admin/products/:id/reject", use: apiReject)
        api.post("admin/products/:id/take-down", use: apiTakeDown)
    }

    static let perPage = 25

    // MARK: Orders list

    struct OrderRowView: Sendable {
        let id: Int
        let href: String
        let number: String
        let date: String
        let isoDate: String
        let buyer: String
        let buyerHref: String
        let items: Int
        let total: String
        let pill: Pill
        let payment: String
    }

    struct OrdersView: Sendable {
        let nav = AdminNav(current: "/admin/orders")
        let tabs: [NavLink]
        let status: String?
        let sort: String?
        let text: String
        let from: String
        let to: String
        let fromError: String?
        let toError: String?
        let problems: [String]
        let dateHeader: SortHeader
        let totalHeader: SortHeader
        let rows: [OrderRowView]
        let hasRows: Bool
        let count: String
        let clearHref: String?
        let pagination: PaginationView?
    }

    static func pill(_ status: OrderStatus) -> Pill { Pill(label: status.label, tone: "status-\(status.rawValue)") }

    static func paymentLabel(_ payment: PaymentStatus) -> String {
        switch payment {
        case .pending: "Pending"
        case .paid: "Paid"
        case .refunded: "Refunded"
        case .voided: "Not charged"
        }
    }

    @Sendable func ordersPage(request: Request, context: AdminRequestContext) async throws -> Response {
        let pairs = QueryString.parse(request.uri.query)
        // The page keeps working with bad values: they are left out of the filter and named beside it.
        let (query, problems) = OrderAdmin.Query.parse(pairs, perPage: Self.perPage)
        async let counts = orders.statusCounts(query)
        let (rows, total) = try await orders.search(query)
        func href(status: OrderStatus?? = .none, sort: OrderAdmin.Sort? = nil, page: Int = 1) -> String {
            var changed = query
            if let status { changed.status = status }
            if let sort { changed.sort = sort }
            return QueryString.url("/admin/orders", changed.pairs + (page > 1 ? [("page", String(page))] : []))
        }
        let tabCounts = try await counts
        let allCount = tabCounts.values.reduce(0, +)
        let tabs =
            [NavLink(label: "All (\(Format.count(allCount)))", href: href(status: .some(nil)), current: query.status == nil)]
            + OrderStatus.allCases.map { status in
                NavLink(
                    label: "\(status.label) (\(Format.count(tabCounts[status] ?? 0)))", href: href(status: status), current: query.status == status)
            }
        func header(_ label: String, descending: OrderAdmin.Sort, ascending: OrderAdmin.Sort) -> SortHeader {
            // The first click sorts descending (newest, largest first); a click on the sorted column flips it.
            switch query.sort {
            case descending: SortHeader(label: label, href: href(sort: ascending), ariaSort: "descending", arrow: " ↓")
            case ascending: SortHeader(label: label, href: href(sort: descending), ariaSort: "ascending", arrow: " ↑")
            default: SortHeader(label: label, href: href(sort: descending), ariaSort: nil, arrow: nil)
            }
        }
        let filtered = query.text != nil || query.from != nil || query.to != nil || problems.contains { $0.field == "from" || $0.field == "to" }
        var unfiltered = OrderAdmin.Query()
        (unfiltered.status, unfiltered.sort) = (query.status, query.sort)
        func dateError(_ field: String) -> String? {
            guard let problem = problems.first(where: { $0.field == field }) else { return nil }
            return problem.message.hasPrefix("must not")
                ? "This is before the start date, so it is ignored." : "Enter a date like 2026-01-31; this one is ignored."
        }
        let view = OrdersView(
            tabs: tabs, status: query.status?.rawValue, sort: query.sort == .newest ? nil : query.sort.rawValue, text: query.text ?? "",
            from: query.from.map(Format.isoDay) ?? "", to: query.to.map(Format.isoDay) ?? "",
            fromError: dateError("from"), toError: dateError("to"),
            problems: problems.filter { !["from", "to", "page", "per_page"].contains($0.field) }.map { "\($0.field) \($0.message); it is ignored." },
            dateHeader: header("Placed", descending: .newest, ascending: .oldest),
            totalHeader: header("Total", descending: .totalDesc, ascending: .totalAsc),
            rows: rows.map { order in
                OrderRowView(
                    id: order.id, href: "/admin/orders/\(order.id)", number: order.number, date: Format.day(order.createdAt),
                    isoDate: Format.iso8601(order.createdAt), buyer: order.buyerEmail, buyerHref: "/admin/users/\(order.buyerID)",
                    items: order.itemCount,
                    total: Money.format(order.totalCents), pill: Self.pill(order.status), payment: Self.paymentLabel(order.paymentStatus))
            },
            hasRows: !rows.isEmpty, count: "\(Format.count(total)) order\(total == 1 ? "" : "s")",
            clearHref: filtered ? QueryString.url("/admin/orders", unfiltered.pairs) : nil,
            pagination: PaginationView(current: query.page, totalPages: ListQuery.pageCount(total: total, perPage: query.perPage)) { href(page: $0) })
        return try await web.page("admin/orders", "Orders", view, context: context)
    }

    // MARK: One order

    struct OrderPageView: Sendable {
        let nav = AdminNav(current: "/admin/orders")
        let order: OrderWebRoutes.OrderView
        let pill: Pill
        let buyerEmail: String
        let buyerHref: String
        let canMove: Bool
        let statusSelect: SelectView?
        let noteField: FieldView
        let canRefund: Bool
        let refundLabel: String
        let refundNote: String
        let refundField: FieldView
        let finalNote: String?
    }

    func orderID(_ context: AdminRequestContext) throws -> Int {
        return try context.pathID(or: AdminError.notFound("order"))
    }

    /// The order page, with what a form sent and its problems when it is drawn again.
    func orderPage(
        _ id: Int, context: AdminRequestContext, form: FormData? = nil, errors: [FieldError] = [], refundForm: FormData? = nil,
        refundErrors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let order = try await orders.order(id: id)
        // Refunding has its own button; the select offers the other moves.
        let next = OrderAdmin.nextStatuses(order.status).filter { $0 != .refunded }
        let canRefund = order.status.canMove(to: .refunded)
        let view = OrderPageView(
            order: OrderWebRoutes.orderView(order), pill: Self.pill(order.status), buyerEmail: order.buyerEmail,
            buyerHref: "/admin/users/\(order.buyerID)",
            canMove: !next.isEmpty,
            statusSelect: next.isEmpty
                ? nil
                : SelectView(
                    "status", "New status", options: [("", "Choose…")] + next.map { ($0.rawValue, $0.label) }, selected: form?["status"],
                    errors: errors,
                    hint: next.contains(.cancelled) ? "Cancelling puts the stock back and refunds a paid order." : nil),
            noteField: FieldView(
                "note", "Note (optional)", form: form, errors: errors,
                hint: "Shown to the buyer on their order’s timeline, like a carrier or a reason."),
            canRefund: canRefund, refundLabel: "Refund \(Money.format(order.totalCents))",
            refundNote: order.status == .delivered
                ? "The buyer gets \(Money.format(order.totalCents)) back. The items were delivered, so the stock stays as it is."
                : "The buyer gets \(Money.format(order.totalCents)) back and the items go back into stock.",
            refundField: FieldView("note", "Reason (optional)", form: refundForm, errors: refundErrors, hint: "Shown to the buyer with the refund."),
            finalNote: next.isEmpty && !canRefund ? "This order is \(order.status.label.lowercased()): its status can no longer change." : nil)
        return try await web.page("admin/order", "Order \(order.number)", view, context: context, status: status)
    }

    @Sendable func orderPage(request: Request, context: AdminRequestContext) async throws -> Response {
        return try await orderPage(try orderID(context), context: context)
    }

    @Sendable func moveOrder(request: Request, context: AdminRequestContext) async throws -> Response {
        let admin = context.admin
        let id = try orderID(context)
        let form = context.form ?? FormData()
        guard let next = OrderStatus(rawValue: form["status"] ?? "") else {
            let errors = [FieldError(field: "status", message: "Choose the status to move the order to.")]
            return try await orderPage(id, context: context, form: form, errors: errors, status: .unprocessableContent)
        }
        return try await move(id, to: next, note: form["note"], admin: admin, context: context, form: form, refund: false)
    }

    @Sendable func refundOrder(request: Request, context: AdminRequestContext) async throws -> Response {
        let admin = context.admin
        let form = context.form ?? FormData()
        return try await move(try orderID(context), to: .refunded, note: form["note"], admin: admin, context: context, form: form, refund: true)
    }

    func move(_ id: Int, to next: OrderStatus, note: String?, admin: CurrentUser, context: AdminRequestContext, form: FormData, refund: Bool)
        async throws -> Response
    {
        do {
            let order = try await orders.move(orderID: id, to: next, note: note, actorID: admin.id, ip: context.clientAddress)
            let message =
                next == .refunded
                ? "Order \(order.number) is refunded: \(Money.format(order.totalCents)) goes back to the buyer, who is told by email."
                : "Order \(order.number) is now \(next.label.lowercased()). The buyer is told by email."
            return web.redirect("/admin/orders/\(id)", context: context, flash: message)
        } catch let error as ValidationError {
            return try await orderPage(
                id, context: context, form: refund ? nil : form, errors: refund ? [] : error.errors, refundForm: refund ? form : nil,
                refundErrors: refund ? error.errors : [], status: .unprocessableContent)
        } catch let error as OrderError where error != .notFound {
            // Someone moved it meanwhile, or the form was tampered with: the page as it is now, and why nothing changed.
            context.app.session.flash("error", error.message)
            return try await orderPage(id, context: context, status: .conflict)
        }
    }

    // MARK: Listing moderation

    struct ListingCardView: Sendable {
        let id: Int
        let name: String
        let sub: String
        let image: String
        let shopName: String
        let shopHref: String
        let sellerName: String
        let sellerEmail: String
        let sellerHref: String
        let price: String
        let created: String
        let isoCreated: String
        let pill: Pill
        let editHref: String
        let publicHref: String?
        let moderationNote: String?
        let canDecide: Bool
        let canTakeDown: Bool
        /// What was typed into this listing's reason field, and what is wrong with it, when the page is drawn again.
        let reason: String
        let reasonError: String?
    }

    struct ProductsView: Sendable {
        let nav = AdminNav(current: "/admin/products")
        let tabs: [NavLink]
        let isQueue: Bool
        let text: String
        let tab: String
        let pageNumber: Int
        let items: [ListingCardView]
        let hasItems: Bool
        let count: String
        let pagination: PaginationView?
        let emptyMessage: String
    }

    /// Where a moderation form goes back to: the tab, search and page it was on (hidden fields of every form).
    struct ProductsPlace: Sendable {
        var search: Bool
        var text: String
        var page: Int

        init(_ pairs: FormData) {
            search = pairs["tab"] == "all"
            text = String((pairs["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
            page = min(max(Int(pairs["page"] ?? "") ?? 1, 1), 10_000)
        }

        init(query: String?) {
            var list = ListQuery(QueryString.parse(query))
            search = list.value("tab") == "all"
            text = list.text() ?? ""
            page = list.page()
        }

        func href(page: Int? = nil) -> String {
            var pairs: [(String, String)] = []
            if search { pairs.append(("tab", "all")) }
            if search && !text.isEmpty { pairs.append(("q", text)) }
            let page = page ?? self.page
            if page > 1 { pairs.append(("page", String(page))) }
            return QueryString.url("/admin/products", pairs)
        }
    }

    @Sendable func productsPage(request: Request, context: AdminRequestContext) async throws -> Response {
        return try await productsPage(ProductsPlace(query: request.uri.query), context: context)
    }

    /// The moderation page; `failed` is the listing whose reason was refused, with what was typed and why.
    func productsPage(
        _ place: ProductsPlace, context: AdminRequestContext, failed: (id: Int, reason: String, error: String)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        async let queueCount = moderation.waitingCount()
        let (rows, total) =
            place.search
            ? try await moderation.search(place.text, page: place.page, perPage: Self.perPage)
            : try await moderation.queue(page: place.page, perPage: Self.perPage)
        let waiting = try await queueCount
        let items = rows.map { row in
            let failedHere = failed?.id == row.id ? failed : nil
            return ListingCardView(
                id: row.id, name: row.name, sub: "\(row.brand) · \(row.model) · \(row.condition.label)", image: row.imageURL, shopName: row.shopName,
                shopHref: "/shops/\(row.shopID)", sellerName: row.sellerName, sellerEmail: row.sellerEmail,
                sellerHref: "/admin/users/\(row.sellerID)",
                price: Money.format(row.priceCents), created: Format.day(row.createdAt), isoCreated: Format.iso8601(row.createdAt),
                pill: Pill.listing(status: row.status, active: row.active), editHref: "/sell/products/\(row.id)/edit",
                publicHref: row.status == .approved && row.active ? "/products/\(row.id)" : nil,
                moderationNote: row.status == .rejected ? row.moderationNote : nil, canDecide: row.status == .pending,
                canTakeDown: row.status != .rejected,
                reason: failedHere?.reason ?? "", reasonError: failedHere?.error)
        }
        let view = ProductsView(
            tabs: [
                NavLink(label: "Waiting for review (\(Format.count(waiting)))", href: "/admin/products", current: !place.search),
                NavLink(label: "All listings", href: "/admin/products?tab=all", current: place.search),
            ],
            isQueue: !place.search, text: place.text, tab: place.search ? "all" : "queue", pageNumber: place.page, items: items,
            hasItems: !items.isEmpty,
            count: place.search ? "\(Format.count(total)) listing\(total == 1 ? "" : "s")" : "\(Format.count(total)) waiting, oldest first",
            pagination: PaginationView(current: place.page, totalPages: ListQuery.pageCount(total: total, perPage: Self.perPage)) {
                place.href(page: $0)
            },
            emptyMessage: place.search
                ? "No listing matches. Search by name, brand, model or id." : "Nothing is waiting for review. New sellers’ listings show up here.")
        return try await web.page("admin/products", "Listings", view, context: context, status: status)
    }

    func listingID(_ context: AdminRequestContext) throws -> Int {
        return try context.pathID(or: SellingError.listingNotFound)
    }

    /// Runs one moderation decision from a form: 303 back to where the form was, 422 with the reason's problem beside it,
    /// 409 (with the reason in a flash) when the listing's status no longer allows it.
    func decide(
        _ request: Request, _ context: AdminRequestContext, done: @escaping (Listing) -> String,
        _ action: @escaping @Sendable (Int, String, Caller) async throws -> Listing
    ) async throws -> Response {
        let admin = context.admin
        let id = try listingID(context)
        let form = context.form ?? FormData()
        let place = ProductsPlace(form)
        let reason = form["reason"] ?? ""
        do {
            let listing = try await action(id, reason, admin.caller)
            return web.redirect(place.href(), context: context, flash: done(listing))
        } catch let error as ValidationError {
            let message = error.errors.first?.message ?? "Say why."
            return try await productsPage(place, context: context, failed: (id, reason, message), status: .unprocessableContent)
        } catch SellingError.notPending {
            context.app.session.flash("error", SellingError.notPending.message)
            return try await productsPage(place, context: context, status: .conflict)
        } catch AdminError.conflict(let reason) {
            context.app.session.flash("error", reason)
            return try await productsPage(place, context: context, status: .conflict)
        }
    }

    @Sendable func approveListing(request: Request, context: AdminRequestContext) async throws -> Response {
        try await decide(request, context, done: { "“\($0.input.name)” is approved: buyers can find it now." }) { [moderation] id, _, caller in
            try await moderation.approve(id: id, actor: caller, ip: context.clientAddress)
        }
    }

    @Sendable func rejectListing(request: Request, context: AdminRequestContext) async throws -> Response {
        try await decide(request, context, done: { "“\($0.input.name)” is rejected. The seller is told why by email." }) {
            [moderation] id, reason, caller in
            try await moderation.reject(id: id, reason: reason, actor: caller, ip: context.clientAddress)
        }
    }

    @Sendable func takeDownListing(request: Request, context: AdminRequestContext) async throws -> Response {
        try await decide(request, context, done: { "“\($0.input.name)” is taken down: buyers no longer see it. The seller is told why by email." }) {
            [moderation] id, reason, caller in
            try await moderation.takeDown(id: id, reason: reason, actor: caller, ip: context.clientAddress)
        }
    }

    // MARK: API

    /// A row of `GET /admin/orders`: the buyer's order summary plus who bought it.
    struct AdminOrderItem: Encodable, Sendable {
        struct Buyer: Encodable, Sendable {
            let id: Int
            let email: String
        }
        let id: Int
        let number: String
        let status: String
        let paymentStatus: String
        let buyer: Buyer
        let totalCents: Int
        let currency = "USD"
        let itemCount: Int
        let createdAt: Date

        init(_ row: OrderAdmin.Row) {
            (id, number, status, paymentStatus) = (row.id, row.number, row.status.rawValue, row.paymentStatus.rawValue)
            buyer = Buyer(id: row.buyerID, email: row.buyerEmail)
            (totalCents, itemCount, createdAt) = (row.totalCents, row.itemCount, row.createdAt)
        }
    }

    /// The whole order as the buyer's API shows it (`OrderItem`), with the buyer beside it.
    struct AdminOrderDetailItem: Encodable, Sendable {
        let order: OrderItem
        let buyer: AdminOrderItem.Buyer

        init(_ detail: OrderDetail) {
            order = OrderItem(detail)
            buyer = .init(id: detail.buyerID, email: detail.buyerEmail)
        }

        enum CodingKeys: String, CodingKey { case buyer }

        func encode(to encoder: any Encoder) throws {
            try order.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(buyer, forKey: .buyer)
        }
    }

    @Sendable func apiOrders(request: Request, context: AdminRequestContext) async throws -> JSONBody<PageEnvelope<AdminOrderItem>> {
        let (query, problems) = OrderAdmin.Query.parse(QueryString.parse(request.uri.query), perPage: 24)
        guard problems.isEmpty else {
            throw Problem(
                .badRequest, problems.map { "\($0.field) \($0.message)" }.joined(separator: "; "),
                errors: problems.map { FieldError(field: $0.field, message: $0.message) })
        }
        let (rows, total) = try await orders.search(query)
        return JSONBody(PageEnvelope(items: rows.map(AdminOrderItem.init), page: query.page, perPage: query.perPage, total: total))
    }

    func apiOrderID(_ context: AdminRequestContext) throws -> Int {
        return try context.pathID(or: Problem(.notFound, "No order with that id."))
    }

    @Sendable func apiOrder(request: Request, context: AdminRequestContext) async throws -> JSONBody<AdminOrderDetailItem> {
        return JSONBody(AdminOrderDetailItem(try await orders.order(id: try apiOrderID(context))))
    }

    struct MoveBody: Decodable {
        let status: String?
        let note: String?
    }

    @Sendable func apiMoveOrder(request: Request, context: AdminRequestContext) async throws -> JSONBody<AdminOrderDetailItem> {
        let admin = context.admin
        let id = try apiOrderID(context)
        let body = try await APIBody.decode(MoveBody.self, from: request)
        guard let text = body.status else { throw ValidationError(field: "status", "is required") }
        guard let next = OrderStatus(rawValue: text) else {
            throw ValidationError(field: "status", "must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let order = try await orders.move(orderID: id, to: next, note: body.note, actorID: admin.id, ip: context.clientAddress)
        return JSONBody(AdminOrderDetailItem(order))
    }

    struct ReasonBody: Decodable {
        let reason: String?
    }

    @Sendable func apiApprove(request: Request, context: AdminRequestContext) async throws -> JSONBody<ListingItem> {
        let admin = context.admin
        let id = try CatalogAPIRoutes.id(context, notFound: "No product with that id.")
        return JSONBody(ListingItem(try await moderation.approve(id: id, actor: admin.caller, ip: context.clientAddress)))
    }

    @Sendable func apiReject(request: Request, context: AdminRequestContext) async throws -> JSONBody<ListingItem> {
        let admin = context.admin
        let id = try CatalogAPIRoutes.id(context, notFound: "No product with that id.")
        let body = try await APIBody.decode(ReasonBody.self, from: request)
        return JSONBody(ListingItem(try await moderation.reject(id: id, reason: body.reason ?? "", actor: admin.caller, ip: context.clientAddress)))
    }

    @Sendable func apiTakeDown(request: Request, context: AdminRequestContext) async throws -> JSONBody<ListingItem> {
        let admin = context.admin
        let id = try CatalogAPIRoutes.id(context, notFound: "No product with that id.")
        let body = try await APIBody.decode(ReasonBody.self, from: request)
        return JSONBody(ListingItem(try await moderation.takeDown(id: id, reason: body.reason ?? "", actor: admin.caller, ip: context.clientAddress)))
    }
}

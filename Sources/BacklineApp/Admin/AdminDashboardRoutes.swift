import BacklineCore
import Foundation
import Hummingbird
import NIOCore

/// The admin dashboard (figures for a period beside the previous one, charts) and reports (sales, top products and
/// sellers, inventory; pages, CSV, API).
struct AdminDashboardRoutes: Sendable {
    let web: WebContext
    let reports: AdminReports
    let moderation: ListingAdmin

    func register(pages: RouterGroup<AdminRequestContext>, api: RouterGroup<AdminRequestContext>) {
        pages.get("/admin", use: dashboardPage)
        pages.get("/admin/reports", use: reportsPage)
        pages.get("/admin/reports/:file", use: csv)
        api.get("admin/stats", use: stats)
        api.get("admin/reports/sales", use: salesAPI)
    }

    // MARK: Dashboard

    static let periodChoices = [7, 30, 90, 365]

    struct DashboardView: Sendable {
        struct Tile: Sendable {
            let label: String
            let value: String
            let previous: String?
            let change: String?
            let trend: String
            let href: String?
        }
        let nav = AdminNav(current: "/admin")
        let periodSelect: SelectView
        let periodLabel: String
        let tiles: [Tile]
        let revenueChart: String
        let statusChart: String
        let categoryChart: String
        /// "3 listings are waiting for review", or nil when the queue is empty.
        let pendingNote: String?
    }

    @Sendable func dashboardPage(request: Request, context: AdminRequestContext) async throws -> Response {
        let asked = ListQuery(request).value("days").flatMap { Int($0) }
        let days = Self.periodChoices.contains(asked ?? 0) ? asked! : 30  // anything else: the default, a working page
        let period = ReportPeriod.last(days)
        async let pending = moderation.waitingCount()
        let board = try await reports.dashboard(period: period)

        func tile(_ label: String, _ now: Int, _ before: Int, money: Bool = false, href: String? = nil) -> DashboardView.Tile {
            func show(_ value: Int) -> String { money ? Money.format(value) : Format.count(value) }
            let change: String? = before == 0 ? nil : String(format: "%+.0f%%", (Double(now) - Double(before)) / Double(before) * 100)
            return .init(
                label: label, value: show(now), previous: show(before), change: change, trend: now > before ? "up" : now < before ? "down" : "flat",
                href: href)
        }
        let current = board.current, previous = board.previous
        let tiles = [
            tile("Revenue", current.revenueCents, previous.revenueCents, money: true, href: "/admin/reports?report=sales&days=\(days)"),
            tile("Orders", current.orders, previous.orders, href: "/admin/orders"),
            tile("Average order", current.averageOrderCents, previous.averageOrderCents, money: true),
            tile("New customers", current.newCustomers, previous.newCustomers, href: "/admin/users?role=customer"),
            tile("Sellers with sales", current.activeSellers, previous.activeSellers, href: "/admin/reports?report=sellers&days=\(days)"),
            DashboardView.Tile(
                label: "Live listings", value: Format.count(board.liveListings), previous: nil, change: nil, trend: "flat", href: "/products"),
            DashboardView.Tile(
                label: "Low stock", value: Format.count(board.lowStock), previous: nil, change: nil, trend: "flat",
                href: "/admin/reports?report=inventory"),
        ]
        let waiting = try await pending
        let view = DashboardView(
            periodSelect: SelectView("days", "Period", options: Self.periodChoices.map { (String($0), "Last \($0) days") }, selected: String(days)),
            periodLabel: "\(Format.day(period.from)) – \(Format.day(period.to.addingTimeInterval(-1))), compared with the \(days) days before",
            tiles: tiles,
            revenueChart: Self.salesChart(
                SalesChartInput(rows: board.revenue, grouping: board.grouping), title: "Revenue per \(board.grouping.rawValue)"),
            statusChart: BarChart(
                title: "Orders by status",
                bars: board.ordersByStatus.map { .init(label: $0.status.label, value: $0.count, detail: "\($0.status.label): \($0.count)") },
                axisLabel: Format.count, horizontal: true
            ).svg,
            categoryChart: BarChart(
                title: "Top categories by revenue",
                bars: board.topCategories.map {
                    .init(label: $0.name, value: $0.revenueCents, detail: "\($0.name): \(Money.format($0.revenueCents))")
                },
                axisLabel: Money.axis, horizontal: true
            ).svg,
            pendingNote: waiting == 0
                ? nil : waiting == 1 ? "1 listing is waiting for review" : "\(Format.count(waiting)) listings are waiting for review")
        return try await web.page("admin/dashboard", "Admin dashboard", view, context: context)
    }

    struct SalesChartInput {
        let rows: [AdminReports.SalesRow]
        let grouping: ReportGrouping
    }

    /// Revenue bars for a sales series, labelled so that about eight labels fit.
    static func salesChart(_ input: SalesChartInput, title: String) -> String {
        let label: (Date) -> String = input.grouping == .month ? { Format.shortMonthYear($0) } : { Format.shortDay($0) }
        return BarChart(
            title: title,
            bars: input.rows.map {
                .init(
                    label: label($0.start), value: $0.revenueCents,
                    detail: "\(label($0.start)): \(Money.format($0.revenueCents)), \($0.orders) orders")
            },
            axisLabel: Money.axis, labelEvery: max(1, (input.rows.count + 7) / 8)
        ).svg
    }

    // MARK: Reports

    enum Report: String, CaseIterable {
        case sales, products, sellers, inventory

        var label: String {
            switch self {
            case .sales: "Sales"
            case .products: "Top products"
            case .sellers: "Top sellers"
            case .inventory: "Inventory"
            }
        }
    }

    /// A report's period and grouping from the query: `from`/`to` (inclusive days) or `days`, and `group`.
    struct ReportQuery {
        var period = ReportPeriod.last(30)
        var grouping = ReportGrouping.day
        /// The query as read, with what was not understood.
        private var query: ListQuery
        /// What was not understood: a page shows it above the report, the API answers it as a 400 (`check()`).
        var problems: [QueryProblem] { query.problems }

        init(_ request: Request, now: Date = Date()) {
            query = ListQuery(request)
            if let days = query.value("days") {
                if let n = Int(days), (1...1_100).contains(n) { period = .last(n, now: now) } else { query.bad("days", "must be 1 to 1100") }
            }
            let (from, to) = (query.day("from", example: "2026-11-01"), query.day("to", example: "2026-11-30"))
            if query.problems.isEmpty, from != nil || to != nil {
                let end = (to ?? ReportPeriod.startOfDay(now)).addingTimeInterval(86_400)  // `to` is inclusive
                let start = from ?? end.addingTimeInterval(-30 * 86_400)
                if end <= start {
                    query.bad("to", "must not be before from")
                } else if end.timeIntervalSince(start) > 1_100 * 86_400 {
                    query.bad("to", "the span may be at most 1100 days")
                } else {
                    period = ReportPeriod(from: start, to: end)
                }
            }
            if query.value("group") != nil {
                grouping = query.choice("group", as: ReportGrouping.self) ?? .day
            } else {
                grouping = period.days <= 62 ? .day : period.days <= 200 ? .week : .month
            }
        }

        func check() throws { try query.check() }
    }

    struct ReportsView: Sendable {
        struct Row: Sendable {
            let cells: [Cell]
        }
        struct Cell: Sendable {
            let text: String
            let href: String?
            let numeric: Bool
        }
        let nav = AdminNav(current: "/admin/reports")
        let tabs: [NavLink]
        let report: String
        let from: String
        let to: String
        let groupSelect: SelectView?
        let note: String?
        let summary: String
        let chart: String?
        let headers: [Cell]
        let rows: [Row]
        let hasRows: Bool
        let csvHref: String
    }

    @Sendable func reportsPage(request: Request, context: AdminRequestContext) async throws -> Response {
        let report = ListQuery(request).value("report").flatMap(Report.init(rawValue:)) ?? .sales
        let query = ReportQuery(request)
        let table = try await self.table(report, query)
        var params = [
            ("report", report.rawValue), ("from", Format.isoDay(query.period.from)), ("to", Format.isoDay(query.period.to.addingTimeInterval(-1))),
        ]
        if report == .sales { params.append(("group", query.grouping.rawValue)) }
        let view = ReportsView(
            tabs: Report.allCases.map { .init(label: $0.label, href: "/admin/reports?report=\($0.rawValue)", current: $0 == report) },
            report: report.rawValue, from: Format.isoDay(query.period.from), to: Format.isoDay(query.period.to.addingTimeInterval(-1)),
            groupSelect: report == .sales
                ? SelectView(
                    "group", "Group by", options: ReportGrouping.allCases.map { ($0.rawValue, $0.rawValue.capitalized) },
                    selected: query.grouping.rawValue) : nil,
            note: query.problems.isEmpty
                ? nil
                : "Some filters were not understood (\(query.problems.map { "\($0.field) \($0.message)" }.joined(separator: "; "))); showing the last 30 days.",
            summary: table.summary, chart: table.chart, headers: table.headers.map { .init(text: $0.0, href: nil, numeric: $0.1) },
            rows: table.rows.map { .init(cells: $0) }, hasRows: !table.rows.isEmpty,
            csvHref: "/admin/reports/\(report.rawValue).csv?" + QueryString.encode(params.filter { $0.0 != "report" }))
        return try await web.page("admin/reports", "Reports — \(report.label)", view, context: context)
    }

    typealias Table = (summary: String, chart: String?, headers: [(String, Bool)], rows: [[ReportsView.Cell]], csv: [[String]])

    /// One report as a table (the page and the CSV share it): headers, cells, a summary line and a chart.
    func table(_ report: Report, _ query: ReportQuery) async throws -> Table {
        func cell(_ text: String, href: String? = nil, numeric: Bool = false) -> ReportsView.Cell { .init(text: text, href: href, numeric: numeric) }
        let period = query.period
        switch report {
        case .sales:
            let sales = try await reports.sales(period, by: query.grouping)
            let label: (Date) -> String =
                query.grouping == .month ? { Format.monthYear($0) } : { (query.grouping == .week ? "Week of " : "") + Format.day($0) }
            return (
                "\(Format.count(sales.orders)) orders, \(Money.format(sales.revenueCents)) revenue",
                Self.salesChart(SalesChartInput(rows: sales.rows, grouping: query.grouping), title: "Revenue per \(query.grouping.rawValue)"),
                [("Period", false), ("Orders", true), ("Items", true), ("Revenue", true)],
                sales.rows.reversed().map {
                    [
                        cell(label($0.start)), cell(Format.count($0.orders), numeric: true), cell(Format.count($0.units), numeric: true),
                        cell(Money.format($0.revenueCents), numeric: true),
                    ]
                },
                [["period_start", "orders", "items", "revenue_cents"]]
                    + sales.rows.map { [Format.isoDay($0.start), String($0.orders), String($0.units), String($0.revenueCents)] }
            )
        case .products:
            let top = try await reports.topProducts(period, limit: 25)
            return (
                "The \(top.count) best-selling products by revenue",
                BarChart(
                    title: "Top products by revenue",
                    bars: top.prefix(10).map {
                        .init(label: String($0.name.prefix(24)), value: $0.revenueCents, detail: "\($0.name): \(Money.format($0.revenueCents))")
                    },
                    axisLabel: Money.axis, horizontal: true
                ).svg,
                [("Product", false), ("Shop", false), ("Units", true), ("Revenue", true)],
                top.map {
                    [
                        cell($0.name, href: "/products/\($0.productID)"), cell($0.shopName), cell(Format.count($0.units), numeric: true),
                        cell(Money.format($0.revenueCents), numeric: true),
                    ]
                },
                [["product_id", "name", "shop", "units", "revenue_cents"]]
                    + top.map { [String($0.productID), $0.name, $0.shopName, String($0.units), String($0.revenueCents)] }
            )
        case .sellers:
            let top = try await reports.topSellers(period, limit: 25)
            return (
                "The \(top.count) shops that sold most",
                BarChart(
                    title: "Top shops by revenue",
                    bars: top.prefix(10).map {
                        .init(
                            label: String($0.shopName.prefix(24)), value: $0.revenueCents, detail: "\($0.shopName): \(Money.format($0.revenueCents))")
                    },
                    axisLabel: Money.axis, horizontal: true
                ).svg,
                [("Shop", false), ("Seller", false), ("Orders", true), ("Units", true), ("Revenue", true)],
                top.map {
                    [
                        cell($0.shopName, href: "/shops/\($0.shopID)"), cell($0.ownerEmail), cell(Format.count($0.orders), numeric: true),
                        cell(Format.count($0.units), numeric: true), cell(Money.format($0.revenueCents), numeric: true),
                    ]
                },
                [["shop_id", "shop", "seller_email", "orders", "units", "revenue_cents"]]
                    + top.map { [String($0.shopID), $0.shopName, $0.ownerEmail, String($0.orders), String($0.units), String($0.revenueCents)] }
            )
        case .inventory:
            let inventory = try await reports.inventory(limit: 100)
            let rows = inventory.out.map { ($0, "Sold out") } + inventory.low.map { ($0, "Low") }
            return (
                "\(Format.count(inventory.outCount)) sold out, \(Format.count(inventory.lowCount)) low (at or below their alert); the first 100 of each",
                nil,
                [("Listing", false), ("Shop", false), ("State", false), ("Stock", true), ("Alert at", true)],
                rows.map {
                    [
                        cell($0.0.name, href: "/products/\($0.0.productID)"), cell($0.0.shopName), cell($0.1),
                        cell(String($0.0.stock), numeric: true), cell(String($0.0.threshold), numeric: true),
                    ]
                },
                [["product_id", "name", "shop", "state", "stock", "alert_at"]]
                    + rows.map {
                        [
                            String($0.0.productID), $0.0.name, $0.0.shopName, $0.1 == "Low" ? "low" : "sold_out", String($0.0.stock),
                            String($0.0.threshold),
                        ]
                    }
            )
        }
    }

    /// `/admin/reports/sales.csv` (and products, sellers, inventory): the report's table as CSV.
    @Sendable func csv(request: Request, context: AdminRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".csv"), let report = Report(rawValue: String(file.dropLast(4))) else {
            throw HTTPError(.notFound)
        }
        let query = ReportQuery(request)
        let table = try await self.table(report, query)
        let name = "backline-\(report.rawValue)-\(Format.isoDay(query.period.from))-to-\(Format.isoDay(query.period.to.addingTimeInterval(-1))).csv"
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: CSV.text(table.csv))))
    }

    // MARK: API

    struct StatsItem: Encodable, Sendable {
        let users, customers, sellers, products, orders, revenueCents, lowStock: Int
    }

    @Sendable func stats(request: Request, context: AdminRequestContext) async throws -> JSONBody<StatsItem> {
        let s = try await reports.stats()
        return JSONBody(
            StatsItem(
                users: s.users, customers: s.customers, sellers: s.sellers, products: s.products, orders: s.orders, revenueCents: s.revenueCents,
                lowStock: s.lowStock))
    }

    struct SalesItem: Encodable, Sendable {
        struct Period: Encodable, Sendable {
            let period: String
            let start: Date
            let orders: Int
            let units: Int
            let revenueCents: Int
        }
        struct Product: Encodable, Sendable {
            let productId: Int
            let name: String
            let units: Int
            let revenueCents: Int
        }
        let from: String
        let to: String
        let group: String
        let periods: [Period]
        let totals: [String: Int]
        let topProducts: [Product]
    }

    /// `GET /api/v1/admin/reports/sales?from=&to=&group=day|week|month`: revenue and orders per period, top products.
    @Sendable func salesAPI(request: Request, context: AdminRequestContext) async throws -> JSONBody<SalesItem> {
        let query = ReportQuery(request)
        try query.check()
        async let top = reports.topProducts(query.period)
        let sales = try await reports.sales(query.period, by: query.grouping)
        return JSONBody(
            SalesItem(
                from: Format.isoDay(query.period.from), to: Format.isoDay(query.period.to.addingTimeInterval(-1)), group: query.grouping.rawValue,
                periods: sales.rows.map {
                    .init(period: Format.isoDay($0.start), start: $0.start, orders: $0.orders, units: $0.units, revenueCents: $0.revenueCents)
                },
                totals: ["orders": sales.orders, "revenue_cents": sales.revenueCents],
                topProducts: try await top.map { .init(productId: $0.productID, name: $0.name, units: $0.units, revenueCents: $0.revenueCents) }))
    }
}

/// RFC 4180 CSV. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
enum CSV {
    static func text(_ rows: [[String]]) -> String {
        rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Int(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import BacklineApp
import BacklineCore
import BacklineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// The admin dashboard, reports, CSV downloads and their API: figures that add up, and only for admins.
@Suite struct AdminDashboardTests {
    /// Two orders today (the Strat twice, the Katana once) and one cancelled; answers the buyer's id.
    static func orders(_ services: AppServices, _ fixture: CatalogFixture) async throws {
        let buyer = try await services.accounts.createUser(email: "report@buyer.test", password: "secret123", displayName: "Rita", role: .customer)
            .id!
        let address = AddressInput(fullName: "Rita", line1: "1 Main St", line2: nil, city: "Austin", postalCode: "78701", country: "US", phone: nil)
        let card = CheckoutRequest(
            addressID: nil, address: address, shippingMethod: "standard", paymentMethod: "card", cardNumber: "4242424242424242")
        try await services.carts.add(.user(buyer), productID: fixture.strat, quantity: 2)
        _ = try await services.checkout.placeOrder(userID: buyer, card)
        try await services.carts.add(.user(buyer), productID: fixture.katana, quantity: 1)
        _ = try await services.checkout.placeOrder(userID: buyer, card)
        try await services.carts.add(.user(buyer), productID: fixture.bluesJunior, quantity: 1)
        let cancelled = try await services.checkout.placeOrder(userID: buyer, card)
        _ = try await services.orders.cancel(orderID: cancelled.orderID, buyerID: buyer)
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, token: String?) async throws -> (
        status: HTTPResponse.Status, json: [String: Any], text: String
    ) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            let text = String(buffer: response.body)
            return (response.status, (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:], text)
        }
    }

    @Test func reportsBucketDaysIntoWeeksAndMonths() {
        #expect(Format.parseDay("2026-11-23").map(Format.isoDay) == "2026-11-23")
        #expect(Format.parseDay("2026-02-30") == nil && Format.parseDay("26-11-01") == nil && Format.parseDay("2026-13-01") == nil)
        let sunday = Format.parseDay("2026-11-22")!
        #expect(Format.isoDay(AdminReports.bucketStart(sunday, .week)) == "2026-11-16")  // weeks start on Monday
        #expect(Format.isoDay(AdminReports.bucketStart(sunday, .month)) == "2026-11-01")
        #expect(ReportPeriod.last(7, now: sunday.addingTimeInterval(3_600)).previous.days == 7)
    }

    @Test func statsAndSalesAddUpForAdminsOnly() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            try await Self.orders(services, fixture)
            let admin = try await services.accounts.createUser(email: "boss@admin.test", password: "secret123", displayName: "Boss", role: .admin).id!
            let token = try await services.tokens.issue(userID: admin).accessToken
            let customer = try await services.tokens.issue(
                userID: try await services.accounts.createUser(email: "c@c.test", password: "secret123", displayName: "C", role: .customer).id!
            ).accessToken

            #expect(try await Self.get(client, "/api/v1/admin/stats", token: nil).status == .unauthorized)
            #expect(try await Self.get(client, "/api/v1/admin/stats", token: customer).status == .forbidden)
            let stats = try await Self.get(client, "/api/v1/admin/stats", token: token).json
            // Sellers A and B, the buyer, the customer, the admin; five listed products; two orders that count.
            #expect(stats["users"] as? Int == 5 && stats["sellers"] as? Int == 2 && stats["customers"] as? Int == 2)
            #expect(stats["products"] as? Int == 5 && stats["orders"] as? Int == 2)
            let revenue = 2 * 84_999 + 25_999  // both ship free (over $99)
            #expect(stats["revenue_cents"] as? Int == revenue)
            #expect(stats["low_stock"] as? Int == 2)  // the Les Paul (1 of 1) and the sold-out Martin

            let today = Format.isoDay(Date())
            let sales = try await Self.get(client, "/api/v1/admin/reports/sales?from=\(today)&to=\(today)&group=day", token: token).json
            let periods = sales["periods"] as? [[String: Any]] ?? []
            #expect(periods.count == 1 && periods.first?["orders"] as? Int == 2 && periods.first?["units"] as? Int == 3)
            #expect((sales["totals"] as? [String: Int])?["revenue_cents"] == revenue)
            let top = sales["top_products"] as? [[String: Any]] ?? []
            #expect(top.first?["product_id"] as? Int == fixture.strat && top.first?["units"] as? Int == 2)
            let month = try await Self.get(client, "/api/v1/admin/reports/sales?group=month", token: token).json
            #expect(((month["periods"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ($1["orders"] as? Int ?? 0) } == 2)
            for bad in ["from=yesterday", "to=2026-02-30", "group=year", "from=2026-11-10&to=2026-11-01", "from=2020-01-01&to=2026-01-01", "days=0"] {
                let answer = try await Self.get(client, "/api/v1/admin/reports/sales?\(bad)", token: token)
                #expect(answer.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test func theDashboardAndReportPagesShowTheFiguresAndDownloadAsCSV() async throws {
        try await withApp { services, client in
            let fixture = try await CatalogFixture.insert(into: services)
            try await services.database.sql.raw("UPDATE products SET name = '=HYPERLINK(\"x\"), deluxe' WHERE id = \(bind: fixture.katana)").run()
            try await Self.orders(services, fixture)
            _ = try await services.accounts.createUser(email: "boss@admin.test", password: "secret123", displayName: "Boss", role: .admin)
            let admin = Browser(client)
            _ = try await admin.login("boss@admin.test")

            let dashboard = try await admin.get("/admin?days=7")
            #expect(dashboard.status == .ok)
            #expect(dashboard.html.contains("Revenue") && dashboard.html.contains(Money.format(2 * 84_999 + 25_999)))
            #expect(dashboard.html.contains("<svg class=\"chart\"") && dashboard.html.contains("Orders by status"))
            #expect(dashboard.html.contains("1 listing is waiting for review"))
            #expect(try await admin.get("/admin?days=banana").status == .ok)  // a bad period: the default, not an error

            let report = try await admin.get("/admin/reports?report=products")
            #expect(report.html.contains("Fender Player Stratocaster") && report.html.contains("HYPERLINK"))
            #expect(try await admin.get("/admin/reports?report=sales&from=nonsense").html.contains("Some filters were not understood"))
            let inventory = try await admin.get("/admin/reports?report=inventory")
            #expect(inventory.html.contains("Martin D-28") && inventory.html.contains("Sold out"))

            let csv = try await admin.get("/admin/reports/products.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"backline-products-") == true)
            let lines = csv.html.components(separatedBy: "\r\n")
            #expect(lines.first == "product_id,name,shop,units,revenue_cents")
            #expect(lines.contains("\(fixture.strat),Fender Player Stratocaster,Alpha Guitars,2,169998"))
            // A name a spreadsheet would run as a formula is defused, and quoted for its comma and quotes.
            #expect(lines.contains("\(fixture.katana),\"'=HYPERLINK(\"\"x\"\"), deluxe\",Beta Amps,1,25999"))
            #expect(try await admin.get("/admin/reports/nothing.csv").status == .notFound)

            let customer = Browser(client)
            _ = try await customer.register("nosy@buyer.test")
            for path in ["/admin", "/admin/reports", "/admin/reports/sales.csv"] {
                #expect(try await customer.get(path).status == .forbidden, "\(path)")
                #expect(
                    try await Browser(client).get(path).location == "/login?next="
                        + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), "\(path)")
            }
        }
    }
}

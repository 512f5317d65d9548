import BacklineCore
import Foundation
import Hummingbird

/// The admin dashboard (figures for a period beside the previous one, charts) and reports (sales, top products and sellers, inventory; pages, CSV, API).
struct AdminDashboardRoutes: Sendable {
    let web: WebContext
    let services: AppServices

    func register(pages: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
    }
}

import BacklineCore
import Foundation
import Hummingbird

/// Coupons, the category tree and tags: create, edit, delete.
struct AdminCatalogRoutes: Sendable {
    let web: WebContext
    let services: AppServices

    func register(pages: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
    }
}

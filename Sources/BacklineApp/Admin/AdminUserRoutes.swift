import BacklineCore
import Foundation
import Hummingbird

/// Users (search, roles, disable and enable), the outbox viewer and the audit log.
struct AdminUserRoutes: Sendable {
    let web: WebContext
    let services: AppServices

    func register(pages: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
    }
}

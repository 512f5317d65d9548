import BacklineCore
import Foundation
import Hummingbird

/// Orders (search, filter, move along the allowed transitions, refund) and listing moderation (the pending queue, take-downs).
struct AdminOrderRoutes: Sendable {
    let web: WebContext
    let services: AppServices

    func register(pages: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
    }
}

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

extension WebContext {
    /// The signed-in admin: anonymous visitors go to sign in (303), everyone else gets a 403 page.
    func requireAdmin(_ request: Request, _ context: AppRequestContext) throws -> CurrentUser {
        let user = try requireUser(request, context)
        guard user.role == .admin else { throw AdminError.notAdmin }
        return user
    }
}

extension AppRequestContext {
    /// The API caller when an admin: 401 without a valid token, 403 for anyone else.
    func requireAPIAdmin() throws -> CurrentUser {
        let user = try requireAPIUser()
        guard user.role == .admin else { throw AdminError.notAdmin }
        return user
    }
}

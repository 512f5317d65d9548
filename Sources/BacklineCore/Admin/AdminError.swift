/// What the admin services refuse, mapped to one status each by both surfaces (`ErrorMiddleware.classify`).
public enum AdminError: Error, Equatable, Sendable {
    /// The caller is not an admin: 403.
    case notAdmin
    /// An unknown user, order, coupon, category or tag: 404, with what was not found.
    case notFound(String)
    /// The change contradicts the current state (a category still in use, an admin disabling themselves): 409.
    case conflict(String)

    public var message: String {
        switch self {
        case .notAdmin: "Only admins can do that."
        case .notFound(let what): "There is no such \(what)."
        case .conflict(let reason): reason
        }
    }
}

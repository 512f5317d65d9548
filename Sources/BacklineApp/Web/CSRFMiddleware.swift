import BacklineCore
import HTTPTypes
import Hummingbird

/// Checks the `_csrf` field (or `X-CSRF-Token` header) of every unsafe request to the HTML surface. The
/// token is an HMAC of the session id under the secret key, so it is bound to that browser's session,
/// changes when the id rotates at login and logout, and needs no row for a guest.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let secretKey: String

    static func token(sessionID: String, secretKey: String) -> String {
        SecureToken.hmac("csrf:" + sessionID, key: secretKey)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.mayWrite else { return try await next(request, context) }
        var request = request
        var context = context
        let limit = context.uploadLimit(for: request.uri.path)
        let form = try await FormData.read(&request, limit: limit)
        let sent = form["_csrf"] ?? request.headers[.csrfToken] ?? ""
        guard let id = context.session.id, SecureToken.constantTimeEqual(sent, Self.token(sessionID: id, secretKey: secretKey)) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from this site. Go back, reload the page and try again.")
        }
        context.form = form
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
}

import BacklineCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The signed-in person as pages and handlers see them (never the Fluent model).
public struct CurrentUser: Sendable {
    public let id: Int
    public let email: String
    public let displayName: String
    public let role: Role
    public let avatarPath: String?
    public let emailVerified: Bool

    /// Who acts when this person calls a seller service.
    public var caller: Caller { Caller(userID: id, role: role) }

    init(_ user: User) {
        id = user.id ?? 0
        email = user.email
        displayName = user.displayName
        role = user.roleValue
        avatarPath = user.avatarPath
        emailVerified = user.emailVerifiedAt != nil
    }
}

/// One request's browser session. Loaded by `WebSessionMiddleware`, changed by handlers, saved after the
/// response when it changed. A reference type so the middleware sees what handlers did.
public final class WebSession: Sendable {
    /// What the session row keeps besides the user.
    struct Data: Codable, Sendable {
        var flash: FlashData?
        /// A guest's cart (the key never leaves the server: the cookie holds only the session id).
        var cartKey: String?
    }

    struct FlashData: Codable, Sendable {
        var kind: String
        var message: String
    }

    struct State: Sendable {
        var id: String?
        var userID: Int?
        var data = Data()
        var changed = false
        /// The id to drop from the store once a new one is issued (login, logout).
        var retiredID: String?
        var isNewCookie = false
    }

    let state: Mutex<State>
    /// Signs the ids this session makes (`SessionID`).
    private let secretKey: String

    init(secretKey: String = "", id: String? = nil, userID: Int? = nil, data: Data = Data()) {
        self.secretKey = secretKey
        state = Mutex(State(id: id, userID: userID, data: data))
    }

    public var userID: Int? { state.withLock { $0.userID } }
    var id: String? { state.withLock { $0.id } }

    /// The session id, creating one (a cookie, no row yet) for a visitor who has none: forms need a token.
    func ensureID() -> String {
        state.withLock { state in
            if let id = state.id { return id }
            let id = SessionID.make(secretKey: secretKey)
            state.id = id
            state.isNewCookie = true
            return id
        }
    }

    /// Starts a fresh session id for the signed-in user (login) or for nobody (logout): the old id dies,
    /// so a session id fixed before login is worthless after it.
    func rotate(userID: Int?) {
        state.withLock { state in
            if let old = state.id { state.retiredID = old }
            state.id = SessionID.make(secretKey: secretKey)
            state.isNewCookie = true
            state.userID = userID
            state.changed = true
        }
    }

    /// The guest cart's key, if this visitor has started one.
    var guestCartKey: String? { state.withLock { $0.data.cartKey } }

    /// The guest cart's key, made on a guest's first add to cart.
    func ensureGuestCartKey() -> String {
        _ = ensureID()
        return state.withLock { state in
            if let key = state.data.cartKey { return key }
            let key = SecureToken.generate()
            state.data.cartKey = key
            state.changed = true
            return key
        }
    }

    /// Hands over the guest cart's key at sign-in (the cart is merged into the user's and the key forgotten).
    func takeGuestCartKey() -> String? {
        state.withLock { state in
            guard let key = state.data.cartKey else { return nil }
            state.data.cartKey = nil
            state.changed = true
            return key
        }
    }

    func flash(_ kind: String, _ message: String) {
        state.withLock { state in
            state.data.flash = FlashData(kind: kind, message: message)
            state.changed = true
        }
    }

    var hasFlash: Bool { state.withLock { $0.data.flash != nil } }

    /// The flash message, removed as it is read (shown once).
    func takeFlash() -> FlashData? {
        state.withLock { state in
            guard let flash = state.data.flash else { return nil }
            state.data.flash = nil
            state.changed = true
            return flash
        }
    }
}

/// Session ids as only this server makes them: 27 random base64url characters (160 bits) followed by 16 hex
/// characters of their HMAC under the secret key, 43 in all. A guest's id has no row until the session holds
/// something, so without the signature any value a visitor (or someone planting a cookie for them) chose would be
/// taken as theirs.
enum SessionID {
    static func make(secretKey: String) -> String {
        let random = String(SecureToken.generate().prefix(27))
        return random + signature(random, secretKey: secretKey)
    }

    static func isGenuine(_ id: String, secretKey: String) -> Bool {
        guard id.utf8.count == 43 else { return false }
        return SecureToken.constantTimeEqual(String(id.suffix(16)), signature(String(id.prefix(27)), secretKey: secretKey))
    }

    private static func signature(_ random: String, secretKey: String) -> String {
        String(SecureToken.hmac("session-id:" + random, key: secretKey).prefix(16))
    }
}

/// Loads the browser session named by the `backline_session` cookie (and its user), and after the response
/// saves what changed, drops a rotated id, and sets the cookie: `HttpOnly`, `SameSite=Lax`, `Path=/`,
/// `Secure` when configured.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "backline_session"

    let store: SessionStore
    let accounts: AccountService
    let secureCookies: Bool
    let secretKey: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.session = WebSession(secretKey: secretKey)
        if let id = request.cookies[Self.cookieName]?.value, id.count == 43, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            if let record = try await store.load(id: id) {
                let data = (try? JSONDecoder().decode(WebSession.Data.self, from: Foundation.Data(record.data.utf8))) ?? WebSession.Data()
                context.session = WebSession(secretKey: secretKey, id: id, userID: record.userID, data: data)
                if let userID = record.userID {
                    if let user = try await accounts.activeUser(id: userID) {
                        context.user = CurrentUser(user)
                    } else {
                        context.session.rotate(userID: nil)  // the account was disabled: the session ends now
                    }
                }
            } else if SessionID.isGenuine(id, secretKey: secretKey) {
                // A guest's id with no row yet: keep it (and its form tokens). Any other value starts afresh.
                context.session = WebSession(secretKey: secretKey, id: id)
            }
        }
        var response = try await next(request, context)
        let state = context.session.state.withLock { $0 }
        if let retired = state.retiredID { try await store.delete(id: retired) }
        if state.changed, let id = state.id {
            let data = String(decoding: try JSONEncoder().encode(state.data), as: UTF8.self)
            try await store.save(id: id, record: .init(userID: state.userID, data: data))
        }
        if state.isNewCookie, let id = state.id {
            let cookie = Cookie(
                name: Self.cookieName, value: id, maxAge: Int(SessionStore.lifetime), path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax
            )
            response.headers[values: .setCookie].append(cookie.description)
        }
        return response
    }
}

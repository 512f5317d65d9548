import BacklineCore
import Foundation
import Hummingbird

/// Register, sign in and out, the account page (profile, avatar, password, addresses), email
/// verification and password reset. Rules live in `AccountService`; these handlers translate forms.
struct AccountWebRoutes: Sendable {
    let web: WebContext
    let accounts: AccountService
    let addresses: AddressBook
    let images: ImageStore

    func register(on router: RouterGroup<AppRequestContext>) {
        router.get("/register", use: registerPage)
        router.post("/register", use: registerSubmit)
        router.get("/login", use: loginPage)
        router.post("/login", use: loginSubmit)
        router.post("/logout", use: logout)
        router.get("/account", use: accountPage)
        router.post("/account", use: profileSubmit)
        router.post("/account/avatar", use: avatarSubmit)
        router.post("/account/password", use: passwordSubmit)
        router.post("/account/verify-email", use: resendVerification)
        router.get("/account/addresses", use: addressesPage)
        router.post("/account/addresses", use: addressAdd)
        router.get("/account/addresses/:id/edit", use: addressEditPage)
        router.post("/account/addresses/:id", use: addressUpdate)
        router.post("/account/addresses/:id/delete", use: addressDelete)
        router.post("/account/addresses/:id/default", use: addressDefault)
        router.get("/verify-email", use: verifyEmail)
        router.get("/forgot-password", use: forgotPage)
        router.post("/forgot-password", use: forgotSubmit)
        router.get("/reset-password", use: resetPage)
        router.post("/reset-password", use: resetSubmit)
    }

    /// `next` is followed only when it is a local path ("/x", never "//host" or "/\host" or a scheme). Browsers drop
    /// tabs and newlines from a `Location` and treat a backslash as a slash, so `/\t/evil.example/` led to another
    /// site: a `next` holding any control character, any whitespace or a backslash is ignored (CONTRACT §4).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("://"), next.utf8.count <= 2_048,
            !next.unicodeScalars.contains(where: {
                $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
            })
        else { return "/" }
        return next
    }

    // MARK: Register

    struct RegisterView: Sendable {
        let fields: [FieldView]
        let roles: [ChoiceView]
        let formError: String?
    }

    func registerView(_ form: FormData?, errors: [FieldError] = [], formError: String? = nil) -> RegisterView {
        let role = form?["role"] == "seller" ? "seller" : "customer"
        return RegisterView(
            fields: [
                FieldView("email", "Email", type: "email", form: form, errors: errors, autocomplete: "email", required: true),
                FieldView(
                    "display_name", "Your name", form: form, errors: errors, hint: "Shown on your reviews and your shop.", autocomplete: "name"),
                FieldView(
                    "password", "Password", type: "password", errors: errors, hint: "At least 8 characters, with a letter and a digit.",
                    autocomplete: "new-password", required: true),
            ],
            roles: [
                ChoiceView(name: "role", value: "customer", label: "I'm here to buy gear", checked: role == "customer"),
                ChoiceView(name: "role", value: "seller", label: "I want to sell gear too (open a shop)", checked: role == "seller"),
            ],
            formError: formError)
    }

    @Sendable func registerPage(request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil { return web.redirect("/account", context: context) }
        return try await page("accounts/register", "Create your account", registerView(nil), context: context)
    }

    @Sendable func registerSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        let role: Role = form["role"] == "seller" ? .seller : .customer
        do {
            let user = try await accounts.register(
                email: form["email"] ?? "", password: form["password"] ?? "", displayName: form["display_name"], role: role,
                clientAddress: context.clientAddress)
            try await startSession(for: user.id, context: context)
            return web.redirect(
                "/account", context: context, flash: "Welcome to Backline, \(user.displayName)! We sent a link to confirm your email.")
        } catch let error as ValidationError {
            return try await page(
                "accounts/register", "Create your account", registerView(form, errors: error.errors), context: context, status: .unprocessableContent)
        } catch AccountError.emailTaken {
            let errors = [FieldError(field: "email", message: "An account with this email already exists. Sign in instead?")]
            return try await page("accounts/register", "Create your account", registerView(form, errors: errors), context: context, status: .conflict)
        } catch AccountError.throttled(let retry) {
            return try await throttled(retry, "accounts/register", "Create your account", registerView(form, formError: Self.tooMany(retry)), context)
        }
    }

    // MARK: Sign in and out

    struct LoginView: Sendable {
        let fields: [FieldView]
        let next: String
        let formError: String?
    }

    func loginView(_ form: FormData?, next: String, formError: String? = nil) -> LoginView {
        LoginView(
            fields: [
                FieldView("email", "Email", type: "email", form: form, autocomplete: "email", required: true),
                FieldView("password", "Password", type: "password", autocomplete: "current-password", required: true),
            ],
            next: next, formError: formError)
    }

    @Sendable func loginPage(request: Request, context: AppRequestContext) async throws -> Response {
        let next = Self.safeNext(QueryString.parse(request.uri.query).last { $0.0 == "next" }?.1)
        if context.user != nil { return web.redirect(next, context: context) }
        return try await page("accounts/login", "Sign in", loginView(nil, next: next), context: context)
    }

    static func tooMany(_ seconds: Int) -> String {
        "Too many attempts. Try again in \(max(1, (seconds + 59) / 60)) minute\(seconds > 60 ? "s" : "")."
    }

    @Sendable func loginSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        let next = Self.safeNext(form["next"])
        do {
            let user = try await accounts.signIn(email: form["email"] ?? "", password: form["password"] ?? "", clientAddress: context.clientAddress)
            try await startSession(for: user.id, context: context)
            try await accounts.auditLog.signedIn(userID: try user.requireID(), ip: context.clientAddress)
            return web.redirect(next, context: context, flash: "Welcome back, \(user.displayName).")
        } catch AccountError.throttled(let retry) {
            return try await throttled(retry, "accounts/login", "Sign in", loginView(form, next: next, formError: Self.tooMany(retry)), context)
        } catch AccountError.invalidCredentials {
            try await accounts.auditLog.signInFailed(email: form["email"] ?? "", ip: context.clientAddress)
            return try await page(
                "accounts/login", "Sign in", loginView(form, next: next, formError: "The email or password is wrong."), context: context,
                status: .unauthorized)
        } catch AccountError.disabled {
            try await accounts.auditLog.signInFailed(email: form["email"] ?? "", ip: context.clientAddress)
            return try await page(
                "accounts/login", "Sign in",
                loginView(form, next: next, formError: "This account is disabled. Contact support if you think this is a mistake."),
                context: context, status: .forbidden)
        }
    }

    /// A new session id for the user (no fixation), and the cart they filled as a guest merged into theirs.
    func startSession(for userID: Int?, context: AppRequestContext) async throws {
        context.session.rotate(userID: userID)
        if let userID, let guestCart = context.session.takeGuestCartKey() { try await web.carts.merge(guestKey: guestCart, intoUser: userID) }
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        context.session.rotate(userID: nil)
        return web.redirect("/", context: context, flash: "You are signed out.", kind: "info")
    }

    // MARK: Account page

    struct AccountView: Sendable {
        let email: String
        let verified: Bool
        let role: String
        let avatar: String
        let profile: [FieldView]
        let password: [FieldView]
        let avatarError: String?
        let addressCount: Int
    }

    func accountView(
        _ user: CurrentUser, profileForm: FormData? = nil, profileErrors: [FieldError] = [], passwordErrors: [FieldError] = [],
        avatarError: String? = nil
    )
        async throws -> AccountView
    {
        let stored = try await accounts.activeUser(id: user.id)
        return AccountView(
            email: user.email, verified: user.emailVerified, role: user.role.rawValue.capitalized, avatar: user.avatarPath ?? "/img/avatar.svg",
            profile: [
                FieldView(
                    "display_name", "Name", form: profileForm, value: stored?.displayName, errors: profileErrors, autocomplete: "name", required: true
                ),
                FieldView(
                    "phone", "Phone", type: "tel", form: profileForm, value: stored?.phone, errors: profileErrors,
                    hint: "Optional. Sellers see it on your orders.", autocomplete: "tel"),
                FieldView(
                    "bio", "About you", form: profileForm, value: stored?.bio, errors: profileErrors, hint: "Optional, up to 1,000 characters.",
                    multiline: true),
            ],
            password: [
                FieldView(
                    "current_password", "Current password", type: "password", errors: passwordErrors, autocomplete: "current-password", required: true
                ),
                FieldView(
                    "new_password", "New password", type: "password", errors: passwordErrors,
                    hint: "At least 8 characters, with a letter and a digit.", autocomplete: "new-password", required: true),
            ],
            avatarError: avatarError,
            addressCount: try await addresses.list(userID: user.id).count)
    }

    @Sendable func accountPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        return try await page("accounts/account", "Your account", try await accountView(user), context: context)
    }

    @Sendable func profileSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let form = context.form ?? FormData()
        do {
            _ = try await accounts.updateProfile(
                userID: user.id, .init(displayName: form["display_name"] ?? "", phone: form["phone"], bio: form["bio"]))
            return web.redirect("/account", context: context, flash: "Your profile is saved.")
        } catch let error as ValidationError {
            return try await page(
                "accounts/account", "Your account", try await accountView(user, profileForm: form, profileErrors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func avatarSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        guard let file = context.form?.files["avatar"], file.bytes.readableBytes > 0 else {
            return try await page(
                "accounts/account", "Your account", try await accountView(user, avatarError: "Choose an image file to upload."), context: context,
                status: .unprocessableContent)
        }
        do {
            let path = try await images.store(Array(buffer: file.bytes))
            try await accounts.setAvatar(userID: user.id, path: path)
            return web.redirect("/account", context: context, flash: "Your picture is updated.")
        } catch let error as ImageError {
            let (status, message) = ErrorMiddleware.classify(error)
            return try await page(
                "accounts/account", "Your account", try await accountView(user, avatarError: message), context: context, status: status)
        }
    }

    @Sendable func passwordSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let form = context.form ?? FormData()
        do {
            try await accounts.changePassword(
                userID: user.id, current: form["current_password"] ?? "", new: form["new_password"] ?? "", keepSession: context.session.id)
            return web.redirect("/account", context: context, flash: "Your password is changed. Every other device has been signed out.")
        } catch let error as ValidationError {
            return try await page(
                "accounts/account", "Your account", try await accountView(user, passwordErrors: error.errors), context: context,
                status: .unprocessableContent)
        } catch AccountError.wrongCurrentPassword {
            let errors = [FieldError(field: "current_password", message: "That is not your current password.")]
            return try await page(
                "accounts/account", "Your account", try await accountView(user, passwordErrors: errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func resendVerification(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        if let stored = try await accounts.activeUser(id: user.id), stored.emailVerifiedAt == nil {
            try await accounts.sendEmailVerification(to: stored)
        }
        return web.redirect("/account", context: context, flash: "We sent a new confirmation link to \(user.email).", kind: "info")
    }

    // MARK: Addresses

    struct AddressRow: Sendable {
        let id: Int
        let lines: [String]
        let isDefault: Bool
    }

    struct AddressesView: Sendable {
        let addresses: [AddressRow]
        let fields: [FieldView]
        let action: String
        let heading: String
        let editing: Bool
    }

    static func addressFields(_ form: FormData?, _ address: AddressInput? = nil, errors: [FieldError] = []) -> [FieldView] {
        [
            FieldView("full_name", "Full name", form: form, value: address?.fullName, errors: errors, autocomplete: "name", required: true),
            FieldView("line1", "Street address", form: form, value: address?.line1, errors: errors, autocomplete: "address-line1", required: true),
            FieldView("line2", "Apartment, suite (optional)", form: form, value: address?.line2, errors: errors, autocomplete: "address-line2"),
            FieldView("city", "City", form: form, value: address?.city, errors: errors, autocomplete: "address-level2", required: true),
            FieldView(
                "postal_code", "Postal code", form: form, value: address?.postalCode, errors: errors, autocomplete: "postal-code", required: true),
            FieldView(
                "country", "Country", form: form, value: address?.country, errors: errors, hint: "A two-letter code such as US, or the name.",
                autocomplete: "country", required: true),
            FieldView("phone", "Phone (optional)", type: "tel", form: form, value: address?.phone, errors: errors, autocomplete: "tel"),
        ]
    }

    static func addressInput(_ form: FormData) -> AddressInput {
        AddressInput(
            fullName: form["full_name"] ?? "", line1: form["line1"] ?? "", line2: form["line2"], city: form["city"] ?? "",
            postalCode: form["postal_code"] ?? "", country: form["country"] ?? "", phone: form["phone"])
    }

    func addressesView(_ user: CurrentUser, form: FormData? = nil, errors: [FieldError] = []) async throws -> AddressesView {
        let saved = try await addresses.list(userID: user.id)
        return AddressesView(
            addresses: saved.map {
                AddressRow(
                    id: $0.id,
                    lines: $0.address.lines,
                    isDefault: $0.isDefault)
            },
            fields: Self.addressFields(form, errors: errors), action: "/account/addresses", heading: "Add an address", editing: false)
    }

    @Sendable func addressesPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        return try await page("accounts/addresses", "Your addresses", try await addressesView(user), context: context)
    }

    @Sendable func addressAdd(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let form = context.form ?? FormData()
        do {
            _ = try await addresses.add(userID: user.id, Self.addressInput(form), makeDefault: form["is_default"] == "true")
            return web.redirect("/account/addresses", context: context, flash: "Address saved.")
        } catch let error as ValidationError {
            return try await page(
                "accounts/addresses", "Your addresses", try await addressesView(user, form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    func addressID(_ context: AppRequestContext) throws -> Int {
        return try context.pathID(or: AccountError.addressNotFound)
    }

    @Sendable func addressEditPage(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let saved = try await addresses.find(userID: user.id, id: try addressID(context))
        let view = AddressesView(
            addresses: [], fields: Self.addressFields(nil, saved.address), action: "/account/addresses/\(saved.id)", heading: "Edit address",
            editing: true)
        return try await page("accounts/addresses", "Edit address", view, context: context)
    }

    @Sendable func addressUpdate(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        let id = try addressID(context)
        let form = context.form ?? FormData()
        do {
            _ = try await addresses.update(userID: user.id, id: id, Self.addressInput(form))
            return web.redirect("/account/addresses", context: context, flash: "Address updated.")
        } catch let error as ValidationError {
            let view = AddressesView(
                addresses: [], fields: Self.addressFields(form, errors: error.errors), action: "/account/addresses/\(id)", heading: "Edit address",
                editing: true)
            return try await page("accounts/addresses", "Edit address", view, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func addressDelete(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        try await addresses.delete(userID: user.id, id: try addressID(context))
        return web.redirect("/account/addresses", context: context, flash: "Address deleted.")
    }

    @Sendable func addressDefault(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try web.requireUser(request, context)
        try await addresses.setDefault(userID: user.id, id: try addressID(context))
        return web.redirect("/account/addresses", context: context, flash: "Default address changed.")
    }

    // MARK: Email verification and password reset

    struct MessageView: Sendable {
        let heading: String
        let message: String
        let link: LinkView?
    }

    @Sendable func verifyEmail(request: Request, context: AppRequestContext) async throws -> Response {
        let token = QueryString.parse(request.uri.query).last { $0.0 == "token" }?.1 ?? ""
        do {
            try await accounts.verifyEmail(token: token)
            return web.redirect(context.user == nil ? "/login" : "/account", context: context, flash: "Thank you: your email address is confirmed.")
        } catch AccountError.invalidToken {
            let view = MessageView(
                heading: "That link doesn't work",
                message: "The confirmation link is unknown, already used or expired. Sign in and ask for a new one from your account page.",
                link: LinkView(label: "Go to your account", href: "/account"))
            return try await page("accounts/message", "Confirm your email", view, context: context, status: .unprocessableContent)
        }
    }

    struct ResetView: Sendable {
        let fields: [FieldView]
        let token: String
        let formError: String?
        let sent: Bool
    }

    @Sendable func forgotPage(request: Request, context: AppRequestContext) async throws -> Response {
        let view = ResetView(
            fields: [FieldView("email", "Email", type: "email", autocomplete: "email", required: true)], token: "", formError: nil, sent: false)
        return try await page("accounts/forgot", "Reset your password", view, context: context)
    }

    @Sendable func forgotSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            try await accounts.requestPasswordReset(email: form["email"] ?? "", clientAddress: context.clientAddress)
        } catch AccountError.throttled(let retry) {
            let view = ResetView(
                fields: [FieldView("email", "Email", type: "email", form: form)], token: "", formError: Self.tooMany(retry), sent: false)
            return try await throttled(retry, "accounts/forgot", "Reset your password", view, context)
        }
        // The same answer whether or not the account exists.
        let view = ResetView(fields: [], token: "", formError: nil, sent: true)
        return try await page("accounts/forgot", "Reset your password", view, context: context)
    }

    func resetView(token: String, errors: [FieldError] = [], formError: String? = nil) -> ResetView {
        ResetView(
            fields: [
                FieldView(
                    "new_password", "New password", type: "password", errors: errors, hint: "At least 8 characters, with a letter and a digit.",
                    autocomplete: "new-password", required: true)
            ], token: token, formError: formError, sent: false)
    }

    @Sendable func resetPage(request: Request, context: AppRequestContext) async throws -> Response {
        let token = QueryString.parse(request.uri.query).last { $0.0 == "token" }?.1 ?? ""
        return try await page("accounts/reset", "Choose a new password", resetView(token: token), context: context)
    }

    @Sendable func resetSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData()
        let token = form["token"] ?? ""
        do {
            try await accounts.resetPassword(token: token, newPassword: form["new_password"] ?? "")
            context.session.rotate(userID: nil)
            return web.redirect("/login", context: context, flash: "Your password is changed. Sign in with the new one.")
        } catch let error as ValidationError {
            return try await page(
                "accounts/reset", "Choose a new password", resetView(token: token, errors: error.errors), context: context,
                status: .unprocessableContent)
        } catch AccountError.invalidToken {
            let view = resetView(token: token, formError: "This reset link is unknown, already used or expired. Ask for a new one.")
            return try await page("accounts/reset", "Choose a new password", view, context: context, status: .unprocessableContent)
        }
    }

    // MARK: Rendering

    func page<Page: Sendable>(_ template: String, _ title: String, _ view: Page, context: AppRequestContext, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        try await web.page(template, title, view, context: context, status: status)
    }

    func throttled<Page: Sendable>(_ retryAfter: Int, _ template: String, _ title: String, _ view: Page, _ context: AppRequestContext) async throws
        -> Response
    {
        var response = try await page(template, title, view, context: context, status: .tooManyRequests)
        response.headers[.retryAfter] = String(retryAfter)
        return response
    }
}

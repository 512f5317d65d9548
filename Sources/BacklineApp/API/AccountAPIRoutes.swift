import BacklineCore
import Foundation
import Hummingbird

struct UserItem: Encodable, Sendable {
    let id: Int
    let email: String
    let displayName: String
    let role: String
    let phone: String?
    let bio: String?
    let avatarUrl: String?
    let emailVerified: Bool
    let createdAt: Date

    init(_ user: User) {
        id = user.id ?? 0
        email = user.email
        displayName = user.displayName
        role = user.role
        phone = user.phone
        bio = user.bio
        avatarUrl = user.avatarPath
        emailVerified = user.emailVerifiedAt != nil
        createdAt = user.createdAt ?? Date()
    }
}

/// A saved address as the API answers it: the address's own fields, its id and whether it is the default.
struct AddressItem: Encodable, Sendable {
    let saved: SavedAddress

    init(_ saved: SavedAddress) { self.saved = saved }

    enum Keys: String, CodingKey { case id, isDefault }

    func encode(to encoder: any Encoder) throws {
        try saved.address.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(saved.id, forKey: .id)
        try container.encode(saved.isDefault, forKey: .isDefault)
    }
}

/// `/auth/*` and `/me*`: the same account rules as the pages, for API clients.
struct AccountAPIRoutes: Sendable {
    let accounts: AccountService
    let tokens: TokenService
    let addresses: AddressBook
    let images: ImageStore

    /// `auth`: the sign-in routes, whose answers are never stored for replay; `api`: the rest.
    func register(on api: RouterGroup<AppRequestContext>, auth: RouterGroup<AppRequestContext>) {
        auth.post("auth/register", use: registerUser)
        auth.post("auth/token", use: token)
        auth.post("auth/refresh", use: refresh)
        auth.post("auth/logout", use: logout)
        auth.post("auth/password/forgot", use: forgot)
        auth.post("auth/password/reset", use: reset)
        api.get("me", use: me)
        api.patch("me", use: updateMe)
        api.put("me/avatar", use: avatar)
        api.post("me/password", use: password)
        api.get("me/addresses", use: listAddresses)
        api.post("me/addresses", use: addAddress)
        api.delete("me/addresses/:id", use: deleteAddress)
    }

    struct RegisterBody: Decodable {
        let email: String
        let password: String
        let displayName: String?
        let role: String?
    }

    @Sendable func registerUser(request: Request, context: AppRequestContext) async throws -> JSONBody<UserItem> {
        let body = try await APIBody.decode(RegisterBody.self, from: request)
        let role: Role
        switch body.role ?? "customer" {
        case "customer": role = .customer
        case "seller": role = .seller
        default: throw ValidationError(field: "role", "must be customer or seller")
        }
        let user = try await accounts.register(
            email: body.email, password: body.password, displayName: body.displayName, role: role, clientAddress: context.clientAddress)
        return JSONBody(UserItem(user), status: .created)
    }

    struct TokenBody: Decodable {
        let email: String
        let password: String
    }

    /// The sign-in as JSON `{email, password}`, or as the OAuth2 password form that FastAPI and OAuth2 clients send
    /// (`grant_type=password&username=EMAIL&password=…`, form-encoded): the same answer either way.
    static func tokenBody(_ request: Request) async throws -> TokenBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return try await APIBody.decode(TokenBody.self, from: request)
        }
        var request = request
        let form = try await FormData.read(&request)
        let missing = ["grant_type", "username", "password"].filter { (form[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw Problem(
                .unprocessableContent, "\(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") required.",
                errors: missing.map { FieldError(field: $0, message: "is required") })
        }
        guard form["grant_type"] == "password" else {
            throw Problem(
                .badRequest, "Only grant_type=password is supported.", errors: [FieldError(field: "grant_type", message: "must be password")])
        }
        // (The form reader drops NUL from every value, as it does for the pages.)
        return TokenBody(email: form["username"]!, password: form["password"]!)
    }

    @Sendable func token(request: Request, context: AppRequestContext) async throws -> JSONBody<TokenPair> {
        let body = try await Self.tokenBody(request)
        let user: User
        do {
            user = try await accounts.signIn(email: body.email, password: body.password, clientAddress: context.clientAddress)
        } catch let error as AccountError where error == .invalidCredentials || error == .disabled {
            try await accounts.auditLog.signInFailed(email: body.email, ip: context.clientAddress)
            throw error
        }
        let pair = try await tokens.issue(userID: try user.requireID())
        try await accounts.auditLog.signedIn(userID: try user.requireID(), ip: context.clientAddress)
        return JSONBody(pair)
    }

    struct RefreshBody: Decodable {
        let refreshToken: String
    }

    @Sendable func refresh(request: Request, context: AppRequestContext) async throws -> JSONBody<TokenPair> {
        let body = try await APIBody.decode(RefreshBody.self, from: request)
        return JSONBody(try await tokens.refresh(body.refreshToken))
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await APIBody.decode(RefreshBody.self, from: request)
        try await tokens.revoke(body.refreshToken)
        return Response(status: .noContent)
    }

    struct ForgotBody: Decodable {
        let email: String
    }

    @Sendable func forgot(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await APIBody.decode(ForgotBody.self, from: request)
        try await accounts.requestPasswordReset(email: body.email, clientAddress: context.clientAddress)
        return Response(status: .accepted)  // the same answer whether or not the account exists
    }

    struct ResetBody: Decodable {
        let token: String
        let newPassword: String
    }

    @Sendable func reset(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await APIBody.decode(ResetBody.self, from: request)
        try await accounts.resetPassword(token: body.token, newPassword: body.newPassword)
        return Response(status: .noContent)
    }

    func currentUser(_ context: AppRequestContext) async throws -> User {
        let caller = try context.requireAPIUser()
        guard let user = try await accounts.activeUser(id: caller.id) else { throw TokenError.invalid }
        return user
    }

    @Sendable func me(request: Request, context: AppRequestContext) async throws -> JSONBody<UserItem> {
        JSONBody(UserItem(try await currentUser(context)))
    }

    struct ProfileBody: Decodable {
        let displayName: String?
        let phone: String?
        let bio: String?
    }

    @Sendable func updateMe(request: Request, context: AppRequestContext) async throws -> JSONBody<UserItem> {
        let user = try await currentUser(context)
        let body = try await APIBody.decode(ProfileBody.self, from: request)
        // PATCH: fields left out keep their value.
        let updated = try await accounts.updateProfile(
            userID: try user.requireID(),
            .init(displayName: body.displayName ?? user.displayName, phone: body.phone ?? user.phone, bio: body.bio ?? user.bio))
        return JSONBody(UserItem(updated))
    }

    struct AvatarItem: Encodable, Sendable {
        let avatarUrl: String
    }

    @Sendable func avatar(request: Request, context: AppRequestContext) async throws -> JSONBody<AvatarItem> {
        let user = try context.requireAPIUser()
        let path = try await APIBody.storeImage(request, context: context, images: images)
        try await accounts.setAvatar(userID: user.id, path: path)
        return JSONBody(AvatarItem(avatarUrl: path))
    }

    struct PasswordBody: Decodable {
        let currentPassword: String
        let newPassword: String
    }

    @Sendable func password(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireAPIUser()
        let body = try await APIBody.decode(PasswordBody.self, from: request)
        try await accounts.changePassword(userID: user.id, current: body.currentPassword, new: body.newPassword, keepSession: nil)
        return Response(status: .noContent)
    }

    @Sendable func listAddresses(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<AddressItem>> {
        let user = try context.requireAPIUser()
        let items = try await addresses.list(userID: user.id).map(AddressItem.init)
        return JSONBody(.single(items))
    }

    /// An address and whether to make it the default, in one flat JSON object.
    struct AddressBody: Decodable {
        let address: AddressInput
        let isDefault: Bool?

        enum Keys: String, CodingKey { case isDefault }

        init(from decoder: any Decoder) throws {
            address = try AddressInput(from: decoder)
            isDefault = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Bool.self, forKey: .isDefault)
        }
    }

    @Sendable func addAddress(request: Request, context: AppRequestContext) async throws -> JSONBody<AddressItem> {
        let user = try context.requireAPIUser()
        let body = try await APIBody.decode(AddressBody.self, from: request)
        let saved = try await addresses.add(userID: user.id, body.address, makeDefault: body.isDefault ?? false)
        return JSONBody(AddressItem(saved), status: .created)
    }

    @Sendable func deleteAddress(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireAPIUser()
        let id = try context.pathID(or: AccountError.addressNotFound)
        try await addresses.delete(userID: user.id, id: id)
        return Response(status: .noContent)
    }
}

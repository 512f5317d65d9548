import Foundation
import JWTKit
import SQLKit

/// The claims of an access token: HS256, 15 minutes, issuer and audience checked.
struct AccessClaims: JWTPayload {
    static let issuer = "backline"
    static let audience = "backline-api"

    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var iss: IssuerClaim
    var aud: AudienceClaim

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "wrong issuer") }
        try aud.verifyIntendedAudience(includes: Self.audience)
    }
}

/// A token pair as `POST /auth/token` and `/auth/refresh` answer it.
public struct TokenPair: Sendable, Codable, Equatable {
    public let accessToken: String
    public let refreshToken: String
    public let tokenType: String
    public let expiresIn: Int
}

public enum TokenError: Error, Equatable, Sendable {
    /// Missing, malformed, forged, expired or revoked: the API answers 401 for all of them alike.
    case invalid
}

/// API tokens: short-lived access JWTs and rotating opaque refresh tokens stored hashed. A refresh token
/// works once; presenting a used one revokes its whole family (someone replayed a stolen token).
public struct TokenService: Sendable {
    let database: BacklineDatabase
    let keys: JWTKeyCollection
    public static let accessLifetime: TimeInterval = 15 * 60
    public static let refreshLifetime: TimeInterval = 30 * 86_400

    public init(database: BacklineDatabase, secretKey: String) async {
        self.database = database
        let keys = JWTKeyCollection()
        // HS256 only: the collection holds nothing else, so `alg: none` and every other algorithm fail.
        await keys.add(hmac: HMACKey(from: secretKey), digestAlgorithm: .sha256)
        self.keys = keys
    }

    /// A new pair starting a new refresh family.
    public func issue(userID: Int) async throws -> TokenPair {
        try await database.writeTransaction { sql in try await self.issue(userID: userID, family: UUID().uuidString, on: sql) }
    }

    private func issue(userID: Int, family: String, on sql: any SQLDatabase) async throws -> TokenPair {
        let now = Date()
        let claims = AccessClaims(
            sub: .init(value: String(userID)), iat: .init(value: now), exp: .init(value: now.addingTimeInterval(Self.accessLifetime)),
            jti: .init(value: UUID().uuidString), iss: .init(value: AccessClaims.issuer), aud: .init(value: [AccessClaims.audience]))
        let access = try await keys.sign(claims)
        let refresh = SecureToken.generate()
        try await sql.raw(
            """
            INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at, created_at)
            VALUES (\(bind: userID), \(bind: SecureToken.hash(refresh)), \(bind: family), \(bind: now.addingTimeInterval(Self.refreshLifetime)), \(bind: now))
            """
        ).run()
        return TokenPair(accessToken: access, refreshToken: refresh, tokenType: "bearer", expiresIn: Int(Self.accessLifetime))
    }

    /// The user id an access token names, if the token is genuine and unexpired.
    public func verifyAccess(_ token: String) async throws -> Int {
        guard let claims = try? await keys.verify(token, as: AccessClaims.self), let id = Int(claims.sub.value) else { throw TokenError.invalid }
        return id
    }

    /// A refresh token's row with its user's `disabled_at`.
    private struct RefreshRow: Decodable {
        let id: Int
        let userID: Int
        let familyID: String
        let usedAt: Date?
        let revokedAt: Date?
        let expiresAt: Date
        let disabledAt: Date?
    }

    /// Rotates a refresh token: the old one stops working and a new pair in the same family is issued.
    /// Reuse of a spent token revokes the family; a disabled user gets nothing.
    public func refresh(_ token: String) async throws -> TokenPair {
        let outcome: Result<TokenPair, TokenError> = try await database.writeTransaction { sql in
            let now = Date()
            guard
                let row = try await sql.raw(
                    """
                    SELECT r.id, r.user_id, r.family_id, r.used_at, r.revoked_at, r.expires_at, u.disabled_at FROM refresh_tokens r
                    JOIN users u ON u.id = r.user_id WHERE r.token_hash = \(bind: SecureToken.hash(token))
                    """
                ).first()
            else { return .failure(.invalid) }
            let token = try row.decode(model: RefreshRow.self, with: .columns)
            if token.usedAt != nil {
                try await sql.raw(
                    "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE family_id = \(bind: token.familyID) AND revoked_at IS NULL"
                )
                .run()
                return .failure(.invalid)
            }
            guard token.revokedAt == nil, token.expiresAt > now, token.disabledAt == nil else { return .failure(.invalid) }
            // Guarded: of two concurrent refreshes with the same token only one marks it used.
            let marked = try await sql.raw(
                "UPDATE refresh_tokens SET used_at = \(bind: now) WHERE id = \(bind: token.id) AND used_at IS NULL RETURNING id"
            ).all()
            guard !marked.isEmpty else { return .failure(.invalid) }
            return .success(try await issue(userID: token.userID, family: token.familyID, on: sql))
        }
        return try outcome.get()
    }

    /// Revokes every refresh token of a user (disabling the account); `sql` is the caller's transaction, if any.
    /// Access tokens need nothing: every request checks that their user is still enabled.
    public func revokeAll(userID: Int, at now: Date = Date(), on sql: (any SQLDatabase)? = nil) async throws {
        try await (sql ?? database.sql).raw(
            "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL"
        ).run()
    }

    /// Logs a refresh token's family out.
    public func revoke(_ token: String) async throws {
        try await database.sql.raw(
            """
            UPDATE refresh_tokens SET revoked_at = \(bind: Date())
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(bind: SecureToken.hash(token))) AND revoked_at IS NULL
            """
        ).run()
    }
}

import BacklineCore
import Foundation
import Hummingbird

/// Reads API request bodies: JSON only, small, and a clear problem when they do not decode.
enum APIBody {
    static let limit = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasSuffix("+json") || contentType.contains("+json;") else {
            throw Problem(.unsupportedMediaType, "Send the body as application/json.")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw Problem(.contentTooLarge, "The body is larger than \(limit / 1024) KiB.")
        }
        // NUL (raw or escaped) is never meant as text, and PostgreSQL refuses to store it.
        if buffer.readableBytesView.contains(0) || String(buffer: buffer).range(of: "\\u0000", options: .caseInsensitive) != nil {
            throw Problem(.unprocessableContent, "Text may not contain NUL characters (\\u0000).")
        }
        do {
            return try APIEncoding.decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let DecodingError.keyNotFound(key, _) {
            throw Problem(
                .unprocessableContent, "\(key.stringValue.snakeCased) is required.",
                errors: [FieldError(field: key.stringValue.snakeCased, message: "is required")])
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw Problem(.unprocessableContent, "\(field) has the wrong type.", errors: [FieldError(field: field, message: "has the wrong type")])
        } catch {
            throw Problem(.unprocessableContent, "The body is not valid JSON for this route.")
        }
    }
}

extension APIBody {
    /// The image in a multipart upload's `file` field, checked by its bytes and stored (`ImageStore`): 415 when the
    /// body is not multipart or the bytes are not an image, 413 when too large, 422 when the field is missing.
    static func storeImage(_ request: Request, context: AppRequestContext, images: ImageStore) async throws -> String {
        var request = request
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            throw Problem(.unsupportedMediaType, "Send the image as multipart/form-data in a field named file.")
        }
        let form = try await FormData.read(&request, limit: context.uploadLimit(for: request.uri.path))
        guard let file = form.files["file"], file.bytes.readableBytes > 0 else {
            throw Problem(
                .unprocessableContent, "A multipart field named file with the image is required.",
                errors: [FieldError(field: "file", message: "is required")])
        }
        return try await images.store(Array(buffer: file.bytes))
    }
}

extension String {
    /// `displayName` → `display_name`, for naming fields the way clients sent them.
    var snakeCased: String {
        reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}

/// Sets `context.user` from `Authorization: Bearer <access token>`. A bad token is a 401 on any route;
/// no token leaves the caller anonymous (routes that need one say so).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.lowercased().hasPrefix("bearer ") else { throw TokenError.invalid }
        let userID = try await tokens.verifyAccess(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        guard let user = try await accounts.activeUser(id: userID) else { throw TokenError.invalid }
        var context = context
        context.user = CurrentUser(user)
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The API caller, or 401.
    func requireAPIUser() throws -> CurrentUser {
        guard let user else { throw TokenError.invalid }
        return user
    }
}

import BacklineCore
import Hummingbird
import Logging

/// The one place errors become responses: problem+json under `/api`, an error page in the layout elsewhere.
/// Anything unexpected is logged with the request id and answered 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let web: WebContext
    /// Which methods each API path answers, for 405 instead of 404.
    let apiRoutes: APIRouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as RedirectToLogin {
            return Response(status: .seeOther, headers: [.location: redirect.location])
        } catch {
            let (status, message) = Self.classify(error)
            if status == .internalServerError {
                context.logger.error("unhandled error: \(String(reflecting: error))")
            } else if status == .serviceUnavailable {
                context.logger.warning("database unavailable: \(String(reflecting: error))")
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" {
                if let problem = error as? Problem { return try problem.response(from: request, context: context) }
                if status == .notFound, error is HTTPError, let allowed = apiRoutes.methods(for: request.uri.path),
                    !allowed.contains(request.method.rawValue)
                {
                    var problem = Problem(
                        .methodNotAllowed, "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method.rawValue).")
                    problem.headers[.allow] = allowed.joined(separator: ", ")
                    return try problem.response(from: request, context: context)
                }
                var problem = Problem(status, message)
                if let validation = error as? ValidationError { problem.errors = validation.errors }
                if let query = error as? QueryProblems { problem.errors = query.problems.map { FieldError(field: $0.field, message: $0.message) } }
                if status == .unauthorized { problem.headers[.wwwAuthenticate] = "Bearer" }
                if case AccountError.throttled(let retry) = error { problem.headers[.retryAfter] = String(retry) }
                return try problem.response(from: request, context: context)
            }
            return try await errorPage(status: status, message: message).response(from: request, context: context)
        }
    }

    /// Status and a message a person can read, for every error a route may throw.
    static func classify(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let problem as Problem: return (problem.status, problem.detail)
        case CatalogError.productNotFound: return (.notFound, "That listing does not exist or is no longer for sale.")
        case CatalogError.shopNotFound: return (.notFound, "That shop does not exist or is closed.")
        case let error as ValidationError: return (.unprocessableContent, error.errors.map { "\($0.field): \($0.message)" }.joined(separator: " "))
        case let error as QueryProblems: return (.badRequest, error.problems.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        case AccountError.emailTaken: return (.conflict, "An account with that email already exists.")
        case AccountError.invalidCredentials: return (.unauthorized, "The email or password is wrong.")
        case AccountError.disabled: return (.forbidden, "This account is disabled.")
        case AccountError.wrongCurrentPassword: return (.unprocessableContent, "The current password is wrong.")
        case AccountError.invalidToken: return (.unprocessableContent, "That link or token is unknown, already used or expired.")
        case AccountError.addressNotFound: return (.notFound, "No such address in your address book.")
        case AccountError.throttled(let retry): return (.tooManyRequests, "Too many attempts. Try again in \(retry) seconds.")
        case let error as CartError:
            switch error {
            case .itemNotFound: return (.notFound, error.message)
            case .ownListing: return (.forbidden, error.message)
            case .exceedsStock: return (.conflict, error.message)
            }
        case let error as CheckoutError:
            switch error {
            case .emptyCart, .idempotencyKeyReused: return (.unprocessableContent, error.message)
            case .insufficientStock, .coupon, .priceChanged: return (.conflict, error.message)
            case .declined: return (.paymentRequired, error.message)
            case .ownListing: return (.forbidden, error.message)
            }
        case let error as OrderError: return (error == .notFound ? .notFound : .conflict, error.message)
        case let error as ReviewError: return (error == .alreadyReviewed ? .conflict : .forbidden, error.message)
        case let error as SellingError:
            switch error {
            case .shopNotFound, .listingNotFound, .imageNotFound, .orderNotFound: return (.notFound, error.message)
            case .notYours, .notSeller: return (.forbidden, error.message)
            case .tooManyImages, .cannotShip, .notPending: return (.conflict, error.message)
            }
        case let error as AdminError:
            switch error {
            case .notAdmin: return (.forbidden, error.message)
            case .notFound: return (.notFound, error.message)
            case .conflict: return (.conflict, error.message)
            }
        case TokenError.invalid: return (.unauthorized, "A valid bearer access token is required.")
        case ImageError.tooLarge: return (.contentTooLarge, "Images may be at most 5 MiB.")
        case ImageError.unsupportedType(let type): return (.unsupportedMediaType, "Upload a JPEG, PNG, WebP or GIF image (this file is \(type)).")
        case ImageError.badDimensions: return (.unprocessableContent, "Images may be at most 40 megapixels, with readable dimensions.")
        case let error as any HTTPResponseError where error.status == .notFound: return (.notFound, "There is no page at this address.")
        case let error as any HTTPResponseError where error.status.code < 500:
            return (error.status, (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        case let error where BacklineDatabase.isUnavailable(error):
            return (.serviceUnavailable, "The shop cannot reach its database right now. Please try again in a moment.")
        default: return (.internalServerError, "Something went wrong on our side. Please try again in a moment.")
        }
    }

    func errorPage(status: HTTPResponse.Status, message: String) async throws -> HTML {
        struct ErrorPage: Sendable {
            let code: Int
            let heading: String
            let message: String
        }
        let heading =
            switch status.code {
            case 404: "Page not found"
            case 403: "You can't do that here"
            case 413: "That upload is too large"
            case 414: "That address is too long"
            case 415: "That file type isn't accepted"
            case 429: "Slow down a little"
            case 400: "That request didn't make sense"
            case 503: "Back in a moment"
            case 500...: "Something went wrong"
            default: status.reasonPhrase
            }
        var layout = LayoutData(title: heading, noindex: true)
        // The menu offers a way back; when the database is what failed, the page goes out without it (on a 503
        // it is not even asked for: the database just failed to answer).
        layout.menu = status == .serviceUnavailable ? [] : (try? await web.menu()) ?? []
        return try web.renderer.page(
            "errors/error", layout: layout,
            page: ErrorPage(code: status.code, heading: heading, message: message), status: status)
    }
}

import BacklineCore
import Hummingbird
import Logging

/// The one place errors become responses: problem+json under `/api`, an error page in the layout elsewhere.
/// Anything unexpected is logged with the request id and answered 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: Renderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = Self.classify(error)
            if status == .internalServerError {
                context.logger.error("unhandled error: \(String(reflecting: error))")
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" {
                if let problem = error as? Problem { return try problem.response(from: request, context: context) }
                return try Problem(status, message).response(from: request, context: context)
            }
            return try errorPage(status: status, message: message).response(from: request, context: context)
        }
    }

    /// Status and a message a person can read, for every error a route may throw.
    static func classify(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let problem as Problem: return (problem.status, problem.detail)
        case CatalogError.productNotFound: return (.notFound, "That listing does not exist or is no longer for sale.")
        case CatalogError.shopNotFound: return (.notFound, "That shop does not exist or is closed.")
        case let error as any HTTPResponseError where error.status == .notFound: return (.notFound, "There is no page at this address.")
        case let error as any HTTPResponseError where error.status.code < 500:
            return (error.status, (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        default: return (.internalServerError, "Something went wrong on our side. Please try again in a moment.")
        }
    }

    func errorPage(status: HTTPResponse.Status, message: String) throws -> HTML {
        struct ErrorPage: Sendable {
            let code: Int
            let heading: String
            let message: String
        }
        let heading =
            switch status.code {
            case 404: "Page not found"
            case 403: "You can't open this page"
            case 400: "That request didn't make sense"
            case 500...: "Something went wrong"
            default: status.reasonPhrase
            }
        return try renderer.page(
            "errors/error", layout: LayoutData(title: heading, noindex: true),
            page: ErrorPage(code: status.code, heading: heading, message: message), status: status)
    }
}

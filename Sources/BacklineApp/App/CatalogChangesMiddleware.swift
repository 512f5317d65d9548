import BacklineCore
import Hummingbird

/// After any request that may have written (every method but GET, HEAD and OPTIONS), brings this instance's catalog
/// index up to date before the answer leaves: a seller sees their edit, and a product that just sold out leaves the
/// `in_stock` results here at once, not after the next poll. One rule for every write on both surfaces; a request
/// that wrote nothing costs one indexed read of the change feed.
struct CatalogChangesMiddleware<Context: RequestContext>: RouterMiddleware {
    let feed: CatalogFeed

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.mayWrite else { return try await next(request, context) }
        do {
            let response = try await next(request, context)
            try await feed.catchUp()
            return response
        } catch {
            // A write that failed halfway (outside a transaction) is still brought in; the failure is what answers.
            try? await feed.catchUp()
            throw error
        }
    }
}

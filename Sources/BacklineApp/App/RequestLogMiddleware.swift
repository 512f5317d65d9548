import BacklineCore
import Hummingbird

/// One log line per request, after it is answered, carrying Hummingbird's request id; the id is also
/// returned as `X-Request-ID` so a person can quote it.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code) \(Format.oneDecimal(milliseconds))ms")
        response.headers[.requestID] = context.id
        return response
    }
}

import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Closes connections that hold a file handle without making progress (CONTRACT §1): one that has not sent its whole
/// request head `headTimeout` after opening (or a body that stops arriving for as long), and one idle between requests
/// for `idleTimeout`. Without it, 1,000 idle sockets and 900 slow-header connections trickling for a minute were all
/// kept, and enough of them run the process out of file handles.
///
/// It sits after Hummingbird's HTTP/1 decoding, so it sees a head once it is complete, body parts as they come and
/// responses as they go; a request being answered has no deadline (a slow page is not the client's fault).
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    /// Requests read in full whose response has not ended yet (pipelined requests queue here).
    private var unanswered = 0
    private var readingRequest = false
    private var deadline: Scheduled<Void>?

    init(headTimeout: Duration, idleTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
        self.idleTimeout = TimeAmount(idleTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, headTimeout) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, headTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head, .body:
            // The head is in; the body must keep coming.
            readingRequest = true
            arm(context, headTimeout)
        case .end:
            readingRequest = false
            unanswered += 1
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0 && !readingRequest { arm(context, idleTimeout) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: TimeAmount) {
        disarm()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Refuses request targets (path and query) longer than 8 KiB with 414, as nginx does by default: every query
/// parameter then has a bound however the app reads it, and no address grows a cache key or an echoing page.
struct RequestTargetLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 8 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard (request.head.path?.utf8.count ?? 0) <= Self.maxBytes else {
            throw HTTPError(.uriTooLong, message: "This address is too long (at most \(Self.maxBytes / 1024) KiB).")
        }
        return try await next(request, context)
    }
}

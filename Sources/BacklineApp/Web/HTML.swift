import Hummingbird
import NIOCore

/// A rendered page: the one HTML response type.
public struct HTML: ResponseGenerator, Sendable {
    public let body: String
    public var status: HTTPResponse.Status = .ok

    public init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    public func response() -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}

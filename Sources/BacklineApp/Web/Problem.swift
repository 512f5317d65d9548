import BacklineCore
import Foundation
import Hummingbird
import NIOCore

/// An RFC 9457 problem: the body of every API error (`application/problem+json`).
public struct Problem: Error, ResponseGenerator, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String
    public var errors: [FieldError]?
    /// A machine-readable reason where clients branch on it (`card_declined`, `insufficient_funds`).
    public var code: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [FieldError]? = nil) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.errors = errors
    }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let code: String?
        let errors: [FieldError]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(type: "about:blank", title: title, status: status.code, detail: detail, code: code, errors: errors)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try APIEncoding.encoder.encode(body))))
    }
}

/// A type whose CodingKeys are already snake_case, encoded without the key strategy.
protocol SnakeCaseKeyed {}

/// Encodes any value as the API's JSON.
struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    let value: Value
    var status: HTTPResponse.Status = .ok

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.response(try encoded(), status: status)
    }

    func encoded() throws -> Data {
        try (value is any SnakeCaseKeyed ? APIEncoding.plainEncoder : APIEncoding.encoder).encode(value)
    }

    static func response(_ body: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPResponse.Status {
    /// 402: a (simulated) payment was declined. swift-http-types names no constant for it.
    static let paymentRequired = HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
}

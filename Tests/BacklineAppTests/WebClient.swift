import BacklineApp
import BacklineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser in tests: keeps the session cookie, reads the form token from pages, posts forms.
final class Browser: @unchecked Sendable {  // used from one test task at a time
    let client: any TestClientProtocol
    var cookie: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String
        var location: String? { headers[.location] }
    }

    func get(_ uri: String) async throws -> Page {
        try await send(uri, method: .get, body: nil, contentType: nil)
    }

    /// The `_csrf` value of the last page fetched (every form on a page carries the same one).
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Fetches `formPage` for a token, then posts the fields with it.
    func submit(_ uri: String, from formPage: String = "/", _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        let token: String
        if let csrf { token = csrf } else { token = Self.csrf(in: try await get(formPage).html) ?? "" }
        return try await post(uri, fields + [("_csrf", token)])
    }

    func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    func postMultipart(_ uri: String, fields: [(String, String)], file: (name: String, filename: String, type: String, bytes: [UInt8])) async throws
        -> Page
    {
        let boundary = "----BacklineTestBoundary7MA4YWxk"  // mixed case, as browsers send it
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n"
        )
        body.writeBytes(file.bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(uri, method: .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private func send(_ uri: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws -> Page {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "backline_session=\(cookie)" }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            for value in response.headers[values: .setCookie] where value.hasPrefix("backline_session=") {
                self.cookie = String(value.dropFirst("backline_session=".count).prefix { $0 != ";" })
            }
            return Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
    }

    /// Registers and ends signed in.
    func register(_ email: String, password: String = "secret123", name: String = "Test Person", role: String = "customer") async throws -> Page {
        try await submit("/register", from: "/register", [("email", email), ("password", password), ("display_name", name), ("role", role)])
    }

    func login(_ email: String, password: String = "secret123", next: String = "/") async throws -> Page {
        try await submit("/login", from: "/login", [("email", email), ("password", password), ("next", next)])
    }
}

/// A 1×1 PNG, a tiny GIF, a minimal baseline JPEG header and a lossless WebP: real image bytes for upload tests.
enum SampleImages {
    static let png: [UInt8] = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)
    static let gif: [UInt8] = Array(Data(base64Encoded: "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")!)
    static let webp: [UInt8] = Array(Data(base64Encoded: "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")!)
    static let jpeg: [UInt8] = Array(
        Data(
            base64Encoded:
                "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
        )!)
    /// A PNG header that claims 50,000 × 50,000 pixels.
    static let hugePNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 6, 0, 0, 0, 0,
        0, 0, 0,
    ]
}

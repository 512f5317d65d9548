import Hummingbird
import NIOCore

/// A rendered page: the one HTML response type.
///
/// Every form's `_csrf` field is rendered as `Renderer.csrfPlaceholder` and the visitor's token is written in as
/// the response is made (cached card and sidebar fragments hold forms, and none of them may carry one visitor's token).
public struct HTML: ResponseGenerator, Sendable {
    /// Text made safe inside HTML or SVG, for the few pieces drawn as strings rather than by a template.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The page as rendered, placeholders and all.
    let page: String
    /// The visitor's form token.
    var csrf: String
    public var status: HTTPResponse.Status

    init(page: String, csrf: String, status: HTTPResponse.Status = .ok) {
        self.page = page
        self.csrf = csrf
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// Every page carries the visitor's form token, and most their name or cart: `private, no-store` keeps them out of
    /// every shared cache (a proxy's or a CDN's) and out of the browser's disk.
    public func response() -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-store"],
            body: .init(byteBuffer: Renderer.bytes(of: page, replacing: Renderer.csrfPlaceholder, with: csrf))
        )
    }
}

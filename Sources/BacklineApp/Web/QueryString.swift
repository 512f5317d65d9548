import BacklineCore
import Foundation
import Hummingbird

/// URL query strings as HTML forms write them (`+` for spaces, repeated keys), read and written in one place.
enum QueryString {
    /// `a=1&b=x+y&b=%C3%A9` → [("a","1"), ("b","x y"), ("b","é")]. Undecodable pieces are kept as typed.
    static func parse(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = pieces.first, !rawKey.isEmpty else { return nil }
            return (decode(rawKey), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return withoutNUL(spaced.removingPercentEncoding ?? spaced)
    }

    /// NUL is never text a person meant, and PostgreSQL refuses to store it: it is dropped from every value read.
    static func withoutNUL(_ text: String) -> String {
        text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "") : text
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }

    /// `path` with the pairs as its query, or just `path` when there are none.
    static func url(_ path: String, _ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? path : "\(path)?\(encode(pairs))"
    }
}

extension ListQuery {
    /// The request's query, read as every list reads it.
    init(_ request: Request) { self.init(QueryString.parse(request.uri.query)) }

    /// An API list's `page` and `per_page`, strictly: a bad one is a 400.
    static func paging(_ request: Request, perPage fallback: Int = defaultPerPage) throws -> (page: Int, perPage: Int) {
        var query = ListQuery(request)
        let paging = (page: query.page(), perPage: query.perPage(default: fallback))
        try query.check()
        return paging
    }
}

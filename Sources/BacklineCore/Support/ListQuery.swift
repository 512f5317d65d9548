import Foundation

/// A problem with one query parameter, named so the API can list it in `errors`.
public struct QueryProblem: Error, Sendable, Equatable {
    public let field: String
    public let message: String

    public init(field: String, message: String) { (self.field, self.message) = (field, message) }
}

/// Every problem found in one query, so a client can fix them all at once.
public struct QueryProblems: Error, Sendable {
    public let problems: [QueryProblem]

    public init(problems: [QueryProblem]) { self.problems = problems }
}

/// How every list reads its URL query (CONTRACT §2), on both surfaces and for every list: the catalog, the seller's
/// and the admin's tables, reports.
///
/// The last value of a key counts, trimmed; an empty value is no value. Each reader gives a working value whatever was
/// sent (a bad one is dropped or clamped) and names what was wrong in `problems`. That is the whole difference between
/// the surfaces: a page uses the working values (and may show the problems), an API route calls `check()`, which
/// answers every problem in one 400.
public struct ListQuery: Sendable {
    public static let defaultPerPage = 24
    public static let maxPerPage = 100
    /// Past the end a page is empty, not an error; the bound only keeps `page × per_page` a small number.
    public static let maxPage = 1_000_000
    public static let maxTextLength = 100

    /// The number of pages `total` items fill, `perPage` to a page.
    public static func pageCount(total: Int, perPage: Int) -> Int {
        perPage > 0 ? (total + perPage - 1) / perPage : 0
    }

    public let pairs: [(String, String)]
    public private(set) var problems: [QueryProblem] = []

    public init(_ pairs: [(String, String)]) { self.pairs = pairs }

    /// The last value of `key`, trimmed; nil when missing or empty.
    public func value(_ key: String) -> String? {
        guard let raw = pairs.last(where: { $0.0 == key })?.1 else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    public mutating func bad(_ field: String, _ message: String) {
        problems.append(QueryProblem(field: field, message: message))
    }

    /// `page` (or another page key, such as `reviews_page`): a whole number from 1; 1 when missing.
    public mutating func page(_ key: String = "page") -> Int {
        guard let text = value(key) else { return 1 }
        if let page = Int(text), (1...Self.maxPage).contains(page) { return page }
        bad(key, "must be a whole number from 1")
        return min(max(Int(text) ?? 1, 1), Self.maxPage)
    }

    /// `per_page`: from 1 to 100; `fallback` when missing.
    public mutating func perPage(default fallback: Int = defaultPerPage) -> Int {
        guard let text = value("per_page") else { return fallback }
        if let size = Int(text), (1...Self.maxPerPage).contains(size) { return size }
        bad("per_page", "must be a whole number from 1 to \(Self.maxPerPage)")
        return min(max(Int(text) ?? fallback, 1), Self.maxPerPage)
    }

    /// Free text (`q`), cut to `maxLength` characters: a longer one still searches, for what fits.
    public func text(_ key: String = "q", maxLength: Int = maxTextLength) -> String? {
        value(key).map { String($0.prefix(maxLength)) }
    }

    /// One of `allowed`; nil when missing or not one of them.
    public mutating func choice(_ key: String, in allowed: [String]) -> String? {
        guard let value = value(key) else { return nil }
        guard allowed.contains(value) else {
            bad(key, "must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values.
    public mutating func choice<Value: RawRepresentable & CaseIterable>(_ key: String, as _: Value.Type) -> Value?
    where Value.RawValue == String {
        choice(key, in: Value.allCases.map(\.rawValue)).flatMap(Value.init(rawValue:))
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    public mutating func bool(_ key: String) -> Bool? {
        guard let text = value(key) else { return nil }
        guard let flag = Self.bool(text) else {
            bad(key, "must be true or false")
            return nil
        }
        return flag
    }

    /// How every list reads a flag, this reader and `CatalogQuery`'s `in_stock` alike.
    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on": true
        case "false", "0", "no", "off": false
        default: nil
        }
    }

    /// A shop id (`shop=`): a positive whole number.
    public mutating func shopID(_ key: String = "shop") -> Int? {
        guard let text = value(key) else { return nil }
        guard let id = Self.shopID(text) else {
            bad(key, Self.shopIDProblem)
            return nil
        }
        return id
    }

    public static func shopID(_ text: String) -> Int? { Int(text).flatMap { $0 > 0 ? $0 : nil } }
    public static let shopIDProblem = "must be a shop id"

    /// A day (`2026-01-31`) as the start of that UTC day.
    public mutating func day(_ key: String, example: String = "2026-01-31") -> Date? {
        guard let text = value(key) else { return nil }
        guard let day = Format.parseDay(text) else {
            bad(key, "must be a date like \(example)")
            return nil
        }
        return day
    }

    /// `sort`: one of `keys`, going up, or with `-` in front going down; `fallback` when missing or unknown.
    public mutating func sort(in keys: [String], default fallback: TableSort) -> TableSort {
        guard let text = value("sort") else { return fallback }
        let key = TableSort(text)
        guard keys.contains(key.key) else {
            bad("sort", "must be one of \(keys.joined(separator: ", ")), with - in front to sort down")
            return fallback
        }
        return key
    }

    /// The API's reading: every problem at once.
    public func check() throws(QueryProblems) {
        if !problems.isEmpty { throw QueryProblems(problems: problems) }
    }
}

/// A table's sort: a column key and a direction, written `key` (going up) or `-key` (going down).
public struct TableSort: Sendable, Equatable {
    public let key: String
    public let descending: Bool

    public init(_ key: String, descending: Bool) { (self.key, self.descending) = (key, descending) }

    public init(_ text: String) {
        (key, descending) = text.hasPrefix("-") ? (String(text.dropFirst()), true) : (text, false)
    }

    /// The `sort` value that asks for this order.
    public var value: String { (descending ? "-" : "") + key }
}

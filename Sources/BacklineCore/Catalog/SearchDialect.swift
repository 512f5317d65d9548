import SQLKit

/// Full-text search behind one interface: SQLite FTS5 or PostgreSQL `tsvector`. The match query is
/// always bound, never spliced into SQL.
///
/// Relevance is in two tiers: products whose name, brand or model hold every word come first, then those that
/// match through their category or description; the index orders each tier by units sold. Both tiers are plain id
/// look-ups in the search index. Ranking every match by bm25 / ts_rank instead cost 35 ms for a search for "guitar"
/// over 100,000 products (30,000 matches), against 2 ms for the two look-ups.
protocol SearchDialect: Sendable {
    /// The engine's match expression for what a person typed, or nil when it holds no searchable word.
    func matchQuery(for text: String) -> String?
    /// The same words, each matched in name, brand or model only.
    func strongMatchQuery(for text: String) -> String?
    /// SQL that is true for the products `matchQuery` matches (for plain SQL evaluation of a query).
    func condition(matchQuery: String) -> SQLQueryString
    /// Every product the words match, and those they match strongly.
    func matches(_ text: String, on sql: any SQLDatabase) async throws -> TextMatch?
}

extension SearchDialect {
    /// Words of letters and digits, lower-cased, at most eight: everything else a person types is dropped,
    /// so no input can reach the engine's query syntax.
    func words(_ text: String) -> [String] {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return Array(words.prefix(8))
    }

    /// Whether a word also finds the longer words it begins: not a single letter or digit ("P-125", "Levy's"), which
    /// is a word of its own, and as a prefix had the engine merge the lists of every word that begins with it
    /// (60 ms for "Levy's" at 100,000 products, the slowest search of the live-traffic benchmark).
    func isPrefix(_ word: String) -> Bool { word.count > 1 }
}

/// SQLite FTS5 (porter stemming); name, brand and model are the strong columns.
struct SQLiteSearch: SearchDialect {
    func matchQuery(for text: String) -> String? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        // Each word quoted (so FTS5 operators are plain text) and prefix-matched: "strat" finds "Stratocaster".
        return words.map { isPrefix($0) ? "\"\($0)\"*" : "\"\($0)\"" }.joined(separator: " ")
    }

    func strongMatchQuery(for text: String) -> String? {
        matchQuery(for: text).map { "{name brand model} : (\($0))" }
    }

    func condition(matchQuery: String) -> SQLQueryString {
        "p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH \(bind: matchQuery))"
    }

    func matches(_ text: String, on sql: any SQLDatabase) async throws -> TextMatch? {
        guard let all = matchQuery(for: text), let strong = strongMatchQuery(for: text) else { return nil }
        // The ids as one text each: thousands of one-column rows through the driver cost more than the search itself.
        let row = try await sql.raw(
            """
            SELECT (SELECT group_concat(rowid) FROM products_fts WHERE products_fts MATCH \(bind: all)) AS ids,
              (SELECT group_concat(rowid) FROM products_fts WHERE products_fts MATCH \(bind: strong)) AS strong
            """
        ).first()
        return TextMatch(
            ids: idList(try row?.decode(column: "ids", as: String?.self) ?? nil),
            strong: Set(idList(try row?.decode(column: "strong", as: String?.self) ?? nil)))
    }
}

/// PostgreSQL full text over the weighted `search_vector` column (GIN-indexed): name, brand and model carry
/// weight A, the category B, the description C.
struct PostgresSearch: SearchDialect {
    func matchQuery(for text: String) -> String? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        return words.map { isPrefix($0) ? "\($0):*" : $0 }.joined(separator: " & ")
    }

    func strongMatchQuery(for text: String) -> String? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        return words.map { isPrefix($0) ? "\($0):*A" : "\($0):A" }.joined(separator: " & ")
    }

    func condition(matchQuery: String) -> SQLQueryString {
        "p.search_vector @@ to_tsquery('english', \(bind: matchQuery))"
    }

    func matches(_ text: String, on sql: any SQLDatabase) async throws -> TextMatch? {
        guard let all = matchQuery(for: text), let strong = strongMatchQuery(for: text) else { return nil }
        // One pass: the rows found through the GIN index are tested for the strong match as they are read, and the
        // ids come back as one text each (thousands of rows through the driver cost more than the search).
        let row = try await sql.raw(
            """
            SELECT string_agg(id::text, ',') AS ids,
              string_agg(CASE WHEN search_vector @@ to_tsquery('english', \(bind: strong)) THEN id::text END, ',') AS strong
            FROM products WHERE search_vector @@ to_tsquery('english', \(bind: all))
            """
        ).first()
        return TextMatch(
            ids: idList(try row?.decode(column: "ids", as: String?.self) ?? nil),
            strong: Set(idList(try row?.decode(column: "strong", as: String?.self) ?? nil)))
    }
}

/// Ids from a comma-separated list as the database's aggregate wrote it.
func idList(_ text: String?) -> [Int] {
    guard let text else { return [] }
    var ids: [Int] = []
    var value = 0
    var inNumber = false
    for byte in text.utf8 {
        if byte >= 48 && byte <= 57 {
            value = value &* 10 &+ Int(byte - 48)
            inNumber = true
        } else if inNumber {
            ids.append(value)
            (value, inNumber) = (0, false)
        }
    }
    if inNumber { ids.append(value) }
    return ids
}

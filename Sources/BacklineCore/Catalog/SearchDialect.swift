import SQLKit

/// Full-text search behind one interface: SQLite FTS5 or PostgreSQL `tsvector`. The match query is
/// always bound, never spliced into SQL.
protocol SearchDialect: Sendable {
    /// The engine's match expression for what a person typed, or nil when it holds no searchable word.
    func matchQuery(for text: String) -> String?
    /// A join that makes the match (and its rank, when `ranked`) available to the query.
    func join(matchQuery: String, ranked: Bool) -> SQLQueryString
    /// The condition that keeps only matching products.
    func condition(matchQuery: String) -> SQLQueryString
    /// ORDER BY for relevance, best first.
    var rankOrder: SQLQueryString { get }
}

extension SearchDialect {
    /// Words of letters and digits, lower-cased, at most eight: everything else a person types is dropped,
    /// so no input can reach the engine's query syntax.
    func words(_ text: String) -> [String] {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return Array(words.prefix(8))
    }
}

/// SQLite FTS5 with bm25 ranking; name, brand and model weigh most.
struct SQLiteSearch: SearchDialect {
    func matchQuery(for text: String) -> String? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        // Each word quoted (so FTS5 operators are plain text) and prefix-matched: "strat" finds "Stratocaster".
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    func join(matchQuery: String, ranked: Bool) -> SQLQueryString {
        """
         JOIN (SELECT rowid AS fts_id, bm25(products_fts, 10.0, 8.0, 8.0, 4.0, 1.0) AS fts_rank FROM products_fts
         WHERE products_fts MATCH \(bind: matchQuery)) f ON f.fts_id = p.id
        """
    }

    func condition(matchQuery: String) -> SQLQueryString { "1 = 1" }
    var rankOrder: SQLQueryString { "f.fts_rank ASC, p.sold_count DESC, p.id DESC" }
}

/// PostgreSQL full text over the weighted `search_vector` column (GIN-indexed), ranked by ts_rank.
struct PostgresSearch: SearchDialect {
    func matchQuery(for text: String) -> String? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        return words.map { "\($0):*" }.joined(separator: " & ")
    }

    func join(matchQuery: String, ranked: Bool) -> SQLQueryString {
        " CROSS JOIN to_tsquery('english', \(bind: matchQuery)) AS tsq"
    }

    func condition(matchQuery: String) -> SQLQueryString { "p.search_vector @@ tsq" }
    var rankOrder: SQLQueryString { "ts_rank(p.search_vector, tsq) DESC, p.sold_count DESC, p.id DESC" }
}

import Foundation

/// Which engine a `DATABASE_URL` names, and how to reach it.
public enum DatabaseURL: Sendable, Equatable {
    /// `sqlite://PATH` — the embedded default. `sqlite://:memory:` is accepted for throwaway use.
    case sqlite(path: String)
    /// `postgres://user:pass@host:port/db?tlsmode=disable`
    case postgres(url: String)

    /// The parse error carries the offending value so the CLI can say what was wrong.
    public struct ParseError: Error, CustomStringConvertible {
        public let value: String
        public var description: String {
            "DATABASE_URL '\(value)' is neither sqlite://PATH nor postgres://user:pass@host:port/db"
        }
    }

    public init(parsing value: String) throws {
        if value.hasPrefix("sqlite://") {
            let path = String(value.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ParseError(value: value) }
            self = .sqlite(path: path)
        } else if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            self = .postgres(url: value)
        } else {
            throw ParseError(value: value)
        }
    }

    /// The folder that holds the database file (where the generated secret key is kept), if any.
    public var directory: String? {
        guard case .sqlite(let path) = self, path != ":memory:" else { return nil }
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }
}

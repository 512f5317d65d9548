import BacklineCore
import Foundation
import Logging

/// Everything CONTRACT §1 lets an operator set. Flags win over environment variables, which win over defaults.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databaseURL = "sqlite://data/backline.sqlite"
    public var uploadsDirectory = "uploads"
    public var secretKey: String?
    public var cookieSecure = false
    public var logLevel: Logger.Level = .info
    /// Seed the demo catalog on a first start with an empty SQLite catalog (`SEED_DEMO=false` turns it off).
    public var seedDemo = true
    /// Where `Templates/` and `Public/` are found (the repository root when run by `make run`).
    public var resourcesDirectory = "."
    /// How often the catalog index reads the change feed for other instances' writes (`CATALOG_CHECK_INTERVAL_MS`,
    /// default 1,000); this instance's own writes show at once.
    public var catalogCheckInterval: Duration = .seconds(1)
    /// Database connections (`DATABASE_POOL_SIZE`): SQLite connections in all (default 4), PostgreSQL
    /// connections per event loop, one loop per core (default 8).
    public var databasePoolSize: Int?
    /// Page and API reads served at once (`CONCURRENT_READS`); more wait their turn in arrival order, while requests
    /// that write go ahead (see `WritesFirstMiddleware`). Default four per core.
    public var concurrentReads = 4 * ProcessInfo.processInfo.activeProcessorCount
    /// bcrypt cost for new password hashes.
    public var bcryptCost: UInt8 = 12
    /// The address links in emails point to (`PUBLIC_URL`); the listen address when not set.
    public var publicURLOverride: String?
    public var publicURL: String { publicURLOverride ?? "http://\(host):\(port)" }
    /// Origins whose pages may call `/api` from a browser (`ALLOWED_ORIGINS`, comma-separated); none by default.
    public var allowedOrigins: [String] = []
    /// Proxies (`TRUSTED_PROXIES`, comma-separated IP addresses) whose `X-Forwarded-For` names the client; none by
    /// default, so the header is ignored.
    public var trustedProxies: [String] = []
    /// API requests a minute per token or client address (`RATE_LIMIT_PER_MINUTE`; 0 turns it off).
    public var rateLimitPerMinute = 300
    /// API requests a minute per client address to `/api/v1/auth/…` (`AUTH_RATE_LIMIT_PER_MINUTE`; 0 turns it off).
    public var authRateLimitPerMinute = 30
    /// Sign-in and registration throttling (`LOGIN_FAILURES_PER_ACCOUNT`, `LOGIN_FAILURES_PER_ADDRESS`,
    /// `REGISTRATIONS_PER_ADDRESS_PER_HOUR`).
    public var throttleLimits = ThrottleLimits()
    /// A connection that has not sent its whole request head this long after opening is closed
    /// (`REQUEST_HEAD_TIMEOUT`, seconds), and so is one whose request body stops arriving for this long.
    public var requestHeadTimeout: Duration = .seconds(30)
    /// A connection idle between requests this long is closed (`IDLE_TIMEOUT`, seconds).
    public var idleTimeout: Duration = .seconds(60)
    /// When set (`METRICS_TOKEN`), `/metrics` answers only `Authorization: Bearer <token>`.
    public var metricsToken: String?

    public init() {}

    /// Defaults overlaid with the environment.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var config = AppConfiguration()
        if let host = environment["HOST"], !host.isEmpty { config.host = host }
        if let port = environment["PORT"], !port.isEmpty {
            guard let value = Int(port), (1...65535).contains(value) else {
                throw ConfigurationError("PORT must be a number from 1 to 65535, not '\(port)'")
            }
            config.port = value
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty { config.databaseURL = url }
        if let dir = environment["UPLOADS_DIR"], !dir.isEmpty { config.uploadsDirectory = dir }
        if let key = environment["SECRET_KEY"], !key.isEmpty { config.secretKey = key }
        if let secure = environment["COOKIE_SECURE"] { config.cookieSecure = try parseBool(secure, name: "COOKIE_SECURE") }
        if let level = environment["LOG_LEVEL"], !level.isEmpty {
            guard let value = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = value
        }
        if let seed = environment["SEED_DEMO"] { config.seedDemo = try parseBool(seed, name: "SEED_DEMO") }
        if let dir = environment["RESOURCES_DIR"], !dir.isEmpty { config.resourcesDirectory = dir }
        if let size = environment["DATABASE_POOL_SIZE"], !size.isEmpty {
            guard let value = Int(size), (1...256).contains(value) else {
                throw ConfigurationError("DATABASE_POOL_SIZE must be a number from 1 to 256")
            }
            config.databasePoolSize = value
        }
        if let interval = environment["CATALOG_CHECK_INTERVAL_MS"], !interval.isEmpty {
            guard let value = Int(interval), (0...60_000).contains(value) else {
                throw ConfigurationError("CATALOG_CHECK_INTERVAL_MS must be a number of milliseconds from 0 to 60000")
            }
            config.catalogCheckInterval = .milliseconds(value)
        }
        if let reads = environment["CONCURRENT_READS"], !reads.isEmpty {
            guard let value = Int(reads), (1...10_000).contains(value) else {
                throw ConfigurationError("CONCURRENT_READS must be a number from 1 to 10000")
            }
            config.concurrentReads = value
        }
        if let url = environment["PUBLIC_URL"], !url.isEmpty { config.publicURLOverride = url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let origins = environment["ALLOWED_ORIGINS"] { config.allowedOrigins = parseOrigins(origins) }
        if let proxies = environment["TRUSTED_PROXIES"] {
            config.trustedProxies = try proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
                guard let address = ClientAddressMiddleware.normalized($0) else {
                    throw ConfigurationError("TRUSTED_PROXIES must list IP addresses separated by commas; '\($0)' is not one")
                }
                return address
            }
        }
        for (name, keyPath) in [
            ("RATE_LIMIT_PER_MINUTE", \AppConfiguration.rateLimitPerMinute), ("AUTH_RATE_LIMIT_PER_MINUTE", \.authRateLimitPerMinute),
        ] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text), (0...1_000_000).contains(value) else {
                throw ConfigurationError("\(name) must be a number from 0 to 1000000")
            }
            config[keyPath: keyPath] = value
        }
        let limits: [(String, WritableKeyPath<ThrottleLimits, Int>)] = [
            ("LOGIN_FAILURES_PER_ACCOUNT", \.failuresPerAccount), ("LOGIN_FAILURES_PER_ADDRESS", \.failuresPerAddress),
            ("REGISTRATIONS_PER_ADDRESS_PER_HOUR", \.registrationsPerAddressPerHour),
        ]
        for (name, keyPath) in limits {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text), (1...1_000_000).contains(value) else {
                throw ConfigurationError("\(name) must be a number from 1 to 1000000")
            }
            config.throttleLimits[keyPath: keyPath] = value
        }
        for (name, keyPath) in [("REQUEST_HEAD_TIMEOUT", \AppConfiguration.requestHeadTimeout), ("IDLE_TIMEOUT", \.idleTimeout)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Double(text), value.isFinite, value > 0, value <= 86_400 else {
                throw ConfigurationError("\(name) must be a number of seconds from more than 0 to 86400")
            }
            config[keyPath: keyPath] = .milliseconds(Int64((value * 1000).rounded()))
        }
        if let token = environment["METRICS_TOKEN"], !token.isEmpty { config.metricsToken = token }
        return config
    }

    static func parseBool(_ value: String, name: String) throws -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: throw ConfigurationError("\(name) must be true or false, not '\(value)'")
        }
    }

    public func parsedDatabaseURL() throws -> DatabaseURL {
        do { return try DatabaseURL(parsing: databaseURL) } catch let error as DatabaseURL.ParseError { throw ConfigurationError(error.description) }
    }

    /// The signing secret: as configured, else read from (or generated once into) `secret.key` beside the
    /// SQLite database (`data/` for PostgreSQL), readable by the owner only.
    public func resolvedSecretKey() throws -> String {
        if let secretKey {
            guard secretKey.utf8.count >= 32 else { throw ConfigurationError("SECRET_KEY must be at least 32 characters") }
            return secretKey
        }
        let directory = (try parsedDatabaseURL()).directory ?? "data"
        let path = directory + "/secret.key"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            existing.utf8.count >= 32
        {
            return existing
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let key = Format.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        // A key that is not kept would change at every start and sign everyone out: refuse to start instead.
        guard FileManager.default.createFile(atPath: path, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("could not write the generated secret key to \(path): set SECRET_KEY or make \(directory) writable")
        }
        return key
    }
}

/// A configuration value that cannot be used; the CLI prints the message and exits 1.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

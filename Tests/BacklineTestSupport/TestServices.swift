import BacklineCore
import Foundation
import Logging
import NIOPosix
import SQLKit

/// Which engine this test run uses: SQLite unless `BACKLINE_TEST_POSTGRES_URL` names a PostgreSQL server
/// (`make test` runs the whole suite once on each).
public enum TestEngine {
    public static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["BACKLINE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
    public static var isPostgres: Bool { postgresAdminURL != nil }
}

/// The repository root, where `Templates/` and `Public/` live.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

public let testLogger: Logger = {
    var logger = Logger(label: "backline-test")
    logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}()

/// Settings for tests: cheap bcrypt, no catalog staleness, uploads in a directory of their own.
public func testSettings() -> CoreServices.Settings {
    var settings = CoreServices.Settings(secretKey: String(repeating: "k", count: 40))
    settings.bcryptCost = 4
    settings.catalogCheckInterval = .zero
    settings.uploadsDirectory = NSTemporaryDirectory() + "backline-uploads-\(UUID().uuidString)"
    return settings
}

/// Tests run in parallel, each with its own database: a small pool keeps PostgreSQL under max_connections.
public let testPoolSize = 2

/// Runs `body` over a fresh, migrated database of its own, then throws the database away (`body` gets its URL).
/// On PostgreSQL, at most a few test databases live at once, so parallel tests stay under max_connections.
public func withFreshDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    if TestEngine.isPostgres { await DatabaseGate.shared.enter() }
    defer { if TestEngine.isPostgres { Task { await DatabaseGate.shared.leave() } } }
    let fresh = try await FreshDatabase.make()
    do {
        let result = try await body(fresh.url)
        await fresh.drop()
        return result
    } catch {
        await fresh.drop()
        throw error
    }
}

/// Runs `body` with the core services over a fresh, migrated database of its own. `configure` changes the test
/// settings first (a bcrypt cost, throttle limits).
public func withCoreServices<T>(configure: (inout CoreServices.Settings) -> Void = { _ in }, _ body: (CoreServices) async throws -> T) async throws
    -> T
{
    try await withFreshDatabase { url in
        var settings = testSettings()
        configure(&settings)
        let database = try BacklineDatabase(
            url: try DatabaseURL(parsing: url), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: testLogger, poolSize: testPoolSize)
        let services = try await CoreServices(database: database, settings: settings, logger: testLogger)
        do {
            if !TestEngine.isPostgres { try await database.migrate() }
            let result = try await body(services)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

/// One test's database. SQLite: a temporary file. PostgreSQL: a database copied from a template that was
/// migrated once per test process (copying is much faster than migrating).
struct FreshDatabase {
    let url: String
    let drop: @Sendable () async -> Void

    static func make() async throws -> FreshDatabase {
        guard let adminURL = TestEngine.postgresAdminURL else {
            let path = NSTemporaryDirectory() + "backline-test-\(UUID().uuidString).sqlite"
            return FreshDatabase(url: "sqlite://" + path) {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let template = try await PostgresTemplate.shared.name()
        let name = "backline_t_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try await PostgresTemplate.shared.admin(adminURL) { sql in
            try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        }
        return FreshDatabase(url: postgresURL(adminURL, database: name)) {
            try? await PostgresTemplate.shared.admin(adminURL) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            }
        }
    }
}

func postgresURL(_ adminURL: String, database: String) -> String {
    var components = URLComponents(string: adminURL)!
    components.path = "/" + database
    return components.string!
}

/// The migrated template database, made once per test process.
actor PostgresTemplate {
    static let shared = PostgresTemplate()
    /// One creation shared by every test that asks while it runs (an actor method may interleave at each await).
    private var making: Task<String, any Error>?
    private var adminDatabase: BacklineDatabase?

    func admin(_ adminURL: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        if adminDatabase == nil {
            adminDatabase = try BacklineDatabase(
                url: .postgres(url: adminURL), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: testLogger)
        }
        try await body(adminDatabase!.sql)
    }

    func name() async throws -> String {
        if let making { return try await making.value }
        let task = Task { try await self.make() }
        making = task
        return try await task.value
    }

    private func make() async throws -> String {
        guard let adminURL = TestEngine.postgresAdminURL else { fatalError("PostgreSQL template without a PostgreSQL URL") }
        let name = "backline_tpl_\(ProcessInfo.processInfo.processIdentifier)"
        try await admin(adminURL) { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            try await sql.raw("CREATE DATABASE \(ident: name)").run()
        }
        let database = try BacklineDatabase(
            url: .postgres(url: postgresURL(adminURL, database: name)), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: testLogger)
        do {
            try await database.migrate()
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
        return name
    }
}

/// An async semaphore: how many PostgreSQL test databases may be open at once.
actor DatabaseGate {
    static let shared = DatabaseGate(limit: 6)
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func enter() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
    }
}

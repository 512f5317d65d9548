import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The shop's database: one Fluent `Databases` registry over SQLite or PostgreSQL, chosen by `DATABASE_URL`.
///
/// Hummingbird has no Fluent integration of its own here, so this type owns the thread pool and hands
/// Fluent an event loop group explicitly (Fluent outside Vapor needs both).
public final class BacklineDatabase: Sendable {
    public enum Engine: String, Sendable { case sqlite, postgres }

    public let engine: Engine
    public let databases: Databases
    private let threadPool: NIOThreadPool
    /// SQLite only: the driver's own loops (see init).
    private let ownGroup: MultiThreadedEventLoopGroup?
    private let logger: Logger

    /// - poolSize: connections per event loop (the process has one loop per core); nil picks the engine's default.
    public init(url: DatabaseURL, eventLoopGroup: any EventLoopGroup, logger: Logger, poolSize: Int? = nil) throws {
        self.logger = logger
        switch url {
        case .sqlite(let path):
            engine = .sqlite
            // fluent-sqlite-driver 4.9 opens exactly one connection per event loop whatever it is told, and runs
            // every statement on the thread pool. So SQLite gets loops and pool threads of its own, one per
            // wanted connection: under WAL the readers then run side by side.
            let connections = poolSize ?? 4
            let group = MultiThreadedEventLoopGroup(numberOfThreads: connections)
            let threadPool = NIOThreadPool(numberOfThreads: connections)
            threadPool.start()
            (self.ownGroup, self.threadPool) = (group, threadPool)
            let storage: SQLiteConfiguration.Storage
            if path == ":memory:" {
                storage = .memory
            } else {
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                storage = .file(path: path)
            }
            // SQLite serialises writers itself; sqlite-nio installs a busy handler that waits for the lock.
            databases = Databases(threadPool: threadPool, on: group)
            databases.use(.sqlite(.init(storage: storage, enableForeignKeys: true), sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let urlString):
            engine = .postgres
            let threadPool = NIOThreadPool(numberOfThreads: 1)
            threadPool.start()
            (self.ownGroup, self.threadPool) = (nil, threadPool)
            let config = try SQLPostgresConfiguration(url: urlString)
            databases = Databases(threadPool: threadPool, on: eventLoopGroup)
            databases.use(
                .postgres(configuration: config, maxConnectionsPerEventLoop: poolSize ?? 8, connectionPoolTimeout: .seconds(5), sqlLogLevel: .trace),
                as: .psql
            )
        }
    }

    /// A Fluent handle for one unit of work.
    public var db: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    /// The same connection pool seen through SQLKit, for the queries an ORM says badly.
    public var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Engine-level settings that must hold before anything else runs (WAL is persistent in the file).
    public func prepare() async throws {
        if engine == .sqlite {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
        }
    }

    /// Refreshes the planner's statistics (after a bulk load such as the seed).
    public func analyze() async throws {
        try await sql.raw("ANALYZE").run()
    }

    /// Whether the database answers a trivial query (readiness).
    public func isReachable() async -> Bool {
        do {
            try await sql.raw("SELECT 1").run()
            return true
        } catch {
            return false
        }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await ownGroup?.shutdownGracefully()
    }
}

extension BacklineDatabase {
    /// Applies pending migrations (Fluent records what ran in its `_fluent_migrations` table).
    public func migrate() async throws {
        try await prepare()
        let migrations = Migrations()
        migrations.add(BacklineMigrations.all)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any(), migrationLogLevel: .info)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }
}

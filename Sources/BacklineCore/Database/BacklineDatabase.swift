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
    /// SQLite on a file only: one connection kept for write transactions, on its own loop and thread, so a checkout
    /// never queues for a connection behind the readers (issue 15: under 64 readers checkouts waited seconds).
    private let writer: Lane?
    /// SQLite on a file only: one more connection for the reads of requests that write (see `urgently`).
    private let urgentReader: Lane?
    private let logger: Logger
    private let writeGate = WriteGate()

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
            if path == ":memory:" {
                // A second connection would open a second, empty database.
                (writer, urgentReader) = (nil, nil)
            } else {
                (writer, urgentReader) = (Lane(storage: storage), Lane(storage: storage))
            }
        case .postgres(let urlString):
            engine = .postgres
            (writer, urgentReader) = (nil, nil)
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

    /// A Fluent handle for one unit of work: inside `urgently` on SQLite the urgent lane's connection, else the pool.
    public var db: any Database {
        if Self.isUrgent, let urgentReader { return urgentReader.database(logger: logger) }
        return databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    /// Set by `urgently` for the task and its children.
    @TaskLocal static var isUrgent = false

    /// Runs a request that writes (a checkout, an add to cart, a listing edit) ahead of the reading crowd: at high
    /// priority and, on SQLite, with its reads on a connection of their own instead of behind the pool's queue of
    /// page reads. (Running it on a thread of its own was tried: under two saturated cores each of a checkout's
    /// forty awaits then waited for that thread to be scheduled, and checkouts took twice as long.)
    public func urgently<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task(priority: .high) {
            try await Self.$isUrgent.withValue(true) { try await body() }
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// The same connection pool seen through SQLKit, for the queries an ORM says badly.
    public var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Short reads that writers wait for (the catalog's change feed after a write): on SQLite the writer's own
    /// connection, which no queue of page reads stands in front of; the pool elsewhere. Never call it inside a
    /// `writeTransaction` closure: on SQLite that connection is the transaction's until it ends.
    var writerSideSQL: any SQLDatabase {
        writer.map { $0.database(logger: logger) as! any SQLDatabase } ?? sql
    }

    /// A transaction that writes from its first statement: stock, coupons, orders.
    ///
    /// SQLite starts it with `BEGIN IMMEDIATE`, taking the single write lock up front: a deferred transaction
    /// that reads first and writes later can fail to upgrade its lock when another writer got in between.
    /// PostgreSQL takes row locks as it goes (callers lock products in id order, see `lockProducts`).
    /// The closure must use only the handle it is given: asking the pool for another connection while holding
    /// SQLite's write lock would wait for itself.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch engine {
        case .postgres:
            return try await db.transaction { try await body($0 as! any SQLDatabase) }
        case .sqlite:
            // One write transaction at a time in this process, queued without a connection or a thread: SQLite has one
            // writer anyway, and sqlite-nio's busy handler retries without sleeping, so writers waiting on SQLite's
            // lock spun on the pool's threads and starved the one holding it (ten racing checkouts took 40 s on two
            // busy cores and some ran out of the pool's time).
            await writeGate.enter()
            let db = writer.map { $0.database(logger: logger) } ?? self.db
            do {
                let result = try await db.withConnection { connection in
                    let sql = connection as! any SQLDatabase
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        let result = try await body(sql)
                        try await sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
                await writeGate.leave()
                return result
            } catch {
                await writeGate.leave()
                throw error
            }
        }
    }

    /// Locks the given products' rows for the rest of a write transaction, always in id order, so two
    /// checkouts (or a checkout and a cancel) never wait for each other in a cycle. On SQLite the write lock
    /// of `writeTransaction` already excludes every other writer.
    public func lockProducts(_ ids: [Int], on sql: any SQLDatabase) async throws {
        guard engine == .postgres, !ids.isEmpty else { return }
        try await sql.raw("SELECT id FROM products WHERE id IN (\(binds: ids.sorted())) ORDER BY id FOR UPDATE").run()
    }

    /// Locks one order row until the transaction ends (PostgreSQL), so two shops shipping their parts at once
    /// cannot both miss that the other was the last one. SQLite's write transaction already serializes them.
    public func lockOrder(_ id: Int, on sql: any SQLDatabase) async throws {
        guard engine == .postgres else { return }
        try await sql.raw("SELECT id FROM orders WHERE id = \(bind: id) FOR UPDATE").run()
    }

    /// Engine-level settings that must hold before anything else runs (WAL is persistent in the file).
    public func prepare() async throws {
        if engine == .sqlite {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
            // Per connection: the writer's commits are the ones that would wait for a sync.
            if let writer {
                try await (writer.database(logger: logger) as! any SQLDatabase).raw("PRAGMA synchronous = NORMAL").run()
            }
        }
    }

    /// Refreshes the planner's statistics after a bulk load such as the seed. On PostgreSQL a VACUUM too: it marks
    /// the new rows visible to all, so deep catalog pages read their ids from the covering index alone instead of
    /// waiting for autovacuum.
    public func analyze() async throws {
        try await sql.raw(engine == .postgres ? "VACUUM ANALYZE" : "ANALYZE").run()
    }

    /// Whether an error means the database cannot be reached right now (stopped, restarting, refusing connections,
    /// or every connection busy past the pool's timeout) rather than that a statement failed. Such requests answer
    /// 503: the client may retry, and the pool reconnects on its own once the database is back.
    public static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed: return true
            // admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
            case .server:
                return ["57P01", "57P02", "57P03"].contains(error.serverInfo?[.sqlState] ?? "")
                    || (error.serverInfo?[.sqlState] ?? "").hasPrefix("08")
            default: return false
            }
        // Every connection busy for longer than the pool waits: overloaded, not broken.
        case is NIOConnectionError, is ConnectionPoolError, is ConnectionPoolTimeoutError: return true
        case let error as IOError: return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT].contains(error.errnoCode)
        default: return false
        }
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
        await writer?.shutdown()
        await urgentReader?.shutdown()
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
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any(), migrationLogLevel: .info)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }
}

/// A first-come, first-served lock awaited without blocking a thread: `writeTransaction`'s queue on SQLite.
/// One SQLite connection with an event loop and a thread of its own (fluent-sqlite-driver opens one connection per
/// loop and runs its statements on the thread pool).
private struct Lane: Sendable {
    let databases: Databases
    let group: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool

    init(storage: SQLiteConfiguration.Storage) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: group)
        databases.use(.sqlite(.init(storage: storage, enableForeignKeys: true), sqlLogLevel: .trace), as: .sqlite)
    }

    func database(logger: Logger) -> any Database {
        databases.database(logger: logger, on: group.next())!
    }

    func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}

actor WriteGate {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the lock to the next in line (it stays held), or frees it.
    func leave() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}

extension BacklineDatabase {
    /// Makes one kind of admin write wait for another of its kind until the transaction ends (PostgreSQL), so checks
    /// that read the whole table (a code or slug taken, a category moved under its own child) hold when it commits.
    /// Readers and checkouts are not held up. SQLite's write transaction already excludes every other writer.
    func serializeAdminWrites(_ area: String, on sql: any SQLDatabase) async throws {
        guard engine == .postgres else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "backline.admin." + area)))").run()
    }
}

extension SQLRowDecoder {
    /// Rows read into `Decodable` structs whose properties are the columns in camelCase: `price_cents` → `priceCents`,
    /// `product_id` → `productID`, `image_url` → `imageURL` (SQLKit's own snake-case strategy reads `productID` as
    /// `product_iD`). Hand decoding stays in the catalog's hottest reads (the index's load and the cards), each with a
    /// comment saying so; whether typed decoding costs them anything measurable has not been profiled yet.
    public static let columns = SQLRowDecoder(keyDecodingStrategy: .custom { path in SomeCodingKey(stringValue: columnName(path.last!.stringValue)) })

    /// `productID` → `product_id`: a capital starts a word after a small letter or digit, or ends a run of capitals
    /// before a small letter (`URLPath` → `url_path`).
    static func columnName(_ property: String) -> String {
        let letters = Array(property)
        var name = ""
        for (index, letter) in letters.enumerated() {
            guard letter.isUppercase else {
                name.append(letter)
                continue
            }
            let afterSmall = index > 0 && (letters[index - 1].isLowercase || letters[index - 1].isNumber)
            let endsCapitals = index > 0 && letters[index - 1].isUppercase && index + 1 < letters.count && letters[index + 1].isLowercase
            if afterSmall || endsCapitals { name.append("_") }
            name += letter.lowercased()
        }
        return name
    }
}

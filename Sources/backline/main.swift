import ArgumentParser
import BacklineApp
import BacklineCore
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// Options every command reads; each flag wins over its environment variable.
struct CommonOptions: ParsableArguments {
    @Option(help: "Database URL: sqlite://PATH or postgres://user:pass@host:port/db (env DATABASE_URL)")
    var databaseURL: String?
    @Option(help: "Where uploaded images are stored (env UPLOADS_DIR)")
    var uploadsDir: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL)")
    var logLevel: String?

    func configuration() throws -> AppConfiguration {
        var config = try AppConfiguration.fromEnvironment()
        if let databaseURL { config.databaseURL = databaseURL }
        if let uploadsDir { config.uploadsDirectory = uploadsDir }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("--log-level must be one of trace … critical")
            }
            config.logLevel = level
        }
        _ = try config.parsedDatabaseURL()
        return config
    }

    func logger(_ config: AppConfiguration) -> Logger {
        var logger = Logger(label: "backline")
        logger.logLevel = config.logLevel
        return logger
    }
}

/// Runs a command body with services, closing the database afterwards and turning known errors into exit 1.
func withServices(_ options: CommonOptions, _ body: (AppServices, Logger) async throws -> Void) async throws {
    let config: AppConfiguration
    do { config = try options.configuration() } catch let error as ConfigurationError { throw CleanExit.message(error.description, code: 1) }
    let logger = options.logger(config)
    let services = try await AppServices.make(config, logger: logger)
    do {
        try await body(services, logger)
        await services.database.shutdown()
    } catch {
        await services.database.shutdown()
        throw error
    }
}

/// Prints a message and exits with a code: how commands refuse with "a clear message".
enum CleanExit: Error {
    case message(String, code: Int32)
}

@main
struct Backline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backline",
        abstract: "Backline, a marketplace for music gear.",
        subcommands: [Serve.self, Migrate.self, Seed.self, UserCommand.self, JobsCommand.self, OutboxCommand.self])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch CleanExit.message(let message, let code) {
            FileHandle.standardError.write(Data("backline: \(message)\n".utf8))
            Foundation.exit(code)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("backline: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate if needed, then serve HTTP until SIGINT/SIGTERM.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Listen address (env HOST)") var host: String?
    @Option(help: "Listen port (env PORT)") var port: Int?

    func run() async throws {
        var config: AppConfiguration
        do { config = try common.configuration() } catch let error as ConfigurationError { throw CleanExit.message(error.description, code: 1) }
        if let host { config.host = host }
        if let port {
            guard (1...65535).contains(port) else { throw CleanExit.message("--port must be from 1 to 65535", code: 1) }
            config.port = port
        }
        config.secretKey = try config.resolvedSecretKey()
        let logger = common.logger(config)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let services = try await AppServices.make(config, logger: logger)
        try await services.prepareForServing(logger: logger)
        let app = try await buildApplication(services: services, logger: logger, metrics: registry)
        // Application.runService installs the SIGINT/SIGTERM handlers: in-flight requests finish first.
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations and exit.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await withServices(common) { services, logger in
            try await services.database.migrate()
            logger.info("Migrations are up to date")
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill an empty catalog with a deterministic music-gear demo.")
    @OptionGroup var common: CommonOptions
    @Option(help: "How many products") var products = 2_000
    @Option(help: "Random seed: the same seed makes the same shop") var seed: UInt64 = 42
    @Flag(help: "Delete the existing catalog, orders and demo accounts first") var force = false

    func run() async throws {
        guard products >= 1, products <= 1_000_000 else { throw CleanExit.message("--products must be from 1 to 1000000", code: 1) }
        try await withServices(common) { services, _ in
            try await services.database.migrate()
            do {
                try await services.seeder.run(products: products, seed: seed, force: force)
            } catch let error as SeedError {
                throw CleanExit.message(error.description, code: 1)
            }
            print(
                "Seeded \(products) products (seed \(seed)). Demo accounts (password \(DemoSeeder.demoPassword)): \(DemoSeeder.adminEmail), \(DemoSeeder.sellerEmail), \(DemoSeeder.buyerEmail)"
            )
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @OptionGroup var common: CommonOptions
        @Option var email: String
        @Option var password: String
        @Option(help: "customer, seller or admin") var role: String
        @Option var name: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw CleanExit.message("--role must be customer, seller or admin", code: 1) }
            try await withServices(common) { services, _ in
                try await services.database.migrate()
                do {
                    let user = try await services.accounts.createUser(email: email, password: password, displayName: name, role: role)
                    print("Created \(role.rawValue) \(user.email) (id \(user.id ?? 0))")
                } catch AccountError.emailTaken {
                    throw CleanExit.message("an account with the email \(AccountService.normalizeEmail(email)) already exists", code: 1)
                } catch let error as BacklineCore.ValidationError {
                    throw CleanExit.message(error.errors.map { "\($0.field): \($0.message)" }.joined(separator: " "), code: 1)
                }
            }
        }
    }
}

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Time-driven work.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every due job once and exit.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Pretend it is this moment (RFC 3339, e.g. 2026-12-07T18:30:00Z)") var now: String?

        func run() async throws {
            var moment = Date()
            if let now {
                let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
                guard let parsed = (try? Date(now, strategy: .iso8601)) ?? (try? Date(now, strategy: fractional)) else {
                    throw CleanExit.message("--now must be an RFC 3339 time such as 2026-12-07T18:30:00Z", code: 1)
                }
                moment = parsed
            }
            try await withServices(common) { services, _ in
                try await services.database.migrate()
                for report in try await services.jobs.runAll(now: moment, waitForOthers: true) {
                    print("\(report.name): \(report.count)")
                }
            }
        }
    }
}

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Print the newest emails the shop wrote to its outbox.")
    @OptionGroup var common: CommonOptions
    @Option(help: "How many messages, newest first") var last = 10
    @Option(help: "Only messages to this address") var to: String?

    func run() async throws {
        try await withServices(common) { services, _ in
            try await services.database.migrate()
            let messages = try await services.outbox.latest(last, to: to.map(AccountService.normalizeEmail))
            if messages.isEmpty { print("The outbox is empty.") }
            for message in messages {
                print("#\(message.id)  \(message.createdAt.formatted(.iso8601))  \(message.kind)")
                print("To: \(message.to)")
                print("Subject: \(message.subject)")
                print("")
                print(message.body)
                print(String(repeating: "-", count: 72))
            }
        }
    }
}

import Foundation
import Logging
import SQLKit

/// Time-driven work: holds lapsing now, and later offers expiring, returns auto-approving, alerts going out. A job
/// decides what is due from stored timestamps and the `now` it is given, never from the wall clock, so a test moves
/// time with `backline jobs run --now T` instead of sleeping, and one run catches up on everything overdue.
public protocol Job: Sendable {
    /// Names the job's claim row in `jobs`, and the job in logs.
    var name: String { get }
    /// Does what is due at `now` inside the claim's transaction; returns how many things it moved (for the log).
    func run(now: Date, on sql: any SQLDatabase) async throws -> Int
}

/// What one run of one job did.
public struct JobReport: Sendable, Equatable {
    public let name: String
    public let count: Int
    /// False when another instance was running it and this run did not wait.
    public let ran: Bool
}

/// Runs every job once, each claimed through the database so that with several instances (or a `jobs run` beside a
/// server) each run of a job happens in one process at a time: PostgreSQL locks the job's row (`FOR UPDATE`, or
/// `SKIP LOCKED` for the background loop, which leaves it to whoever has it), SQLite's write lock does the same.
/// A job's work commits with its claim: a job that fails leaves nothing half done and runs again next time.
public struct JobRunner: Sendable {
    public let jobs: [any Job]
    let database: BacklineDatabase

    public init(database: BacklineDatabase, jobs: [any Job]) {
        (self.database, self.jobs) = (database, jobs)
    }

    /// Runs each job once at `now`. With `waitForOthers` (the CLI), a job another process is running is waited for
    /// and then run; without (the server's loop), it is skipped, since that process is doing it.
    public func runAll(now: Date, waitForOthers: Bool) async throws -> [JobReport] {
        var reports: [JobReport] = []
        for job in jobs {
            let report = try await database.writeTransaction { [database] sql -> JobReport in
                try await sql.raw("INSERT INTO jobs (name) VALUES (\(bind: job.name)) ON CONFLICT (name) DO NOTHING").run()
                if database.engine == .postgres {
                    let claim: SQLQueryString = waitForOthers ? "FOR UPDATE" : "FOR UPDATE SKIP LOCKED"
                    guard try await sql.raw("SELECT name FROM jobs WHERE name = \(bind: job.name) \(claim)").first() != nil else {
                        return JobReport(name: job.name, count: 0, ran: false)
                    }
                }
                let count = try await job.run(now: now, on: sql)
                try await sql.raw("UPDATE jobs SET last_run_at = \(bind: now) WHERE name = \(bind: job.name)").run()
                return JobReport(name: job.name, count: count, ran: true)
            }
            reports.append(report)
        }
        return reports
    }
}

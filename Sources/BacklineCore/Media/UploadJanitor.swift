import Foundation
import SQLKit

/// Removes uploaded files that no row refers to any more. Names are content hashes, so one file can back several rows
/// (two people uploading the same picture): a file goes only when none of them refers to it. Replaced avatars and
/// logos and removed photos are released at once; `sweep` removes leftovers (an upload whose row was never written, a
/// release that failed), sparing files younger than an hour whose row may not be committed yet. Ten 5 MiB avatar
/// replacements used to leave nine files behind for good.
public struct UploadJanitor: Sendable {
    let database: BacklineDatabase
    let storage: any UploadStorage
    static let prefix = "/uploads/"

    public init(database: BacklineDatabase, storage: any UploadStorage) {
        self.database = database
        self.storage = storage
    }

    /// Every column that holds an upload's public path.
    static let references: [(table: String, column: String)] = [
        ("users", "avatar_path"), ("shops", "logo_path"), ("product_images", "path"), ("products", "image_path"),
    ]

    static func isReferenced(_ path: String, on sql: any SQLDatabase) async throws -> Bool {
        for (table, column) in references {
            if try await sql.raw("SELECT 1 AS x FROM \(ident: table) WHERE \(ident: column) = \(bind: path) LIMIT 1").first() != nil { return true }
        }
        return false
    }

    /// Deletes the file behind `path` (an `/uploads/…` path no longer wanted by the row that held it) unless another
    /// row still refers to it. Call it after the change that dropped the reference has committed.
    public func release(_ path: String?) async {
        guard let path, path.hasPrefix(Self.prefix) else { return }
        do {
            guard try await !Self.isReferenced(path, on: database.sql) else { return }
            try await storage.delete(String(path.dropFirst(Self.prefix.count)))
        } catch {
            // The hourly sweep retries what could not be released now.
        }
    }

    /// Deletes every stored file no row refers to that was written before `now` minus an hour; answers how many.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-3_600)
        var removed = 0
        for (name, modified) in try await storage.list() where modified < cutoff && !name.hasPrefix(".") {
            guard try await !Self.isReferenced(Self.prefix + name, on: database.sql) else { continue }
            try await storage.delete(name)
            removed += 1
        }
        return removed
    }
}

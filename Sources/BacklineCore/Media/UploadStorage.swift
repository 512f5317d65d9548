import Foundation

/// Where uploaded files live, by a name the server made (`<sha256>.<ext>`).
///
/// Features never touch the disk themselves: they store and read through this protocol, so several instances
/// share uploads through whatever storage is configured. `LocalDirectoryStorage` is the first implementation (one
/// directory; for several instances, a volume they all mount); an object store would be another conformance and
/// nothing else would change.
public protocol UploadStorage: Sendable {
    /// Stores `bytes` under `name`. Names are content hashes: an existing object of that name already holds the same
    /// bytes and is kept.
    func put(_ bytes: [UInt8], name: String) async throws
    /// The bytes stored under `name`, or nil when there are none.
    func get(_ name: String) async throws -> [UInt8]?
    /// Removes the object; nothing happens when there is none.
    func delete(_ name: String) async throws
    /// Every stored name with when it was last written, for sweeping leftovers.
    func list() async throws -> [(name: String, modified: Date)]
}

/// Uploads as files in one directory (`UPLOADS_DIR`).
public struct LocalDirectoryStorage: UploadStorage {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func put(_ bytes: [UInt8], name: String) async throws {
        let path = directory + "/" + name
        if FileManager.default.fileExists(atPath: path) { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Written beside, then moved into place: a reader (on any instance sharing the volume) never sees half a file.
        let temporary = path + ".tmp-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        try? FileManager.default.moveItem(atPath: temporary, toPath: path)
        try? FileManager.default.removeItem(atPath: temporary)
    }

    public func get(_ name: String) async throws -> [UInt8]? {
        FileManager.default.contents(atPath: directory + "/" + name).map { [UInt8]($0) }
    }

    public func delete(_ name: String) async throws {
        try? FileManager.default.removeItem(atPath: directory + "/" + name)
    }

    public func list() async throws -> [(name: String, modified: Date)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name))?[.modificationDate] as? Date else {
                return nil
            }
            return (name, modified)
        }
    }
}

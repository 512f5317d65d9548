import CMagic
import Synchronization

/// Answers what bytes really are, by content (libmagic), whatever a file's name or declared type says.
public final class ContentSniffer: Sendable {
    /// A libmagic handle is not thread-safe; one handle behind a lock is plenty for upload-sized traffic.
    private let handle: Mutex<OpaquePointer?>

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws {
        guard let cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR) else { throw LoadError(description: "libmagic: magic_open failed") }
        guard magic_load(cookie, nil) == 0 else {
            let message = magic_error(cookie).map { String(cString: $0) } ?? "unknown error"
            magic_close(cookie)
            throw LoadError(description: "libmagic: cannot load the magic database: \(message)")
        }
        handle = Mutex(cookie)
    }

    deinit {
        handle.withLock { cookie in
            if let cookie { magic_close(cookie) }
        }
    }

    /// The MIME type of the bytes, such as `image/png` or `text/html`; `application/octet-stream` when unknown.
    public func mimeType(of bytes: some Collection<UInt8>) -> String {
        let array = Array(bytes)
        return handle.withLock { cookie -> String in
            guard let cookie else { return "application/octet-stream" }
            let result = array.withUnsafeBytes { buffer in magic_buffer(cookie, buffer.baseAddress, buffer.count) }
            return result.map { String(cString: $0) } ?? "application/octet-stream"
        }
    }
}

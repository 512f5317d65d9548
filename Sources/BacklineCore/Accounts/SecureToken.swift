import Crypto
import Foundation

/// Random secrets handed to clients (session ids, refresh and email tokens) and how they are stored:
/// only their SHA-256 is kept, so a leaked table opens nothing.
public enum SecureToken {
    /// 32 random bytes, base64url without padding (43 characters).
    ///
    /// Every anonymous page view makes one (the visitor's session id), so it is made plainly: four 64-bit draws from
    /// the system's generator (drawing byte by byte cost a system call per byte) and a direct base64url encoding
    /// (Foundation's three `replacingOccurrences` passes were a tenth of a cached page's time).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return base64URL(bytes)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64url (RFC 4648 §5) without padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var group = 0
            for (offset, byte) in chunk.enumerated() { group |= Int(byte) << (16 - 8 * offset) }
            for position in 0...chunk.count { out.append(base64URLAlphabet[(group >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hex SHA-256 of a token: what the database stores and looks up.
    public static func hash(_ token: String) -> String {
        Format.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Hex HMAC-SHA-256 of a message under the secret key (CSRF tokens derive from the session id this way).
    public static func hmac(_ message: String, key: String) -> String {
        Format.hex(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8))))
    }

    /// Compares two strings in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

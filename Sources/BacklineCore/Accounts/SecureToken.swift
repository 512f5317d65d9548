import Crypto
import Foundation

/// Random secrets handed to clients (session ids, refresh and email tokens) and how they are stored:
/// only their SHA-256 is kept, so a leaked table opens nothing.
public enum SecureToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
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

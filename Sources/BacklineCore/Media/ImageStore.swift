import Crypto
import Foundation

public enum ImageError: Error, Equatable, Sendable {
    /// The bytes are not a JPEG, PNG, WebP or GIF, whatever the name or declared type says (415).
    case unsupportedType(String)
    /// Over the byte limit (413).
    case tooLarge
    /// Over 40 megapixels by the header's dimensions, or no readable dimensions (422).
    case badDimensions
}

/// Checks uploaded images by their content and stores them under a name the server makes, `<sha256>.<ext>`, in the
/// configured `UploadStorage`. No client-given name or path ever reaches the storage.
public struct ImageStore: Sendable {
    public let storage: any UploadStorage
    let sniffer: ContentSniffer
    public static let maxBytes = 5 * 1024 * 1024
    public static let maxPixels = 40_000_000
    public static let types = ["image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"]

    public init(storage: any UploadStorage, sniffer: ContentSniffer) {
        self.storage = storage
        self.sniffer = sniffer
    }

    /// Validates and stores the bytes; answers the public path (`/uploads/<sha256>.<ext>`).
    public func store(_ bytes: [UInt8]) async throws -> String {
        guard bytes.count <= Self.maxBytes else { throw ImageError.tooLarge }
        let type = sniffer.mimeType(of: bytes)
        guard let ext = Self.types[type] else { throw ImageError.unsupportedType(type) }
        guard let (width, height) = ImageHeader.dimensions(bytes, type: type), Self.acceptable(width: width, height: height) else {
            throw ImageError.badDimensions
        }
        let name = Format.hex(SHA256.hash(data: bytes)) + "." + ext
        try await storage.put(bytes, name: name)
        return "/uploads/" + name
    }

    /// Whether the header's dimensions are an image worth decoding. A header may claim anything (a PNG's are two
    /// 32-bit numbers), so the product is taken with an overflow check: `width * height` trapped on 2³²−1 × 2³²−1
    /// and stopped the server.
    static func acceptable(width: Int, height: Int) -> Bool {
        guard width > 0, height > 0 else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maxPixels
    }

    /// A stored image's bytes and content type, or nil for anything that is not one of ours.
    public func image(named name: String) async throws -> (bytes: [UInt8], contentType: String)? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit),
            let type = Self.types.first(where: { $0.value == parts[1] })?.key,
            let bytes = try await storage.get(name)
        else { return nil }
        return (bytes, type)
    }
}

/// Image dimensions read from the header alone (no decoding), to refuse decompression bombs.
enum ImageHeader {
    static func dimensions(_ b: [UInt8], type: String) -> (Int, Int)? {
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func le24(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
        switch type {
        case "image/png":
            guard b.count >= 24 else { return nil }
            return (be32(16), be32(20))
        case "image/gif":
            guard b.count >= 10 else { return nil }
            return (le16(6), le16(8))
        case "image/webp":
            guard b.count >= 30 else { return nil }
            let chunk = String(decoding: b[12..<16], as: UTF8.self)
            switch chunk {
            case "VP8 ": return (le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
                return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X": return (le24(24) + 1, le24(27) + 1)
            default: return nil
            }
        case "image/jpeg":
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { return nil }
                let marker = b[i + 1]
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                let length = be16(i + 2)
                // Start-of-frame markers (not DHT C4, JPG C8, DAC CC) carry height then width.
                if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) { return (be16(i + 7), be16(i + 5)) }
                i += 2 + length
            }
            return nil
        default: return nil
        }
    }
}

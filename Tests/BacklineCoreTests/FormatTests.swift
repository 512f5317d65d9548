import Foundation
import SQLKit
import Testing

@testable import BacklineCore

@Suite struct FormatTests {
    /// Row structs name their properties as Swift does (`productID`); the columns are snake_case (`product_id`).
    @Test func propertiesNameTheirColumns() {
        let pairs = [
            ("productID", "product_id"), ("priceCents", "price_cents"), ("imageURL", "image_url"), ("URLPath", "url_path"),
            ("line1", "line1"), ("addedPriceCents", "added_price_cents"), ("id", "id"),
        ]
        for (property, column) in pairs { #expect(SQLRowDecoder.columnName(property) == column) }
    }

    @Test func numbersAndDatesReadAsPeopleWriteThem() {
        #expect(Format.count(0) == "0")
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.oneDecimal(4.46) == "4.5")
        #expect(Format.oneDecimal(5) == "5.0")
        let date = Date(timeIntervalSince1970: 1_795_293_420)  // 2026-11-21T20:37:00Z
        #expect(Format.iso8601(date) == "2026-11-21T20:37:00Z")
        #expect(Format.day(date) == "Nov 21, 2026")
        #expect(Format.monthYear(Date(timeIntervalSince1970: 951_782_400)) == "February 2000")  // 2000-02-29
        #expect(Format.day(Date(timeIntervalSince1970: 951_782_400)) == "Feb 29, 2000")
        #expect(Format.hex([0, 15, 255]) == "000fff")
        #expect(Format.stars(4) == "★★★★☆")
        #expect(Format.stars(0) == "☆☆☆☆☆")
    }

    @Test func secureTokensAreBase64URLOf32RandomBytes() {
        // RFC 4648's test vectors, in the URL alphabet and without padding.
        #expect(SecureToken.base64URL(Array("f".utf8)) == "Zg")
        #expect(SecureToken.base64URL(Array("fo".utf8)) == "Zm8")
        #expect(SecureToken.base64URL(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(SecureToken.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
        let tokens = (0..<50).map { _ in SecureToken.generate() }
        #expect(Set(tokens).count == 50)
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }
}

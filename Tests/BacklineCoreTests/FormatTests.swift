import BacklineCore
import Foundation
import Testing

@Suite struct FormatTests {
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
}

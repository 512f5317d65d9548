import Foundation

/// Text for numbers and dates on pages. Plain arithmetic on purpose: Foundation's ICU-backed
/// `formatted()` and date formatters cost milliseconds per call on Linux, and pages make dozens.
public enum Format {
    /// 12345 → "12,345"
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + String(grouped.reversed())
    }

    /// 4 → "★★★★☆": a rating as stars, out of five.
    public static func stars(_ rating: Int) -> String {
        let filled = min(max(rating, 0), 5)
        return String(repeating: "★", count: filled) + String(repeating: "☆", count: 5 - filled)
    }

    /// 4.46 → "4.5"
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// The UTC calendar date of a moment (Howard Hinnant's civil-from-days).
    static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, secondOfDay: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, secondOfDay)
    }

    /// Days since 1970-01-01 of a UTC calendar date (Howard Hinnant's days-from-civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// "2026-11-21" (an HTML date input's value) → the start of that UTC day; nil for anything else.
    public static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1970...9999).contains(year), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        let date = Date(timeIntervalSince1970: Double(daysFromCivil(year: year, month: month, day: day)) * 86_400)
        let check = civil(date)
        return check.month == month && check.day == day ? date : nil  // no February 30th
    }

    /// "2026-11-21": the form an HTML date input takes.
    public static func isoDay(_ date: Date) -> String {
        let c = civil(date)
        return "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
    }

    /// "Feb 2025": chart axis labels.
    public static func shortMonthYear(_ date: Date) -> String {
        let c = civil(date)
        return "\(monthNames[c.month - 1].prefix(3)) \(c.year)"
    }

    /// "February 2025"
    public static func monthYear(_ date: Date) -> String {
        let c = civil(date)
        return "\(monthNames[c.month - 1]) \(c.year)"
    }

    /// "Nov 21, 2026"
    public static func day(_ date: Date) -> String {
        let c = civil(date)
        return "\(monthNames[c.month - 1].prefix(3)) \(c.day), \(c.year)"
    }

    /// "Nov 21": chart axis labels.
    public static func shortDay(_ date: Date) -> String {
        let c = civil(date)
        return "\(monthNames[c.month - 1].prefix(3)) \(c.day)"
    }

    /// "Nov 21, 2026, 20:17 UTC"
    public static func dayTime(_ date: Date) -> String {
        let c = civil(date)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(day(date)), \(two(c.secondOfDay / 3600)):\(two(c.secondOfDay / 60 % 60)) UTC"
    }

    /// "2026-11-21T20:17:00Z"
    public static func iso8601(_ date: Date) -> String {
        let c = civil(date)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(c.secondOfDay / 3600)):\(two(c.secondOfDay / 60 % 60)):\(two(c.secondOfDay % 60))Z"
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of bytes (digests, tokens).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Money is integer cents everywhere; these are the only conversions to and from text.
public enum Money {
    /// "150" or "149.99" or "1,299.5" → cents; nil for anything else (negative, three decimals, letters).
    public static func parseDollars(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 9, whole.allSatisfy(\.isASCIIDigitChar),
            let dollars = Int(whole)
        else { return nil }
        var cents = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigitChar) else { return nil }
            cents = fraction.isEmpty ? 0 : Int(fraction.count == 1 ? fraction + "0" : fraction)!
        }
        return dollars * 100 + cents
    }

    /// 129999 → "$1,299.99"
    public static func format(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let absolute = abs(cents)
        let fraction = absolute % 100
        return "\(sign)$\(Format.count(absolute / 100)).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// 14999 → "149.99", 15000 → "150": the form a query parameter takes.
    public static func dollarsString(_ cents: Int) -> String {
        cents % 100 == 0 ? String(cents / 100) : "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
    }
}

extension Character {
    var isASCIIDigitChar: Bool { isASCII && isNumber }
}

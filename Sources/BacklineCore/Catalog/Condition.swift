/// A listing's condition grade, best first.
public enum Condition: String, Sendable, CaseIterable, Codable {
    case new, mint, excellent, veryGood = "very_good", good, fair

    /// How a person reads it: "Very Good".
    public var label: String {
        switch self {
        case .new: "New"
        case .mint: "Mint"
        case .excellent: "Excellent"
        case .veryGood: "Very Good"
        case .good: "Good"
        case .fair: "Fair"
        }
    }
}

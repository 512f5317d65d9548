import Foundation

public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case card, cod, upi, paypal

    public var label: String {
        switch self {
        case .card: "Credit or debit card"
        case .cod: "Cash on delivery"
        case .upi: "UPI"
        case .paypal: "PayPal"
        }
    }
}

/// Why a simulated charge was refused (CONTRACT §6); the API's problem names it.
public enum DeclineReason: String, Sendable, Equatable {
    case cardDeclined = "card_declined"
    case insufficientFunds = "insufficient_funds"

    public var message: String {
        switch self {
        case .cardDeclined: "Your card was declined. Nothing was charged; try another card or payment method."
        case .insufficientFunds: "Your card was declined for insufficient funds. Nothing was charged; try another card or payment method."
        }
    }
}

/// The simulated payment gateway of CONTRACT §6. No money moves; outcomes depend only on the method and,
/// for cards, the number.
public enum PaymentSimulator {
    public enum Outcome: Sendable, Equatable {
        /// Charged now: the order is paid.
        case paid(reference: String)
        /// Cash on delivery: nothing is charged until the order is delivered.
        case payOnDelivery
        case declined(DeclineReason)
    }

    public static let declinedCard = "4000000000000002"
    public static let insufficientFundsCard = "4000000000009995"

    /// Digits only, spaces and dashes allowed between them; nil when anything else is in it.
    public static func normalizedCardNumber(_ text: String) -> String? {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard (12...19).contains(digits.count), digits.allSatisfy(\.isASCIIDigitChar) else { return nil }
        return digits
    }

    /// The Luhn check digit rule every card number satisfies.
    public static func passesLuhn(_ digits: String) -> Bool {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            guard let digit = character.wholeNumberValue else { return false }
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return !digits.isEmpty && sum % 10 == 0
    }

    /// The card number's problem for the form, or nil when it may be charged.
    public static func cardProblem(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return "Enter the card number." }
        guard let digits = normalizedCardNumber(text) else { return "Enter the 12 to 19 digits of the card number." }
        return passesLuhn(digits) ? nil : "This card number isn't valid: check the digits."
    }

    /// Charges (pretends to). Card numbers must already have passed `cardProblem`.
    public static func charge(method: PaymentMethod, cardNumber: String?, amountCents: Int) -> Outcome {
        let reference = "SIM-" + SecureToken.generate().prefix(12).uppercased()
        switch method {
        case .cod:
            return .payOnDelivery
        case .upi, .paypal:
            return .paid(reference: reference)
        case .card:
            let digits = cardNumber.flatMap(normalizedCardNumber) ?? ""
            switch digits {
            case declinedCard: return .declined(.cardDeclined)
            case insufficientFundsCard: return .declined(.insufficientFunds)
            default: return .paid(reference: "\(reference) card ending \(digits.suffix(4))")
            }
        }
    }
}

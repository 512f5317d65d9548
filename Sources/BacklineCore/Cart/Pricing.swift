import Foundation

/// How an order travels. Standard is free from a threshold; express is a flat fee.
public enum ShippingMethod: String, Sendable, Codable, CaseIterable {
    case standard, express

    public static let standardFeeCents = 999
    public static let freeStandardFromCents = 9_900
    public static let expressFeeCents = 2_499

    /// The fee for goods worth `merchandiseCents` (the subtotal after discount).
    public func feeCents(forMerchandise merchandiseCents: Int) -> Int {
        switch self {
        case .standard: merchandiseCents >= Self.freeStandardFromCents ? 0 : Self.standardFeeCents
        case .express: Self.expressFeeCents
        }
    }

    public var label: String {
        switch self {
        case .standard: "Standard (3–5 business days)"
        case .express: "Express (1–2 business days)"
        }
    }
}

/// A discount code as stored; `discount(onSubtotal:now:)` holds every rule about when and how much it takes off.
public struct Coupon: Sendable, Equatable, Decodable {
    public let id: Int
    public let code: String
    public let percentOff: Int?
    public let amountOffCents: Int?
    public let minSubtotalCents: Int
    public let expiresAt: Date?
    public let maxUses: Int?
    public let uses: Int
    public let active: Bool

    public init(
        id: Int, code: String, percentOff: Int?, amountOffCents: Int?, minSubtotalCents: Int, expiresAt: Date?, maxUses: Int?, uses: Int, active: Bool
    ) {
        (self.id, self.code, self.percentOff, self.amountOffCents, self.minSubtotalCents) = (id, code, percentOff, amountOffCents, minSubtotalCents)
        (self.expiresAt, self.maxUses, self.uses, self.active) = (expiresAt, maxUses, uses, active)
    }

    /// "10% off" or "$25.00 off", with the minimum when there is one.
    public var summary: String {
        let off = percentOff.map { "\($0)% off" } ?? "\(Money.format(amountOffCents ?? 0)) off"
        return minSubtotalCents > 0 ? "\(off) orders of \(Money.format(minSubtotalCents)) or more" : off
    }

    /// The cents taken off `subtotal`, or why the code does not apply now.
    public func discount(onSubtotal subtotal: Int, now: Date = Date()) throws(CouponError) -> Int {
        guard active else { throw .unknown }
        if let expiresAt, expiresAt <= now { throw .expired }
        if let maxUses, uses >= maxUses { throw .usedUp }
        guard subtotal >= minSubtotalCents else { throw .belowMinimum(minSubtotalCents) }
        if let percentOff {
            // Rounded half up to the cent; never more than the subtotal.
            return min(subtotal, (subtotal * percentOff + 50) / 100)
        }
        return min(subtotal, amountOffCents ?? 0)
    }
}

public enum CouponError: Error, Equatable, Sendable {
    case unknown
    case expired
    case usedUp
    case belowMinimum(Int)

    public var message: String {
        switch self {
        case .unknown: "That code isn't valid."
        case .expired: "That code has expired."
        case .usedUp: "That code has been used as many times as it allows."
        case .belowMinimum(let cents): "That code needs a subtotal of at least \(Money.format(cents))."
        }
    }
}

/// The money of a cart or an order, computed in one place.
public struct Totals: Sendable, Equatable {
    public let subtotalCents: Int
    public let discountCents: Int
    /// Nil until a shipping method is chosen (the cart page).
    public let shippingCents: Int?
    public var totalCents: Int { subtotalCents - discountCents + (shippingCents ?? 0) }

    public init(subtotalCents: Int, discountCents: Int, shipping: ShippingMethod?) {
        self.subtotalCents = subtotalCents
        self.discountCents = min(discountCents, subtotalCents)
        shippingCents = shipping?.feeCents(forMerchandise: subtotalCents - self.discountCents)
    }
}

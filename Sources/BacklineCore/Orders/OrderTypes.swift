import Foundation

/// An order's life: `pending → paid → shipped → delivered`, plus `cancelled` and `refunded`.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case pending, paid, shipped, delivered, cancelled, refunded

    /// The only moves an order may make. Cash-on-delivery orders ship while still `pending`.
    public func canMove(to next: OrderStatus) -> Bool {
        switch (self, next) {
        case (.pending, .paid), (.pending, .shipped), (.pending, .cancelled): true
        case (.paid, .shipped), (.paid, .cancelled), (.paid, .refunded): true
        case (.shipped, .delivered), (.shipped, .refunded): true
        case (.delivered, .refunded): true
        default: false
        }
    }

    /// A buyer may cancel until the order ships.
    public var buyerMayCancel: Bool { self == .pending || self == .paid }

    /// Orders whose buyer may review what is in them.
    public static let reviewable: [OrderStatus] = [.paid, .shipped, .delivered]

    public var label: String {
        switch self {
        case .pending: "Awaiting payment"
        case .paid: "Paid"
        case .shipped: "Shipped"
        case .delivered: "Delivered"
        case .cancelled: "Cancelled"
        case .refunded: "Refunded"
        }
    }
}

public enum PaymentStatus: String, Sendable, Codable {
    /// Cash on delivery, until delivered.
    case pending
    case paid
    case refunded
    /// A cash-on-delivery order cancelled before anything was paid.
    case voided
}

public enum OrderError: Error, Equatable, Sendable {
    /// Unknown, or another buyer's (the answer does not tell which).
    case notFound
    case cannotMove(from: OrderStatus, to: OrderStatus)

    public var message: String {
        switch self {
        case .notFound: "There is no such order in your account."
        case .cannotMove(let from, .cancelled): "This order is \(from.label.lowercased()) and can no longer be cancelled."
        case .cannotMove(let from, let to): "An order that is \(from.label.lowercased()) cannot become \(to.label.lowercased())."
        }
    }
}

/// The address an order ships to, as it was when the order was placed.
public typealias ShippingAddress = AddressInput

public struct OrderLine: Sendable, Equatable, Decodable {
    public let productID: Int
    public let shopID: Int
    public let name: String
    public let brand: String
    public let shopName: String
    public let unitPriceCents: Int
    public let quantity: Int
    public let lineTotalCents: Int
}

/// One shop's part of an order: it ships separately.
public struct OrderShipment: Sendable, Equatable {
    public let shopID: Int
    public let shopName: String
    public let status: String
    public let trackingNumber: String?
    public let shippedAt: Date?
    public let lines: [OrderLine]
}

public struct OrderEvent: Sendable, Equatable, Decodable {
    public let status: String
    public let note: String?
    public let at: Date
}

/// A row of the purchase history.
public struct OrderSummary: Sendable, Equatable, Decodable {
    public let id: Int
    public let number: String
    public let status: OrderStatus
    public let paymentStatus: PaymentStatus
    public let totalCents: Int
    public let itemCount: Int
    public let firstItemName: String
    public let createdAt: Date
}

public struct OrderDetail: Sendable, Equatable {
    public let id: Int
    public let number: String
    public let buyerID: Int
    public let buyerEmail: String
    public let status: OrderStatus
    public let paymentStatus: PaymentStatus
    public let paymentMethod: PaymentMethod
    public let paymentReference: String?
    public let shippingMethod: ShippingMethod
    public let subtotalCents: Int
    public let discountCents: Int
    public let shippingCents: Int
    public let totalCents: Int
    public let couponCode: String?
    public let shippingAddress: ShippingAddress
    public let createdAt: Date
    public let paidAt: Date?
    public let cancelledAt: Date?
    public let shipments: [OrderShipment]
    public let events: [OrderEvent]

    public var lines: [OrderLine] { shipments.flatMap(\.lines) }
}

import BacklineCore

/// A status pill: its words and its colour class.
struct Pill: Sendable {
    let label: String
    let tone: String

    static func listing(status: ListingStatus, active: Bool) -> Pill {
        switch (status, active) {
        case (.rejected, _): Pill(label: "Rejected", tone: "status-cancelled")
        case (.pending, _): Pill(label: "Waiting for review", tone: "status-pending")
        case (.approved, false): Pill(label: "Paused", tone: "status-muted")
        case (.approved, true): Pill(label: "Live", tone: "status-paid")
        }
    }

    static func shipment(_ state: ShipmentState) -> Pill {
        switch state {
        case .pending: Pill(label: "To ship", tone: "status-pending")
        case .shipped: Pill(label: "Shipped", tone: "status-shipped")
        case .delivered: Pill(label: "Delivered", tone: "status-paid")
        case .cancelled: Pill(label: "Cancelled", tone: "status-cancelled")
        }
    }
}

import BacklineCore
import Foundation

/// The side navigation of every `/sell` page.
struct SellerNav: Sendable {
    let items: [NavLink]

    init(current: String) {
        items = [
            ("Dashboard", "/sell"), ("Listings", "/sell/products"), ("New listing", "/sell/products/new"), ("Orders", "/sell/orders"),
            ("Shops", "/sell/shops"),
        ]
        .map { NavLink(label: $0.0, href: $0.1, current: $0.1 == current) }
    }
}

/// A row of a listing table (dashboard, listings page).
struct ListingRowView: Sendable {
    let id: Int
    let name: String
    let sub: String
    let shopName: String
    let image: String
    let price: String
    let stock: Int
    let lowStock: Bool
    let outOfStock: Bool
    let sold: Int
    let pill: Pill
    let updated: String
    let editHref: String

    init(_ row: ListingRow) {
        id = row.id
        name = row.name
        sub = "\(row.brand) · \(row.model) · \(row.condition.label)"
        shopName = row.shopName
        image = row.imageURL
        price = Money.format(row.priceCents)
        stock = row.stock
        lowStock = row.isLowStock && row.stock > 0
        outOfStock = row.stock == 0
        sold = row.soldCount
        pill = Pill.listing(status: row.status, active: row.active)
        updated = Format.day(row.updatedAt)
        editHref = "/sell/products/\(row.id)/edit"
    }
}

/// A row of the seller's order table.
struct SellerOrderRowView: Sendable {
    let href: String
    let number: String
    let date: String
    let buyer: String
    let items: String
    let share: String
    let pill: Pill
    let canShip: Bool

    init(_ order: SellerOrder) {
        href = "/sell/orders/\(order.order.id)"
        number = order.order.number
        date = Format.day(order.order.createdAt)
        buyer = order.buyerName
        items = order.shipments.flatMap(\.lines).map { "\($0.quantity) × \($0.name)" }.joined(separator: ", ")
        share = Money.format(order.shareCents)
        pill = Pill.shipment(order.shipmentState)
        canShip = order.canShip
    }
}

struct DashboardView: Sendable {
    struct Tile: Sendable {
        let label: String
        let value: String
        let note: String?
        let href: String?
    }
    struct ShopLine: Sendable {
        let name: String
        let href: String
        let editHref: String
        let active: Bool
    }
    let nav: SellerNav
    let hasShops: Bool
    let tiles: [Tile]
    let chart: String
    let salesSummary: String
    let toShip: [SellerOrderRowView]
    let toShipCount: Int
    let hasToShip: Bool
    let lowStock: [ListingRowView]
    let hasLowStock: Bool
    let shops: [ShopLine]

    init(_ dashboard: SellerDashboard) {
        nav = SellerNav(current: "/sell")
        hasShops = !dashboard.shops.isEmpty
        let counts = dashboard.counts
        tiles = [
            Tile(
                label: "Sales, last 30 days", value: Money.format(dashboard.salesCents), note: "\(Format.count(dashboard.unitsSold)) items sold",
                href: "/sell/orders"),
            Tile(label: "Orders, last 30 days", value: Format.count(dashboard.salesOrders), note: nil, href: "/sell/orders"),
            Tile(
                label: "To ship", value: Format.count(dashboard.toShipCount), note: dashboard.toShipCount > 0 ? "Waiting for you" : "All caught up",
                href: "/sell/orders?status=pending"),
            Tile(
                label: "Live listings", value: Format.count(counts.live), note: "\(Format.count(counts.total)) in all",
                href: "/sell/products?status=live"),
            Tile(
                label: "Waiting for review", value: Format.count(counts.pending), note: counts.rejected > 0 ? "\(counts.rejected) rejected" : nil,
                href: "/sell/products?status=pending"),
            Tile(
                label: "Low stock", value: Format.count(counts.lowStock), note: counts.paused > 0 ? "\(counts.paused) paused" : nil,
                href: "/sell/products?status=low_stock"),
        ]
        chart =
            BarChart(
                title: "Sales per day, last 30 days",
                bars: dashboard.sales.map {
                    BarChart.Bar(
                        label: Format.shortDay($0.day), value: $0.cents,
                        detail: "\(Format.day($0.day)): \(Money.format($0.cents)) from \($0.orders) order\($0.orders == 1 ? "" : "s")")
                },
                axisLabel: Money.axis, labelEvery: 5
            ).svg
        salesSummary = dashboard.sales.filter { $0.cents > 0 }.map { "\(Format.day($0.day)): \(Money.format($0.cents))" }.joined(separator: "; ")
        toShip = dashboard.toShip.map(SellerOrderRowView.init)
        toShipCount = dashboard.toShipCount
        hasToShip = !dashboard.toShip.isEmpty
        lowStock = dashboard.lowStock.map(ListingRowView.init)
        hasLowStock = !dashboard.lowStock.isEmpty
        shops = dashboard.shops.map {
            ShopLine(name: $0.input.name, href: "/shops/\($0.id)", editHref: "/sell/shops/\($0.id)/edit", active: $0.active)
        }
    }
}

struct ShopsView: Sendable {
    struct Row: Sendable {
        let id: Int
        let name: String
        let slug: String
        let logo: String
        let address: String
        let active: Bool
        let href: String
        let editHref: String
        let listingsHref: String
    }
    let nav = SellerNav(current: "/sell/shops")
    let shops: [Row]

    init(_ shops: [ManagedShop]) {
        self.shops = shops.map {
            Row(
                id: $0.id, name: $0.input.name, slug: $0.input.slug ?? "", logo: $0.logoPath ?? "/img/shop-logo.svg", address: $0.input.address,
                active: $0.active, href: "/shops/\($0.id)", editHref: "/sell/shops/\($0.id)/edit", listingsHref: "/sell/products?shop=\($0.id)")
        }
    }
}

struct ShopFormView: Sendable {
    let nav = SellerNav(current: "/sell/shops")
    let heading: String
    let action: String
    let submitLabel: String
    let fields: [FieldView]
    let shopID: Int?
    let logo: String?
    let logoError: String?
    let active: Bool
    let publicHref: String?

    init(shop: ManagedShop?, form: FormData?, errors: [FieldError] = [], logoError: String? = nil) {
        let input = shop?.input
        heading = shop.map { "Edit \($0.input.name)" } ?? "Open a shop"
        action = shop.map { "/sell/shops/\($0.id)" } ?? "/sell/shops"
        submitLabel = shop == nil ? "Open shop" : "Save shop"
        fields = [
            FieldView("name", "Shop name", form: form, value: input?.name, errors: errors, required: true),
            FieldView(
                "slug", "Web address", form: form, value: input?.slug, errors: errors,
                hint: "Lower-case letters, digits and hyphens. Left empty, it is made from the name."),
            FieldView(
                "description", "About the shop", form: form, value: input?.description, errors: errors,
                hint: "What you sell and why buyers trust you.", required: true, multiline: true),
            FieldView(
                "address", "Ships from", form: form, value: input?.address, errors: errors, hint: "City and state or country, shown to buyers.",
                required: true),
            FieldView(
                "contact_email", "Contact email", type: "email", form: form, value: input?.contactEmail, errors: errors, autocomplete: "email",
                required: true),
            FieldView("phone", "Phone", type: "tel", form: form, value: input?.phone, errors: errors, hint: "Optional.", autocomplete: "tel"),
        ]
        shopID = shop?.id
        logo = shop.map { $0.logoPath ?? "/img/shop-logo.svg" }
        self.logoError = logoError
        active = shop?.active ?? true
        publicHref = shop.map { "/shops/\($0.id)" }
    }
}

struct ListingsView: Sendable {
    let nav = SellerNav(current: "/sell/products")
    let tabs: [NavLink]
    let shopSelect: SelectView?
    /// The status tab to keep when filtering by shop or text; nil for all.
    let status: String?
    let text: String
    let rows: [ListingRowView]
    let hasRows: Bool
    let total: String
    let pagination: PaginationView?
    let hasShops: Bool
}

struct ListingFormView: Sendable {
    struct TagChoice: Sendable {
        let slug: String
        let name: String
        let checked: Bool
        let id: String
    }
    struct ImageRow: Sendable {
        let url: String
        let number: Int
        let isCover: Bool
        let moveAction: String
        let deleteAction: String
        /// The positions the arrows move to (nil at either end), as the hidden field's text.
        let earlier: String?
        let later: String?
    }
    struct MovementRow: Sendable {
        let date: String
        let change: String
        let positive: Bool
        let reason: String
        let orderHref: String?
    }
    struct PriceRow: Sendable {
        let date: String
        let price: String
    }

    let nav: SellerNav
    let heading: String
    let action: String
    let submitLabel: String
    let id: Int?
    let pill: Pill?
    let moderationNote: String?
    let pendingNote: Bool
    let publicHref: String?
    let shopSelect: SelectView?
    let shopHidden: Int?
    let categorySelect: SelectView
    let conditionSelect: SelectView
    let identity: [FieldView]
    let numbers: [FieldView]
    let description: FieldView
    let specs: FieldView
    let tags: [TagChoice]
    let tagsError: String?
    let active: Bool
    // Editing only: photos, stock, prices.
    let images: [ImageRow]
    let hasImages: Bool
    let imageError: String?
    let canAddImage: Bool
    let maxImages = ListingRules.maxImages
    let stock: Int
    let stockState: String
    let stockFields: [FieldView]
    let movements: [MovementRow]
    let hasMovements: Bool
    let prices: [PriceRow]
    /// More than the price it was listed at (the seed records history only for changed prices).
    let hasPriceChanges: Bool
}

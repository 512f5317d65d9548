import BacklineCore
import Foundation
import Hummingbird

/// A shop as its owner manages it, active or not.
struct SellerShopItem: Encodable, Sendable {
    struct Owner: Encodable, Sendable {
        let id: Int
    }
    let id: Int
    let name: String
    let slug: String
    let description: String
    let address: String
    let contactEmail: String
    @Nullable var phone: String?
    @Nullable var logoUrl: String?
    let active: Bool
    let owner: Owner
    let createdAt: Date

    init(_ shop: ManagedShop) {
        id = shop.id
        name = shop.input.name
        slug = shop.input.slug ?? ""
        description = shop.input.description
        address = shop.input.address
        contactEmail = shop.input.contactEmail
        phone = shop.input.phone
        logoUrl = shop.logoPath
        active = shop.active
        owner = Owner(id: shop.ownerID)
        createdAt = shop.createdAt
    }
}

/// A listing with every field its seller may edit, whatever its moderation status.
struct ListingItem: Encodable, Sendable {
    struct Image: Encodable, Sendable {
        let id: Int
        let url: String
        let position: Int
    }

    let id: Int
    let shop: ProductItem.ShopRef
    let categoryId: Int
    let name: String
    let brand: String
    let model: String
    @Nullable var year: Int?
    @Nullable var finish: String?
    let condition: String
    let priceCents: Int
    let currency = "USD"
    let stock: Int
    let lowStockThreshold: Int
    let description: String
    let specs: [[String]]
    let tags: [String]
    let active: Bool
    let status: String
    @Nullable var moderationNote: String?
    let images: [Image]
    @Nullable var imageUrl: String?
    let soldCount: Int
    let createdAt: Date
    @Nullable var updatedAt: Date?

    init(_ listing: Listing) {
        let input = listing.input
        id = listing.id
        shop = .init(id: listing.shopID, name: listing.shopName)
        categoryId = input.categoryID
        name = input.name
        brand = input.brand
        model = input.model
        year = input.year
        finish = input.finish
        condition = input.condition.rawValue
        priceCents = input.priceCents
        stock = input.stock
        lowStockThreshold = input.lowStockThreshold
        description = input.description
        specs = input.specs
        tags = input.tags
        active = input.active
        status = listing.status.rawValue
        moderationNote = listing.moderationNote
        images = listing.images.map { Image(id: $0.id, url: $0.path, position: $0.position) }
        imageUrl = listing.images.first?.path
        soldCount = listing.soldCount
        createdAt = listing.createdAt
        updatedAt = listing.updatedAt
    }
}

/// A row of the seller's listing table.
struct ListingRowItem: Encodable, Sendable {
    let id: Int
    let shop: ProductItem.ShopRef
    let name: String
    let brand: String
    let model: String
    let condition: String
    let priceCents: Int
    let stock: Int
    let lowStockThreshold: Int
    let status: String
    let active: Bool
    let soldCount: Int
    let imageUrl: String
    let updatedAt: Date

    init(_ row: ListingRow) {
        id = row.id
        shop = .init(id: row.shopID, name: row.shopName)
        name = row.name
        brand = row.brand
        model = row.model
        condition = row.condition.rawValue
        priceCents = row.priceCents
        stock = row.stock
        lowStockThreshold = row.lowStockThreshold
        status = row.status.rawValue
        active = row.active
        soldCount = row.soldCount
        imageUrl = row.imageURL
        updatedAt = row.updatedAt
    }
}

struct StockMovementItem: Encodable, Sendable {
    let delta: Int
    let reason: String
    @Nullable var note: String?
    @Nullable var orderId: Int?
    let createdAt: Date

    init(_ movement: StockMovement) {
        (delta, reason, note, orderId, createdAt) = (movement.delta, movement.reason, movement.note, movement.orderID, movement.at)
    }
}

struct PricePointItem: Encodable, Sendable {
    let priceCents: Int
    let changedAt: Date
}

/// The seller's share of an order: their shops' shipments only, never the other shops' lines or the order total.
struct SellerOrderItem: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let productId: Int
        let name: String
        let quantity: Int
        let unitPriceCents: Int
        let lineTotalCents: Int
    }
    struct Shipment: Encodable, Sendable {
        let shopId: Int
        let shopName: String
        let status: String
        @Nullable var trackingNumber: String?
        @Nullable var shippedAt: Date?
        let items: [Line]
    }

    let id: Int
    let number: String
    let status: String
    let shipmentStatus: String
    let buyerName: String
    let shareCents: Int
    let itemCount: Int
    let canShip: Bool
    let createdAt: Date
    let shippingAddress: AddressInput
    let shipments: [Shipment]

    init(_ share: SellerOrder) {
        id = share.order.id
        number = share.order.number
        status = share.order.status.rawValue
        shipmentStatus = share.shipmentState.rawValue
        buyerName = share.buyerName
        shareCents = share.shareCents
        itemCount = share.itemCount
        canShip = share.canShip
        createdAt = share.order.createdAt
        shippingAddress = share.order.shippingAddress
        shipments = share.shipments.map { shipment in
            Shipment(
                shopId: shipment.shopID, shopName: shipment.shopName, status: shipment.status, trackingNumber: shipment.trackingNumber,
                shippedAt: shipment.shippedAt,
                items: shipment.lines.map {
                    Line(
                        productId: $0.productID, name: $0.name, quantity: $0.quantity, unitPriceCents: $0.unitPriceCents,
                        lineTotalCents: $0.lineTotalCents)
                })
        }
    }
}

/// The seller workspace and listing moderation over `/api/v1`: the same services the `/sell` pages call.
/// The services check every caller's right to act, so these handlers only parse, call and encode.
struct SellerAPIRoutes: Sendable {
    let shops: ShopService
    let listings: ListingService
    let sellerOrders: SellerOrderService
    let catalog: CatalogService
    let images: ImageStore

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("seller/shops", use: myShops)
        group.post("shops", use: createShop)
        group.patch("shops/:id", use: updateShop)
        group.delete("shops/:id", use: deactivateShop)
        group.put("shops/:id/logo", use: shopLogo)

        group.get("seller/products", use: myListings)
        group.get("seller/products/:id", use: listing)
        group.post("products", use: createListing)
        group.patch("products/:id", use: updateListing)
        group.delete("products/:id", use: deleteListing)
        group.post("products/:id/images", use: addImage)
        group.patch("products/:id/images/:image_id", use: moveImage)
        group.delete("products/:id/images/:image_id", use: removeImage)
        group.get("products/:id/stock", use: stockMovements)
        group.post("products/:id/stock", use: adjustStock)
        group.get("products/:id/prices", use: priceHistory)
        group.post("products/:id/duplicate", use: duplicate)

        group.get("seller/orders", use: orders)
        group.get("seller/orders/:order_id", use: order)
        group.post("seller/orders/:order_id/ship", use: ship)

    }

    // MARK: Helpers

    /// The API caller as the seller services take it; 401 without a valid token.
    static func caller(_ context: AppRequestContext) throws -> Caller { try context.requireAPIUser().caller }

    static func productID(_ context: AppRequestContext) throws -> Int { try CatalogAPIRoutes.id(context, notFound: "No product with that id.") }
    static func shopID(_ context: AppRequestContext) throws -> Int { try CatalogAPIRoutes.id(context, notFound: "No shop with that id.") }

    /// The strict reading of the seller lists: paging, `shop` and `q` as the catalog reads them, and `status` one of
    /// `State`'s values; every bad parameter is named in one 400 problem.
    static func listQuery<State: RawRepresentable & CaseIterable>(_ request: Request, status _: State.Type) throws -> (CatalogQuery, State?)
    where State.RawValue == String {
        let pairs = QueryString.parse(request.uri.query)
        var list = ListQuery(pairs)
        let state = list.choice("status", as: State.self)
        var problems = list.problems
        var query = CatalogQuery()
        do { query = try CatalogQuery.parse(pairs, strict: true) } catch { problems.insert(contentsOf: error.problems, at: 0) }
        guard problems.isEmpty else { throw QueryProblems(problems: problems) }
        return (query, state)
    }

    // MARK: Shops

    @Sendable func myShops(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<SellerShopItem>> {
        JSONBody(.single(try await shops.shops(of: try Self.caller(context)).map(SellerShopItem.init)))
    }

    struct ShopBody: Decodable {
        let name: String?
        let slug: String?
        let description: String?
        let address: String?
        let contactEmail: String?
        let phone: String?
        let active: Bool?
    }

    @Sendable func createShop(request: Request, context: AppRequestContext) async throws -> JSONBody<SellerShopItem> {
        let caller = try Self.caller(context)
        let body = try await APIBody.decode(ShopBody.self, from: request)
        // Missing text is empty text, so the shop's own rules name every missing field at once.
        let input = ShopInput(
            name: body.name ?? "", slug: body.slug, description: body.description ?? "", address: body.address ?? "",
            contactEmail: body.contactEmail ?? "", phone: body.phone)
        return JSONBody(SellerShopItem(try await shops.create(input, caller: caller)), status: .created)
    }

    @Sendable func updateShop(request: Request, context: AppRequestContext) async throws -> JSONBody<SellerShopItem> {
        let caller = try Self.caller(context)
        let id = try Self.shopID(context)
        let current = try await shops.shop(id: id, caller: caller)
        let patch = try await APIBody.decode(Patch<ShopBody>.self, from: request)
        let body = patch.fields
        let input = ShopInput(
            name: body.name ?? current.input.name, slug: body.slug ?? current.input.slug, description: body.description ?? current.input.description,
            address: body.address ?? current.input.address, contactEmail: body.contactEmail ?? current.input.contactEmail,
            phone: patch.value("phone", body.phone, else: current.input.phone))
        var shop = try await shops.update(id: id, input, caller: caller)
        // `active: true` reopens a shop DELETE closed.
        if let active = body.active, active != shop.active { shop = try await shops.setActive(id: id, active, caller: caller) }
        return JSONBody(SellerShopItem(shop))
    }

    /// Closing, not deleting: the shop and its listings leave the catalog, past orders keep them.
    @Sendable func deactivateShop(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await shops.setActive(id: try Self.shopID(context), false, caller: try Self.caller(context))
        return Response(status: .noContent)
    }

    @Sendable func shopLogo(request: Request, context: AppRequestContext) async throws -> JSONBody<SellerShopItem> {
        let caller = try Self.caller(context)
        let id = try Self.shopID(context)
        // Before reading the upload, so nobody stores files against a shop that is not theirs.
        _ = try await shops.shop(id: id, caller: caller)
        let path = try await APIBody.storeImage(request, context: context, images: images)
        return JSONBody(SellerShopItem(try await shops.setLogo(id: id, path: path, caller: caller)))
    }

    // MARK: Listings

    @Sendable func myListings(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<ListingRowItem>> {
        let caller = try Self.caller(context)
        let (query, filter) = try Self.listQuery(request, status: ListingService.Filter.self)
        let (rows, total) = try await listings.listings(
            caller: caller, shopID: query.shopID, filter: filter ?? .all, text: query.text, page: query.page, perPage: query.perPage)
        return JSONBody(PageEnvelope(items: rows.map(ListingRowItem.init), page: query.page, perPage: query.perPage, total: total))
    }

    @Sendable func listing(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        JSONBody(ListingItem(try await listings.listing(id: try Self.productID(context), caller: try Self.caller(context))))
    }

    /// Create and edit share one body; on create the fields without a default are required.
    struct ListingBody: Decodable {
        let shopId: Int?
        let categoryId: Int?
        /// A category slug, for clients that do not keep ids.
        let category: String?
        let name: String?
        let brand: String?
        let model: String?
        let year: Int?
        let finish: String?
        let condition: String?
        let priceCents: Int?
        let stock: Int?
        let lowStockThreshold: Int?
        let description: String?
        let specs: [[String]]?
        let tags: [String]?
        let active: Bool?
    }

    /// The body over `current` (nil on create). What only the API knows is checked here (category slugs, condition
    /// names); what a listing must have and its rules are `ListingDraft`'s.
    func listingInput(_ patch: Patch<ListingBody>, over current: ListingInput?) async throws -> ListingInput {
        let body = patch.fields
        var errors: [FieldError] = []
        var draft = current.map(ListingDraft.init) ?? ListingDraft()
        if let id = body.categoryId {
            draft.categoryID = id
        } else if let slug = body.category {
            draft.categoryID = try await catalog.categoryTree().node(slug: slug)?.id
            if draft.categoryID == nil { errors.append(FieldError(field: "category", message: "is not a category slug")) }
        }
        if let name = body.condition {
            draft.condition = Condition(rawValue: name)
            if draft.condition == nil {
                errors.append(FieldError(field: "condition", message: "must be one of \(Condition.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        draft.shopID = body.shopId ?? draft.shopID
        draft.name = body.name ?? draft.name
        draft.brand = body.brand ?? draft.brand
        draft.model = body.model ?? draft.model
        draft.year = patch.value("year", body.year, else: draft.year)
        draft.finish = patch.value("finish", body.finish, else: draft.finish)
        draft.priceCents = body.priceCents ?? draft.priceCents
        draft.stock = body.stock ?? draft.stock
        draft.lowStockThreshold = body.lowStockThreshold ?? draft.lowStockThreshold
        draft.description = body.description ?? draft.description
        draft.specs = body.specs ?? draft.specs
        draft.tags = body.tags ?? draft.tags
        draft.active = body.active ?? draft.active
        let input: ListingInput
        do { input = try draft.input() } catch let error as ValidationError {
            // An unknown slug is the category's problem; it is not missing as well.
            let named = Set(errors.map(\.field) + (errors.contains { $0.field == "category" } ? ["category_id"] : []))
            throw ValidationError(errors + error.errors.filter { !named.contains($0.field) })
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return input
    }

    @Sendable func createListing(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let patch = try await APIBody.decode(Patch<ListingBody>.self, from: request)
        return JSONBody(ListingItem(try await listings.create(try await listingInput(patch, over: nil), caller: caller)), status: .created)
    }

    @Sendable func updateListing(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let id = try Self.productID(context)
        let current = try await listings.listing(id: id, caller: caller)
        let patch = try await APIBody.decode(Patch<ListingBody>.self, from: request)
        return JSONBody(ListingItem(try await listings.update(id: id, try await listingInput(patch, over: current.input), caller: caller)))
    }

    @Sendable func deleteListing(request: Request, context: AppRequestContext) async throws -> Response {
        try await listings.delete(id: try Self.productID(context), caller: try Self.caller(context))
        return Response(status: .noContent)
    }

    @Sendable func duplicate(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        JSONBody(ListingItem(try await listings.duplicate(id: try Self.productID(context), caller: try Self.caller(context))), status: .created)
    }

    @Sendable func addImage(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let id = try Self.productID(context)
        // Before reading the upload, so nobody stores files against a listing that is not theirs.
        _ = try await listings.listing(id: id, caller: caller)
        let path = try await APIBody.storeImage(request, context: context, images: images)
        return JSONBody(ListingItem(try await listings.addImage(id: id, path: path, caller: caller)), status: .created)
    }

    struct PositionBody: Decodable {
        let position: Int
    }

    @Sendable func moveImage(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let id = try Self.productID(context)
        let imageID = try context.pathID("image_id", or: Problem(.notFound, "No image with that id."))
        let body = try await APIBody.decode(PositionBody.self, from: request)
        return JSONBody(ListingItem(try await listings.moveImage(id: id, imageID: imageID, to: body.position, caller: caller)))
    }

    @Sendable func removeImage(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let id = try Self.productID(context)
        let imageID = try context.pathID("image_id", or: Problem(.notFound, "No image with that id."))
        return JSONBody(ListingItem(try await listings.removeImage(id: id, imageID: imageID, caller: caller)))
    }

    struct StockBody: Decodable {
        let delta: Int
        let note: String?
    }

    @Sendable func adjustStock(request: Request, context: AppRequestContext) async throws -> JSONBody<ListingItem> {
        let caller = try Self.caller(context)
        let id = try Self.productID(context)
        let body = try await APIBody.decode(StockBody.self, from: request)
        return JSONBody(ListingItem(try await listings.adjustStock(id: id, delta: body.delta, note: body.note, caller: caller)))
    }

    @Sendable func stockMovements(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<StockMovementItem>> {
        let movements = try await listings.stockMovements(id: try Self.productID(context), caller: try Self.caller(context))
        return JSONBody(.single(movements.map(StockMovementItem.init)))
    }

    @Sendable func priceHistory(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<PricePointItem>> {
        let points = try await listings.priceHistory(id: try Self.productID(context), caller: try Self.caller(context))
        return JSONBody(.single(points.map { PricePointItem(priceCents: $0.priceCents, changedAt: $0.at) }))
    }

    // MARK: Orders

    static func orderID(_ context: AppRequestContext) throws -> Int {
        try context.pathID("order_id", or: Problem(.notFound, "No order with that id."))
    }

    @Sendable func orders(request: Request, context: AppRequestContext) async throws -> JSONBody<PageEnvelope<SellerOrderItem>> {
        let caller = try Self.caller(context)
        let (query, state) = try Self.listQuery(request, status: ShipmentState.self)
        let (items, total) = try await sellerOrders.orders(caller: caller, state: state, page: query.page, perPage: query.perPage)
        return JSONBody(PageEnvelope(items: items.map(SellerOrderItem.init), page: query.page, perPage: query.perPage, total: total))
    }

    @Sendable func order(request: Request, context: AppRequestContext) async throws -> JSONBody<SellerOrderItem> {
        JSONBody(SellerOrderItem(try await sellerOrders.order(id: try Self.orderID(context), caller: try Self.caller(context))))
    }

    struct ShipBody: Decodable {
        let trackingNumber: String?
    }

    @Sendable func ship(request: Request, context: AppRequestContext) async throws -> JSONBody<SellerOrderItem> {
        let caller = try Self.caller(context)
        let id = try Self.orderID(context)
        // The body is optional: a bare POST ships without a tracking number.
        var request = request
        let sent: ByteBuffer
        do { sent = try await request.collectBody(upTo: APIBody.limit) } catch {
            throw Problem(.contentTooLarge, "The body is larger than \(APIBody.limit / 1024) KiB.")
        }
        let body = sent.readableBytes == 0 ? nil : try await APIBody.decode(ShipBody.self, from: request)
        return JSONBody(SellerOrderItem(try await sellerOrders.ship(orderID: id, trackingNumber: body?.trackingNumber, caller: caller)))
    }
}

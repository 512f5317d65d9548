import BacklineCore
import Foundation
import Hummingbird

/// The seller workspace under `/sell`: dashboard, shops, listings (photos, stock, prices) and orders to ship.
/// Handlers translate forms; the services check ownership on every object, so a tampered id is a 403 or 404.
struct SellerWebRoutes: Sendable {
    let web: WebContext
    let shops: ShopService
    let listings: ListingService
    let sellerOrders: SellerOrderService
    let dashboard: SellerDashboardService
    let images: ImageStore

    func register(on router: RouterGroup<AppRequestContext>) {
        router.get("/sell", use: dashboardPage)
        router.get("/sell/shops", use: shopsPage)
        router.get("/sell/shops/new", use: newShopPage)
        router.post("/sell/shops", use: createShop)
        router.get("/sell/shops/:id/edit", use: editShopPage)
        router.post("/sell/shops/:id", use: updateShop)
        router.post("/sell/shops/:id/logo", use: uploadLogo)
        router.post("/sell/shops/:id/deactivate", use: { try await setShopActive(false, $0, $1) })
        router.post("/sell/shops/:id/activate", use: { try await setShopActive(true, $0, $1) })
        router.get("/sell/products", use: listingsPage)
        router.get("/sell/products/new", use: newListingPage)
        router.post("/sell/products", use: createListing)
        router.get("/sell/products/:id/edit", use: editListingPage)
        router.post("/sell/products/:id", use: updateListing)
        router.post("/sell/products/:id/images", use: uploadImage)
        router.post("/sell/products/:id/images/:image/delete", use: removeImage)
        router.post("/sell/products/:id/images/:image/move", use: moveImage)
        router.post("/sell/products/:id/stock", use: adjustStock)
        router.post("/sell/products/:id/delete", use: deleteListing)
        router.post("/sell/products/:id/duplicate", use: duplicateListing)
        router.get("/sell/orders", use: ordersPage)
        router.get("/sell/orders/:id", use: orderPage)
        router.post("/sell/orders/:id/ship", use: ship)
    }

    /// The signed-in seller (or admin); anonymous visitors go to sign in, customers get a 403 page.
    func seller(_ request: Request, _ context: AppRequestContext) throws -> Caller {
        let caller = try web.requireUser(request, context).caller
        guard caller.maySell else { throw SellingError.notSeller }
        return caller
    }

    func id(_ context: AppRequestContext, _ name: String = "id", notFound: SellingError) throws -> Int {
        return try context.pathID(name, or: notFound)
    }

    // MARK: Dashboard

    @Sendable func dashboardPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        return try await web.page(
            "sell/dashboard", "Seller dashboard", DashboardView(try await dashboard.dashboard(caller: caller)), context: context)
    }

    // MARK: Shops

    @Sendable func shopsPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        return try await web.page("sell/shops", "Your shops", ShopsView(try await shops.shops(of: caller)), context: context)
    }

    @Sendable func newShopPage(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try seller(request, context)
        return try await web.page("sell/shop-form", "Open a shop", ShopFormView(shop: nil, form: nil), context: context)
    }

    @Sendable func createShop(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let form = context.form ?? FormData()
        do {
            let shop = try await shops.create(SellerForms.shopInput(form), caller: caller)
            return web.redirect(
                "/sell/shops/\(shop.id)/edit", context: context, flash: "\(shop.input.name) is open. Add a logo, then list your first item.")
        } catch let error as ValidationError {
            return try await web.page(
                "sell/shop-form", "Open a shop", ShopFormView(shop: nil, form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func editShopPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let shop = try await shops.shop(id: try id(context, notFound: .shopNotFound), caller: caller)
        return try await web.page("sell/shop-form", "Edit \(shop.input.name)", ShopFormView(shop: shop, form: nil), context: context)
    }

    @Sendable func updateShop(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let shopID = try id(context, notFound: .shopNotFound)
        let form = context.form ?? FormData()
        do {
            let shop = try await shops.update(id: shopID, SellerForms.shopInput(form), caller: caller)
            return web.redirect("/sell/shops/\(shop.id)/edit", context: context, flash: "Your shop is saved.")
        } catch let error as ValidationError {
            let shop = try await shops.shop(id: shopID, caller: caller)
            return try await web.page(
                "sell/shop-form", "Edit \(shop.input.name)", ShopFormView(shop: shop, form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func uploadLogo(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let shop = try await shops.shop(id: try id(context, notFound: .shopNotFound), caller: caller)
        func fail(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await web.page(
                "sell/shop-form", "Edit \(shop.input.name)", ShopFormView(shop: shop, form: nil, logoError: message), context: context, status: status
            )
        }
        guard let file = context.form?.files["logo"], file.bytes.readableBytes > 0 else {
            return try await fail("Choose an image file to upload.", .unprocessableContent)
        }
        do {
            _ = try await shops.setLogo(id: shop.id, path: try await images.store(Array(buffer: file.bytes)), caller: caller)
            return web.redirect("/sell/shops/\(shop.id)/edit", context: context, flash: "Your logo is updated.")
        } catch let error as ImageError {
            let (status, message) = ErrorMiddleware.classify(error)
            return try await fail(message, status)
        }
    }

    func setShopActive(_ active: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let shop = try await shops.setActive(id: try id(context, notFound: .shopNotFound), active, caller: caller)
        let message = active ? "\(shop.input.name) is open again." : "\(shop.input.name) is closed: its listings are hidden until you reopen it."
        return web.redirect("/sell/shops/\(shop.id)/edit", context: context, flash: message, kind: active ? "success" : "info")
    }

    // MARK: Listings

    @Sendable func listingsPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        var query = ListQuery(request)
        // Bad values give a working page: an unknown status lists everything, a non-numeric shop all shops.
        let filter = query.choice("status", as: ListingService.Filter.self) ?? .all
        let shopID = query.shopID()
        let text = query.text() ?? ""
        let page = query.page()
        let perPage = 25
        let ownShops = try await shops.shops(of: caller)
        let (rows, total) = try await listings.listings(caller: caller, shopID: shopID, filter: filter, text: text, page: page, perPage: perPage)
        func href(status: ListingService.Filter, page: Int = 1) -> String {
            var pairs: [(String, String)] = []
            if let shopID { pairs.append(("shop", String(shopID))) }
            if status != .all { pairs.append(("status", status.rawValue)) }
            if !text.isEmpty { pairs.append(("q", text)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return "/sell/products" + (pairs.isEmpty ? "" : "?" + QueryString.encode(pairs))
        }
        let labels: [(ListingService.Filter, String)] = [
            (.all, "All"), (.live, "Live"), (.pending, "Waiting for review"), (.rejected, "Rejected"), (.paused, "Paused"), (.lowStock, "Low stock"),
        ]
        let view = ListingsView(
            tabs: labels.map { NavLink(label: $0.1, href: href(status: $0.0), current: $0.0 == filter) },
            shopSelect: ownShops.count > 1
                ? SelectView(
                    "shop", "Shop", options: [("", "All shops")] + ownShops.map { (String($0.id), $0.input.name) }, selected: shopID.map(String.init))
                : nil,
            status: filter == .all ? nil : filter.rawValue, text: text, rows: rows.map(ListingRowView.init), hasRows: !rows.isEmpty,
            total: "\(Format.count(total)) listing\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: page, totalPages: ListQuery.pageCount(total: total, perPage: perPage)) {
                href(status: filter, page: $0)
            },
            hasShops: !ownShops.isEmpty)
        return try await web.page("sell/products", "Your listings", view, context: context)
    }

    @Sendable func newListingPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let ownShops = try await shops.shops(of: caller)
        guard !ownShops.isEmpty else {
            return web.redirect("/sell/shops/new", context: context, flash: "Open a shop first; then list your gear in it.", kind: "info")
        }
        let wanted = QueryString.parse(request.uri.query).last { $0.0 == "shop" }.flatMap { Int($0.1) }
        return try await web.page(
            "sell/product-form", "New listing", try await listingForm(nil, caller: caller, shops: ownShops, preferredShop: wanted), context: context)
    }

    @Sendable func createListing(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let form = context.form ?? FormData()
        do {
            let listing = try await listings.create(try SellerForms.listingInput(form), caller: caller)
            let message =
                listing.status == .pending
                ? "Saved. Your first listings are checked by our team; this one goes live once it is approved. Add photos meanwhile."
                : listing.input.active
                    ? "Listed! It is live in your shop. Add photos so it sells." : "Saved as paused. Show it in your shop when you are ready."
            return web.redirect("/sell/products/\(listing.id)/edit", context: context, flash: message)
        } catch let error as ValidationError {
            return try await web.page(
                "sell/product-form", "New listing", try await listingForm(nil, caller: caller, form: form, errors: error.errors), context: context,
                status: .unprocessableContent)
        }
    }

    @Sendable func editListingPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listing = try await listings.listing(id: try id(context, notFound: .listingNotFound), caller: caller)
        return try await web.page("sell/product-form", "Edit \(listing.input.name)", try await listingForm(listing, caller: caller), context: context)
    }

    @Sendable func updateListing(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        let form = context.form ?? FormData()
        do {
            let before = try await listings.listing(id: listingID, caller: caller)
            let listing = try await listings.update(id: listingID, try SellerForms.listingInput(form), caller: caller)
            let message = before.status == .rejected ? "Saved and sent for review again." : "Your listing is saved."
            return web.redirect("/sell/products/\(listing.id)/edit", context: context, flash: message)
        } catch let error as ValidationError {
            return try await editPage(listingID, caller: caller, context: context, form: form, errors: error.errors)
        }
    }

    /// The edit page again with a form's problems beside its fields (status 422 unless said otherwise).
    func editPage(
        _ listingID: Int, caller: Caller, context: AppRequestContext, form: FormData? = nil, errors: [FieldError] = [], stockForm: FormData? = nil,
        stockErrors: [FieldError] = [], imageError: String? = nil, status: HTTPResponse.Status = .unprocessableContent
    ) async throws -> Response {
        let listing = try await listings.listing(id: listingID, caller: caller)
        let view = try await listingForm(
            listing, caller: caller, form: form, errors: errors, stockForm: stockForm, stockErrors: stockErrors, imageError: imageError)
        return try await web.page("sell/product-form", "Edit \(listing.input.name)", view, context: context, status: status)
    }

    @Sendable func uploadImage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        _ = try await listings.listing(id: listingID, caller: caller)  // someone else's listing: 403 before any file is stored
        guard let file = context.form?.files["image"], file.bytes.readableBytes > 0 else {
            return try await editPage(listingID, caller: caller, context: context, imageError: "Choose an image file to upload.")
        }
        do {
            _ = try await listings.addImage(id: listingID, path: try await images.store(Array(buffer: file.bytes)), caller: caller)
            return web.redirect("/sell/products/\(listingID)/edit#photos", context: context, flash: "Photo added.")
        } catch let error as ImageError {
            let (status, message) = ErrorMiddleware.classify(error)
            return try await editPage(listingID, caller: caller, context: context, imageError: message, status: status)
        } catch SellingError.tooManyImages {
            return try await editPage(listingID, caller: caller, context: context, imageError: SellingError.tooManyImages.message, status: .conflict)
        }
    }

    @Sendable func removeImage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        _ = try await listings.removeImage(id: listingID, imageID: try id(context, "image", notFound: .imageNotFound), caller: caller)
        return web.redirect("/sell/products/\(listingID)/edit#photos", context: context, flash: "Photo removed.")
    }

    @Sendable func moveImage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        let position = Int(context.form?["position"] ?? "") ?? 0
        _ = try await listings.moveImage(id: listingID, imageID: try id(context, "image", notFound: .imageNotFound), to: position, caller: caller)
        return web.redirect(
            "/sell/products/\(listingID)/edit#photos", context: context, flash: position == 0 ? "That photo is the cover now." : "Photos reordered.")
    }

    @Sendable func adjustStock(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        let form = context.form ?? FormData()
        guard let delta = Int((form["delta"] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "+", with: "")) else {
            let errors = [FieldError(field: "delta", message: "Enter how many units come in (like 3) or go out (like -2).")]
            return try await editPage(listingID, caller: caller, context: context, stockForm: form, stockErrors: errors)
        }
        do {
            let listing = try await listings.adjustStock(id: listingID, delta: delta, note: form["note"], caller: caller)
            return web.redirect("/sell/products/\(listingID)/edit#stock", context: context, flash: "Stock is now \(listing.input.stock).")
        } catch let error as ValidationError {
            return try await editPage(listingID, caller: caller, context: context, stockForm: form, stockErrors: error.errors)
        }
    }

    @Sendable func deleteListing(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let listingID = try id(context, notFound: .listingNotFound)
        let listing = try await listings.listing(id: listingID, caller: caller)
        try await listings.delete(id: listingID, caller: caller)
        return web.redirect(
            "/sell/products", context: context, flash: "“\(listing.input.name)” is deleted. Past orders keep their record of it.", kind: "info")
    }

    @Sendable func duplicateListing(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let copy = try await listings.duplicate(id: try id(context, notFound: .listingNotFound), caller: caller)
        return web.redirect(
            "/sell/products/\(copy.id)/edit", context: context, flash: "This is a paused copy. Check it, then tick “Show in my shop” and save.",
            kind: "info")
    }

    /// The listing form's view: new (no listing) or edit, with what was typed and the problems found.
    func listingForm(
        _ listing: Listing?, caller: Caller, shops givenShops: [ManagedShop]? = nil, preferredShop: Int? = nil, form: FormData? = nil,
        errors: [FieldError] = [], stockForm: FormData? = nil, stockErrors: [FieldError] = [], imageError: String? = nil
    ) async throws -> ListingFormView {
        let ownShops: [ManagedShop]
        if let givenShops { ownShops = givenShops } else { ownShops = try await shops.shops(of: caller) }
        let tree = try await web.catalog.categoryTree()
        let allTags = try await listings.tags()
        let input = listing?.input
        func chosen(_ field: String, _ stored: String?) -> String? { form.map { $0[field] ?? "" } ?? stored }
        let shopOptions = ownShops.map { (value: String($0.id), label: $0.input.name + ($0.active ? "" : " (closed)")) }
        let defaultShop = preferredShop.flatMap { wanted in ownShops.first { $0.id == wanted } }?.id ?? ownShops.first?.id
        let selectedShop = chosen("shop_id", (input?.shopID ?? defaultShop).map(String.init))
        let categories = tree.flattened().map { (value: String($0.node.id), label: String(repeating: "— ", count: $0.depth) + $0.node.name) }
        let checkedTags = Set(form.map { $0.all("tags") } ?? input?.tags ?? [])

        let gallery = listing?.images ?? []
        let images = gallery.enumerated().map { index, image in
            ListingFormView.ImageRow(
                url: image.path, number: index + 1, isCover: index == 0, moveAction: "/sell/products/\(listing?.id ?? 0)/images/\(image.id)/move",
                deleteAction: "/sell/products/\(listing?.id ?? 0)/images/\(image.id)/delete", earlier: index > 0 ? String(index - 1) : nil,
                later: index < gallery.count - 1 ? String(index + 1) : nil)
        }
        var movements: [ListingFormView.MovementRow] = []
        var prices: [ListingFormView.PriceRow] = []
        if let listing {
            movements = try await listings.stockMovements(id: listing.id, caller: caller).map { movement in
                let reason: String =
                    switch movement.reason {
                    case "initial": "Listed"
                    case "sale": "Sold"
                    case "cancel": "Order cancelled"
                    case "refund": "Order refunded"
                    default: movement.note ?? "Adjusted"
                    }
                return .init(
                    date: Format.dayTime(movement.at), change: movement.delta > 0 ? "+\(movement.delta)" : String(movement.delta),
                    positive: movement.delta > 0,
                    reason: reason, orderHref: movement.orderID.map { "/sell/orders/\($0)" })
            }
            prices = try await listings.priceHistory(id: listing.id, caller: caller).reversed().map {
                .init(date: Format.dayTime($0.at), price: Money.format($0.priceCents))
            }
        }
        let stock = input?.stock ?? 0
        let threshold = input?.lowStockThreshold ?? 1
        return ListingFormView(
            nav: SellerNav(current: listing == nil ? "/sell/products/new" : "/sell/products"),
            heading: listing.map { $0.input.name } ?? "List an item",
            action: listing.map { "/sell/products/\($0.id)" } ?? "/sell/products",
            submitLabel: listing == nil ? "Create listing" : "Save changes",
            id: listing?.id,
            pill: listing.map { Pill.listing(status: $0.status, active: $0.input.active) },
            moderationNote: listing?.status == .rejected ? listing?.moderationNote : nil,
            pendingNote: listing?.status == .pending,
            publicHref: listing.flatMap { $0.isLive ? "/products/\($0.id)" : nil },
            shopSelect: ownShops.count > 1 ? SelectView("shop_id", "Shop", options: shopOptions, selected: selectedShop, errors: errors) : nil,
            shopHidden: ownShops.count == 1 ? ownShops[0].id : nil,
            categorySelect: SelectView(
                "category_id", "Category", options: [("", "Choose a category…")] + categories,
                selected: chosen("category_id", input.map { String($0.categoryID) }),
                errors: errors),
            conditionSelect: SelectView(
                "condition", "Condition", options: [("", "Choose…")] + Condition.allCases.map { ($0.rawValue, $0.label) },
                selected: chosen("condition", input?.condition.rawValue),
                errors: errors, hint: "New is unplayed; Mint shows no wear; Fair works but shows its years."),
            identity: [
                FieldView(
                    "name", "Title", form: form, value: input?.name, errors: errors, hint: "What a buyer searches for: brand, model, year, finish.",
                    required: true),
                FieldView("brand", "Brand", form: form, value: input?.brand, errors: errors, required: true),
                FieldView("model", "Model", form: form, value: input?.model, errors: errors, required: true),
                FieldView("year", "Year", type: "number", form: form, value: input?.year.map(String.init), errors: errors, hint: "Optional."),
                FieldView("finish", "Finish", form: form, value: input?.finish, errors: errors, hint: "Optional, like “Sunburst”."),
            ],
            numbers: [
                FieldView(
                    "price", "Price (USD)", form: form, value: input.map { Money.dollarsString($0.priceCents) }, errors: errors,
                    hint: "Like 849 or 849.99.", required: true),
                FieldView(
                    "stock", "In stock", type: "number", form: form, value: String(stock), errors: errors,
                    hint: listing == nil ? nil : "A change here is logged as an adjustment.", required: true),
                FieldView(
                    "low_stock_threshold", "Low-stock alert at", type: "number", form: form, value: String(threshold), errors: errors,
                    hint: "We email you when stock falls to this."),
            ],
            description: FieldView(
                "description", "Description", form: form, value: input?.description, errors: errors,
                hint: "Condition details, mods, what's in the case.", required: true, multiline: true),
            specs: FieldView(
                "specs", "Specs", form: form, value: input.map { SellerForms.specsText($0.specs) }, errors: errors,
                hint: "One per line, like “Body: Alder”.", multiline: true),
            tags: allTags.map { .init(slug: $0.slug, name: $0.name, checked: checkedTags.contains($0.slug), id: "tag-\($0.slug)") },
            tagsError: errors.first { $0.field == "tags" }?.message,
            active: form.map { $0["active"] == "true" } ?? input?.active ?? true,
            images: images, hasImages: !images.isEmpty, imageError: imageError, canAddImage: (listing?.images.count ?? 0) < ListingRules.maxImages,
            stock: stock,
            stockState: stock == 0 ? "out-of-stock" : stock <= threshold ? "low-stock" : "in-stock",
            stockFields: [
                FieldView(
                    "delta", "Units in or out", form: stockForm, errors: stockErrors, hint: "Like 3 for a delivery, -1 for a damaged one.",
                    required: true),
                FieldView("note", "Reason", form: stockForm, errors: stockErrors, hint: "Kept in the stock log.", required: true),
            ],
            movements: movements, hasMovements: !movements.isEmpty, prices: prices, hasPriceChanges: prices.count > 1)
    }

    // MARK: Orders

    @Sendable func ordersPage(request: Request, context: AppRequestContext) async throws -> Response {
        struct OrdersView: Sendable {
            let nav = SellerNav(current: "/sell/orders")
            let tabs: [NavLink]
            let rows: [SellerOrderRowView]
            let hasRows: Bool
            let total: String
            let pagination: PaginationView?
            let emptyNote: String
        }
        let caller = try seller(request, context)
        var query = ListQuery(request)
        let state = query.choice("status", as: ShipmentState.self)
        let page = query.page()
        let perPage = 25
        let (orders, total) = try await sellerOrders.orders(caller: caller.asSeller, state: state, page: page, perPage: perPage)
        func href(_ state: ShipmentState?, page: Int = 1) -> String {
            var pairs: [(String, String)] = []
            if let state { pairs.append(("status", state.rawValue)) }
            if page > 1 { pairs.append(("page", String(page))) }
            return "/sell/orders" + (pairs.isEmpty ? "" : "?" + QueryString.encode(pairs))
        }
        let tabs =
            [NavLink(label: "All", href: href(nil), current: state == nil)]
            + ShipmentState.allCases.map { NavLink(label: $0.label, href: href($0), current: $0 == state) }
        let view = OrdersView(
            tabs: tabs, rows: orders.map(SellerOrderRowView.init), hasRows: !orders.isEmpty,
            total: "\(Format.count(total)) order\(total == 1 ? "" : "s")",
            pagination: PaginationView(current: page, totalPages: ListQuery.pageCount(total: total, perPage: perPage)) { href(state, page: $0) },
            emptyNote: state == .pending ? "Nothing waiting to ship. New orders show up here and in your email." : "No orders here yet.")
        return try await web.page("sell/orders", "Orders", view, context: context)
    }

    struct OrderPageView: Sendable {
        let nav = SellerNav(current: "/sell/orders")
        let order: OrderWebRoutes.OrderView
        let buyer: String
        let share: String
        let shipments: [OrderWebRoutes.OrderView.Shipment]
        let pill: Pill
        let canShip: Bool
        let trackingField: FieldView
        let cannotShipNote: String?
    }

    @Sendable func orderPage(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        return try await orderPage(try id(context, notFound: .orderNotFound), caller: caller, context: context)
    }

    func orderPage(
        _ orderID: Int, caller: Caller, context: AppRequestContext, form: FormData? = nil, errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let order = try await sellerOrders.order(id: orderID, caller: caller.asSeller)
        let full = OrderWebRoutes.orderView(order.order)
        let mine = Set(order.shipments.map(\.shopID))
        let view = OrderPageView(
            order: full, buyer: order.buyerName, share: Money.format(order.shareCents),
            shipments: zip(order.order.shipments, full.shipments).filter { mine.contains($0.0.shopID) }.map(\.1),
            pill: Pill.shipment(order.shipmentState), canShip: order.canShip,
            trackingField: FieldView(
                "tracking_number", "Tracking number", form: form, errors: errors, hint: "Optional. The buyer sees it on their order."),
            cannotShipNote: order.shipmentState == .pending && !order.canShip ? "This order is \(order.order.status.label.lowercased())." : nil)
        return try await web.page("sell/order", "Order \(order.order.number)", view, context: context, status: status)
    }

    @Sendable func ship(request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try seller(request, context)
        let orderID = try id(context, notFound: .orderNotFound)
        let form = context.form ?? FormData()
        do {
            let order = try await sellerOrders.ship(orderID: orderID, trackingNumber: form["tracking_number"], caller: caller.asSeller)
            let whole = order.order.status == .shipped ? " The whole order is on its way now." : " The buyer is told this part is on its way."
            return web.redirect("/sell/orders/\(orderID)", context: context, flash: "Marked as shipped.\(whole)")
        } catch let error as ValidationError {
            return try await orderPage(orderID, caller: caller, context: context, form: form, errors: error.errors, status: .unprocessableContent)
        } catch SellingError.cannotShip(let reason) {
            return web.redirect("/sell/orders/\(orderID)", context: context, flash: reason, kind: "error")
        }
    }
}

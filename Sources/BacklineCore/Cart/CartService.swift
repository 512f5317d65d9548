import Foundation
import SQLKit

/// Whose cart: a signed-in user's (kept across devices), or a guest's, keyed by a random id that only the
/// server-side session knows.
public enum CartOwner: Sendable, Hashable {
    case user(Int)
    case guest(String)

    var userID: Int? {
        if case .user(let id) = self { id } else { nil }
    }
}

public enum CartError: Error, Equatable, Sendable {
    /// More than the shop has: `available` is the stock (0 when sold out or no longer listed).
    case exceedsStock(productID: Int, available: Int)
    case itemNotFound
    /// A seller's own listing: buying it would count a sale (and allow a review) that never happened.
    case ownListing

    public var message: String {
        switch self {
        case .exceedsStock(_, 0): "Sorry, this item is sold out."
        case .exceedsStock(_, 1): "Only 1 is left: you can't add more."
        case .exceedsStock(_, let available): "Only \(available) are in stock: choose \(available) or fewer in total."
        case .itemNotFound: "That item is not in your cart."
        case .ownListing: "This is a listing of your own shop: you can't buy it."
        }
    }
}

/// One line of a cart, priced now.
public struct CartLine: Sendable, Equatable, Decodable {
    public let productID: Int
    public let name: String
    public let brand: String
    public let imagePath: String
    public let shopID: Int
    public let shopName: String
    public let quantity: Int
    public let unitPriceCents: Int
    /// The price when it was put in the cart: the page says when it changed since.
    public let addedPriceCents: Int
    /// What the cart's owner may take: the stock less what other buyers' checkouts hold.
    public let stock: Int
    /// Still for sale (approved, active, not deleted, its shop open).
    public let listed: Bool

    public var lineTotalCents: Int { unitPriceCents * quantity }
    public var priceChanged: Bool { addedPriceCents != unitPriceCents }
    /// Whether this line can be bought as it stands.
    public var purchasable: Bool { listed && quantity <= stock }
}

public struct Cart: Sendable {
    public let lines: [CartLine]
    public let coupon: Coupon?
    /// Why the cart's coupon takes nothing off right now (for example, the subtotal fell below its minimum).
    public let couponProblem: CouponError?
    public let totals: Totals
    /// While the buyer's checkout holds the cart's units (`StockHolds`): when the hold ends.
    public var heldUntil: Date? = nil

    public var isEmpty: Bool { lines.isEmpty }
    public var itemCount: Int { lines.reduce(0) { $0 + $1.quantity } }
    /// Every line can be bought as it stands and the code (if any) applies: checkout would go through.
    public var isReadyForCheckout: Bool { !isEmpty && lines.allSatisfy(\.purchasable) && couponProblem == nil }
}

/// Carts: add, set, remove, coupons, the guest cart merged at sign-in, the hold while paying. Prices and stock are
/// always read fresh; only `hold` reserves stock, and checkout takes it.
public struct CartService: Sendable {
    let database: BacklineDatabase
    var sql: any SQLDatabase { database.sql }

    public static let maxLines = 100

    public init(database: BacklineDatabase) { self.database = database }

    // MARK: Reading

    public func cart(_ owner: CartOwner, now: Date = Date()) async throws -> Cart {
        guard let cartID = try await cartID(owner, create: false) else {
            return Cart(lines: [], coupon: nil, couponProblem: nil, totals: Totals(subtotalCents: 0, discountCents: 0, shipping: nil))
        }
        return try await Self.load(cartID: cartID, holder: owner.userID, on: sql, now: now)
    }

    /// Opening checkout: holds the user's cart for `StockHolds.lifetime` and returns the cart as held.
    public func hold(userID: Int, now: Date = Date()) async throws -> Cart {
        guard let cartID = try await cartID(.user(userID), create: false) else { return try await cart(.user(userID), now: now) }
        return try await database.writeTransaction { [database] sql in
            _ = try await StockHolds.hold(userID: userID, cartID: cartID, now: now, database: database, on: sql)
            return try await Self.load(cartID: cartID, holder: userID, on: sql, now: now)
        }
    }

    /// Units in the cart, for the header's badge. (PostgreSQL sums BIGINT columns as NUMERIC: hence the cast.)
    public func itemCount(_ owner: CartOwner) async throws -> Int {
        let row = try await sql.raw(
            "SELECT CAST(COALESCE(SUM(ci.quantity), 0) AS BIGINT) AS n FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE \(Self.ownerCondition(owner))"
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A cart's lines and totals, read through `sql` (checkout reads it inside its transaction), with the stock
    /// `holder` (the cart's user) may take.
    static func load(cartID: Int, holder: Int?, on sql: any SQLDatabase, now: Date) async throws -> Cart {
        let lines = try await sql.raw(
            """
            SELECT ci.product_id, ci.quantity, ci.added_price_cents, p.name, p.brand, COALESCE(p.image_path, \(bind: ListingService.fallbackImage)) AS image_path,
            p.price_cents AS unit_price_cents, \(StockHolds.available(to: holder)) AS stock, p.shop_id, COALESCE((SELECT s.name FROM shops s WHERE s.id = p.shop_id), '') AS shop_name,
            CASE WHEN \(CatalogService.listedCondition) THEN TRUE ELSE FALSE END AS listed
            FROM cart_items ci JOIN products p ON p.id = ci.product_id WHERE ci.cart_id = \(bind: cartID) ORDER BY ci.id
            """
        ).all(decoding: CartLine.self, with: .columns)
        let coupon = try await sql.raw(
            "SELECT \(CouponBook.columns) FROM coupons WHERE id = (SELECT coupon_id FROM carts WHERE id = \(bind: cartID))"
        ).first(decoding: Coupon.self, with: .columns)
        let subtotal = lines.filter(\.listed).reduce(0) { $0 + $1.lineTotalCents }
        var discount = 0
        var problem: CouponError?
        if let coupon {
            do { discount = try coupon.discount(onSubtotal: subtotal, now: now) } catch { problem = error }
        }
        var cart = Cart(
            lines: lines, coupon: coupon, couponProblem: problem, totals: Totals(subtotalCents: subtotal, discountCents: discount, shipping: nil))
        if let holder { cart.heldUntil = try await StockHolds.heldUntil(userID: holder, now: now, on: sql) }
        return cart
    }

    // MARK: Changing

    /// Adds `quantity` of a listed product; the cart's total for it may not exceed the stock.
    public func add(_ owner: CartOwner, productID: Int, quantity: Int) async throws {
        guard (1...999).contains(quantity) else { throw ValidationError(field: "quantity", "Choose a quantity from 1 to 999.") }
        let existing = try await cartID(owner, create: false)
        var line: Int?
        if let existing {
            line = try await sql.raw("SELECT quantity FROM cart_items WHERE cart_id = \(bind: existing) AND product_id = \(bind: productID)")
                .first()?.decode(column: "quantity", as: Int.self)
        }
        let inCart = line ?? 0
        let product = try await listedProduct(productID, for: owner.userID, needing: inCart + quantity)
        if case .user(let userID) = owner, product.ownerID == userID { throw CartError.ownListing }
        let cartID: Int
        if let existing { cartID = existing } else { cartID = try await self.cartID(owner, create: true)! }
        if line == nil {
            // Bounded, so a cart's totals (and a percentage off them) stay far inside Int's range however it was filled.
            let lines =
                try await sql.raw("SELECT COUNT(*) AS n FROM cart_items WHERE cart_id = \(bind: cartID)").first()?.decode(column: "n", as: Int.self)
                ?? 0
            guard lines < Self.maxLines else { throw ValidationError(field: "product_id", "A cart holds at most \(Self.maxLines) different items.") }
        }
        guard inCart + quantity <= product.stock else { throw CartError.exceedsStock(productID: productID, available: product.stock) }
        try await sql.raw(
            """
            INSERT INTO cart_items (cart_id, product_id, quantity, added_price_cents, created_at)
            VALUES (\(bind: cartID), \(bind: productID), \(bind: quantity), \(bind: product.priceCents), \(bind: Date()))
            ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
            """
        ).run()
        try await touch(cartID)
    }

    /// Sets a line's quantity; 0 removes it.
    public func setQuantity(_ owner: CartOwner, productID: Int, quantity: Int) async throws {
        guard (0...999).contains(quantity) else { throw ValidationError(field: "quantity", "Choose a quantity from 0 to 999.") }
        guard quantity > 0 else { return try await remove(owner, productID: productID) }
        guard let cartID = try await cartID(owner, create: false),
            try await sql.raw("SELECT 1 AS x FROM cart_items WHERE cart_id = \(bind: cartID) AND product_id = \(bind: productID)").first() != nil
        else { throw CartError.itemNotFound }
        let stock = (try? await listedProduct(productID, for: owner.userID, needing: quantity).stock) ?? 0
        guard quantity <= stock else { throw CartError.exceedsStock(productID: productID, available: stock) }
        try await sql.raw("UPDATE cart_items SET quantity = \(bind: quantity) WHERE cart_id = \(bind: cartID) AND product_id = \(bind: productID)")
            .run()
        try await releaseHold(owner, productID: productID)
        try await touch(cartID)
    }

    public func remove(_ owner: CartOwner, productID: Int) async throws {
        guard let cartID = try await cartID(owner, create: false),
            try await sql.raw("DELETE FROM cart_items WHERE cart_id = \(bind: cartID) AND product_id = \(bind: productID) RETURNING id").first()
                != nil
        else { throw CartError.itemNotFound }
        try await releaseHold(owner, productID: productID)
        try await touch(cartID)
    }

    /// A changed line no longer matches what checkout held: its units go back (the next checkout holds afresh).
    private func releaseHold(_ owner: CartOwner, productID: Int) async throws {
        guard let userID = owner.userID,
            try await sql.raw("SELECT 1 AS x FROM stock_holds WHERE user_id = \(bind: userID) AND product_id = \(bind: productID)").first() != nil
        else { return }
        try await database.writeTransaction { [database] sql in
            try await StockHolds.release(userID: userID, productIDs: [productID], database: database, on: sql)
        }
    }

    /// Puts a code on the cart when it applies to the cart as it is now.
    public func applyCoupon(_ owner: CartOwner, code: String, now: Date = Date()) async throws -> Coupon {
        let normalized = code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard !normalized.isEmpty else { throw ValidationError(field: "code", "Enter a discount code.") }
        guard normalized.count <= 40, let coupon = try await CouponBook(database: database).find(code: normalized) else {
            throw ValidationError(field: "code", CouponError.unknown.message)
        }
        let current = try await cart(owner, now: now)
        do { _ = try coupon.discount(onSubtotal: current.totals.subtotalCents, now: now) } catch {
            throw ValidationError(field: "code", error.message)
        }
        let cartID = try await cartID(owner, create: true)!
        try await sql.raw("UPDATE carts SET coupon_id = \(bind: coupon.id), updated_at = \(bind: now) WHERE id = \(bind: cartID)").run()
        return coupon
    }

    public func removeCoupon(_ owner: CartOwner) async throws {
        guard let cartID = try await cartID(owner, create: false) else { return }
        try await sql.raw("UPDATE carts SET coupon_id = NULL WHERE id = \(bind: cartID)").run()
    }

    /// At sign-in: the guest's lines move into the user's cart (quantities added, capped by stock), and the
    /// guest's coupon too when the user's cart has none. The guest cart is then gone.
    public func merge(guestKey: String, intoUser userID: Int) async throws {
        guard let guestCart = try await cartID(.guest(guestKey), create: false) else { return }
        let userCart = try await cartID(.user(userID), create: true)!
        try await database.writeTransaction { sql in
            let rows = try await sql.raw(
                """
                SELECT g.product_id, g.quantity, g.added_price_cents, \(StockHolds.available(to: userID)) AS stock, COALESCE(u.quantity, 0) AS existing
                FROM cart_items g JOIN products p ON p.id = g.product_id
                LEFT JOIN cart_items u ON u.cart_id = \(bind: userCart) AND u.product_id = g.product_id
                WHERE g.cart_id = \(bind: guestCart) AND p.shop_id NOT IN (SELECT id FROM shops WHERE owner_id = \(bind: userID))
                """
            ).all()
            for row in rows {
                let productID = try row.decode(column: "product_id", as: Int.self)
                let wanted = try row.decode(column: "quantity", as: Int.self) + row.decode(column: "existing", as: Int.self)
                let quantity = min(wanted, try row.decode(column: "stock", as: Int.self))
                guard quantity > 0 else { continue }
                try await sql.raw(
                    """
                    INSERT INTO cart_items (cart_id, product_id, quantity, added_price_cents, created_at)
                    VALUES (\(bind: userCart), \(bind: productID), \(bind: quantity), \(bind: try row.decode(column: "added_price_cents", as: Int.self)), \(bind: Date()))
                    ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity
                    """
                ).run()
            }
            try await sql.raw(
                """
                UPDATE carts SET coupon_id = (SELECT coupon_id FROM carts WHERE id = \(bind: guestCart))
                WHERE id = \(bind: userCart) AND coupon_id IS NULL
                """
            ).run()
            try await sql.raw("DELETE FROM carts WHERE id = \(bind: guestCart)").run()
        }
    }

    // MARK: Helpers

    struct ListedProduct: Decodable {
        let priceCents: Int
        let stock: Int
        /// The seller whose shop lists it.
        let ownerID: Int
        /// Units other buyers' checkouts hold.
        let held: Int
    }

    /// A listed product with the stock `userID` may take. When that is less than `needing`, holds on it that have
    /// lapsed but that the jobs have not yet released are released first: a lapse never waits for the next job run.
    func listedProduct(_ id: Int, for userID: Int?, needing: Int) async throws -> ListedProduct {
        let read = { [sql] in
            try await sql.raw(
                """
                SELECT p.price_cents, \(StockHolds.available(to: userID)) AS stock, (SELECT owner_id FROM shops WHERE id = p.shop_id) AS owner_id,
                p.held FROM products p WHERE p.id = \(bind: id) AND \(CatalogService.listedCondition)
                """
            ).first(decoding: ListedProduct.self, with: .columns)
        }
        guard let product = try await read() else { throw CatalogError.productNotFound }
        guard product.stock < needing, product.held > 0 else { return product }
        let released = try await database.writeTransaction { [database] sql in
            try await StockHolds.releaseLapsed(now: Date(), productIDs: [id], database: database, on: sql)
        }
        guard released > 0, let fresh = try await read() else { return product }
        return fresh
    }

    static func ownerCondition(_ owner: CartOwner) -> SQLQueryString {
        switch owner {
        case .user(let id): "c.user_id = \(bind: id)"
        case .guest(let key): "c.session_key = \(bind: key)"
        }
    }

    /// The owner's cart id; with `create`, the cart is made on first use (two racing requests make one).
    func cartID(_ owner: CartOwner, create: Bool) async throws -> Int? {
        if let row = try await sql.raw("SELECT c.id FROM carts c WHERE \(Self.ownerCondition(owner))").first() {
            return try row.decode(column: "id", as: Int.self)
        }
        guard create else { return nil }
        let now = Date()
        switch owner {
        case .user(let id):
            try await sql.raw(
                "INSERT INTO carts (user_id, created_at, updated_at) VALUES (\(bind: id), \(bind: now), \(bind: now)) ON CONFLICT (user_id) DO NOTHING"
            ).run()
        case .guest(let key):
            try await sql.raw(
                "INSERT INTO carts (session_key, created_at, updated_at) VALUES (\(bind: key), \(bind: now), \(bind: now)) ON CONFLICT (session_key) DO NOTHING"
            ).run()
        }
        return try await sql.raw("SELECT c.id FROM carts c WHERE \(Self.ownerCondition(owner))").first()?.decode(column: "id", as: Int.self)
    }

    private func touch(_ cartID: Int) async throws {
        try await sql.raw("UPDATE carts SET updated_at = \(bind: Date()) WHERE id = \(bind: cartID)").run()
    }
}

/// Looking up coupons by code, for carts; admins manage them through `CouponAdmin`.
public struct CouponBook: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    static let columns: SQLQueryString = "id, code, percent_off, amount_off_cents, min_subtotal_cents, expires_at, max_uses, uses, active"

    public func find(code: String) async throws -> Coupon? {
        try await database.sql.raw("SELECT \(Self.columns) FROM coupons WHERE code = \(bind: code.uppercased())").first().map(Self.coupon)
    }

    static func coupon(_ row: any SQLRow) throws -> Coupon { try row.decode(model: Coupon.self, with: .columns) }
}

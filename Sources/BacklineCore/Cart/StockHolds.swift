import Foundation
import SQLKit

/// Units a buyer's open checkout keeps for them: opening checkout holds the cart's units for ten minutes, so the
/// buyer typing an address cannot lose the last one to someone who was quicker. For everyone else held units are not
/// in stock; the holder's checkout inside the hold cannot fail for want of them.
///
/// The one rule: `products.held` is the sum of the product's `stock_holds` rows, changed only here and only inside a
/// write transaction that has locked the product. What a buyer may take is `available(to:)`. A lapsed hold is
/// released by the jobs (`HoldLapseJob`), and also at once by any checkout or hold that needs the product, so a
/// lapse never waits for the next job run.
public enum StockHolds {
    public static let lifetime: TimeInterval = 10 * 60

    /// The units of `p` that `userID` may take: the stock less what others hold. (PostgreSQL sums BIGINT columns as
    /// NUMERIC: hence the cast.)
    static func available(to userID: Int?) -> SQLQueryString {
        guard let userID else { return "(p.stock - p.held)" }
        return """
            (p.stock - p.held + CAST(COALESCE((SELECT SUM(h.quantity) FROM stock_holds h WHERE h.product_id = p.id AND h.user_id = \(bind: userID)), 0) AS BIGINT))
            """
    }

    /// What shoppers see as in stock: the stock less every hold (never below zero, should a seller lower the stock
    /// under what is held).
    static let free: SQLQueryString = "CASE WHEN p.stock > p.held THEN p.stock - p.held ELSE 0 END"

    /// Holds the user's cart for `lifetime` from `now`, replacing any hold they had: each listed line keeps what is
    /// free of it, up to its quantity. Returns when the hold ends, or nil when nothing could be held.
    static func hold(userID: Int, cartID: Int, now: Date, database: BacklineDatabase, on sql: any SQLDatabase) async throws -> Date? {
        let products = try await productsTouched(cartID: cartID, userID: userID, on: sql)
        try await database.lockProducts(products, on: sql)
        try await release(userID: userID, database: database, on: sql)
        try await releaseLapsed(now: now, productIDs: products, database: database, on: sql)
        // Read after the releases: what is free of each line now that nothing of this user's is held.
        let lines = try await sql.raw(
            """
            SELECT ci.product_id, ci.quantity, \(Self.free) AS free FROM cart_items ci JOIN products p ON p.id = ci.product_id
            WHERE ci.cart_id = \(bind: cartID) AND \(CatalogService.listedCondition) ORDER BY ci.product_id
            """
        ).all(decoding: FreeLine.self, with: .columns)
        let until = now.addingTimeInterval(lifetime)
        var held = false
        for line in lines {
            let quantity = min(line.quantity, line.free)
            guard quantity > 0 else { continue }
            try await sql.raw(
                """
                INSERT INTO stock_holds (user_id, product_id, quantity, expires_at, created_at)
                VALUES (\(bind: userID), \(bind: line.productID), \(bind: quantity), \(bind: until), \(bind: now))
                """
            ).run()
            try await sql.raw("UPDATE products SET held = held + \(bind: quantity) WHERE id = \(bind: line.productID)").run()
            held = true
        }
        return held ? until : nil
    }

    /// The products a change to the user's cart or holds may touch: the cart's, and those the user holds (a line
    /// removed since). Lock them all before changing any.
    static func productsTouched(cartID: Int, userID: Int, on sql: any SQLDatabase) async throws -> [Int] {
        try await sql.raw(
            """
            SELECT product_id FROM cart_items WHERE cart_id = \(bind: cartID)
            UNION SELECT product_id FROM stock_holds WHERE user_id = \(bind: userID)
            """
        ).all(decoding: ProductRef.self, with: .columns).map(\.productID)
    }

    /// Ends the user's holds (all of them, or those on `productIDs`): at purchase, or when the cart changes.
    static func release(userID: Int, productIDs: [Int]? = nil, database: BacklineDatabase, on sql: any SQLDatabase) async throws {
        var scope: SQLQueryString = "user_id = \(bind: userID)"
        if let productIDs { scope = scope + " AND product_id IN (\(binds: productIDs.isEmpty ? [0] : productIDs))" }
        try await end(holdsWhere: scope, database: database, on: sql)
    }

    /// Ends every hold whose time is up at `now` (on `productIDs` only, when given). Returns how many ended.
    @discardableResult
    static func releaseLapsed(now: Date, productIDs: [Int]? = nil, database: BacklineDatabase, on sql: any SQLDatabase) async throws -> Int {
        var scope: SQLQueryString = "expires_at <= \(bind: now)"
        if let productIDs { scope = scope + " AND product_id IN (\(binds: productIDs.isEmpty ? [0] : productIDs))" }
        return try await end(holdsWhere: scope, database: database, on: sql)
    }

    /// Deletes the holds and gives their units back. The products are locked first, in id order like every other
    /// writer of them, so a release never waits for a checkout that waits for it.
    private static func end(holdsWhere scope: SQLQueryString, database: BacklineDatabase, on sql: any SQLDatabase) async throws -> Int {
        let products = try await sql.raw("SELECT DISTINCT product_id FROM stock_holds WHERE \(scope)").all(decoding: ProductRef.self, with: .columns)
        guard !products.isEmpty else { return 0 }
        try await database.lockProducts(products.map(\.productID), on: sql)
        let ended = try await sql.raw("DELETE FROM stock_holds WHERE \(scope) RETURNING product_id, quantity").all(
            decoding: CartQuantity.self, with: .columns)
        for (productID, quantity) in Dictionary(ended.map { ($0.productID, $0.quantity) }, uniquingKeysWith: +).sorted(by: { $0.key < $1.key }) {
            try await sql.raw("UPDATE products SET held = held - \(bind: quantity) WHERE id = \(bind: productID)").run()
        }
        return ended.count
    }

    /// When the user's hold ends, if they have one that has not lapsed.
    static func heldUntil(userID: Int, now: Date, on sql: any SQLDatabase) async throws -> Date? {
        try await sql.raw("SELECT MIN(expires_at) AS until FROM stock_holds WHERE user_id = \(bind: userID) AND expires_at > \(bind: now)").first()?
            .decode(column: "until", as: Date?.self)
    }

    struct CartQuantity: Decodable {
        let productID: Int
        let quantity: Int
    }

    struct FreeLine: Decodable {
        let productID: Int
        let quantity: Int
        let free: Int
    }

    struct ProductRef: Decodable {
        let productID: Int
    }
}

/// Releases lapsed holds, so their units are back in stock for everyone.
public struct HoldLapseJob: Job {
    public let name = "hold-lapses"
    let database: BacklineDatabase

    public func run(now: Date, on sql: any SQLDatabase) async throws -> Int {
        try await StockHolds.releaseLapsed(now: now, database: database, on: sql)
    }
}

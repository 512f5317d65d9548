import Foundation
import SQLKit

/// Saved items ("hearts"). Only listed products show; one that is taken down simply drops out of the list.
public struct WishlistService: Sendable {
    let database: BacklineDatabase
    let carts: CartService
    var sql: any SQLDatabase { database.sql }

    public init(database: BacklineDatabase, carts: CartService) { (self.database, self.carts) = (database, carts) }

    public func items(userID: Int, page: Int, perPage: Int) async throws -> (items: [ProductSummary], total: Int) {
        let total = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM wishlist_items w JOIN products p ON p.id = w.product_id
            WHERE w.user_id = \(bind: userID) AND \(CatalogService.listedCondition)
            """
        ).first()!.decode(column: "n", as: Int.self)
        let items = try await sql.raw(
            """
            SELECT \(CatalogService.summaryColumns) FROM wishlist_items w JOIN products p ON p.id = w.product_id
            WHERE w.user_id = \(bind: userID) AND \(CatalogService.listedCondition)
            ORDER BY w.created_at DESC, w.id DESC LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)
            """
        ).all().map(CatalogService.summary)
        return (items, total)
    }

    public func contains(userID: Int, productID: Int) async throws -> Bool {
        try await sql.raw("SELECT 1 AS x FROM wishlist_items WHERE user_id = \(bind: userID) AND product_id = \(bind: productID)").first() != nil
    }

    /// Saves a listed product (saving it twice keeps one).
    public func add(userID: Int, productID: Int) async throws {
        guard try await sql.raw("SELECT p.id FROM products p WHERE p.id = \(bind: productID) AND \(CatalogService.listedCondition)").first() != nil
        else {
            throw CatalogError.productNotFound
        }
        try await sql.raw(
            """
            INSERT INTO wishlist_items (user_id, product_id, created_at) VALUES (\(bind: userID), \(bind: productID), \(bind: Date()))
            ON CONFLICT (user_id, product_id) DO NOTHING
            """
        ).run()
    }

    /// Removes it; true when it was saved.
    @discardableResult
    public func remove(userID: Int, productID: Int) async throws -> Bool {
        try await sql.raw("DELETE FROM wishlist_items WHERE user_id = \(bind: userID) AND product_id = \(bind: productID) RETURNING id").first()
            != nil
    }

    /// The heart button: saves when not saved, removes when saved. Answers whether it is saved now.
    public func toggle(userID: Int, productID: Int) async throws -> Bool {
        if try await remove(userID: userID, productID: productID) { return false }
        try await add(userID: userID, productID: productID)
        return true
    }

    /// Puts one in the cart and takes it off the list; when the cart cannot take it, the list keeps it.
    public func moveToCart(userID: Int, productID: Int) async throws {
        try await carts.add(.user(userID), productID: productID, quantity: 1)
        try await remove(userID: userID, productID: productID)
    }
}

import Foundation
import SQLKit

public enum ReviewError: Error, Equatable, Sendable {
    /// Only buyers of a paid (or later) order containing the product may review it.
    case notPurchased
    case alreadyReviewed
    /// Sellers do not review their own listings.
    case ownListing

    public var message: String {
        switch self {
        case .notPurchased: "You can review an item once you have bought it and your order is paid."
        case .alreadyReviewed: "You have already reviewed this item."
        case .ownListing: "This is a listing of your own shop: reviews are for its buyers."
        }
    }
}

public struct ReviewInput: Sendable, Equatable {
    public var rating: Int?
    public var title: String
    public var body: String

    public init(rating: Int?, title: String, body: String) { (self.rating, self.title, self.body) = (rating, title, body) }

    func validated() throws -> ReviewInput {
        var errors: [FieldError] = []
        var result = self
        result.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        result.body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...5).contains(rating ?? 0) { errors.append(.init(field: "rating", message: "Choose from 1 to 5 stars.")) }
        if result.title.isEmpty {
            errors.append(.init(field: "title", message: "Give your review a title."))
        } else if result.title.count > 120 {
            errors.append(.init(field: "title", message: "Use at most 120 characters."))
        }
        if result.body.isEmpty {
            errors.append(.init(field: "body", message: "Tell other buyers what you think."))
        } else if result.body.count > 4_000 {
            errors.append(.init(field: "body", message: "Use at most 4,000 characters."))
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return result
    }
}

/// Reviews by buyers: who may write one, one per buyer and product, and the product's rating kept in step.
public struct ReviewService: Sendable {
    let database: BacklineDatabase

    public init(database: BacklineDatabase) { self.database = database }

    public enum Eligibility: Sendable, Equatable { case eligible, notPurchased, alreadyReviewed }

    /// Whether the user may review the product now (the product page shows the form only then).
    public func eligibility(userID: Int, productID: Int) async throws -> Eligibility {
        try await Self.eligibility(userID: userID, productID: productID, on: database.sql)
    }

    static func eligibility(userID: Int, productID: Int, on sql: any SQLDatabase) async throws -> Eligibility {
        if try await hasReviewed(userID: userID, productID: productID, on: sql) {
            return .alreadyReviewed
        }
        return try await purchaseOrderID(userID: userID, productID: productID, on: sql) == nil ? .notPurchased : .eligible
    }

    static func hasReviewed(userID: Int, productID: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT 1 AS x FROM reviews WHERE product_id = \(bind: productID) AND user_id = \(bind: userID)").first() != nil
    }

    /// The buyer's first paid (or later) order containing the product: what makes a review allowed.
    static func purchaseOrderID(userID: Int, productID: Int, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw(
            """
            SELECT MIN(o.id) AS id FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE oi.product_id = \(bind: productID) AND o.buyer_id = \(bind: userID) AND o.status IN (\(binds: OrderStatus.reviewable.map(\.rawValue)))
            """
        ).first()?.decode(column: "id", as: Int?.self)
    }

    /// Writes the review and recomputes the product's average and count in the same transaction.
    @discardableResult
    public func create(userID: Int, productID: Int, _ input: ReviewInput, now: Date = Date()) async throws -> ReviewInfo {
        let review = try input.validated()
        guard
            let product = try await database.sql.raw(
                "SELECT (SELECT owner_id FROM shops WHERE id = p.shop_id) AS owner_id FROM products p WHERE p.id = \(bind: productID) AND p.deleted_at IS NULL"
            ).first()
        else {
            throw CatalogError.productNotFound
        }
        guard try product.decode(column: "owner_id", as: Int.self) != userID else { throw ReviewError.ownListing }
        return try await database.writeTransaction { sql in
            if try await Self.hasReviewed(userID: userID, productID: productID, on: sql) {
                throw ReviewError.alreadyReviewed
            }
            guard let orderID = try await Self.purchaseOrderID(userID: userID, productID: productID, on: sql) else { throw ReviewError.notPurchased }
            let id = try await sql.raw(
                """
                INSERT INTO reviews (product_id, user_id, order_id, rating, title, body, created_at)
                VALUES (\(bind: productID), \(bind: userID), \(bind: orderID), \(bind: review.rating!), \(bind: review.title), \(bind: review.body), \(bind: now))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            try await sql.raw(
                """
                UPDATE products SET rating_count = (SELECT COUNT(*) FROM reviews WHERE product_id = \(bind: productID)),
                rating_avg = (SELECT COALESCE(AVG(rating * 1.0), 0) FROM reviews WHERE product_id = \(bind: productID))
                WHERE id = \(bind: productID)
                """
            ).run()
            let author =
                try await sql.raw("SELECT display_name FROM users WHERE id = \(bind: userID)").first()?.decode(
                    column: "display_name", as: String.self) ?? ""
            return ReviewInfo(id: id, rating: review.rating!, title: review.title, body: review.body, authorName: author, createdAt: now)
        }
    }
}

import Foundation

/// A listing as the seller's form or an API body gives it, before it is whole: any field may be missing.
///
/// `input()` is the one place that says what a listing must have: it names every missing field that has no default
/// and every rule of `ListingInput.validated` the given fields break, all at once, so both surfaces report alike.
public struct ListingDraft: Sendable, Equatable {
    public var shopID: Int?
    public var categoryID: Int?
    public var name: String?
    public var brand: String?
    public var model: String?
    public var year: Int?
    public var finish: String?
    public var condition: Condition?
    public var priceCents: Int?
    public var stock: Int?
    public var lowStockThreshold: Int?
    public var description: String?
    public var specs: [[String]]?
    public var tags: [String]?
    public var active: Bool?

    public init() {}

    /// The listing as it is, to change some of its fields (an edit).
    public init(_ input: ListingInput) {
        (shopID, categoryID, name, brand, model, year, finish) =
            (input.shopID, input.categoryID, input.name, input.brand, input.model, input.year, input.finish)
        (condition, priceCents, stock, lowStockThreshold, description, specs, tags, active) =
            (input.condition, input.priceCents, input.stock, input.lowStockThreshold, input.description, input.specs, input.tags, input.active)
    }

    /// The whole listing, or every problem with it. `missing` words the problem of a required field left out (the
    /// form asks for it in its own words; the API says "is required").
    public func input(now: Date = Date(), missing: (String) -> String = { _ in "is required" }) throws -> ListingInput {
        let required: [(field: String, given: Bool)] = [
            ("shop_id", shopID != nil), ("category_id", categoryID != nil), ("name", name != nil), ("brand", brand != nil), ("model", model != nil),
            ("condition", condition != nil), ("price_cents", priceCents != nil), ("stock", stock != nil), ("description", description != nil),
        ]
        var errors = required.filter { !$0.given }.map { FieldError(field: $0.field, message: missing($0.field)) }
        // The rules run over what was given; a missing field's stand-in is never reported, since it is reported missing.
        let input = ListingInput(
            shopID: shopID ?? 0, categoryID: categoryID ?? 0, name: name ?? "", brand: brand ?? "", model: model ?? "", year: year, finish: finish,
            condition: condition ?? .good, priceCents: priceCents ?? 0, stock: stock ?? 0, lowStockThreshold: lowStockThreshold ?? 1,
            description: description ?? "", specs: specs ?? [], tags: tags ?? [], active: active ?? true)
        do { _ = try input.validated(now: now) } catch let error as ValidationError {
            errors += error.errors.filter { problem in !errors.contains { $0.field == problem.field } }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return input
    }
}

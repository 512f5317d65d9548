import Foundation

/// Who asks a seller service to act: a seller (on their own shops only) or an admin (on any).
public struct Caller: Sendable, Equatable {
    public let userID: Int
    public let role: Role

    public init(userID: Int, role: Role) { (self.userID, self.role) = (userID, role) }

    public var isAdmin: Bool { role == .admin }
    /// Sellers and admins have a seller workspace; customers do not.
    public var maySell: Bool { role == .seller || role == .admin }

    /// The same person acting only on their own shops: the `/sell` pages show an admin their own shops' orders,
    /// not every shop's.
    public var asSeller: Caller { Caller(userID: userID, role: role == .customer ? .customer : .seller) }

    /// Whether this caller may act on a shop owned by `ownerID`.
    public func mayManage(shopOwnedBy ownerID: Int) -> Bool { isAdmin || ownerID == userID }
}

/// What the seller workspace refuses, mapped to one status each by both surfaces.
public enum SellingError: Error, Equatable, Sendable {
    /// Unknown (or soft-deleted) shop, listing, image or order: 404.
    case shopNotFound, listingNotFound, imageNotFound, orderNotFound
    /// It exists but belongs to another seller: 403.
    case notYours
    /// The caller has no seller role: 403.
    case notSeller
    /// A listing may carry at most `ListingRules.maxImages` images: 409.
    case tooManyImages
    /// The caller's part of the order is already shipped, or the order was cancelled: 409.
    case cannotShip(String)
    /// Only pending listings are moderated: 409.
    case notPending

    public var message: String {
        switch self {
        case .shopNotFound: "There is no such shop."
        case .listingNotFound: "There is no such listing."
        case .imageNotFound: "There is no such image on this listing."
        case .orderNotFound: "There is no such order with your items in it."
        case .notYours: "That belongs to another seller."
        case .notSeller: "Only sellers can do that. Open a shop by registering as a seller."
        case .tooManyImages: "A listing can have at most \(ListingRules.maxImages) images. Remove one first."
        case .cannotShip(let reason): reason
        case .notPending: "Only listings waiting for review can be approved or rejected."
        }
    }
}

public enum ListingRules {
    public static let maxImages = 8
    public static let maxStock = 100_000
    public static let maxPriceCents = 10_000_000  // $100,000: a typo guard, not a business rule
    /// How long a price drop is shown on the product page.
    public static let priceDropWindow: TimeInterval = 30 * 86_400
}

/// What a seller types for a shop (create and edit).
public struct ShopInput: Sendable, Equatable, Decodable {
    public var name: String
    /// Left empty, it is made from the name.
    public var slug: String?
    public var description: String
    public var address: String
    public var contactEmail: String
    public var phone: String?

    public init(name: String, slug: String?, description: String, address: String, contactEmail: String, phone: String?) {
        (self.name, self.slug, self.description, self.address, self.contactEmail, self.phone) = (
            name, slug, description, address, contactEmail, phone
        )
    }

    /// Trimmed, slug made or checked, email lower-cased; or every problem found.
    public func validated() throws -> ShopInput {
        var errors: [FieldError] = []
        var result = self
        result.name = Text.required(name, "name", "the shop's name", max: 80, into: &errors)
        result.description = Text.required(description, "description", "a short description", max: 2_000, into: &errors)
        result.address = Text.required(address, "address", "where the shop ships from", max: 300, into: &errors)
        result.contactEmail = AccountService.normalizeEmail(contactEmail)
        if let problem = AccountService.emailProblem(result.contactEmail) { errors.append(.init(field: "contact_email", message: problem)) }
        result.phone = Text.optional(phone)
        if let phone = result.phone, !AccountService.isPhone(phone) {
            errors.append(.init(field: "phone", message: "Enter a phone number of digits, spaces, +, - or parentheses."))
        }
        let typedSlug = Text.optional(slug)?.lowercased()
        if let typedSlug {
            if !Text.isSlug(typedSlug) { errors.append(.init(field: "slug", message: "Use 2 to 60 lower-case letters, digits and single hyphens.")) }
            result.slug = typedSlug
        } else {
            result.slug = Text.slug(result.name)
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return result
    }
}

/// What a seller types for a listing (create and edit). Money in cents; the HTML form converts dollars.
public struct ListingInput: Sendable, Equatable {
    public var shopID: Int
    public var categoryID: Int
    public var name: String
    public var brand: String
    public var model: String
    public var year: Int?
    public var finish: String?
    public var condition: Condition
    public var priceCents: Int
    public var stock: Int
    public var lowStockThreshold: Int
    public var description: String
    /// `[(name, value)]` for the specs table.
    public var specs: [[String]]
    /// Tag slugs; each must exist (admins manage the tag list).
    public var tags: [String]
    /// Shown in the shop; a paused listing keeps its place but is hidden from buyers.
    public var active: Bool

    public init(
        shopID: Int, categoryID: Int, name: String, brand: String, model: String, year: Int?, finish: String?, condition: Condition, priceCents: Int,
        stock: Int, lowStockThreshold: Int, description: String, specs: [[String]], tags: [String], active: Bool
    ) {
        self.shopID = shopID
        self.categoryID = categoryID
        self.name = name
        self.brand = brand
        self.model = model
        self.year = year
        self.finish = finish
        self.condition = condition
        self.priceCents = priceCents
        self.stock = stock
        self.lowStockThreshold = lowStockThreshold
        self.description = description
        self.specs = specs
        self.tags = tags
        self.active = active
    }

    /// Trimmed and checked; or every problem found. Whether the category, shop and tags exist is checked by
    /// the service, against the database.
    public func validated(now: Date = Date()) throws -> ListingInput {
        var errors: [FieldError] = []
        var result = self
        result.name = Text.required(name, "name", "a title", max: 120, into: &errors)
        result.brand = Text.required(brand, "brand", "the brand", max: 60, into: &errors)
        result.model = Text.required(model, "model", "the model", max: 80, into: &errors)
        result.description = Text.required(description, "description", "a description", max: 10_000, into: &errors)
        result.finish = Text.optional(finish)
        if let finish = result.finish, finish.count > 60 { errors.append(.init(field: "finish", message: "Use at most 60 characters.")) }
        let thisYear = Format.civil(now).year
        if let year, !(1900...(thisYear + 1)).contains(year) {
            errors.append(.init(field: "year", message: "Enter a year between 1900 and \(thisYear + 1), or leave it empty."))
        }
        if priceCents < 100 || priceCents > ListingRules.maxPriceCents {
            errors.append(.init(field: "price_cents", message: "Enter a price from $1.00 to \(Money.format(ListingRules.maxPriceCents))."))
        }
        if stock < 0 || stock > ListingRules.maxStock {
            errors.append(.init(field: "stock", message: "Enter a stock from 0 to \(Format.count(ListingRules.maxStock))."))
        }
        if lowStockThreshold < 0 || lowStockThreshold > 1_000 {
            errors.append(.init(field: "low_stock_threshold", message: "Enter a threshold from 0 to 1,000."))
        }
        result.specs = specs.map { $0.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }.filter { !$0.allSatisfy(\.isEmpty) }
        if result.specs.count > 30
            || result.specs.contains(where: { $0.count != 2 || $0[0].isEmpty || $0[1].isEmpty || $0[0].count > 60 || $0[1].count > 200 })
        {
            errors.append(.init(field: "specs", message: "Write up to 30 specs, one per line, as “Name: value”."))
        }
        result.tags = Array(Set(tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })).sorted()
        guard errors.isEmpty else { throw ValidationError(errors) }
        return result
    }
}

/// A listing as its seller sees it: every field, whatever its status.
public struct Listing: Sendable, Equatable {
    public let id: Int
    public let shopID: Int
    public let shopName: String
    public let ownerID: Int
    public let input: ListingInput
    public let status: ListingStatus
    public let moderationNote: String?
    public let images: [ListingImage]
    public let soldCount: Int
    public let createdAt: Date
    public let updatedAt: Date?

    public var isLowStock: Bool { input.stock <= input.lowStockThreshold }
    /// Whether buyers can see it now (approved, shown and in an active shop is checked by the catalog).
    public var isLive: Bool { status == .approved && input.active }
}

public struct ListingImage: Sendable, Equatable, Decodable {
    public let id: Int
    public let path: String
    public let position: Int
}

/// Moderation state. A new seller's listings start `pending`; once an admin has approved one of a seller's
/// listings, the seller is trusted and later listings are approved at once.
public enum ListingStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, rejected

    public var label: String {
        switch self {
        case .pending: "Waiting for review"
        case .approved: "Approved"
        case .rejected: "Rejected"
        }
    }
}

/// A row of the seller's listing table.
public struct ListingRow: Sendable, Equatable, Decodable {
    public let id: Int
    public let shopID: Int
    public let shopName: String
    public let name: String
    public let brand: String
    public let model: String
    public let condition: Condition
    public let priceCents: Int
    public let stock: Int
    public let lowStockThreshold: Int
    public let status: ListingStatus
    public let active: Bool
    public let soldCount: Int
    public let imageURL: String
    public let updatedAt: Date

    public var isLowStock: Bool { stock <= lowStockThreshold }
}

/// One stock change with its reason, newest first on the listing page.
public struct StockMovement: Sendable, Equatable, Decodable {
    public let delta: Int
    public let reason: String
    public let note: String?
    public let orderID: Int?
    public let at: Date
}

public struct PricePoint: Sendable, Equatable, Decodable {
    public let priceCents: Int
    public let at: Date
}

/// A shop as its owner manages it (active or not).
public struct ManagedShop: Sendable, Equatable {
    public let id: Int
    public let ownerID: Int
    public let input: ShopInput
    public let logoPath: String?
    public let active: Bool
    public let createdAt: Date
}

/// Small text rules shared by the seller forms.
enum Text {
    static func optional(_ value: String?) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }

    static func required(_ value: String, _ field: String, _ what: String, max: Int, into errors: inout [FieldError]) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.append(.init(field: field, message: "Enter \(what)."))
        } else if trimmed.count > max {
            errors.append(.init(field: field, message: "Use at most \(Format.count(max)) characters."))
        }
        return trimmed
    }

    /// "Fuzz & Tone Co." → "fuzz-tone-co"
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for character in folded {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        slug = String(slug.prefix(60))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.count < 2 ? "shop" + (slug.isEmpty ? "" : "-" + slug) : slug
    }

    static func isSlug(_ text: String) -> Bool {
        (2...60).contains(text.count) && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}

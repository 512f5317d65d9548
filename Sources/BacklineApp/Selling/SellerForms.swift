import BacklineCore
import Foundation

/// A select of a form, drawn by `partials/select`: label above, hint and error below, the chosen value kept.
struct SelectView: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }
    let name: String
    let label: String
    let options: [Option]
    let error: String?
    let hint: String?
    let id: String
    let describedBy: String?

    init(
        _ name: String, _ label: String, options: [(value: String, label: String)], selected: String?, errors: [FieldError] = [], hint: String? = nil
    ) {
        self.name = name
        self.label = label
        self.options = options.map { Option(value: $0.value, label: $0.label, selected: $0.value == selected) }
        error = errors.first { $0.field == name }?.message
        self.hint = hint
        id = "field-" + name
        let ids = [error.map { _ in "field-\(name)-error" }, hint.map { _ in "field-\(name)-hint" }].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// Reading the seller forms into the core's inputs. Numbers that do not parse become field errors here; the
/// core's own rules (`ShopInput.validated`, `ListingInput.validated`) add the rest, so a form shows every
/// problem at once.
enum SellerForms {
    static func shopInput(_ form: FormData) -> ShopInput {
        ShopInput(
            name: form["name"] ?? "", slug: form["slug"], description: form["description"] ?? "", address: form["address"] ?? "",
            contactEmail: form["contact_email"] ?? "", phone: form["phone"])
    }

    /// The listing form as a `ListingInput`, or every problem with it (field names as the form spells them). What did
    /// not parse is named here; what is missing or breaks a rule, by `ListingDraft` in the form's words.
    static func listingInput(_ form: FormData, now: Date = Date()) throws -> ListingInput {
        var errors: [FieldError] = []
        func whole(_ field: String, _ message: String) -> Int? {
            let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            if text.isEmpty { return nil }
            guard let value = Int(text) else {
                errors.append(.init(field: field, message: message))
                return nil
            }
            return value
        }
        var draft = ListingDraft()
        draft.shopID = Int(form["shop_id"] ?? "") ?? 0
        draft.categoryID = Int(form["category_id"] ?? "")
        (draft.name, draft.brand, draft.model) = (form["name"] ?? "", form["brand"] ?? "", form["model"] ?? "")
        draft.year = whole("year", "Enter a year like 1965, or leave it empty.")
        draft.finish = form["finish"]
        draft.condition = Condition(rawValue: form["condition"] ?? "")
        draft.priceCents = form["price"].flatMap { Money.parseDollars($0.trimmingCharacters(in: .whitespaces)) }
        draft.stock = whole("stock", "Enter how many you have, as a whole number.")
        draft.lowStockThreshold = whole("low_stock_threshold", "Enter a whole number.")
        (draft.description, draft.specs, draft.tags) = (form["description"] ?? "", specs(form["specs"] ?? ""), form.all("tags"))
        draft.active = form["active"] == "true"
        var input: ListingInput?
        do { input = try draft.input(now: now) { field in Self.askFor[field] ?? "Fill this in." } } catch let error as ValidationError {
            // The core names money `price_cents`; the form's field is `price`. A field that did not parse keeps that message.
            for problem in error.errors {
                let field = problem.field == "price_cents" ? "price" : problem.field
                if !errors.contains(where: { $0.field == field }) { errors.append(.init(field: field, message: problem.message)) }
            }
        }
        guard errors.isEmpty, let input else { throw ValidationError(errors) }
        return input
    }

    /// What the form says when a required field is left empty.
    static let askFor = [
        "price_cents": "Enter a price in dollars, like 849 or 849.99.", "condition": "Choose the condition.",
        "category_id": "Choose a category from the list.", "stock": "Enter how many you have (0 if none yet).",
    ]

    /// "Body: Alder\nNeck: Maple" → [["Body", "Alder"], ["Neck", "Maple"]]. A line without a colon stays one
    /// element, which the core's rule rejects with a message.
    static func specs(_ text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).map { line in
            guard let colon = line.firstIndex(of: ":") else { return [String(line)] }
            return [String(line[..<colon]), String(line[line.index(after: colon)...])]
        }.filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    static func specsText(_ specs: [[String]]) -> String {
        specs.map { $0.joined(separator: ": ") }.joined(separator: "\n")
    }
}

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

    /// The listing form as a `ListingInput`, or every problem with it (field names as the form spells them).
    static func listingInput(_ form: FormData, now: Date = Date()) throws -> ListingInput {
        var errors: [FieldError] = []
        func whole(_ field: String, _ message: String, default fallback: Int) -> Int? {
            let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            if text.isEmpty { return nil }
            guard let value = Int(text) else {
                errors.append(.init(field: field, message: message))
                return fallback
            }
            return value
        }
        let price = (form["price"]).flatMap { Money.parseDollars($0.trimmingCharacters(in: .whitespaces)) }
        if price == nil { errors.append(.init(field: "price", message: "Enter a price in dollars, like 849 or 849.99.")) }
        let condition = Condition(rawValue: form["condition"] ?? "")
        if condition == nil { errors.append(.init(field: "condition", message: "Choose the condition.")) }
        let category = Int(form["category_id"] ?? "")
        if category == nil { errors.append(.init(field: "category_id", message: "Choose a category from the list.")) }
        let shop = Int(form["shop_id"] ?? "") ?? 0
        let stock = whole("stock", "Enter how many you have, as a whole number.", default: 0)
        if stock == nil { errors.append(.init(field: "stock", message: "Enter how many you have (0 if none yet).")) }
        let year = whole("year", "Enter a year like 1965, or leave it empty.", default: 2000)
        let threshold = whole("low_stock_threshold", "Enter a whole number.", default: 1) ?? 1
        let input = ListingInput(
            shopID: shop, categoryID: category ?? 0, name: form["name"] ?? "", brand: form["brand"] ?? "", model: form["model"] ?? "",
            year: year, finish: form["finish"], condition: condition ?? .good, priceCents: price ?? 100, stock: stock ?? 0,
            lowStockThreshold: threshold, description: form["description"] ?? "", specs: specs(form["specs"] ?? ""), tags: form.all("tags"),
            active: form["active"] == "true")
        do {
            _ = try input.validated(now: now)
        } catch let error as ValidationError {
            // The core names money `price_cents`; the form's field is `price`. A field that did not parse keeps that message.
            for problem in error.errors {
                let field = problem.field == "price_cents" ? "price" : problem.field
                if !errors.contains(where: { $0.field == field }) { errors.append(.init(field: field, message: problem.message)) }
            }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return input
    }

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

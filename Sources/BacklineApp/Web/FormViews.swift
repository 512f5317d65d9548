import BacklineCore

/// One form field as `partials/field` draws it: label above, hint and error below, the typed value kept.
struct FieldView: Sendable {
    let name: String
    let label: String
    let type: String
    let value: String
    let error: String?
    let hint: String?
    let autocomplete: String?
    let required: Bool
    let multiline: Bool
    // Stored, not computed: Mustache reads values through reflection, which sees stored properties only.
    let id: String
    let describedBy: String?

    init(
        _ name: String, _ label: String, type: String = "text", form: FormData? = nil, value: String? = nil, errors: [FieldError] = [],
        hint: String? = nil, autocomplete: String? = nil, required: Bool = false, multiline: Bool = false
    ) {
        self.name = name
        self.label = label
        self.type = type
        // A password is never sent back into the page.
        self.value = type == "password" ? "" : (form?[name] ?? value ?? "")
        self.error = errors.first { $0.field == name }?.message
        self.hint = hint
        self.autocomplete = autocomplete
        self.required = required
        self.multiline = multiline
        id = "field-" + name
        let ids = [error.map { _ in "field-\(name)-error" }, hint.map { _ in "field-\(name)-hint" }].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// A radio choice of a form.
struct ChoiceView: Sendable {
    let name: String
    let value: String
    let label: String
    let checked: Bool
    let id: String

    init(name: String, value: String, label: String, checked: Bool) {
        (self.name, self.value, self.label, self.checked) = (name, value, label, checked)
        id = "\(name)-\(value)"
    }
}

/// A link among tabs or in a side navigation; the one shown carries `aria-current`.
struct NavLink: Sendable {
    let label: String
    let href: String
    let current: Bool
}

/// A column header that sorts its table: a link (to the other direction when it is the sort in use), with
/// `aria-sort` and an arrow on the sorted column.
struct SortHeader: Sendable {
    let label: String
    let href: String
    let ariaSort: String?
    /// Shown beside the sorted column's label (`aria-sort` says it to screen readers).
    let arrow: String?
}

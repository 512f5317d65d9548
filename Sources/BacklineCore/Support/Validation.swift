import Foundation

/// One field's problem, as forms show it beside the field and the API lists it in `errors`.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Input that breaks a rule: every problem found, so a form can show them all at once.
public struct ValidationError: Error, Sendable, Equatable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(field: String, _ message: String) { self.errors = [FieldError(field: field, message: message)] }
}

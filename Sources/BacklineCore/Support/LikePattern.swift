import Foundation

/// `LIKE` patterns for "contains, any case" searches. Used with `ESCAPE '\'`, so `%`, `_` and `\` typed by a person
/// match themselves (an email like `first_last@…` is searched as typed).
enum LikePattern {
    static func contains(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var escaped = ""
        for character in trimmed.prefix(200).lowercased() {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}

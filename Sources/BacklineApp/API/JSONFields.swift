import Foundation

/// Encodes `nil` as `null` rather than leaving the key out, for fields a client reads whether or not they are set.
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // The unwrapped value, so the encoder's date strategy applies to dates.
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A PATCH body and the keys it carried: a key sent as `null` clears an optional field, a key left out keeps it.
struct Patch<Fields: Decodable>: Decodable {
    let fields: Fields
    /// As the decoder's key strategy spells them (`low_stock_threshold` → `lowStockThreshold`).
    let sent: Set<String>

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        fields = try Fields(from: decoder)
        sent = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
    }

    /// The sent value (even `nil`) when the key was sent, else `kept`.
    func value<T>(_ key: String, _ value: T?, else kept: T?) -> T? { sent.contains(key) ? value : kept }
}

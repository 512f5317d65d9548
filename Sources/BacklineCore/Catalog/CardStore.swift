import Foundation
import Synchronization

/// Cards kept per product and revision: the data a card or an API list item shows (`ProductSummary`, read from
/// the database for a page's ids) and the card's rendered HTML. The index gives every product a new revision
/// whenever its entry or its shop changes, so an entry never outlives what it shows; nothing is ever dropped
/// wholesale. A price drop badge depends on the date too: entries older than `maxAge` are read again.
public final class CardStore: Sendable {
    struct Summary {
        var revision: UInt32
        var summary: ProductSummary
        var storedAt: ContinuousClock.Instant
    }

    struct HTMLKey: Hashable, Sendable {
        var id: Int
        var revision: UInt32
    }

    struct State {
        var summaries: [Int: Summary] = [:]
        var html = ByteBoundedStore<HTMLKey>(budget: 16 << 20)
        var named = ByteBoundedStore<String>(budget: 8 << 20)
    }

    private let state = Mutex(State())
    /// About 400 bytes each: 20,000 cards stay under 10 MB.
    static let maxSummaries = 20_000
    static let maxAge: Duration = .seconds(600)

    public init() {}

    /// The stored summaries among `ids` whose revision is still the given one.
    func summaries(_ ids: [Int], revisions: [UInt32]) -> [Int: ProductSummary] {
        let now = ContinuousClock.now
        return state.withLock { state in
            var found: [Int: ProductSummary] = [:]
            for (id, revision) in zip(ids, revisions) {
                if let entry = state.summaries[id], entry.revision == revision, entry.storedAt.duration(to: now) < Self.maxAge {
                    found[id] = entry.summary
                }
            }
            return found
        }
    }

    func store(_ summaries: [ProductSummary]) {
        let now = ContinuousClock.now
        state.withLock { state in
            // Past the bound it starts over: one drop is cheaper than tracking recency, and a card is one indexed read.
            if state.summaries.count + summaries.count > Self.maxSummaries { state.summaries.removeAll(keepingCapacity: true) }
            for summary in summaries { state.summaries[summary.id] = Summary(revision: summary.revision, summary: summary, storedAt: now) }
        }
    }

    /// A product card's HTML as rendered for this revision of the product.
    /// (A summary read outside the catalog, such as a wishlist's, has revision 0 and is never stored.)
    public func html(for product: ProductSummary) -> String? {
        guard product.revision != 0 else { return nil }
        return state.withLock { $0.html[HTMLKey(id: product.id, revision: product.revision)] }
    }

    public func store(html: String, for product: ProductSummary) {
        guard product.revision != 0 else { return }
        state.withLock { $0.html.store(html, for: HTMLKey(id: product.id, revision: product.revision), keyBytes: 16) }
    }

    /// A fragment whose key is everything it is rendered from (a listing's filter sidebar: the address without its
    /// page and every facet count), so it can never show anything stale.
    public func fragment(named key: String) -> String? { state.withLock { $0.named[key] } }
    public func store(fragment: String, named key: String) {
        state.withLock { $0.named.store(fragment, for: key, keyBytes: key.utf8.count) }
    }
}

/// Rendered strings kept up to a byte budget, keys and values counted. Counting entries was not enough: an address
/// is the key, and a visitor's 60,000-character `brand` echoed into a 310 KB page grew the process by 700 MB in
/// 2,500 requests. Past the budget the store starts over: one drop is cheaper than tracking recency, and every
/// entry is cheap to render again.
struct ByteBoundedStore<Key: Hashable & Sendable>: Sendable {
    let budget: Int
    private var entries: [Key: String] = [:]
    private var bytes = 0

    init(budget: Int) { self.budget = budget }

    subscript(key: Key) -> String? { entries[key] }

    mutating func store(_ value: String, for key: Key, keyBytes: Int) {
        let size = value.utf8.count + keyBytes + 64  // 64: the dictionary's own share per entry, roughly
        guard size <= budget / 8 else { return }  // an answer that large is not worth keeping
        if let old = entries[key] { bytes -= old.utf8.count + keyBytes + 64 }
        if bytes + size > budget {
            entries.removeAll(keepingCapacity: true)
            bytes = 0
        }
        entries[key] = value
        bytes += size
    }
}

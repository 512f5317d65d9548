import Foundation
import SQLKit
import Synchronization

/// Caches what only changes when the catalog does: result pages, totals and facets per query, the category tree.
///
/// Every product, category or shop write bumps `catalog_version` in the database (triggers), so an
/// instance drops its entries as soon as it sees a new version, whichever instance wrote. The version is
/// read at most once per `versionCheckInterval`; writes made through this process call `invalidate()`
/// so they show at once here.
public final class CatalogCache: Sendable {
    struct State {
        var version: Int = -1
        /// Moves whenever the entries are dropped: a computation started before that must not store its result.
        var epoch = 0
        var checkedAt: ContinuousClock.Instant?
        var counts: [CatalogQuery: (total: Int, facets: Facets)] = [:]
        var pages: [CatalogQuery: [ProductSummary]] = [:]
        var tree: CategoryTree?
        var extras: [String: any Sendable] = [:]
        var fragments = ByteBoundedStore<Int>(budget: 8 << 20)
        var namedFragments = ByteBoundedStore<String>(budget: 8 << 20)
        var sharedBodies = ByteBoundedStore<String>(budget: 24 << 20)
    }

    private let state = Mutex(State())
    private let flights = Mutex<[FlightKey: Task<any Sendable, any Error>]>([:])
    private let versionCheckInterval: Duration
    /// Bounds the memory held by the count cache: past it the cache starts over (queries are cheap to recount).
    private let maxEntries = 5_000
    private let maxPages = 2_000

    public init(versionCheckInterval: Duration) {
        self.versionCheckInterval = versionCheckInterval
    }

    /// Drops every entry now (after a write made by this process).
    public func invalidate() {
        state.withLock { $0 = State(epoch: $0.epoch + 1) }
    }

    var epoch: Int { state.withLock { $0.epoch } }

    struct FlightKey: Hashable, Sendable {
        let kind: String
        let query: CatalogQuery
    }

    /// Requests that miss the same entry at the same time share one computation of it. A cold cache under load (a
    /// fresh instance, a catalog change) would otherwise count the whole catalog's facets once per waiting request
    /// and exhaust the connection pool: a second instance behind nginx served 6 listing pages a second that way.
    func coalesced<T: Sendable>(_ kind: String, _ query: CatalogQuery, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let key = FlightKey(kind: kind, query: query)
        let (flight, started) = flights.withLock { flights in
            if let flight = flights[key] { return (flight, false) }
            let flight = Task<any Sendable, any Error> { try await compute() }
            flights[key] = flight
            return (flight, true)
        }
        defer { if started { flights.withLock { $0[key] = nil } } }
        guard let value = try await flight.value as? T else { preconditionFailure("a flight kind answers one type") }
        return value
    }

    /// Reads the catalog version when the last reading is older than the check interval, dropping
    /// everything when it moved.
    /// (`sql` is made only when the check is due: making a database handle per request was measurable.)
    func refresh(on sql: @autoclosure () -> any SQLDatabase) async throws {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard let checkedAt = state.checkedAt else { return true }
            return checkedAt.duration(to: now) >= versionCheckInterval
        }
        guard due else { return }
        let row = try await sql().raw("SELECT value FROM app_settings WHERE key = 'catalog_version'").first()
        let version = Int(try row?.decode(column: "value", as: String.self) ?? "0") ?? 0
        state.withLock { state in
            if state.version != version { state = State(version: version, epoch: state.epoch + 1) }
            state.checkedAt = now
        }
    }

    func counts(for key: CatalogQuery) -> (total: Int, facets: Facets)? {
        state.withLock { $0.counts[key] }
    }

    func store(_ value: (total: Int, facets: Facets), for key: CatalogQuery, epoch: Int) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.counts.count >= maxEntries { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = value
        }
    }

    /// One page of results for a full query (filters, sort, page, cursor). A shop's traffic goes mostly to a few
    /// pages (the first pages of the listing, popular categories and searches); those are read from SQL once per
    /// catalog version. Deep pages cost an `OFFSET` scan the first time only.
    func page(for query: CatalogQuery) -> [ProductSummary]? {
        state.withLock { $0.pages[query] }
    }

    func store(page: [ProductSummary], for query: CatalogQuery, epoch: Int) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            // 24 cards of about half a kilobyte each: 2,000 pages stay near 25 MB.
            if state.pages.count >= maxPages { state.pages.removeAll(keepingCapacity: true) }
            state.pages[query] = page
        }
    }

    var tree: CategoryTree? { state.withLock { $0.tree } }
    func store(tree: CategoryTree) { state.withLock { $0.tree = tree } }

    /// Rendered HTML of a product card (valid until the catalog version changes).
    public func fragment(_ productID: Int) -> String? { state.withLock { $0.fragments[productID] } }
    public func store(fragment: String, for productID: Int) {
        state.withLock { $0.fragments.store(fragment, for: productID, keyBytes: 8) }
    }

    /// Rendered HTML keyed by a name (a listing's filter sidebar for one query), valid until the version changes.
    public func fragment(named key: String) -> String? { state.withLock { $0.namedFragments[key] } }
    public func store(fragment: String, named key: String) {
        state.withLock { $0.namedFragments.store(fragment, for: key, keyBytes: key.utf8.count) }
    }

    /// A response body that is the same for everyone who may have it, keyed by its address: a storefront page as
    /// anonymous visitors see it (`WebContext.storefront`), an API catalog answer.
    public func sharedBody(_ key: String) -> String? { state.withLock { $0.sharedBodies[key] } }
    public func store(sharedBody body: String, for key: String) {
        state.withLock { $0.sharedBodies.store(body, for: key, keyBytes: key.utf8.count) }
    }

    /// Small named values derived from the catalog (home page shelves, category counts).
    func extra<T: Sendable>(_ key: String, as: T.Type) -> T? { state.withLock { $0.extras[key] as? T } }
    func store(extra value: some Sendable, for key: String) { state.withLock { $0.extras[key] = value } }
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

import Foundation
import SQLKit
import Synchronization

/// Caches what only changes when the catalog does: totals and facets per query, the category tree.
///
/// Every product, category or shop write bumps `catalog_version` in the database (triggers), so an
/// instance drops its entries as soon as it sees a new version, whichever instance wrote. The version is
/// read at most once per `versionCheckInterval`; writes made through this process call `invalidate()`
/// so they show at once here.
public final class CatalogCache: Sendable {
    struct State {
        var version: Int = -1
        var checkedAt: ContinuousClock.Instant?
        var counts: [CatalogQuery: (total: Int, facets: Facets)] = [:]
        var tree: CategoryTree?
        var extras: [String: any Sendable] = [:]
        var fragments: [Int: String] = [:]
        var namedFragments: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let versionCheckInterval: Duration
    /// Bounds the memory held by the count cache: past it the cache starts over (queries are cheap to recount).
    private let maxEntries = 5_000

    public init(versionCheckInterval: Duration) {
        self.versionCheckInterval = versionCheckInterval
    }

    /// Drops every entry now (after a write made by this process).
    public func invalidate() {
        state.withLock { $0 = State() }
    }

    /// Reads the catalog version when the last reading is older than the check interval, dropping
    /// everything when it moved.
    func refresh(on sql: any SQLDatabase) async throws {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard let checkedAt = state.checkedAt else { return true }
            return checkedAt.duration(to: now) >= versionCheckInterval
        }
        guard due else { return }
        let row = try await sql.raw("SELECT value FROM app_settings WHERE key = 'catalog_version'").first()
        let version = Int(try row?.decode(column: "value", as: String.self) ?? "0") ?? 0
        state.withLock { state in
            if state.version != version { state = State(version: version) }
            state.checkedAt = now
        }
    }

    func counts(for key: CatalogQuery) -> (total: Int, facets: Facets)? {
        state.withLock { $0.counts[key] }
    }

    func store(_ value: (total: Int, facets: Facets), for key: CatalogQuery) {
        state.withLock { state in
            if state.counts.count >= maxEntries { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = value
        }
    }

    var tree: CategoryTree? { state.withLock { $0.tree } }
    func store(tree: CategoryTree) { state.withLock { $0.tree = tree } }

    /// Rendered HTML of a product card (valid until the catalog version changes).
    public func fragment(_ productID: Int) -> String? { state.withLock { $0.fragments[productID] } }
    public func store(fragment: String, for productID: Int) {
        state.withLock { state in
            if state.fragments.count >= maxEntries { state.fragments.removeAll(keepingCapacity: true) }
            state.fragments[productID] = fragment
        }
    }

    /// Rendered HTML keyed by a name (a listing's filter sidebar for one query), valid until the version changes.
    public func fragment(named key: String) -> String? { state.withLock { $0.namedFragments[key] } }
    public func store(fragment: String, named key: String) {
        state.withLock { state in
            if state.namedFragments.count >= 1_000 { state.namedFragments.removeAll(keepingCapacity: true) }
            state.namedFragments[key] = fragment
        }
    }

    /// Small named values derived from the catalog (home page shelves, category counts).
    func extra<T: Sendable>(_ key: String, as: T.Type) -> T? { state.withLock { $0.extras[key] as? T } }
    func store(extra value: some Sendable, for key: String) { state.withLock { $0.extras[key] = value } }
}

import Foundation
import SQLKit
import Synchronization

/// Keeps one instance's `CatalogIndex` current with the database.
///
/// The first use loads the whole catalog (in id order, a page at a time, so a million products never sit in memory
/// as rows). After that it reads `catalog_changes` (appended by triggers for every product, product-tag, shop,
/// category and tag write, on whichever instance it happened) past the last change it saw, and reloads just the
/// products, shops, categories or tags named there. Applying a change means "read that thing as it is now", so a
/// change applied twice or late does no harm.
///
/// - The instance that writes calls `catchUp()` after the write (`CatalogChangesMiddleware` does, after every
///   request that may write), so its own reads see it at once.
/// - Reads call `ensureFresh()`, which polls when the last poll is older than the interval: other instances' writes
///   show within that interval.
///
/// On PostgreSQL a sequence number is taken at insert and becomes visible at commit, so a change can appear after
/// one with a higher number. Numbers skipped over are kept as gaps and asked for again for a while (a rolled back
/// transaction leaves a gap that never fills).
public final class CatalogFeed: Sendable {
    let database: BacklineDatabase
    public let index: CatalogIndex
    private let interval: Duration

    struct State {
        var loaded = false
        var seen: Int64 = 0
        var gaps: [Int64: ContinuousClock.Instant] = [:]
        var lastPoll: ContinuousClock.Instant?
        /// Counts poll starts, so a caller can tell whether a poll began after it asked.
        var pollsStarted = 0
        var polling = false
    }

    private let state = Mutex(State())
    private let gate = WriteGate()
    /// How long a skipped sequence number is asked for again: longer than any transaction that writes the catalog.
    static let gapLifetime: Duration = .seconds(30)
    static let pageSize = 10_000

    public init(database: BacklineDatabase, index: CatalogIndex = CatalogIndex(), interval: Duration) {
        self.database = database
        self.index = index
        self.interval = interval
    }

    /// The feed's reads are a few indexed statements that a writer's request waits for: they go where no page
    /// reads queue (`writerSideSQL`).
    var sql: any SQLDatabase { database.writerSideSQL }

    /// Before a read: loads the index on first use, then polls when the last poll is older than the interval.
    public func ensureFresh() async throws {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard state.loaded, let last = state.lastPoll else { return true }
            if interval == .zero { return true }
            // Another request is already polling: this one reads what the index has, at most an interval old.
            return !state.polling && last.duration(to: now) >= interval
        }
        if due { try await catchUp() }
    }

    /// Applies every change committed before this call (one poll at a time; a caller whose changes a poll started
    /// after it asked has already covered waits for that poll and returns).
    public func catchUp() async throws {
        let asked = state.withLock { $0.pollsStarted }
        await gate.enter()
        do {
            let covered = state.withLock { $0.pollsStarted > asked && $0.lastPoll != nil }
            if !covered {
                state.withLock {
                    $0.pollsStarted += 1
                    $0.polling = true
                }
                defer { state.withLock { $0.polling = false } }
                try await poll()
                state.withLock { $0.lastPoll = ContinuousClock.now }
            }
            await gate.leave()
        } catch {
            await gate.leave()
            throw error
        }
    }

    // MARK: Polling

    private func poll() async throws {
        guard state.withLock({ $0.loaded }) else { return try await loadAll() }
        while true {
            let (seen, gaps) = state.withLock { state in
                let now = ContinuousClock.now
                state.gaps = state.gaps.filter { $0.value.duration(to: now) < Self.gapLifetime }
                return (state.seen, Array(state.gaps.keys.sorted().suffix(500)))
            }
            let gapClause: SQLQueryString = gaps.isEmpty ? "" : " OR seq IN (\(binds: gaps))"
            let rows = try await sql.raw(
                "SELECT seq, product_id, shop_id, category_id, tag_id FROM catalog_changes WHERE seq > \(bind: seen)" + gapClause
                    + " ORDER BY seq LIMIT \(literal: Self.pageSize)"
            ).all()
            if rows.isEmpty { return }
            var changes = Changes()
            var seqs: [Int64] = []
            for row in rows {
                seqs.append(try row.decode(column: "seq", as: Int64.self))
                if let id = try row.decode(column: "product_id", as: Int?.self) { changes.products.insert(id) }
                if let id = try row.decode(column: "shop_id", as: Int?.self) { changes.shops.insert(id) }
                if try row.decode(column: "category_id", as: Int?.self) != nil { changes.categories = true }
                if try row.decode(column: "tag_id", as: Int?.self) != nil { changes.tags = true }
            }
            let newest = seqs.max() ?? seen
            if newest > seen + Int64(rows.count) + Int64(gaps.count), try await fellBehind(seen) {
                // The changes after what this instance saw were pruned: start over from the whole catalog.
                return try await loadAll()
            }
            try await apply(changes)
            state.withLock { state in
                let now = ContinuousClock.now
                let arrived = Set(seqs)
                for seq in seqs { state.gaps[seq] = nil }
                // Numbers between the last seen and the newest that did not come are gaps (PostgreSQL only, in practice).
                if newest > state.seen + 1 {
                    var missing = state.seen + 1
                    while missing < newest && state.gaps.count < 10_000 {
                        if !arrived.contains(missing) { state.gaps[missing] = now }
                        missing += 1
                    }
                }
                state.seen = max(state.seen, newest)
            }
            if rows.count < Self.pageSize { return }
        }
    }

    /// Whether changes after `seen` may have been pruned before this instance read them.
    private func fellBehind(_ seen: Int64) async throws -> Bool {
        let oldest = try await sql.raw("SELECT MIN(seq) AS seq FROM catalog_changes").first()?.decode(column: "seq", as: Int64?.self) ?? nil
        return (oldest ?? 0) > seen + 1
    }

    struct Changes {
        var products = Set<Int>()
        var shops = Set<Int>()
        var categories = false
        var tags = false
    }

    private func apply(_ changes: Changes) async throws {
        if changes.categories { index.setTree(try await Self.loadTree(on: sql)) }
        if changes.tags { index.setTags(try await Self.loadTags(on: sql)) }
        if !changes.shops.isEmpty { index.setShops(try await Self.loadShops(ids: Array(changes.shops), on: sql)) }
        let ids = Array(changes.products)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let products = try await Self.loadProducts(on: sql, engine: database.engine, where: "p.id IN (\(binds: chunk))")
            index.upsert(products)
            let found = Set(products.map(\.id))
            index.remove(ids: chunk.filter { !found.contains($0) })
        }
    }

    private func loadAll() async throws {
        // The newest change first, then the data: whatever commits after this reading comes through the feed again.
        let newest = try await sql.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM catalog_changes").first()?.decode(column: "seq", as: Int64.self) ?? 0
        // Recent numbers not committed yet (PostgreSQL) are gaps to ask for later.
        let recent = try await sql.raw("SELECT seq FROM catalog_changes WHERE seq > \(bind: newest - 1_000)").all().map {
            try $0.decode(column: "seq", as: Int64.self)
        }
        let tree = try await Self.loadTree(on: sql)
        let tags = try await Self.loadTags(on: sql)
        let shops = try await Self.loadShops(ids: nil, on: sql)
        let largestID = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS id FROM products").first()?.decode(column: "id", as: Int.self) ?? 0
        try await index.replace(shops: shops, tags: tags, tree: tree, largestID: largestID) { add in
            var last = 0
            while true {
                let page = try await Self.loadProducts(
                    on: sql, engine: database.engine, where: "p.id > \(bind: last)", tail: " ORDER BY p.id LIMIT \(literal: Self.pageSize)")
                add(page)
                guard let next = page.last?.id, page.count == Self.pageSize else { break }
                last = next
            }
        }
        state.withLock { state in
            let now = ContinuousClock.now
            let present = Set(recent)
            state.gaps = [:]
            var seq = max(newest - 1_000, 0) + 1
            while seq <= newest {
                if !present.contains(seq) { state.gaps[seq] = now }
                seq += 1
            }
            state.seen = newest
            state.loaded = true
        }
    }

    // MARK: Reading the database

    static func loadTree(on sql: any SQLDatabase) async throws -> CategoryTree {
        let rows = try await sql.raw("SELECT id, parent_id, name, slug, position FROM categories").all()
        return CategoryTree(
            nodes: try rows.map {
                .init(
                    id: try $0.decode(column: "id", as: Int.self), parentID: try $0.decode(column: "parent_id", as: Int?.self),
                    name: try $0.decode(column: "name", as: String.self), slug: try $0.decode(column: "slug", as: String.self),
                    position: try $0.decode(column: "position", as: Int.self))
            })
    }

    static func loadTags(on sql: any SQLDatabase) async throws -> [(id: Int, slug: String)] {
        try await sql.raw("SELECT id, slug FROM tags").all().map {
            (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "slug", as: String.self))
        }
    }

    static func loadShops(ids: [Int]?, on sql: any SQLDatabase) async throws -> [(id: Int, active: Bool)] {
        let filter: SQLQueryString = ids.map { " WHERE id IN (\(binds: $0))" } ?? ""
        return try await sql.raw("SELECT id, CASE WHEN active THEN 1 ELSE 0 END AS is_active FROM shops" + filter).all().map {
            (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "is_active", as: Int.self) == 1)
        }
    }

    /// Read by hand, column by column, not through `SQLRowDecoder`: this reads every product when an instance starts
    /// (100,000 to 1,000,000 rows, the start-up time the README reports), and the change feed reads its rows each check.
    static func loadProducts(on sql: any SQLDatabase, engine: BacklineDatabase.Engine, where condition: SQLQueryString, tail: SQLQueryString = "")
        async throws -> [IndexedProduct]
    {
        let rows = try await sql.raw(
            """
            SELECT p.id, p.category_id, p.brand, p.condition, p.price_cents, p.rating_avg, p.rating_count, \(StockHolds.free) AS stock, p.sold_count,
              p.created_at, p.shop_id, CASE WHEN p.status = 'approved' AND p.active AND p.deleted_at IS NULL THEN 1 ELSE 0 END AS listed_own,
              CASE WHEN p.deleted_at IS NULL THEN 0 ELSE 1 END AS is_deleted
            FROM products p WHERE
            """ + " " + condition + tail
        ).all()
        var products = try rows.map { row in
            IndexedProduct(
                id: try row.decode(column: "id", as: Int.self),
                categoryID: try row.decode(column: "category_id", as: Int.self),
                brand: try row.decode(column: "brand", as: String.self),
                condition: try row.decode(column: "condition", as: String.self),
                priceCents: try row.decode(column: "price_cents", as: Int.self),
                ratingAvg: try row.decode(column: "rating_avg", as: Double.self),
                ratingCount: try row.decode(column: "rating_count", as: Int.self),
                stock: try row.decode(column: "stock", as: Int.self),
                soldCount: try row.decode(column: "sold_count", as: Int.self),
                // SQLite keeps dates as REAL seconds: read as they are stored, so equal stays equal and order stays order.
                createdAt: engine == .sqlite
                    ? try row.decode(column: "created_at", as: Double.self)
                    : try row.decode(column: "created_at", as: Date.self).timeIntervalSince1970,
                shopID: try row.decode(column: "shop_id", as: Int.self),
                listedOwn: try row.decode(column: "listed_own", as: Int.self) == 1,
                deleted: try row.decode(column: "is_deleted", as: Int.self) == 1,
                tagIDs: [])
        }
        guard let first = products.first, let last = products.last else { return products }
        let ids = products.map(\.id)
        let range: SQLQueryString =
            ids.count > 500 ? "product_id BETWEEN \(bind: first.id) AND \(bind: last.id)" : "product_id IN (\(binds: ids))"
        var tags: [Int: [Int]] = [:]
        for row in try await sql.raw("SELECT product_id, tag_id FROM product_tags WHERE " + range + " ORDER BY product_id, tag_id").all() {
            tags[try row.decode(column: "product_id", as: Int.self), default: []].append(try row.decode(column: "tag_id", as: Int.self))
        }
        for index in products.indices { products[index].tagIDs = tags[products[index].id] ?? [] }
        return products
    }

    /// Keeps the newest changes only (the hourly sweep): an instance further behind than that loads the catalog again.
    public func prune(keeping: Int = 50_000) async throws -> Int {
        let newest = try await sql.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM catalog_changes").first()?.decode(column: "seq", as: Int64.self) ?? 0
        let cutoff = newest - Int64(keeping)
        guard cutoff > 0 else { return 0 }
        let count =
            try await sql.raw("SELECT COUNT(*) AS n FROM catalog_changes WHERE seq <= \(bind: cutoff)").first()?.decode(column: "n", as: Int.self)
            ?? 0
        try await sql.raw("DELETE FROM catalog_changes WHERE seq <= \(bind: cutoff)").run()
        return count
    }
}

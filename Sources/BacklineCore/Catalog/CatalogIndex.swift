import Foundation
import Synchronization

/// The catalog in memory, in compact columns, so that any catalog query's matching set, total, facet counts and page
/// of ids come from a scan over a few arrays instead of SQL (issue 15: an uncached listing cost a COUNT and four
/// GROUP BY scans, hundreds of milliseconds for a big category). Full-text search stays in the database, which hands
/// the matching ids over (`TextMatch`); the index intersects them with the filters.
///
/// It holds every product the database has (listed or not, so a cursor can start after a product that has since
/// gone), indexed by product id. `CatalogFeed` fills it and keeps it current product by product from the change feed;
/// a write changes that product's entry and nothing else. Card data is not here: the page's ids are looked up in
/// `CardStore` by the `revision` the index gives each product, which moves whenever its entry does.
///
/// A readers-writer lock guards the columns: queries scan side by side, a change waits for them and goes first.
public final class CatalogIndex: Sendable {
    private let state = ReadWriteLocked(Columns())

    public init() {}

    /// Products as the database holds them now: each replaces its entry (or adds it).
    func upsert(_ products: [IndexedProduct]) {
        state.write { columns in
            for product in products { columns.upsert(product) }
        }
    }

    /// Products no longer in the database at all.
    func remove(ids: [Int]) {
        state.write { columns in
            for id in ids { columns.remove(id) }
        }
    }

    /// Everything at once (a first load or a reload): replaces the whole index with what `load` gives page by page,
    /// so no more than a page of products is held besides the columns (at 1,000,000 products the whole list
    /// of them cost 130 MB at its peak).
    func replace(
        shops: [(id: Int, active: Bool)], tags: [(id: Int, slug: String)], tree: CategoryTree, largestID: Int,
        load: (_ add: ([IndexedProduct]) -> Void) async throws -> Void
    ) async rethrows {
        var columns = Columns()
        columns.tree = tree
        columns.tagIDsBySlug = Dictionary(tags.map { ($0.slug, $0.id) }, uniquingKeysWith: { first, _ in first })
        for shop in shops { columns.inactiveShops[shop.id] = shop.active ? nil : true }
        columns.grow(to: largestID)
        try await load { columns.bulkAdd($0) }
        columns.finishBulkLoad()
        let loaded = columns
        state.write { $0 = loaded }
    }

    func setShops(_ shops: [(id: Int, active: Bool)]) {
        state.write { columns in
            for shop in shops { columns.setShop(shop.id, active: shop.active) }
        }
    }

    func setTags(_ tags: [(id: Int, slug: String)]) {
        state.write { $0.tagIDsBySlug = Dictionary(tags.map { ($0.slug, $0.id) }, uniquingKeysWith: { first, _ in first }) }
    }

    func setTree(_ tree: CategoryTree) {
        state.write { $0.tree = tree }
    }

    var tree: CategoryTree { state.read { $0.tree } }

    /// Where a product's card data stands: moves on every change of the product or its shop.
    func revision(of id: Int) -> UInt32 {
        state.read { id < $0.packed.count ? $0.revision[id] : 0 }
    }

    func revisions(of ids: [Int]) -> [UInt32] {
        state.read { columns in ids.map { $0 < columns.packed.count ? columns.revision[$0] : 0 } }
    }

    /// Runs one catalog query: total and facet counts (when asked) and the ids of the requested page, in order.
    func evaluate(_ query: IndexQuery, countFacets: Bool = true) -> IndexAnswer {
        state.read { $0.evaluate(query, countFacets: countFacets) }
    }

    /// Listed products of a shop, and its review totals over every product it has not deleted (the shop's rating).
    func shopStats(_ shopID: Int) -> ShopStats {
        state.write { columns in
            if let stats = columns.shopStats[shopID] { return stats }
            var listed = 0
            var sum = 0.0
            var count = 0
            for id32 in columns.shopProducts[shopID] ?? [] {
                let id = Int(id32)
                let word = columns.packed[id]
                guard word & Packed.alive != 0 else { continue }
                if word & Packed.listedOwn != 0 { listed += 1 }
                sum += columns.ratingAvg[id] * Double(columns.ratingCount[id])
                count += Int(columns.ratingCount[id])
            }
            let stats = ShopStats(listed: listed, ratingSum: sum, ratingCount: count)
            columns.shopStats[shopID] = stats
            return stats
        }
    }
}

/// A shop's listed products and the review totals of those it has not deleted (its rating).
struct ShopStats: Sendable {
    var listed: Int
    var ratingSum: Double
    var ratingCount: Int
}

/// A product's indexed fields, as the loader reads them.
struct IndexedProduct: Sendable {
    var id: Int
    var categoryID: Int
    var brand: String
    var condition: String
    var priceCents: Int
    var ratingAvg: Double
    var ratingCount: Int
    var stock: Int
    var soldCount: Int
    /// Seconds since 1970, as the database orders `created_at`.
    var createdAt: Double
    var shopID: Int
    /// Approved, active and not deleted: listed whenever its shop is active.
    var listedOwn: Bool
    var deleted: Bool
    var tagIDs: [Int]
}

/// What the database's full-text search matched: every matching id, and those that match in name, brand or model
/// (relevance puts them first).
struct TextMatch: Sendable {
    var ids: [Int]
    var strong: Set<Int>
}

/// A catalog query resolved against the index's dictionaries. A value the catalog does not have (a category slug,
/// a tag) makes `nothing` true.
struct IndexQuery: Sendable {
    var categoryIDs: Set<Int>?
    var brands: [String]?
    var conditions: [Condition]?
    var minPriceCents: Int?
    var maxPriceCents: Int?
    var minRating: Int?
    var inStock = false
    var shopID: Int?
    var tagSlug: String?
    var excludeID: Int?
    var text: TextMatch?
    var order: CatalogQuery.Sort = .newest
    var offset = 0
    var limit = 24
    /// Keyset paging: the results after this product in `order`.
    var after: Int?
}

/// The index's answer: counts per facet value before they are named and rolled up (`CatalogService` does that).
struct IndexAnswer: Sendable {
    var total = 0
    var pageIDs: [Int] = []
    /// Per category id, the products in that very category (not below it).
    var categoryCounts: [Int: Int] = [:]
    var brandCounts: [String: Int] = [:]
    var conditionCounts: [Condition: Int] = [:]
    /// Per `PriceBand.all` index.
    var bandCounts: [Int] = Array(repeating: 0, count: PriceBand.all.count)
}

/// One product's filterable attributes packed in a word, so a scan reads one array per product.
enum Packed {
    static let categoryBits: UInt64 = 20, brandShift: UInt64 = 20, brandBits: UInt64 = 20
    static let conditionShift: UInt64 = 40, bandShift: UInt64 = 43, ratingShift: UInt64 = 46
    static let listed: UInt64 = 1 << 49
    static let inStock: UInt64 = 1 << 50
    static let listedOwn: UInt64 = 1 << 51
    static let alive: UInt64 = 1 << 52
    static let known: UInt64 = 1 << 53
    static let fieldMask: UInt64 = (1 << 20) - 1
    /// The condition code of a grade the enum does not have: no filter ever allows it.
    static let unknownCondition: UInt64 = 7

    @inline(__always) static func category(_ word: UInt64) -> Int { Int(word & fieldMask) }
    @inline(__always) static func brand(_ word: UInt64) -> Int { Int((word >> brandShift) & fieldMask) }
    @inline(__always) static func condition(_ word: UInt64) -> Int { Int((word >> conditionShift) & 7) }
    @inline(__always) static func band(_ word: UInt64) -> Int { Int((word >> bandShift) & 7) }
    /// The largest whole rating r (0…5) with `rating_avg >= r`: what `min_rating` compares.
    @inline(__always) static func ratingFloor(_ word: UInt64) -> Int { Int((word >> ratingShift) & 7) }

    static func band(ofPrice cents: Int) -> Int {
        PriceBand.all.firstIndex { cents >= $0.lowCents && ($0.highCents.map { cents <= $0 } ?? true) } ?? 0
    }
}

/// A set of product ids as bits.
struct IDBits {
    private(set) var words: [UInt64]
    init(capacity: Int) { words = Array(repeating: 0, count: capacity / 64 + 1) }
    @inline(__always) mutating func insert(_ id: Int) { words[id >> 6] |= 1 << UInt64(id & 63) }
    @inline(__always) func contains(_ id: Int) -> Bool { id >> 6 < words.count && words[id >> 6] & (1 << UInt64(id & 63)) != 0 }
}

/// The sort orders kept presorted over every product in the index. Price descending is price ascending walked
/// backwards (both break ties by id in the same direction as the price).
enum SortKey: Int, CaseIterable {
    case newest, price, popular, rating
}

/// How many products have each value of each facet (and how many there are), over the products passing one base
/// filter: a query with no other filter but its facets counts each facet it does not scan for from here.
struct BaseCounts {
    var total = 0
    var category: [Int] = []
    var brand: [Int] = []
    var condition = Array(repeating: 0, count: 8)
    var band = Array(repeating: 0, count: 8)

    mutating func add(_ word: UInt64, _ delta: Int) {
        total += delta
        let (category, brand) = (Packed.category(word), Packed.brand(word))
        if category >= self.category.count { self.category += Array(repeating: 0, count: category + 1 - self.category.count) }
        if brand >= self.brand.count { self.brand += Array(repeating: 0, count: brand + 1 - self.brand.count) }
        self.category[category] += delta
        self.brand[brand] += delta
        condition[Packed.condition(word)] += delta
        band[Packed.band(word)] += delta
    }
}

/// The facets a product has one value of, which listings filter on and count by.
enum Facet: Int, CaseIterable {
    case category, brand, condition

    @inline(__always) func value(_ word: UInt64) -> Int {
        switch self {
        case .category: Packed.category(word)
        case .brand: Packed.brand(word)
        case .condition: Packed.condition(word)
        }
    }
}

struct Columns {
    var packed: [UInt64] = []
    var price: [Int] = []
    var created: [Double] = []
    var sold: [Int32] = []
    var ratingAvg: [Double] = []
    var ratingCount: [Int32] = []
    var shop: [Int32] = []
    var revision: [UInt32] = []
    var nextRevision: UInt32 = 1
    /// Every product id in the index, in each `SortKey`'s order.
    var sorted: [[Int32]] = Array(repeating: [], count: SortKey.allCases.count)
    var shopProducts: [Int: [Int32]] = [:]
    var inactiveShops: [Int: Bool] = [:]
    var tagProducts: [Int: [Int32]] = [:]
    var productTags: [Int: [Int32]] = [:]
    /// Every product id by its value of each facet (category, brand code, condition code), ascending. With two or more
    /// facet filters, every product a count or the page can include is in one of two of them (see `candidates`).
    var facetProducts: [[Int: [Int32]]] = Array(repeating: [:], count: Facet.allCases.count)
    /// Counts by facet value of the listed products (`[0]`) and the listed products in stock (`[1]`).
    var base = [BaseCounts(), BaseCounts()]
    var tagIDsBySlug: [String: Int] = [:]
    var brandNames: [String] = []
    var brandCodes: [String: Int] = [:]
    var tree = CategoryTree(nodes: [])
    /// Each shop's totals, summed on first use after any change to one of its products.
    var shopStats: [Int: ShopStats] = [:]

    // MARK: Order

    /// Whether product a comes before product b in the key's order (a strict total order: ids break every tie).
    @inline(__always) func precedes(_ a: Int, _ b: Int, _ key: SortKey) -> Bool {
        switch key {
        case .newest: return created[a] > created[b] || (created[a] == created[b] && a > b)
        case .price: return price[a] < price[b] || (price[a] == price[b] && a < b)
        case .popular: return sold[a] > sold[b] || (sold[a] == sold[b] && a > b)
        case .rating:
            if ratingAvg[a] != ratingAvg[b] { return ratingAvg[a] > ratingAvg[b] }
            if ratingCount[a] != ratingCount[b] { return ratingCount[a] > ratingCount[b] }
            return a > b
        }
    }

    /// The first position in the key's order whose product does not come before `id`.
    func position(of id: Int, _ key: SortKey) -> Int {
        let ids = sorted[key.rawValue]
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if precedes(Int(ids[mid]), id, key) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Writing

    /// The word bits of each base filter `base` counts for: listed; listed and in stock.
    static let baseVariants = [Packed.listed, Packed.listed | Packed.inStock]

    /// Every change of a product's word goes through here, so the base counts always hold.
    mutating func setWord(_ id: Int, _ word: UInt64) {
        let old = packed[id]
        for (variant, required) in Self.baseVariants.enumerated() {
            if old & required == required { base[variant].add(old, -1) }
            if word & required == required { base[variant].add(word, 1) }
        }
        packed[id] = word
    }

    mutating func grow(to id: Int) {
        guard id >= packed.count else { return }
        let count = max(id + 1, packed.count + packed.count / 4)
        func extend<T>(_ array: inout [T], _ zero: T) { array.append(contentsOf: repeatElement(zero, count: count - array.count)) }
        extend(&packed, 0)
        extend(&price, 0)
        extend(&created, 0)
        extend(&sold, 0)
        extend(&ratingAvg, 0)
        extend(&ratingCount, 0)
        extend(&shop, 0)
        extend(&revision, 0)
    }

    mutating func brandCode(_ brand: String) -> Int {
        if let code = brandCodes[brand] { return code }
        let code = min(brandNames.count, Int(Packed.fieldMask))
        brandNames.append(brand)
        brandCodes[brand] = code
        return code
    }

    func word(for product: IndexedProduct, brandCode: Int) -> UInt64 {
        let condition = Condition.allCases.firstIndex { $0.rawValue == product.condition }.map(UInt64.init) ?? Packed.unknownCondition
        let rating = UInt64((1...5).last { product.ratingAvg >= Double($0) } ?? 0)
        var word = UInt64(min(max(product.categoryID, 0), Int(Packed.fieldMask)))
        word |= UInt64(brandCode) << Packed.brandShift
        word |= condition << Packed.conditionShift
        word |= UInt64(Packed.band(ofPrice: product.priceCents)) << Packed.bandShift
        word |= rating << Packed.ratingShift
        word |= Packed.known
        if !product.deleted { word |= Packed.alive }
        if product.stock > 0 { word |= Packed.inStock }
        if product.listedOwn {
            word |= Packed.listedOwn
            if inactiveShops[product.shopID] == nil { word |= Packed.listed }
        }
        return word
    }

    /// Writes a product's columns (not its place in the sort orders).
    mutating func store(_ product: IndexedProduct) {
        let id = product.id
        shopStats[product.shopID] = nil
        if packed[id] & Packed.known != 0 { shopStats[Int(shop[id])] = nil }
        setWord(id, word(for: product, brandCode: brandCode(product.brand)))
        price[id] = product.priceCents
        created[id] = product.createdAt
        sold[id] = Int32(clamping: product.soldCount)
        ratingAvg[id] = product.ratingAvg
        ratingCount[id] = Int32(clamping: product.ratingCount)
        shop[id] = Int32(clamping: product.shopID)
        revision[id] = nextRevision
        nextRevision &+= 1
    }

    /// Adds products not in the index yet, in ascending id order, without their places in the sorted lists and orders
    /// (`finishBulkLoad` gives them those).
    mutating func bulkAdd(_ products: [IndexedProduct]) {
        grow(to: products.map(\.id).max() ?? 0)
        for product in products {
            store(product)
            for facet in Facet.allCases { facetProducts[facet.rawValue][facet.value(packed[product.id]), default: []].append(Int32(product.id)) }
            shopProducts[product.shopID, default: []].append(Int32(product.id))
            if !product.tagIDs.isEmpty {
                productTags[product.id] = product.tagIDs.map { Int32($0) }
                for tag in product.tagIDs { tagProducts[tag, default: []].append(Int32(product.id)) }
            }
        }
    }

    mutating func finishBulkLoad() {
        for shopID in shopProducts.keys { shopProducts[shopID]!.sort() }
        for tag in tagProducts.keys { tagProducts[tag]!.sort() }
        for facet in Facet.allCases { for value in facetProducts[facet.rawValue].keys { facetProducts[facet.rawValue][value]!.sort() } }
        let ids = packed.indices.filter { packed[$0] & Packed.known != 0 }.map { Int32($0) }
        for key in SortKey.allCases {
            sorted[key.rawValue] = ids.sorted { precedes(Int($0), Int($1), key) }
        }
    }

    mutating func upsert(_ product: IndexedProduct) {
        let id = product.id
        grow(to: id)
        let isNew = packed[id] & Packed.known == 0
        if !isNew {
            for key in SortKey.allCases { removeFromOrder(id, key) }
            if Int(shop[id]) != product.shopID { removeSorted(Int32(id), from: &shopProducts[Int(shop[id]), default: []]) }
        }
        let oldShop = isNew ? nil : Int(shop[id])
        let oldWord = packed[id]
        store(product)
        for facet in Facet.allCases {
            let (old, new) = (facet.value(oldWord), facet.value(packed[id]))
            guard isNew || old != new else { continue }
            if !isNew { removeSorted(Int32(id), from: &facetProducts[facet.rawValue][old, default: []]) }
            insertSorted(Int32(id), into: &facetProducts[facet.rawValue][new, default: []])
        }
        for key in SortKey.allCases { sorted[key.rawValue].insert(Int32(id), at: position(of: id, key)) }
        if oldShop != product.shopID { insertSorted(Int32(id), into: &shopProducts[product.shopID, default: []]) }
        setTags(of: id, to: product.tagIDs.map { Int32($0) })
    }

    mutating func remove(_ id: Int) {
        guard id < packed.count, packed[id] & Packed.known != 0 else { return }
        for key in SortKey.allCases { removeFromOrder(id, key) }
        removeSorted(Int32(id), from: &shopProducts[Int(shop[id]), default: []])
        for facet in Facet.allCases { removeSorted(Int32(id), from: &facetProducts[facet.rawValue][facet.value(packed[id]), default: []]) }
        setTags(of: id, to: [])
        shopStats[Int(shop[id])] = nil
        setWord(id, 0)
        revision[id] = nextRevision
        nextRevision &+= 1
    }

    mutating func removeFromOrder(_ id: Int, _ key: SortKey) {
        let at = position(of: id, key)
        if at < sorted[key.rawValue].count, sorted[key.rawValue][at] == Int32(id) { sorted[key.rawValue].remove(at: at) }
    }

    mutating func setTags(of id: Int, to tags: [Int32]) {
        let old = productTags[id] ?? []
        guard old != tags else { return }
        for tag in old where !tags.contains(tag) { removeSorted(Int32(id), from: &tagProducts[Int(tag), default: []]) }
        for tag in tags where !old.contains(tag) { insertSorted(Int32(id), into: &tagProducts[Int(tag), default: []]) }
        productTags[id] = tags.isEmpty ? nil : tags
    }

    /// A shop opened or closed: its products join or leave the listing, and their cards (which name the shop) move on.
    mutating func setShop(_ shopID: Int, active: Bool) {
        inactiveShops[shopID] = active ? nil : true
        shopStats[shopID] = nil
        for id32 in shopProducts[shopID] ?? [] {
            let id = Int(id32)
            var word = packed[id] & ~Packed.listed
            if active && word & Packed.listedOwn != 0 { word |= Packed.listed }
            setWord(id, word)
            revision[id] = nextRevision
            nextRevision &+= 1
        }
    }

    /// Where `id` is or would go in an ascending id list.
    func lowerBound(_ id: Int32, in ids: [Int32]) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func insertSorted(_ id: Int32, into ids: inout [Int32]) {
        let at = lowerBound(id, in: ids)
        if at == ids.count || ids[at] != id { ids.insert(id, at: at) }
    }

    func removeSorted(_ id: Int32, from ids: inout [Int32]) {
        let at = lowerBound(id, in: ids)
        if at < ids.count && ids[at] == id { ids.remove(at: at) }
    }

    // MARK: Reading

    /// The filters of one query as lookups made per product. The facet filters are tables that say 1 for an allowed
    /// value, every value allowed when the facet is not filtered, so the scan tests them without branches. Plain
    /// arrays, not optionals: unwrapping an optional array per product retains and releases it.
    struct Test {
        var categoryAllowed: [UInt8]
        /// What a category outside the table gets (a product whose category the tree does not know yet).
        var categoryOutside: UInt8 = 1
        var brandAllowed: [UInt8]
        var conditionAllowed: [UInt8] = Array(repeating: 1, count: 8)
        var minPrice = Int.min
        var maxPrice = Int.max
        var minRating = 0
        /// The word bits every match has: listed, and in stock when asked.
        var required = Packed.listed
        var filtersShop = false
        var shopID: Int32 = 0
        var filtersTag = false
        var tag = IDBits(capacity: 0)
        var filtersText = false
        var text = IDBits(capacity: 0)
        var excludeID = -1
        /// A filter names something the catalog does not have: nothing matches.
        var nothing = false
    }

    func test(for query: IndexQuery) -> Test {
        var test = Test(
            categoryAllowed: Array(repeating: 1, count: (tree.nodes.map(\.id).max() ?? 0) + 1),
            brandAllowed: Array(repeating: 1, count: brandNames.count + 1))
        if let ids = query.categoryIDs {
            test.categoryAllowed = test.categoryAllowed.map { _ in 0 }
            for id in ids where id >= 0 && id < test.categoryAllowed.count { test.categoryAllowed[id] = 1 }
            test.categoryOutside = 0
        }
        if let brands = query.brands {
            test.brandAllowed = test.brandAllowed.map { _ in 0 }
            for brand in brands { if let code = brandCodes[brand] { test.brandAllowed[code] = 1 } }
        }
        if let conditions = query.conditions {
            test.conditionAllowed = Array(repeating: 0, count: 8)
            for condition in conditions { test.conditionAllowed[Condition.allCases.firstIndex(of: condition)!] = 1 }
        }
        test.minPrice = query.minPriceCents ?? Int.min
        test.maxPrice = query.maxPriceCents ?? Int.max
        test.minRating = query.minRating ?? 0
        if query.inStock { test.required |= Packed.inStock }
        if let shopID = query.shopID {
            test.filtersShop = true
            test.shopID = Int32(clamping: shopID)
            if shopID > Int(Int32.max) { test.nothing = true }
        }
        test.excludeID = query.excludeID ?? -1
        if let slug = query.tagSlug {
            if let tag = tagIDsBySlug[slug] {
                var bits = IDBits(capacity: packed.count)
                for id in tagProducts[tag] ?? [] { bits.insert(Int(id)) }
                test.filtersTag = true
                test.tag = bits
            } else {
                test.nothing = true
            }
        }
        if let text = query.text {
            var bits = IDBits(capacity: packed.count)
            for id in text.ids where id < packed.count { bits.insert(id) }
            test.filtersText = true
            test.text = bits
        }
        return test
    }

    /// The filters that are not facets (each facet is counted without its own filter): listed, text, tag, shop,
    /// rating, stock.
    @inline(__always) func passesBase(_ id: Int, _ word: UInt64, _ test: borrowing Test) -> Bool {
        guard word & test.required == test.required, id != test.excludeID, Packed.ratingFloor(word) >= test.minRating else { return false }
        if test.filtersShop && shop[id] != test.shopID { return false }
        if test.filtersTag && !test.tag.contains(id) { return false }
        if test.filtersText && !test.text.contains(id) { return false }
        return true
    }

    /// Which facet filters the product fails, one bit per facet (category 1, brand 2, condition 4, price 8).
    @inline(__always) static func facetFailures(
        _ word: UInt64, price: Int, categories: UnsafeBufferPointer<UInt8>, categoryOutside: UInt8, brands: UnsafeBufferPointer<UInt8>,
        conditions: UnsafeBufferPointer<UInt8>, minPrice: Int, maxPrice: Int
    ) -> Int {
        let category = Packed.category(word)
        let categoryFails = (category < categories.count ? categories[category] : categoryOutside) ^ 1
        let brandFails = brands[Packed.brand(word)] ^ 1
        let conditionFails = conditions[Packed.condition(word)] ^ 1
        let priceFails: UInt8 = (price >= minPrice) && (price <= maxPrice) ? 0 : 1
        return Int(categoryFails | brandFails << 1 | conditionFails << 2 | priceFails << 3)
    }

    @inline(__always) func facetFailures(_ id: Int, _ word: UInt64, _ test: borrowing Test) -> Int {
        test.categoryAllowed.withUnsafeBufferPointer { categories in
            test.brandAllowed.withUnsafeBufferPointer { brands in
                test.conditionAllowed.withUnsafeBufferPointer { conditions in
                    Self.facetFailures(
                        word, price: price[id], categories: categories, categoryOutside: test.categoryOutside, brands: brands, conditions: conditions,
                        minPrice: test.minPrice, maxPrice: test.maxPrice)
                }
            }
        }
    }

    @inline(__always) func matches(_ id: Int, _ test: borrowing Test) -> Bool {
        let word = packed[id]
        return passesBase(id, word, test) && facetFailures(id, word, test) == 0
    }

    /// What the counting scan adds up.
    struct Tally {
        var total = 0
        var categoryCounts: [Int]
        var brandCounts: [Int]
        var conditionCounts = Array(repeating: 0, count: 8)
        var bandCounts = Array(repeating: 0, count: 8)
        var gathered: [Int32] = []
        var gatheredAll = true
        let gatherLimit: Int
    }

    /// The counting scan over the candidates (every product when nil). A match counts everywhere; a product failing
    /// exactly one facet's filter counts in that facet only (so choosing a brand still shows what the other brands
    /// would add). Written over raw buffers: it visits up to every product per query, and array bounds checks,
    /// uniqueness checks and reference counting were most of its time (1.5 ms at 100,000 products; about a fifth of
    /// that without them).
    func scan(_ candidates: Candidates?, _ test: Test, _ tally: inout Tally) {
        let count = packed.count
        let filtersPrice = test.minPrice != Int.min || test.maxPrice != Int.max
        // Every id of the candidate list passes the filter the list came from: no need to look again.
        let checksShop = test.filtersShop && candidates?.source != .shop
        let checksTag = test.filtersTag && candidates?.source != .tag
        let checksText = test.filtersText && candidates?.source != .text
        packed.withUnsafeBufferPointer { words in
            price.withUnsafeBufferPointer { prices in
                shop.withUnsafeBufferPointer { shops in
                    test.categoryAllowed.withUnsafeBufferPointer { categoryAllowed in
                        test.brandAllowed.withUnsafeBufferPointer { brandAllowed in
                            test.conditionAllowed.withUnsafeBufferPointer { conditionAllowed in
                                test.tag.words.withUnsafeBufferPointer { tagWords in
                                    test.text.words.withUnsafeBufferPointer { textWords in
                                        tally.categoryCounts.withUnsafeMutableBufferPointer { categoryCounts in
                                            tally.brandCounts.withUnsafeMutableBufferPointer { brandCounts in
                                                var total = 0
                                                var gathered: [Int32] = []
                                                var gatheredAll = true
                                                let gatherLimit = tally.gatherLimit
                                                var conditionCounts = (0, 0, 0, 0, 0, 0, 0, 0)
                                                var bandCounts = (0, 0, 0, 0, 0, 0, 0, 0)
                                                withUnsafeMutableBytes(of: &conditionCounts) { conditionRaw in
                                                    withUnsafeMutableBytes(of: &bandCounts) { bandRaw in
                                                        let conditions = conditionRaw.bindMemory(to: Int.self)
                                                        let bands = bandRaw.bindMemory(to: Int.self)
                                                        @inline(__always) func visit(_ id: Int) {
                                                            let word = words[id]
                                                            guard word & test.required == test.required, id != test.excludeID,
                                                                Packed.ratingFloor(word) >= test.minRating
                                                            else { return }
                                                            if checksShop && shops[id] != test.shopID { return }
                                                            if checksTag && tagWords[id >> 6] & (1 << UInt64(id & 63)) == 0 { return }
                                                            if checksText && textWords[id >> 6] & (1 << UInt64(id & 63)) == 0 { return }
                                                            // Without branches from here on: which filters pass is as good as random per
                                                            // product, and mispredicted branches were most of the scan's time.
                                                            // The price only when the query bounds it: at 1,000,000 products each load is a
                                                            // cache miss, and the branch goes the same way for every product of a query.
                                                            let failed = Self.facetFailures(
                                                                word, price: filtersPrice ? prices[id] : 0, categories: categoryAllowed,
                                                                categoryOutside: test.categoryOutside, brands: brandAllowed,
                                                                conditions: conditionAllowed,
                                                                minPrice: test.minPrice, maxPrice: test.maxPrice)
                                                            let category = Packed.category(word)
                                                            let matched = failed == 0 ? 1 : 0
                                                            total += matched
                                                            if matched == 1 && gatheredAll {
                                                                if gathered.count < gatherLimit {
                                                                    gathered.append(Int32(truncatingIfNeeded: id))
                                                                } else {
                                                                    gatheredAll = false
                                                                }
                                                            }
                                                            if category < categoryCounts.count {
                                                                categoryCounts[category] &+= failed & ~1 == 0 ? 1 : 0
                                                            }
                                                            brandCounts[Packed.brand(word)] &+= failed & ~2 == 0 ? 1 : 0
                                                            conditions[Packed.condition(word)] &+= failed & ~4 == 0 ? 1 : 0
                                                            bands[Packed.band(word)] &+= failed & ~8 == 0 ? 1 : 0
                                                        }
                                                        if let candidates {
                                                            for id in candidates.ids where Int(id) < count { visit(Int(id)) }
                                                        } else {
                                                            for id in 0..<count { visit(id) }
                                                        }
                                                    }
                                                }
                                                tally.total = total
                                                tally.gathered = gathered
                                                tally.gatheredAll = gatheredAll
                                                tally.conditionCounts = [
                                                    conditionCounts.0, conditionCounts.1, conditionCounts.2, conditionCounts.3, conditionCounts.4,
                                                    conditionCounts.5, conditionCounts.6, conditionCounts.7,
                                                ]
                                                tally.bandCounts = [
                                                    bandCounts.0, bandCounts.1, bandCounts.2, bandCounts.3, bandCounts.4, bandCounts.5, bandCounts.6,
                                                    bandCounts.7,
                                                ]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A sorted list of ids that holds every product the scan must see, and where it comes from.
    struct Candidates {
        /// A filter every match and every counted product passes (text, shop, tag), or two facet filters' lists.
        enum Source { case text, shop, tag, facets }
        let ids: [Int32]
        let source: Source
    }

    /// The smallest list of ids the scan must visit, or nil for the whole catalog.
    ///
    /// Text, shop and tag filters hold for the facet counts too, so their lists will do. The facet filters
    /// (category, brand, condition) do not: a brand's count is taken without the brand filter. But a product counts
    /// somewhere only if it fails at most one facet filter, so with two or more of them it is in the list of one of
    /// any two: their union will do. (With a single facet filter, its own facet needs every product.)
    func candidates(_ query: IndexQuery) -> Candidates? {
        var lists: [Candidates] = []
        if let text = query.text { lists.append(Candidates(ids: text.ids.filter { $0 < packed.count }.map { Int32($0) }.sorted(), source: .text)) }
        if let shopID = query.shopID { lists.append(Candidates(ids: shopProducts[shopID] ?? [], source: .shop)) }
        if let slug = query.tagSlug, let tag = tagIDsBySlug[slug] { lists.append(Candidates(ids: tagProducts[tag] ?? [], source: .tag)) }
        let filtered = Facet.allCases.compactMap { facetLists($0, query) }
        if filtered.count >= 2 {
            let smallest = filtered.map { (lists: $0, size: $0.reduce(0) { $0 + $1.count }) }.sorted { $0.size < $1.size }
            // A union as large as most of the catalog costs more to build than a plain scan saves.
            if smallest[0].size + smallest[1].size < packed.count / 2 {
                lists.append(Candidates(ids: Self.union(smallest[0].lists + smallest[1].lists), source: .facets))
            }
        }
        return lists.min { $0.ids.count < $1.ids.count }
    }

    /// The id lists of the values the query allows for a facet, or nil when it does not filter that facet.
    func facetLists(_ facet: Facet, _ query: IndexQuery) -> [[Int32]]? {
        let lists = facetProducts[facet.rawValue]
        switch facet {
        case .category: return query.categoryIDs.map { $0.sorted().compactMap { lists[$0] } }
        case .brand: return query.brands.map { $0.compactMap { brandCodes[$0].flatMap { lists[$0] } } }
        case .condition: return query.conditions.map { $0.compactMap { lists[Condition.allCases.firstIndex(of: $0)!] } }
        }
    }

    /// A query whose only filters are its base (listed, in stock) and one facet's: that facet's counts are the base
    /// counts, and the rest come from a scan of that facet's products; with no facet filter at all, everything is.
    /// Returns nil for any other query.
    func baseAnswer(_ query: IndexQuery, _ test: Test) -> (counted: Facet?, candidates: Candidates?)? {
        guard query.text == nil, query.shopID == nil, query.tagSlug == nil, test.minRating == 0, test.excludeID == -1,
            query.minPriceCents == nil, query.maxPriceCents == nil, Self.baseVariants.contains(test.required)
        else { return nil }
        let filtered = Facet.allCases.filter { facetLists($0, query) != nil }
        if filtered.isEmpty { return (nil, nil) }
        guard filtered.count == 1, let lists = facetLists(filtered[0], query) else { return nil }
        return (filtered[0], Candidates(ids: Self.union(lists), source: .facets))
    }

    /// The ascending ids in any of the ascending lists, each once.
    static func union(_ lists: [[Int32]]) -> [Int32] {
        var lists = lists.filter { !$0.isEmpty }.sorted { $0.count < $1.count }
        while lists.count > 1 {
            let (a, b) = (lists.removeFirst(), lists.removeFirst())
            var merged: [Int32] = []
            merged.reserveCapacity(a.count + b.count)
            var (i, j) = (0, 0)
            while i < a.count && j < b.count {
                if a[i] < b[j] {
                    merged.append(a[i]); i += 1
                } else if b[j] < a[i] {
                    merged.append(b[j]); j += 1
                } else {
                    merged.append(a[i]); i += 1; j += 1
                }
            }
            merged.append(contentsOf: a[i...])
            merged.append(contentsOf: b[j...])
            let at = lists.firstIndex { $0.count >= merged.count } ?? lists.count
            lists.insert(merged, at: at)
        }
        return lists.first ?? []
    }

    func evaluate(_ query: IndexQuery, countFacets: Bool) -> IndexAnswer {
        var answer = IndexAnswer()
        let test = test(for: query)
        if test.nothing { return answer }
        let candidates = candidates(query)
        // Up to this many matches are gathered during the scan and sorted; past it the page is read off the
        // presorted order instead (sorting a large set per request costs more than walking to the page).
        let gatherLimit = 2_048
        var gathered: [Int32] = []
        var gatheredAll = true

        if countFacets {
            var tally = Tally(
                categoryCounts: Array(repeating: 0, count: (tree.nodes.map(\.id).max() ?? 0) + 1),
                brandCounts: Array(repeating: 0, count: brandNames.count + 1),
                gatherLimit: gatherLimit)
            if let (counted, facetCandidates) = baseAnswer(query, test) {
                let base = self.base[Self.baseVariants.firstIndex(of: test.required)!]
                if let facetCandidates {
                    scan(facetCandidates, test, &tally)
                } else {
                    // Nothing to scan: the page is walked off the presorted order.
                    (tally.total, tally.gatheredAll) = (base.total, false)
                }
                // A facet's counts leave out its own filter: with no other filter, they are the base's. That is the
                // filtered facet's, or every facet's when none is filtered.
                func fill(_ counts: inout [Int], from base: [Int]) {
                    for value in counts.indices { counts[value] = value < base.count ? base[value] : 0 }
                }
                if counted == nil || counted == .category { fill(&tally.categoryCounts, from: base.category) }
                if counted == nil || counted == .brand { fill(&tally.brandCounts, from: base.brand) }
                if counted == nil || counted == .condition { fill(&tally.conditionCounts, from: base.condition) }
                if counted == nil { fill(&tally.bandCounts, from: base.band) }
            } else {
                scan(candidates, test, &tally)
            }
            answer.total = tally.total
            for (category, count) in tally.categoryCounts.enumerated() where count > 0 { answer.categoryCounts[category] = count }
            for (code, count) in tally.brandCounts.enumerated() where count > 0 && code < brandNames.count {
                answer.brandCounts[brandNames[code]] = count
            }
            for (code, count) in tally.conditionCounts.enumerated() where count > 0 && code < Condition.allCases.count {
                answer.conditionCounts[Condition.allCases[code]] = count
            }
            answer.bandCounts = Array(tally.bandCounts.prefix(PriceBand.all.count))
            (gathered, gatheredAll) = (tally.gathered, tally.gatheredAll)
        } else if let candidates {
            for id in candidates.ids where matches(Int(id), test) {
                if gathered.count < gatherLimit { gathered.append(id) } else { gatheredAll = false; break }
            }
        } else {
            gatheredAll = false
        }
        answer.pageIDs = page(query, test: test, gathered: gatheredAll ? gathered : nil)
        return answer
    }

    /// The page's ids in the query's order: sorted from the gathered matches when they are all there, else walked
    /// off the presorted order.
    func page(_ query: IndexQuery, test: Test, gathered: [Int32]?) -> [Int] {
        let limit = max(query.limit, 0)
        let (key, backwards): (SortKey, Bool) =
            switch query.order {
            case .relevance, .popular: (.popular, false)
            case .newest: (.newest, false)
            case .priceAsc: (.price, false)
            case .priceDesc: (.price, true)
            case .rating: (.rating, false)
            }
        let strong = query.order == .relevance ? query.text?.strong : nil
        func before(_ a: Int, _ b: Int) -> Bool {
            if let strong {
                let (aStrong, bStrong) = (strong.contains(a), strong.contains(b))
                if aStrong != bStrong { return aStrong }
            }
            return backwards ? precedes(b, a, key) : precedes(a, b, key)
        }
        // Keyset: only what comes after that product; a product the catalog never had has nothing after it.
        if let after = query.after, after >= packed.count || packed[after] & Packed.known == 0 { return [] }

        if let gathered {
            var ids = gathered.map { Int($0) }
            if let after = query.after { ids.removeAll { !before(after, $0) } }
            ids.sort(by: before)
            return Array(ids.dropFirst(query.after == nil ? query.offset : 0).prefix(limit))
        }

        let order = sorted[key.rawValue]
        var result: [Int] = []
        var skip = query.after == nil ? query.offset : 0
        func walk(_ keep: (Int) -> Bool) {
            guard result.count < limit else { return }
            var start = 0
            if let after = query.after {
                // The first position past `after` in the walking direction.
                let at = position(of: after, key)
                let exact = at < order.count && Int(order[at]) == after
                start = backwards ? order.count - at : at + (exact ? 1 : 0)
            }
            let count = order.count
            var index = start
            while index < count {
                let id = Int(backwards ? order[count - 1 - index] : order[index])
                index += 1
                guard keep(id), matches(id, test) else { continue }
                if skip > 0 {
                    skip -= 1
                    continue
                }
                result.append(id)
                if result.count == limit { return }
            }
        }
        if let strong {
            walk { strong.contains($0) }
            walk { !strong.contains($0) }
        } else {
            walk { _ in true }
        }
        return result
    }
}

/// The category tree, loaded whole (it is small) and kept until the catalog version changes.
public struct CategoryTree: Sendable {
    public struct Node: Sendable, Decodable {
        public var id: Int
        public var parentID: Int?
        public var name: String
        public var slug: String
        public var position: Int
    }

    public let nodes: [Node]
    private let byID: [Int: Node]
    private let bySlug: [String: Node]
    private let childrenByParent: [Int?: [Node]]

    public init(nodes: [Node]) {
        self.nodes = nodes
        byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        bySlug = Dictionary(uniqueKeysWithValues: nodes.map { ($0.slug, $0) })
        childrenByParent = Dictionary(grouping: nodes, by: \.parentID).mapValues { $0.sorted { ($0.position, $0.name) < ($1.position, $1.name) } }
    }

    public var roots: [Node] { childrenByParent[nil] ?? [] }
    public func children(of id: Int) -> [Node] { childrenByParent[id] ?? [] }
    public func node(slug: String) -> Node? { bySlug[slug] }
    public func node(id: Int) -> Node? { byID[id] }

    /// The category and every category below it.
    public func subtreeIDs(of id: Int) -> [Int] {
        [id] + children(of: id).flatMap { subtreeIDs(of: $0.id) }
    }

    /// Root first, the category itself last: for breadcrumbs.
    public func path(to id: Int) -> [Node] {
        var path: [Node] = []
        var current = byID[id]
        while let node = current, path.count < 16 {
            path.insert(node, at: 0)
            current = node.parentID.flatMap { byID[$0] }
        }
        return path
    }

    /// Every node depth-first with its depth, in menu order.
    public func flattened() -> [(node: Node, depth: Int)] {
        func walk(_ nodes: [Node], depth: Int) -> [(node: Node, depth: Int)] {
            nodes.flatMap { [($0, depth)] + walk(children(of: $0.id), depth: depth + 1) }
        }
        return walk(roots, depth: 0)
    }
}

import Foundation
import SQLKit

/// The category tree as admins manage it: add, rename, move, reorder, delete.
///
/// Renaming or moving a category re-indexes its listings by trigger (their search text holds the category's and
/// its parent's names, and `root_category_id` its top); the change feed carries the writes to every instance's
/// catalog index.
public struct CategoryAdmin: Sendable {
    let database: BacklineDatabase
    let audit: AuditLog

    public init(database: BacklineDatabase, audit: AuditLog) {
        (self.database, self.audit) = (database, audit)
    }

    /// A category as the admin's tree shows it.
    public struct Node: Sendable, Equatable {
        public let id: Int
        public let parentID: Int?
        public let name: String
        public let slug: String
        public let position: Int
        public let depth: Int
        /// Listings (not deleted, whatever their state) in this category and every category below it.
        public let productCount: Int
        public let childCount: Int
    }

    /// What an admin types for a category. `slug` left empty is made from the name; `position` left empty puts it
    /// after its siblings (or keeps its place when it stays under the same parent).
    public struct Input: Sendable, Equatable {
        public var name: String
        public var slug: String?
        public var parentID: Int?
        public var position: Int?

        public init(name: String, slug: String? = nil, parentID: Int? = nil, position: Int? = nil) {
            (self.name, self.slug, self.parentID, self.position) = (name, slug, parentID, position)
        }
    }

    // MARK: Reading

    /// Every category depth-first in menu order, each with the listings of its whole subtree (one aggregate query).
    public func tree() async throws -> [Node] {
        let sql = database.sql
        let tree = try await Self.load(on: sql)
        let rows = try await sql.raw(
            """
            WITH RECURSIVE below(top_id, id) AS (
              SELECT id, id FROM categories
              UNION ALL
              SELECT below.top_id, c.id FROM categories c JOIN below ON c.parent_id = below.id)
            SELECT below.top_id AS id, COUNT(p.id) AS n FROM below JOIN products p ON p.category_id = below.id AND p.deleted_at IS NULL
            GROUP BY below.top_id
            """
        ).all()
        var counts: [Int: Int] = [:]
        for row in rows { counts[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
        return tree.flattened().map { node, depth in
            Node(
                id: node.id, parentID: node.parentID, name: node.name, slug: node.slug, position: node.position, depth: depth,
                productCount: counts[node.id] ?? 0, childCount: tree.children(of: node.id).count)
        }
    }

    public func category(id: Int) async throws -> Node {
        guard let node = try await tree().first(where: { $0.id == id }) else { throw AdminError.notFound("category") }
        return node
    }

    /// Read fresh (not from the catalog index): the checks of a write must see the committed tree.
    static func load(on sql: any SQLDatabase) async throws -> CategoryTree {
        CategoryTree(
            nodes: try await sql.raw("SELECT id, parent_id, name, slug, position FROM categories").all(
                decoding: CategoryTree.Node.self, with: .columns))
    }

    // MARK: Writing

    public func create(_ input: Input, by admin: Caller, ip: String?) async throws -> Node {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        let id = try await database.writeTransaction { [database, audit] sql -> Int in
            try await database.serializeAdminWrites("categories", on: sql)
            let tree = try await Self.load(on: sql)
            let clean = try Self.checked(input, editing: nil, in: tree)
            let id = try await sql.raw(
                """
                INSERT INTO categories (parent_id, name, slug, position)
                VALUES (\(bind: clean.parentID), \(bind: clean.name), \(bind: clean.slug), \(bind: clean.position)) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            try await audit.record(
                actorID: admin.userID, action: "category.create", target: "category:\(id)", detail: Self.describe(clean, in: tree), ip: ip, on: sql)
            return id
        }
        return try await category(id: id)
    }

    public func update(id: Int, _ input: Input, by admin: Caller, ip: String?) async throws -> Node {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [database, audit] sql in
            try await database.serializeAdminWrites("categories", on: sql)
            let tree = try await Self.load(on: sql)
            guard let current = tree.node(id: id) else { throw AdminError.notFound("category") }
            let clean = try Self.checked(input, editing: current, in: tree)
            // Only what changed: naming `name` or `parent_id` re-indexes every listing below, which a reorder must not cost.
            var sets: [SQLQueryString] = []
            if clean.name != current.name { sets.append("name = \(bind: clean.name)") }
            if clean.slug != current.slug { sets.append("slug = \(bind: clean.slug)") }
            if clean.parentID != current.parentID { sets.append("parent_id = \(bind: clean.parentID)") }
            if clean.position != current.position { sets.append("position = \(bind: clean.position)") }
            guard !sets.isEmpty else { return }
            try await sql.raw("UPDATE categories SET " + sets.joined(separator: ", ") + " WHERE id = \(bind: id)").run()
            var changes: [String] = []
            if clean.name != current.name { changes.append("renamed “\(current.name)” → “\(clean.name)”") }
            if clean.slug != current.slug { changes.append("slug \(current.slug) → \(clean.slug)") }
            if clean.parentID != current.parentID {
                changes.append("moved from \(Self.placeName(current.parentID, in: tree)) to \(Self.placeName(clean.parentID, in: tree))")
            }
            if clean.position != current.position { changes.append("position \(current.position) → \(clean.position)") }
            try await audit.record(
                actorID: admin.userID, action: "category.update", target: "category:\(id)",
                detail: "\(clean.name): " + changes.joined(separator: "; "), ip: ip,
                on: sql)
        }
        return try await category(id: id)
    }

    /// Deletes an empty leaf. A category with sub-categories or listings (deleted ones too: past orders point at
    /// them) is refused with the count: 409.
    public func delete(id: Int, by admin: Caller, ip: String?) async throws {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [database, audit] sql in
            try await database.serializeAdminWrites("categories", on: sql)
            let tree = try await Self.load(on: sql)
            guard let node = tree.node(id: id) else { throw AdminError.notFound("category") }
            let children = tree.children(of: id).count
            if children > 0 {
                throw AdminError.conflict(
                    "“\(node.name)” has \(children == 1 ? "1 sub-category" : "\(children) sub-categories"). Move or delete \(children == 1 ? "it" : "them") first."
                )
            }
            let row = try await sql.raw(
                "SELECT COUNT(*) AS n, COUNT(deleted_at) AS deleted FROM products WHERE category_id = \(bind: id)"
            ).first()
            let (all, deleted) = (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "deleted", as: Int.self) ?? 0)
            if all - deleted > 0 {
                let count = all - deleted
                throw AdminError.conflict(
                    "“\(node.name)” holds \(count == 1 ? "1 listing" : "\(Format.count(count)) listings"). Move \(count == 1 ? "it" : "them") to another category first."
                )
            }
            if deleted > 0 {
                throw AdminError.conflict(
                    "“\(node.name)” still holds \(deleted == 1 ? "1 deleted listing" : "\(Format.count(deleted)) deleted listings"), kept for past orders, so it can't be deleted. Rename or move it instead."
                )
            }
            try await sql.raw("DELETE FROM categories WHERE id = \(bind: id)").run()
            try await audit.record(
                actorID: admin.userID, action: "category.delete", target: "category:\(id)", detail: "\(node.name) (\(node.slug))", ip: ip, on: sql)
        }
    }

    struct Clean {
        let name: String
        let slug: String
        let parentID: Int?
        let position: Int
    }

    /// Every rule of a category against the tree as it is: the name, a free slug, a parent that exists and is not
    /// the category itself or below it, a position. All problems at once.
    static func checked(_ input: Input, editing current: CategoryTree.Node?, in tree: CategoryTree) throws -> Clean {
        var errors: [FieldError] = []
        let name = Text.required(input.name, "name", "the category's name", max: 60, into: &errors)
        CategoryAdmin.refuseControlCharacters(name, into: &errors)
        if let parentID = input.parentID {
            if tree.node(id: parentID) == nil {
                errors.append(.init(field: "parent_id", message: "Choose a parent from the list."))
            } else if let current, parentID == current.id {
                errors.append(.init(field: "parent_id", message: "A category can't be its own parent."))
            } else if let current, tree.subtreeIDs(of: current.id).contains(parentID) {
                errors.append(
                    .init(field: "parent_id", message: "“\(tree.node(id: parentID)!.name)” is inside “\(current.name)”: choose a parent outside it."))
            }
        }
        let siblings = tree.children(of: input.parentID ?? -1).filter { $0.id != current?.id }
        let roots = tree.roots.filter { $0.id != current?.id }
        let neighbours = input.parentID == nil ? roots : siblings
        if !name.isEmpty, neighbours.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            errors.append(.init(field: "name", message: "There is already a category named “\(name)” here."))
        }
        let taken = Set(tree.nodes.filter { $0.id != current?.id }.map(\.slug))
        var slug = ""
        if let kept = Text.optional(input.slug), kept == current?.slug {
            slug = kept  // unchanged: kept as it is, whatever older rules made it
        } else if let typed = Text.optional(input.slug)?.lowercased() {
            if !Text.isSlug(typed) {
                errors.append(.init(field: "slug", message: "Use 2 to 60 lower-case letters, digits and single hyphens."))
            } else if taken.contains(typed) {
                errors.append(.init(field: "slug", message: "Another category already uses this address. Try another."))
            }
            slug = typed
        } else if current != nil, name == current?.name, let kept = current?.slug {
            // Left empty on an edit that keeps the name: the address stays (links to it keep working).
            slug = kept
        } else {
            slug = freeSlug(madeSlug(name, fallback: "category"), taken: taken)
        }
        var position = 0
        if let wanted = input.position {
            if !(0...10_000).contains(wanted) { errors.append(.init(field: "position", message: "Use a whole number from 0 to 10,000.")) }
            position = wanted
        } else if let current, current.parentID == input.parentID {
            position = current.position
        } else {
            position = (neighbours.map(\.position).max() ?? -1) + 1
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return Clean(name: name, slug: slug, parentID: input.parentID, position: position)
    }

    static func placeName(_ id: Int?, in tree: CategoryTree) -> String {
        id.flatMap { tree.node(id: $0) }.map { "“\($0.name)”" } ?? "the top level"
    }

    static func describe(_ clean: Clean, in tree: CategoryTree) -> String {
        "\(clean.name) (\(clean.slug)) under \(placeName(clean.parentID, in: tree)), position \(clean.position)"
    }
}

/// The tag list admins keep (sellers choose from it): add, rename, delete.
public struct TagAdmin: Sendable {
    let database: BacklineDatabase
    let audit: AuditLog

    public init(database: BacklineDatabase, audit: AuditLog) {
        (self.database, self.audit) = (database, audit)
    }

    public struct Managed: Sendable, Equatable, Decodable {
        public let id: Int
        public let name: String
        public let slug: String
        /// Listings (not deleted) that carry it.
        public let listingCount: Int
    }

    public struct Input: Sendable, Equatable {
        public var name: String
        /// Left empty, it is made from the name (on an edit that keeps the name, it stays).
        public var slug: String?

        public init(name: String, slug: String? = nil) { (self.name, self.slug) = (name, slug) }
    }

    public enum Sort: String, Sendable, CaseIterable { case name, listings }

    static let columns: SQLQueryString = """
        t.id, t.name, t.slug,
        (SELECT COUNT(*) FROM product_tags pt JOIN products p ON p.id = pt.product_id WHERE pt.tag_id = t.id AND p.deleted_at IS NULL) AS listing_count
        """

    static func managed(_ row: any SQLRow) throws -> Managed { try row.decode(model: Managed.self, with: .columns) }

    public func tags(sort: Sort = .name, descending: Bool = false, page: Int = 1, perPage: Int = 100) async throws -> (items: [Managed], total: Int) {
        let direction: SQLQueryString = descending ? " DESC" : " ASC"
        let order: SQLQueryString =
            switch sort {
            case .name: "LOWER(t.name)" + direction + ", t.id"
            case .listings: "listing_count" + direction + ", LOWER(t.name), t.id"
            }
        let sql = database.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM tags").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            "SELECT \(Self.columns) FROM tags t ORDER BY " + order + " LIMIT \(literal: perPage) OFFSET \(literal: (max(page, 1) - 1) * perPage)"
        ).all()
        return (try rows.map(Self.managed), total)
    }

    public func tag(id: Int) async throws -> Managed {
        guard let row = try await database.sql.raw("SELECT \(Self.columns) FROM tags t WHERE t.id = \(bind: id)").first() else {
            throw AdminError.notFound("tag")
        }
        return try Self.managed(row)
    }

    public func create(_ input: Input, by admin: Caller, ip: String?) async throws -> Managed {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        let id = try await database.writeTransaction { [database, audit] sql -> Int in
            try await database.serializeAdminWrites("tags", on: sql)
            let (name, slug) = try await Self.checked(input, editing: nil, on: sql)
            let id = try await sql.raw("INSERT INTO tags (name, slug) VALUES (\(bind: name), \(bind: slug)) RETURNING id").first()!.decode(
                column: "id", as: Int.self)
            try await audit.record(actorID: admin.userID, action: "tag.create", target: "tag:\(id)", detail: "\(name) (\(slug))", ip: ip, on: sql)
            return id
        }
        return try await tag(id: id)
    }

    public func update(id: Int, _ input: Input, by admin: Caller, ip: String?) async throws -> Managed {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [database, audit] sql in
            try await database.serializeAdminWrites("tags", on: sql)
            guard let row = try await sql.raw("SELECT id, name, slug FROM tags WHERE id = \(bind: id)").first() else {
                throw AdminError.notFound("tag")
            }
            let current = (name: try row.decode(column: "name", as: String.self), slug: try row.decode(column: "slug", as: String.self))
            let (name, slug) = try await Self.checked(input, editing: (id, current.name, current.slug), on: sql)
            guard name != current.name || slug != current.slug else { return }
            try await sql.raw("UPDATE tags SET name = \(bind: name), slug = \(bind: slug) WHERE id = \(bind: id)").run()
            try await audit.record(
                actorID: admin.userID, action: "tag.update", target: "tag:\(id)", detail: "\(current.name) (\(current.slug)) → \(name) (\(slug))",
                ip: ip, on: sql)
        }
        return try await tag(id: id)
    }

    /// Deletes the tag and takes it off every listing that carried it.
    public func delete(id: Int, by admin: Caller, ip: String?) async throws {
        guard admin.isAdmin else { throw AdminError.notAdmin }
        try await database.writeTransaction { [audit] sql in
            guard let row = try await sql.raw("SELECT \(Self.columns) FROM tags t WHERE t.id = \(bind: id)").first() else {
                throw AdminError.notFound("tag")
            }
            let tag = try Self.managed(row)
            // The foreign key cascades too; said here so the rule does not hang on a schema detail.
            try await sql.raw("DELETE FROM product_tags WHERE tag_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM tags WHERE id = \(bind: id)").run()
            try await audit.record(
                actorID: admin.userID, action: "tag.delete", target: "tag:\(id)",
                detail: "\(tag.name) (\(tag.slug)), taken off \(tag.listingCount == 1 ? "1 listing" : "\(Format.count(tag.listingCount)) listings")",
                ip: ip, on: sql)
        }
    }

    static func checked(_ input: Input, editing current: (id: Int, name: String, slug: String)?, on sql: any SQLDatabase) async throws -> (
        String, String
    ) {
        var errors: [FieldError] = []
        let name = Text.required(input.name, "name", "the tag's name", max: 40, into: &errors)
        CategoryAdmin.refuseControlCharacters(name, into: &errors)
        let others = try await sql.raw("SELECT name, slug FROM tags WHERE id <> \(bind: current?.id ?? 0)").all().map {
            (name: try $0.decode(column: "name", as: String.self), slug: try $0.decode(column: "slug", as: String.self))
        }
        if !name.isEmpty, others.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            errors.append(.init(field: "name", message: "There is already a tag named “\(name)”."))
        }
        let taken = Set(others.map(\.slug))
        var slug: String
        if let kept = Text.optional(input.slug), kept == current?.slug {
            slug = kept  // unchanged: kept as it is, whatever older rules made it
        } else if let typed = Text.optional(input.slug)?.lowercased() {
            if !Text.isSlug(typed) {
                errors.append(.init(field: "slug", message: "Use 2 to 60 lower-case letters, digits and single hyphens."))
            } else if taken.contains(typed) {
                errors.append(.init(field: "slug", message: "Another tag already uses this address. Try another."))
            }
            slug = typed
        } else if let current, current.name == name {
            slug = current.slug
        } else {
            slug = CategoryAdmin.freeSlug(CategoryAdmin.madeSlug(name, fallback: "tag"), taken: taken)
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return (name, slug)
    }
}

extension CategoryAdmin {
    /// Names show in menus, filters and the audit log; a NUL or other control character (which PostgreSQL also
    /// refuses to store) is a field error, not a failed write.
    static func refuseControlCharacters(_ name: String, into errors: inout [FieldError]) {
        guard name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), !errors.contains(where: { $0.field == "name" })
        else { return }
        errors.append(.init(field: "name", message: "Use letters, digits, spaces and punctuation only."))
    }

    /// A slug made from a name. `Text.slug` pads names with fewer than two usable letters with "shop"; a category
    /// or tag gets its own word instead.
    static func madeSlug(_ name: String, fallback: String) -> String {
        let usable = name.folding(options: [.diacriticInsensitive], locale: nil).filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.count
        return usable >= 2 ? Text.slug(name) : Text.slug(fallback + " " + name)
    }

    /// `slug`, or `slug-2`, `slug-3`… the first that is not taken (kept within 60 characters).
    static func freeSlug(_ slug: String, taken: Set<String>) -> String {
        guard taken.contains(slug) else { return slug }
        for suffix in 2...10_000 {
            let tail = "-\(suffix)"
            var base = String(slug.prefix(60 - tail.count))
            while base.hasSuffix("-") { base.removeLast() }
            if !taken.contains(base + tail) { return base + tail }
        }
        return String(slug.prefix(51)) + "-" + UUID().uuidString.prefix(8).lowercased()
    }
}

import FluentKit
import Foundation
import SQLKit

/// Every migration, in order. Later features add to the end of this list; they never reshape a table here.
public enum BacklineMigrations {
    public static var all: [any Migration] {
        [
            CreateAccounts(),
            CreateCatalog(),
            CreateCommerce(),
            CreateOperations(),
            CreateCatalogIndexes(),
            CreateSearchIndex(),
            CreateOrderRecords(),
            CreateSellerRecords(),
            CreateAdminIndexes(),
            CreateListingCoverIndexes(),
            AddThrottleLastEvent(),
            CreateCatalogChanges(),
            SplitHyphenatedSearchWords(),
            CreateJobsAndHolds(),
        ]
    }
}

extension Database {
    /// This database as SQLKit sees it (both drivers we use are SQL drivers).
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isSQLite: Bool { sql.dialect.name == "sqlite" }
}

extension SchemaBuilder {
    /// An auto-incrementing integer `id` primary key (IDs are positive integers in the contract).
    func autoID() -> Self { field("id", .int, .identifier(auto: true)) }
    func timestamps() -> Self {
        field("created_at", .datetime, .required).field("updated_at", .datetime)
    }
}

/// Users, their sessions, tokens and saved addresses.
struct CreateAccounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").autoID()
            .field("email", .string, .required)  // stored lower-cased: unique without regard to case
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("phone", .string)
            .field("bio", .string)
            .field("avatar_path", .string)
            .field("email_verified_at", .datetime)
            .field("disabled_at", .datetime)
            .timestamps()
            .unique(on: "email")
            .create()
        try await db.schema("sessions").autoID()
            .field("id_hash", .string, .required)  // SHA-256 of the cookie value: a leaked table opens no session
            .field("user_id", .int, .references("users", "id", onDelete: .cascade))
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "id_hash")
            .create()
        try await db.schema("refresh_tokens").autoID()
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("family_id", .string, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema("account_tokens").autoID()
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required)  // email_verification | password_reset
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema("addresses").autoID()
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("full_name", .string, .required)
            .field("line1", .string, .required)
            .field("line2", .string)
            .field("city", .string, .required)
            .field("postal_code", .string, .required)
            .field("country", .string, .required)
            .field("phone", .string)
            .field("is_default", .bool, .required, .sql(.default(false)))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["addresses", "account_tokens", "refresh_tokens", "sessions", "users"] { try await db.schema(table).delete() }
    }
}

/// Shops, the category tree, tags, products and what hangs off them.
struct CreateCatalog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("shops").autoID()
            .field("owner_id", .int, .required, .references("users", "id"))
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .field("description", .string, .required)
            .field("address", .string, .required)
            .field("contact_email", .string, .required)
            .field("phone", .string)
            .field("logo_path", .string)
            .field("active", .bool, .required, .sql(.default(true)))
            .timestamps()
            .unique(on: "slug")
            .create()
        try await db.schema("categories").autoID()
            .field("parent_id", .int, .references("categories", "id"))  // NO ACTION: checked at the end of a statement
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .field("position", .int, .required, .sql(.default(0)))
            .unique(on: "slug")
            .create()
        try await db.schema("tags").autoID()
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .unique(on: "slug")
            .create()
        try await db.schema("products").autoID()
            .field("shop_id", .int, .required, .references("shops", "id"))
            .field("category_id", .int, .required, .references("categories", "id"))
            // The top of the category's tree: a top-level category filter becomes an equality that ordered
            // indexes can serve, instead of an IN over its children that must be sorted per request.
            .field("root_category_id", .int)
            .field("name", .string, .required)
            .field("brand", .string, .required)
            .field("model", .string, .required)
            .field("year", .int)
            .field("finish", .string)
            .field("condition", .string, .required)
            .field("description", .string, .required)
            .field("specs", .string)  // JSON [[name, value], …] for the specs table
            .field("price_cents", .int, .required)
            .field("previous_price_cents", .int)  // the price before the last change, for "price dropped"
            .field("price_changed_at", .datetime)
            .field("stock", .int, .required)
            .field("low_stock_threshold", .int, .required, .sql(.default(1)))
            .field("status", .string, .required)  // pending | approved | rejected
            .field("active", .bool, .required, .sql(.default(true)))
            .field("image_path", .string)  // the first image, kept here so cards need no join
            .field("sold_count", .int, .required, .sql(.default(0)))
            .field("rating_avg", .double, .required, .sql(.default(0)))
            .field("rating_count", .int, .required, .sql(.default(0)))
            .field("deleted_at", .datetime)
            .timestamps()
            .create()
        try await db.schema("product_images").autoID()
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("path", .string, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("product_tags").autoID()
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("tag_id", .int, .required, .references("tags", "id", onDelete: .cascade))
            .unique(on: "product_id", "tag_id")
            .create()
        try await db.schema("price_history").autoID()
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("price_cents", .int, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await db.schema("stock_movements").autoID()
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("delta", .int, .required)
            .field("reason", .string, .required)  // initial | sale | cancel | refund | adjustment
            .field("order_id", .int)
            .field("user_id", .int)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("reviews").autoID()
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("order_id", .int)
            .field("rating", .int, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "product_id", "user_id")
            .create()
        try await db.schema("wishlist_items").autoID()
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "product_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in [
            "wishlist_items", "reviews", "stock_movements", "price_history", "product_tags", "product_images", "products", "tags", "categories",
            "shops",
        ] {
            try await db.schema(table).delete()
        }
    }
}

/// Carts, coupons, orders and their per-shop shipments.
struct CreateCommerce: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("coupons").autoID()
            .field("code", .string, .required)  // stored upper-cased
            .field("percent_off", .int)
            .field("amount_off_cents", .int)
            .field("min_subtotal_cents", .int, .required, .sql(.default(0)))
            .field("expires_at", .datetime)
            .field("max_uses", .int)
            .field("uses", .int, .required, .sql(.default(0)))
            .field("active", .bool, .required, .sql(.default(true)))
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await db.schema("carts").autoID()
            .field("user_id", .int, .references("users", "id", onDelete: .cascade))
            .field("session_key", .string)  // a guest's cart, keyed by a random id kept in the session
            .field("coupon_id", .int, .references("coupons", "id", onDelete: .setNull))
            .timestamps()
            .unique(on: "user_id")
            .unique(on: "session_key")
            .create()
        try await db.schema("cart_items").autoID()
            .field("cart_id", .int, .required, .references("carts", "id", onDelete: .cascade))
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("quantity", .int, .required)
            .field("added_price_cents", .int, .required)  // to say "the price changed since you added it"
            .field("created_at", .datetime, .required)
            .unique(on: "cart_id", "product_id")
            .create()
        try await db.schema("orders").autoID()
            .field("number", .string, .required)
            .field("buyer_id", .int, .required, .references("users", "id"))
            .field("status", .string, .required)
            .field("payment_status", .string, .required)
            .field("payment_method", .string, .required)
            .field("payment_reference", .string)
            .field("shipping_method", .string, .required)
            .field("subtotal_cents", .int, .required)
            .field("discount_cents", .int, .required)
            .field("shipping_cents", .int, .required)
            .field("total_cents", .int, .required)
            .field("coupon_id", .int, .references("coupons", "id", onDelete: .setNull))
            .field("coupon_code", .string)
            .field("shipping_address", .string, .required)  // JSON snapshot
            .field("paid_at", .datetime)
            .field("cancelled_at", .datetime)
            .timestamps()
            .unique(on: "number")
            .create()
        try await db.schema("order_items").autoID()
            .field("order_id", .int, .required, .references("orders", "id", onDelete: .cascade))
            .field("product_id", .int, .required, .references("products", "id"))
            .field("shop_id", .int, .required, .references("shops", "id"))
            .field("product_name", .string, .required)  // snapshot: the order keeps what was bought
            .field("brand", .string, .required)
            .field("shop_name", .string, .required)
            .field("unit_price_cents", .int, .required)
            .field("quantity", .int, .required)
            .field("line_total_cents", .int, .required)
            .create()
        try await db.schema("order_shipments").autoID()
            .field("order_id", .int, .required, .references("orders", "id", onDelete: .cascade))
            .field("shop_id", .int, .required, .references("shops", "id"))
            .field("status", .string, .required)  // pending | shipped | delivered | cancelled
            .field("tracking_number", .string)
            .field("shipped_at", .datetime)
            .unique(on: "order_id", "shop_id")
            .create()
        try await db.schema("coupon_redemptions").autoID()
            .field("coupon_id", .int, .required, .references("coupons", "id", onDelete: .cascade))
            .field("order_id", .int, .required, .references("orders", "id", onDelete: .cascade))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["coupon_redemptions", "order_shipments", "order_items", "orders", "cart_items", "carts", "coupons"] {
            try await db.schema(table).delete()
        }
    }
}

/// What the running shop needs besides its domain: outbox, idempotency, throttling, audit, settings.
struct CreateOperations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("outbox").autoID()
            .field("to_email", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("idempotency_keys").autoID()
            .field("scope", .string, .required)  // who used the key (user id or client), so keys never collide across users
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("response_status", .int)
            .field("response_body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "scope", "key")
            .create()
        try await db.schema("rate_limits").autoID()
            .field("key", .string, .required)
            .field("window_start", .datetime, .required)
            .field("count", .int, .required)
            .unique(on: "key")
            .create()
        try await db.schema("audit_log").autoID()
            .field("actor_id", .int)
            .field("action", .string, .required)
            .field("target", .string)
            .field("detail", .string)
            .field("ip", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("app_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        // Catalog version: bumped by triggers on every product write, so every instance knows when its
        // cached counts and facets are stale without talking to the others.
        try await db.sql.raw("INSERT INTO app_settings (key, value) VALUES ('catalog_version', '1')").run()
    }

    func revert(on db: any Database) async throws {
        for table in ["app_settings", "audit_log", "rate_limits", "idempotency_keys", "outbox"] { try await db.schema(table).delete() }
    }
}

/// An index for every filter and sort of the catalog query (CONTRACT §3), and for the foreign keys pages walk.
struct CreateCatalogIndexes: AsyncMigration {
    static let statements = [
        "CREATE INDEX products_listed_newest ON products (created_at, id) WHERE deleted_at IS NULL",
        "CREATE INDEX products_category_newest ON products (category_id, created_at)",
        "CREATE INDEX products_category_price ON products (category_id, price_cents)",
        "CREATE INDEX products_category_popular ON products (category_id, sold_count)",
        "CREATE INDEX products_root_newest ON products (root_category_id, created_at)",
        "CREATE INDEX products_root_price ON products (root_category_id, price_cents)",
        "CREATE INDEX products_root_popular ON products (root_category_id, sold_count)",
        "CREATE INDEX products_price ON products (price_cents, id)",
        "CREATE INDEX products_popular ON products (sold_count, id)",
        "CREATE INDEX products_rating ON products (rating_avg, rating_count)",
        "CREATE INDEX products_brand ON products (brand)",
        "CREATE INDEX products_condition ON products (condition)",
        "CREATE INDEX products_shop ON products (shop_id, created_at)",
        // Nearly every product is approved: a plain status index only misleads the planner. The moderation
        // queue reads the few pending ones through this partial index instead.
        "CREATE INDEX products_pending ON products (created_at) WHERE status = 'pending'",
        "CREATE INDEX product_tags_tag ON product_tags (tag_id, product_id)",
        "CREATE INDEX product_images_product ON product_images (product_id, position)",
        "CREATE INDEX price_history_product ON price_history (product_id, changed_at)",
        "CREATE INDEX stock_movements_product ON stock_movements (product_id, created_at)",
        "CREATE INDEX reviews_product ON reviews (product_id, created_at)",
        "CREATE INDEX categories_parent ON categories (parent_id, position)",
        "CREATE INDEX shops_owner ON shops (owner_id)",
        "CREATE INDEX orders_buyer ON orders (buyer_id, created_at)",
        "CREATE INDEX orders_status ON orders (status, created_at)",
        "CREATE INDEX orders_created ON orders (created_at)",
        "CREATE INDEX order_items_order ON order_items (order_id)",
        "CREATE INDEX order_items_shop ON order_items (shop_id, order_id)",
        "CREATE INDEX order_items_product ON order_items (product_id)",
        "CREATE INDEX sessions_expires ON sessions (expires_at)",
        "CREATE INDEX sessions_user ON sessions (user_id)",
        "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
        "CREATE INDEX addresses_user ON addresses (user_id)",
        "CREATE INDEX wishlist_user ON wishlist_items (user_id, created_at)",
        "CREATE INDEX outbox_created ON outbox (created_at)",
        "CREATE INDEX audit_created ON audit_log (created_at)",
        "CREATE INDEX users_role ON users (role, created_at)",
    ]

    func prepare(on db: any Database) async throws {
        for statement in Self.statements { try await db.sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on db: any Database) async throws {
        for statement in Self.statements {
            let name = statement.split(separator: " ")[2]
            try await db.sql.raw(SQLQueryString("DROP INDEX " + String(name))).run()
        }
    }
}

/// Full-text search kept in sync by the database itself: SQLite FTS5 through triggers, PostgreSQL a
/// weighted `tsvector` column with a GIN index. Also the triggers that bump the catalog version.
struct CreateSearchIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for statement in db.isSQLite ? Self.sqlite : Self.postgres { try await db.sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on db: any Database) async throws {
        let drops =
            db.isSQLite
            ? ["DROP TABLE products_fts"]
                + [
                    "products_ai", "products_au", "products_ad", "categories_au", "products_root_ai", "products_root_au", "products_version_i",
                    "products_version_u", "products_version_d", "categories_version_i", "categories_version_u", "categories_version_d",
                    "shops_version_u",
                ].map { "DROP TRIGGER IF EXISTS \($0)" }
            : [
                "DROP TRIGGER products_search_vector ON products", "DROP TRIGGER IF EXISTS products_version ON products",
                "DROP TRIGGER IF EXISTS categories_version ON categories", "DROP TRIGGER IF EXISTS shops_version ON shops",
                "DROP TRIGGER categories_search ON categories", "DROP FUNCTION products_search_vector_update",
                "DROP FUNCTION IF EXISTS bump_catalog_version", "DROP FUNCTION categories_touch_products",
                "ALTER TABLE products DROP COLUMN search_vector",
            ]
        for statement in drops { try await db.sql.raw(SQLQueryString(statement)).run() }
    }

    /// The text a product is found by: its own fields and its category with the parent's name
    /// ("Electric Guitars Guitars"), so a search for "guitar" finds every kind of guitar.
    static let sqliteCategoryText =
        "COALESCE((SELECT c.name || ' ' || COALESCE(p.name, '') FROM categories c LEFT JOIN categories p ON p.id = c.parent_id WHERE c.id = new.category_id), '')"

    /// The root of a category, walking up the tree (SQL for both engines).
    static func sqliteRootOf(_ category: String) -> String {
        """
        (WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM categories WHERE id = \(category)
          UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id) SELECT id FROM up WHERE parent_id IS NULL)
        """
    }

    static let sqlite = [
        "CREATE VIRTUAL TABLE products_fts USING fts5(name, brand, model, category, description, tokenize = 'porter unicode61 remove_diacritics 2')",
        """
        CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN
          INSERT INTO products_fts (rowid, name, brand, model, category, description)
          VALUES (new.id, new.name, new.brand, new.model, \(sqliteCategoryText), new.description);
        END
        """,
        """
        CREATE TRIGGER products_au AFTER UPDATE OF name, brand, model, description, category_id ON products BEGIN
          DELETE FROM products_fts WHERE rowid = old.id;
          INSERT INTO products_fts (rowid, name, brand, model, category, description)
          VALUES (new.id, new.name, new.brand, new.model, \(sqliteCategoryText), new.description);
        END
        """,
        "CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN DELETE FROM products_fts WHERE rowid = old.id; END",
        // Writers may set root_category_id themselves (the seed does, in bulk); otherwise it is filled in here.
        """
        CREATE TRIGGER products_root_ai AFTER INSERT ON products WHEN new.root_category_id IS NULL BEGIN
          UPDATE products SET root_category_id = \(sqliteRootOf("new.category_id")) WHERE id = new.id;
        END
        """,
        """
        CREATE TRIGGER products_root_au AFTER UPDATE OF category_id ON products BEGIN
          UPDATE products SET root_category_id = \(sqliteRootOf("new.category_id")) WHERE id = new.id;
        END
        """,
        """
        CREATE TRIGGER categories_au AFTER UPDATE OF name, parent_id ON categories BEGIN
          UPDATE products SET category_id = category_id WHERE category_id IN (
            WITH RECURSIVE down(id) AS (SELECT new.id UNION ALL SELECT c.id FROM categories c JOIN down ON c.parent_id = down.id) SELECT id FROM down);
        END
        """,
        "CREATE TRIGGER products_version_i AFTER INSERT ON products BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER products_version_u AFTER UPDATE ON products BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER products_version_d AFTER DELETE ON products BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER categories_version_i AFTER INSERT ON categories BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER categories_version_u AFTER UPDATE ON categories BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER categories_version_d AFTER DELETE ON categories BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
        "CREATE TRIGGER shops_version_u AFTER UPDATE ON shops BEGIN UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'; END",
    ]

    static let postgres = [
        "ALTER TABLE products ADD COLUMN search_vector tsvector",
        """
        CREATE FUNCTION products_search_vector_update() RETURNS trigger AS $$
        BEGIN
          NEW.root_category_id := \(sqliteRootOf("NEW.category_id"));
          NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
            setweight(to_tsvector('english', coalesce(NEW.brand, '') || ' ' || coalesce(NEW.model, '')), 'A') ||
            setweight(to_tsvector('english', coalesce((SELECT c.name || ' ' || coalesce(p.name, '') FROM categories c
              LEFT JOIN categories p ON p.id = c.parent_id WHERE c.id = NEW.category_id), '')), 'B') ||
            setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
          RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER products_search_vector BEFORE INSERT OR UPDATE OF name, brand, model, description, category_id
        ON products FOR EACH ROW EXECUTE FUNCTION products_search_vector_update()
        """,
        "CREATE INDEX products_search ON products USING GIN (search_vector)",
        """
        CREATE FUNCTION bump_catalog_version() RETURNS trigger AS $$
        BEGIN
          UPDATE app_settings SET value = (value::bigint + 1)::text WHERE key = 'catalog_version';
          RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """,
        // Once per statement, not per row: a bulk seed or a checkout bumps it once.
        "CREATE TRIGGER products_version AFTER INSERT OR UPDATE OR DELETE ON products FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()",
        "CREATE TRIGGER categories_version AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()",
        "CREATE TRIGGER shops_version AFTER UPDATE ON shops FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()",
        """
        CREATE FUNCTION categories_touch_products() RETURNS trigger AS $$
        BEGIN
          UPDATE products SET category_id = category_id WHERE category_id IN (
            WITH RECURSIVE down(id) AS (SELECT NEW.id UNION ALL SELECT c.id FROM categories c JOIN down ON c.parent_id = down.id) SELECT id FROM down);
          RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """,
        "CREATE TRIGGER categories_search AFTER UPDATE OF name, parent_id ON categories FOR EACH ROW EXECUTE FUNCTION categories_touch_products()",
    ]
}

/// What checkout and order history need besides the commerce tables: the order each idempotency key made,
/// and one row per status change (the order page's timeline).
struct CreateOrderRecords: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("idempotency_keys").field("order_id", .int).update()
        try await db.schema("order_events").autoID()
            .field("order_id", .int, .required, .references("orders", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.raw("CREATE INDEX order_events_order ON order_events (order_id, id)").run()
        try await db.sql.raw("CREATE INDEX coupon_redemptions_coupon ON coupon_redemptions (coupon_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("order_events").delete()
        try await db.schema("idempotency_keys").deleteField("order_id").update()
    }
}

/// What the seller workspace needs besides the catalog tables: why stock changed, why a listing was rejected,
/// and the index the seller's order list reads through.
struct CreateSellerRecords: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("stock_movements").field("note", .string).update()
        try await db.schema("products").field("moderation_note", .string).update()
        try await db.sql.raw("CREATE INDEX order_shipments_shop ON order_shipments (shop_id, status, order_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP INDEX order_shipments_shop").run()
        try await db.schema("products").deleteField("moderation_note").update()
        try await db.schema("stock_movements").deleteField("note").update()
    }
}

/// What the admin figures read: the few listings at or below their alert, without scanning every product.
struct CreateAdminIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("CREATE INDEX products_low_stock ON products (id) WHERE deleted_at IS NULL AND stock <= low_stock_threshold").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP INDEX products_low_stock").run()
    }
}

/// Deep pages of the whole catalog (`OFFSET` in the tens of thousands) walk the newest or price index and test
/// every skipped row for being listed. With the listed columns in the index that test reads no table rows (SQLite
/// seeks the table only for the rows it returns; PostgreSQL scans the index only): page 4,000 of 100,000 listings
/// went from 220 ms to 32 ms. The newest index replaces the narrower one it extends.
struct CreateListingCoverIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw(
            "CREATE INDEX products_listed_newest_cover ON products (created_at, id, status, active, shop_id) WHERE deleted_at IS NULL"
        ).run()
        try await db.sql.raw("DROP INDEX products_listed_newest").run()
        try await db.sql.raw("CREATE INDEX products_listed_price ON products (price_cents, id, status, active, shop_id) WHERE deleted_at IS NULL")
            .run()
        // The planner weighs indexes by their statistics; a new one without them can lose to a worse plan.
        try await db.sql.raw("ANALYZE products").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("CREATE INDEX products_listed_newest ON products (created_at, id) WHERE deleted_at IS NULL").run()
        try await db.sql.raw("DROP INDEX products_listed_newest_cover").run()
        try await db.sql.raw("DROP INDEX products_listed_price").run()
    }
}

/// Sign-in throttling waits longer after each failure past the limit, counted from the last one (`Throttle.Rule`).
struct AddThrottleLastEvent: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("rate_limits").field("last_at", .datetime).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("rate_limits").deleteField("last_at").update()
    }
}

/// The catalog's change feed (issue 15): one row per written product, shop, category or tag, appended by triggers, so
/// every instance can bring its in-memory catalog index up to date by reading the rows after the last one it saw.
/// It replaces the single `catalog_version` counter: every product write had to update that one row (on PostgreSQL
/// every checkout waited for the previous one's lock on it), and any write made every instance drop everything.
/// Appending rows takes no shared lock. Old rows are pruned by the hourly sweep (`CatalogFeed.prune`).
struct CreateCatalogChanges: AsyncMigration {
    static let oldSQLiteTriggers = [
        "products_version_i", "products_version_u", "products_version_d", "categories_version_i", "categories_version_u",
        "categories_version_d", "shops_version_u",
    ]

    /// Which column of `catalog_changes` each table's rows go to, and the key they are named by.
    static let sources: [(table: String, column: String, key: String)] = [
        ("products", "product_id", "id"), ("product_tags", "product_id", "product_id"), ("shops", "shop_id", "id"),
        ("categories", "category_id", "id"), ("tags", "tag_id", "id"),
    ]

    func prepare(on db: any Database) async throws {
        if db.isSQLite {
            for name in Self.oldSQLiteTriggers { try await db.sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(name)")).run() }
            try await db.sql.raw(
                """
                CREATE TABLE catalog_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, product_id INTEGER, shop_id INTEGER,
                  category_id INTEGER, tag_id INTEGER)
                """
            ).run()
            for (table, column, key) in Self.sources {
                for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
                    try await db.sql.raw(
                        SQLQueryString(
                            """
                            CREATE TRIGGER \(table)_change_\(event.lowercased()) AFTER \(event) ON \(table)
                            BEGIN INSERT INTO catalog_changes (\(column)) VALUES (\(row).\(key)); END
                            """)
                    ).run()
                }
            }
        } else {
            for statement in [
                "DROP TRIGGER products_version ON products", "DROP TRIGGER categories_version ON categories", "DROP TRIGGER shops_version ON shops",
                "DROP FUNCTION bump_catalog_version",
                """
                CREATE TABLE catalog_changes (seq BIGSERIAL PRIMARY KEY, product_id BIGINT, shop_id BIGINT, category_id BIGINT, tag_id BIGINT)
                """,
            ] {
                try await db.sql.raw(SQLQueryString(statement)).run()
            }
            // Once per statement over its transition table: a bulk seed appends its rows in one INSERT … SELECT.
            for (table, column, key) in Self.sources {
                for (event, rows) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                    let name = "\(table)_change_\(event.lowercased())"
                    try await db.sql.raw(
                        SQLQueryString(
                            """
                            CREATE FUNCTION \(name)() RETURNS trigger AS $$
                            BEGIN
                              INSERT INTO catalog_changes (\(column)) SELECT \(key) FROM changed_rows;
                              RETURN NULL;
                            END
                            $$ LANGUAGE plpgsql
                            """)
                    ).run()
                    try await db.sql.raw(
                        SQLQueryString(
                            """
                            CREATE TRIGGER \(name) AFTER \(event) ON \(table) REFERENCING \(rows) TABLE AS changed_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION \(name)()
                            """)
                    ).run()
                }
            }
        }
        try await db.sql.raw("DELETE FROM app_settings WHERE key = 'catalog_version'").run()
    }

    func revert(on db: any Database) async throws {
        for (table, _, _) in Self.sources {
            for event in ["insert", "update", "delete"] {
                if db.isSQLite {
                    try await db.sql.raw(SQLQueryString("DROP TRIGGER \(table)_change_\(event)")).run()
                } else {
                    try await db.sql.raw(SQLQueryString("DROP TRIGGER \(table)_change_\(event) ON \(table)")).run()
                    try await db.sql.raw(SQLQueryString("DROP FUNCTION \(table)_change_\(event)")).run()
                }
            }
        }
        try await db.sql.raw("DROP TABLE catalog_changes").run()
    }
}

/// PostgreSQL's text parser reads the "-28" of "D-28" as a negative number, so a search for "D-28" (its words "d" and
/// "28", as the shop splits them) found nothing, nor did "DS-1" or "P-125". Hyphens become spaces before the text
/// is parsed, as SQLite's tokenizer already treats them; every product's vector is computed again.
struct SplitHyphenatedSearchWords: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw(
            SQLQueryString(
                """
                CREATE OR REPLACE FUNCTION products_search_vector_update() RETURNS trigger AS $$
                BEGIN
                  NEW.root_category_id := \(CreateSearchIndex.sqliteRootOf("NEW.category_id"));
                  NEW.search_vector :=
                    setweight(to_tsvector('english', replace(coalesce(NEW.name, ''), '-', ' ')), 'A') ||
                    setweight(to_tsvector('english', replace(coalesce(NEW.brand, '') || ' ' || coalesce(NEW.model, ''), '-', ' ')), 'A') ||
                    setweight(to_tsvector('english', replace(coalesce((SELECT c.name || ' ' || coalesce(p.name, '') FROM categories c
                      LEFT JOIN categories p ON p.id = c.parent_id WHERE c.id = NEW.category_id), ''), '-', ' ')), 'B') ||
                    setweight(to_tsvector('english', replace(coalesce(NEW.description, ''), '-', ' ')), 'C');
                  RETURN NEW;
                END
                $$ LANGUAGE plpgsql
                """)
        ).run()
        try await db.sql.raw("UPDATE products SET name = name").run()
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw(
            SQLQueryString(CreateSearchIndex.postgres[1].replacingOccurrences(of: "CREATE FUNCTION", with: "CREATE OR REPLACE FUNCTION"))
        ).run()
        try await db.sql.raw("UPDATE products SET name = name").run()
    }
}

/// The job runner's claims (one row a job: when it last ran) and the units a buyer's open checkout holds.
///
/// `products.held` is the sum of that product's `stock_holds` rows, kept in the same transaction as every hold and
/// release, so the catalog's reads (cards, the in-stock filter, the product page) show `stock - held` without a
/// join, and the catalog's change feed hears of holds like any other product write.
struct CreateJobsAndHolds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("jobs")
            .field("name", .string, .identifier(auto: false))
            .field("last_run_at", .datetime)
            .create()
        try await db.schema("stock_holds").autoID()
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("product_id", .int, .required, .references("products", "id", onDelete: .cascade))
            .field("quantity", .int, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "product_id")
            .create()
        try await db.sql.raw("CREATE INDEX stock_holds_product ON stock_holds (product_id)").run()
        try await db.sql.raw("CREATE INDEX stock_holds_expiry ON stock_holds (expires_at)").run()
        try await db.schema("products").field("held", .int, .required, .sql(.default(0))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("products").deleteField("held").update()
        try await db.schema("stock_holds").delete()
        try await db.schema("jobs").delete()
    }
}

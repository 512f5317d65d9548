"""Fills the reference app's own database (its SQLAlchemy schema, its indexes) from Backline's seeded SQLite file,
so both apps serve the same products, and an FTS5 table over name, brand and model for its search. Usage: load.py BACKLINE_SQLITE REFERENCE_SQLITE"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ["REFERENCE_DB"] = sys.argv[2]
from app import Base, engine  # noqa: E402

Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
con = sqlite3.connect(sys.argv[2])
con.execute("ATTACH DATABASE ? AS backline", (sys.argv[1],))
con.execute("INSERT INTO categories (id, parent_id, name, slug) SELECT id, parent_id, name, slug FROM backline.categories")
con.execute("INSERT INTO shops (id, name) SELECT id, name FROM backline.shops")
con.execute("""INSERT INTO products (id, shop_id, category_id, name, brand, model, condition, price_cents, stock, sold_count, rating_avg,
  created_at, image_path) SELECT id, shop_id, category_id, name, brand, model, condition, price_cents, stock, sold_count, rating_avg, created_at,
  image_path FROM backline.products WHERE deleted_at IS NULL AND status = 'approved' AND active""")
con.execute("CREATE VIRTUAL TABLE products_fts USING fts5(name, brand, model, tokenize = 'porter unicode61')")
con.execute("INSERT INTO products_fts (rowid, name, brand, model) SELECT id, name, brand, model FROM products")
con.commit()
con.execute("ANALYZE")
print(con.execute("SELECT count(*) FROM products").fetchone()[0], "products loaded into the reference")

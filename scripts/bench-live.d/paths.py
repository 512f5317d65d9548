#!/usr/bin/env python3
"""Writes N storefront paths drawn at random from a seeded catalog (SQLite file or PostgreSQL URL), in issue 15's mix: 35% product pages,
25% searches of brand/model words, 20% filtered category listings (brand, condition, price, sort, pages 1-20),
10% shop pages, 5% API listings, 5% home."""
import random
import sys
import urllib.parse

from catalogdb import rows

db, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(3)
ids = [r[0] for r in rows(db, "SELECT id FROM products WHERE deleted_at IS NULL AND status = 'approved' AND active ORDER BY id")]
shops = [r[0] for r in rows(db, "SELECT id FROM shops WHERE active ORDER BY id")]
cats = [r[0] for r in rows(db, "SELECT slug FROM categories ORDER BY slug")]
brands = [str(r[0]) for r in rows(db, "SELECT DISTINCT brand FROM products ORDER BY brand")]
words = sorted({w for (m,) in rows(db, "SELECT DISTINCT model FROM products ORDER BY model LIMIT 2000") for w in str(m).split() if len(w) > 3})
conditions = ["new", "mint", "excellent", "very_good", "good", "fair"]
sorts = ["newest", "price_asc", "price_desc", "popular", "rating"]
paths = []
for _ in range(count):
    roll = rng.random()
    if roll < 0.35:
        paths.append(f"/products/{rng.choice(ids)}")
    elif roll < 0.60:
        paths.append("/products?" + urllib.parse.urlencode({"q": rng.choice(brands + words)}))
    elif roll < 0.80:
        q = [("category", rng.choice(cats))]
        if rng.random() < 0.5: q.append(("brand", rng.choice(brands)))
        if rng.random() < 0.5: q.append(("condition", rng.choice(conditions)))
        if rng.random() < 0.4: q.append(("max_price", str(rng.choice([250, 500, 1000, 2500]))))
        q += [("sort", rng.choice(sorts)), ("page", str(rng.randint(1, 20)))]
        paths.append("/products?" + urllib.parse.urlencode(q))
    elif roll < 0.90:
        paths.append(f"/shops/{rng.choice(shops)}?page={rng.randint(1, 5)}")
    elif roll < 0.95:
        paths.append("/api/v1/products?" + urllib.parse.urlencode({"category": rng.choice(cats), "page": rng.randint(1, 10)}))
    else:
        paths.append("/")
with open(out, "w") as f:
    f.write("\n".join(paths) + "\n")

#!/usr/bin/env python3
"""Writes while the readers run: BUYERS API buyers checking out RATE orders a second in all (each adds a random
in-stock product, then checks out paying by UPI), and a seller editing a price every 2 s. Prints checkout p50/p99
and the statuses seen. Usage: writers.py BASE SECONDS DB (a SQLite file or a PostgreSQL URL)"""
import random
import sys
import threading
import time

from catalogdb import rows
from api import buy, call, token

base, seconds, db = sys.argv[1], float(sys.argv[2]), sys.argv[3]
BUYERS, RATE = 8, 4.0
ids = [r[0] for r in rows(db, "SELECT id FROM products WHERE deleted_at IS NULL AND status = 'approved' AND active AND stock > 5 ORDER BY id LIMIT 5000")]
seller_product = rows(db, "SELECT p.id FROM products p JOIN shops s ON s.id = p.shop_id JOIN users u ON u.id = s.owner_id WHERE u.email = 'seller@backline.test' ORDER BY p.id LIMIT 1")[0][0]

latencies, statuses, lock = [], {}, threading.Lock()
end = time.monotonic() + seconds


def buyer(n):
    tok = token(base, f"buyer{n + 2}@backline.test")
    rng = random.Random(n)
    interval = BUYERS / RATE
    while time.monotonic() < end:
        started = time.monotonic()
        status, seconds = buy(base, tok, rng.choice(ids))
        with lock:
            latencies.append(seconds)
            statuses[status] = statuses.get(status, 0) + 1
        time.sleep(max(0, interval - (time.monotonic() - started)))


def seller():
    tok = token(base, "seller@backline.test")
    price = 50_000
    while time.monotonic() < end:
        price += 100
        call(base, "PATCH", f"/api/v1/products/{seller_product}", {"price_cents": price}, tok)
        time.sleep(2)


threads = [threading.Thread(target=buyer, args=(n,)) for n in range(BUYERS)] + [threading.Thread(target=seller)]
for t in threads: t.start()
for t in threads: t.join()
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
print(f"CHECKOUTS n={len(latencies)} statuses={statuses} p50={pick(0.5):.0f}ms p99={pick(0.99):.0f}ms")

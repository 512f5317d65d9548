#!/usr/bin/env python3
"""Checkouts at once, nothing else running: BUYERS API buyers (16), each buying from products no other buyer touches,
add to cart then check out, as fast as they can for SECONDS. Prints checkouts a second (201s only), p50/p99 of the
checkout call and the statuses seen. Usage: checkouts.py BASE SECONDS DB (a SQLite file or a PostgreSQL URL)"""
import sys
import threading
import time

from catalogdb import rows
from api import buy, token

base, seconds, db = sys.argv[1], float(sys.argv[2]), sys.argv[3]
BUYERS = 16
ids = [r[0] for r in rows(db, "SELECT id FROM products WHERE deleted_at IS NULL AND status = 'approved' AND active AND stock > 10 ORDER BY id LIMIT 8000")]
latencies, statuses, lock = [], {}, threading.Lock()
ready = threading.Barrier(BUYERS + 1)


def buyer(n):
    tok = token(base, f"buyer{n + 20}@backline.test")
    mine = ids[n::BUYERS]
    ready.wait()
    i = 0
    while time.monotonic() < end:
        status, seconds = buy(base, tok, mine[i % len(mine)])
        i += 1
        with lock:
            latencies.append(seconds)
            statuses[status] = statuses.get(status, 0) + 1


threads = [threading.Thread(target=buyer, args=(n,)) for n in range(BUYERS)]
for t in threads: t.start()
end = time.monotonic() + 3600
ready.wait()
started = time.monotonic()
end = started + seconds
for t in threads: t.join()
elapsed = time.monotonic() - started
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
print(f"BURST buyers={BUYERS} checkouts_per_s={statuses.get(201, 0) / elapsed:.0f} statuses={statuses} p50={pick(0.5):.0f}ms p99={pick(0.99):.0f}ms")

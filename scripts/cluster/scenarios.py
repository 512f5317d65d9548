#!/usr/bin/env python3
"""End-to-end scenarios for two Backline instances on one PostgreSQL database behind nginx.

Run by scripts/test-cluster, which builds, seeds a throwaway database and starts instances A and B and the
nginx in front of them. Python 3 standard library only. Every check prints a PASS or FAIL line with what a
user would see; the exit status is 1 when any check failed.

  a  the browser flow, alternating instances with one cookie jar (sign in, cart, checkout form, orders)
  b  the API flow, alternating instances (token, cart, checkout, the same Idempotency-Key replayed)
  c  a checkout race for the last K units, fired at both instances at once
  d  kill -9 of one instance under a load of reads and checkouts through nginx; then restart it
  e  PostgreSQL stopped and started under running instances: readiness goes 503 and back, no restarts
  f  the failed-sign-in throttle counts across instances

Buyers that need many registrations come from their own loopback addresses (127.0.x.y): registrations are
limited to 10 an hour per client address, and that counter is shared by the instances, as it should be.
"""

import argparse
import concurrent.futures
import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

PASSWORD = "cluster-pass1"
CARD_OK = "4242424242424242"
ADDRESS = {"full_name": "Cluster Test", "line1": "1 Main St", "city": "Austin", "postal_code": "78701", "country": "US"}
RUN = uuid.uuid4().hex[:8]  # makes this run's email addresses unique

failures = []


def check(ok, scenario, what, detail=""):
    """Prints one PASS/FAIL line; returns ok so a scenario can stop when the rest would be meaningless."""
    if ok:
        print(f"PASS  {scenario}: {what}", flush=True)
    else:
        failures.append(f"{scenario}: {what}")
        print(f"FAIL  {scenario}: {what}" + (f"  [{detail}]" if detail else ""), flush=True)
    return ok


class Abort(Exception):
    """A scenario cannot go on (its FAIL line is already printed)."""


def require(ok, scenario, what, detail=""):
    if not check(ok, scenario, what, detail):
        raise Abort()


# HTTP ---------------------------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name)

    def brief(self):
        return f"HTTP {self.status}: {self.text[:300]}"


class Session:
    """One client: a cookie jar kept by hand (shared by every instance it talks to, as a browser's would be
    for one site), an optional bearer token, an optional source address. Redirects are not followed."""

    def __init__(self, token=None, source=None):
        self.cookies = {}
        self.token = token
        self.source = source

    def request(self, method, url, form=None, body=None, headers=None, timeout=30):
        parts = urllib.parse.urlsplit(url)
        headers = dict(headers or {})
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        source = (self.source, 0) if self.source else None
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=source)
        try:
            path = parts.path + ("?" + parts.query if parts.query else "")
            conn.request(method, path, body=data, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            attributes = attributes.lower()
            if not value or "max-age=0" in attributes or "1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)


def csrf_token(page):
    found = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    return found.group(1) if found else None


def hidden_field(page, name):
    found = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page.text)
    return found.group(1) if found else None


def shows(page, text):
    """Whether a page shows this text to the reader (entities decoded)."""
    return text in html.unescape(page.text)


def register(base, email, source=None):
    return Session(source=source).post(base + "/api/v1/auth/register", body={"email": email, "password": PASSWORD, "display_name": email.split("@")[0]})


def sign_in(base, email, password=PASSWORD, source=None):
    """An API session for the account (None when the token request fails)."""
    r = Session(source=source).post(base + "/api/v1/auth/token", body={"email": email, "password": password})
    return Session(token=r.json()["access_token"], source=source) if r.status == 200 else None


def checkout_body(method="standard"):
    return {"shipping_address": ADDRESS, "shipping_method": method, "payment": {"method": "card", "card_number": CARD_OK}}


def wait_until(predicate, timeout, interval=0.2):
    """Polls until predicate() is truthy; returns (value, seconds waited), or (None, timeout) when it never was."""
    start = time.monotonic()
    while True:
        value = predicate()
        if value:
            return value, time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None, timeout
        time.sleep(interval)


def status_of(url, timeout=5):
    try:
        return Session().get(url, timeout=timeout).status
    except OSError as error:
        return f"no answer ({error.__class__.__name__})"


# Fixtures -------------------------------------------------------------------------------------------------


class Cluster:
    def __init__(self, args):
        self.a, self.b, self.proxy = args.a.rstrip("/"), args.b.rstrip("/"), args.proxy.rstrip("/")
        self.work, self.psql_url = args.work, args.psql_url
        self.pg_cluster = os.environ.get("PG_CLUSTER", "").split()
        self.sudo = os.environ.get("SUDO", "")
        self.instance = os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance")

    def sql(self, query):
        out = subprocess.run(["psql", self.psql_url, "-v", "ON_ERROR_STOP=1", "-tAc", query], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise RuntimeError("psql: " + out.stderr.strip())
        return out.stdout.strip()

    def pid(self, name):
        with open(os.path.join(self.work, name + ".pid")) as f:
            return int(f.read())

    def pg_ctl(self, action):
        command = ([self.sudo] if self.sudo else []) + ["pg_ctlcluster", *self.pg_cluster, action]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def seller(self, base):
        return sign_in(base, "seller@backline.test", "demo1234")

    def seller_product(self, seller, skip=()):
        """One of the seller's listings that buyers can see (approved, shown), not in skip."""
        r = seller.get(self.a + "/api/v1/seller/products?per_page=100")
        for item in r.json()["items"]:
            if item["status"] == "approved" and item["active"] and item["id"] not in skip:
                if Session().get(self.b + f"/api/v1/products/{item['id']}").status == 200:
                    return item
        return None

    def set_stock(self, seller, base, product_id, stock, note):
        current = seller.get(self.a + f"/api/v1/seller/products/{product_id}").json()["stock"]
        if current == stock:
            return stock
        r = seller.post(base + f"/api/v1/products/{product_id}/stock", body={"delta": stock - current, "note": note})
        return r.json()["stock"] if r.status == 200 else None


# a: the browser flow ----------------------------------------------------------------------------------------


def scenario_a(c):
    """the browser flow, alternating instances with one cookie jar"""
    s = "a"
    email = f"web.{RUN}@cluster.test"
    r = register(c.a, email)
    require(r.status == 201, s, "a new customer registers (API on A): 201", r.brief())

    browser = Session()
    login = browser.get(c.a + "/login")
    token = csrf_token(login)
    require(login.status == 200 and token, s, "GET /login on A shows the sign-in form with its _csrf field", login.brief())
    guest_cookie = browser.cookies.get("backline_session")
    require(guest_cookie is not None, s, "A gives the browser a backline_session cookie")

    r = browser.post(c.b + "/login", form={"email": email, "password": PASSWORD, "next": "/cart", "_csrf": token})
    check(r.status == 303 and r.header("Location") == "/cart", s, "POST /login on B with A's form and _csrf: 303 to /cart", r.brief())
    require(browser.cookies.get("backline_session") not in (None, guest_cookie), s, "B replaced the session cookie at sign-in")

    listing = Session().get(c.a + "/api/v1/products?in_stock=true&sort=price_asc&per_page=50").json()["items"]
    product = next((p for p in listing if p["stock"] >= 3), None)
    require(product is not None, s, "the catalog has a product with a few units in stock")
    page = browser.get(c.a + f"/products/{product['id']}")
    token = csrf_token(page)
    require(page.status == 200 and token and 'action="/cart/items"' in page.text, s, "the product page on A shows the add-to-cart form", page.brief())
    r = browser.post(c.a + "/cart/items", form={"product_id": product["id"], "quantity": "1", "_csrf": token})
    require(r.status == 303 and r.header("Location") == "/cart", s, "add to cart on A: 303 to /cart", r.brief())

    cart = browser.get(c.b + "/cart")
    check(cart.status == 200 and shows(cart, product["name"]), s, f"/cart on B shows {product['name']!r}", cart.brief())
    check(shows(cart, "Added to your cart."), s, "B shows the flash message A left in the session")

    form = browser.get(c.a + "/checkout")
    token, checkout_token = csrf_token(form), hidden_field(form, "checkout_token")
    require(form.status == 200 and token and checkout_token, s, "the checkout form on A has _csrf and checkout_token", form.brief())
    fields = dict(ADDRESS, shipping_method="standard", payment_method="card", card_number=CARD_OK, checkout_token=checkout_token, _csrf=token)
    r = browser.post(c.a + "/checkout", form=fields)
    location = r.header("Location") or ""
    require(r.status == 303 and re.fullmatch(r"/orders/\d+", location), s, "placing the order on A: 303 to /orders/{id}", r.brief())

    order = browser.get(c.b + location)
    placed = re.search(r"Your order (\S+) is placed", html.unescape(order.text))
    require(order.status == 200 and placed, s, f"B shows the order page {location} with the thank-you message", order.brief())
    number = placed.group(1)
    history = browser.get(c.b + "/orders")
    check(history.status == 200 and shows(history, number), s, f"/orders on B lists order {number}", history.brief())
    again = browser.post(c.b + "/checkout", form=fields)
    check(again.status == 303 and again.header("Location") == location, s,
          "submitting the same checkout form again (on B) leads to the same order", again.brief() + f" Location: {again.header('Location')}")
    count = c.sql(f"SELECT count(*) FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.email = '{email}'")
    check(count == "1", s, "the database holds exactly one order for this buyer", f"{count} orders")


# b: the API flow -------------------------------------------------------------------------------------------


def scenario_b(c):
    """the API flow, alternating instances, an Idempotency-Key replayed"""
    s = "b"
    email = f"api.{RUN}@cluster.test"
    require(register(c.b, email).status == 201, s, "a new customer registers (API on B)")
    token = Session().post(c.a + "/api/v1/auth/token", body={"email": email, "password": PASSWORD})
    require(token.status == 200, s, "POST /api/v1/auth/token on A: 200 with tokens", token.brief())
    pair = token.json()
    buyer = Session(token=pair["access_token"])

    listing = Session().get(c.b + "/api/v1/products?in_stock=true&sort=price_desc&per_page=50").json()["items"]
    product = next(p for p in listing if p["stock"] >= 3)
    r = buyer.post(c.b + "/api/v1/cart/items", body={"product_id": product["id"], "quantity": 2})
    require(r.status in (200, 201), s, "A's access token works on B: 2 units added to the cart on B", r.brief())
    cart = buyer.get(c.a + "/api/v1/cart").json()
    check([(i["product_id"], i["quantity"]) for i in cart["items"]] == [(product["id"], 2)], s, "A sees the cart B filled", json.dumps(cart)[:300])

    key = str(uuid.uuid4())
    first = buyer.post(c.a + "/api/v1/checkout", body=checkout_body(), headers={"Idempotency-Key": key})
    require(first.status == 201, s, "checkout on A with an Idempotency-Key: 201", first.brief())
    order = first.json()
    replay = buyer.post(c.b + "/api/v1/checkout", body=checkout_body(), headers={"Idempotency-Key": key})
    check(replay.status == 201 and replay.header("Idempotent-Replayed") == "true", s,
          "the same key replayed on B: 201 with Idempotent-Replayed: true", replay.brief())
    if replay.status == 201:
        same = replay.json()
        check((same["id"], same["number"]) == (order["id"], order["number"]), s, f"the replay answers the same order {order['number']}",
              f"{same['id']} {same['number']}")
    other = buyer.post(c.b + "/api/v1/checkout", body=checkout_body("express"), headers={"Idempotency-Key": key})
    check(other.status == 422, s, "the same key with another body on B: 422", other.brief())
    orders = buyer.get(c.b + "/api/v1/orders").json()
    check([o["id"] for o in orders["items"]] == [order["id"]], s, "B lists exactly that one order", json.dumps(orders)[:300])

    refreshed = Session().post(c.b + "/api/v1/auth/refresh", body={"refresh_token": pair["refresh_token"]})
    check(refreshed.status == 200, s, "A's refresh token is accepted by B", refreshed.brief())
    reused = Session().post(c.a + "/api/v1/auth/refresh", body={"refresh_token": pair["refresh_token"]})
    check(reused.status == 401, s, "the used refresh token is refused by A afterwards: 401", reused.brief())


# c: the checkout race --------------------------------------------------------------------------------------


def scenario_c(c, buyers=16, stock=5):
    """a checkout race for the last units, on both instances at once"""
    s = "c"
    seller = c.seller(c.a)
    require(seller is not None, s, "the seller signs in")
    product = c.seller_product(seller)
    require(product is not None, s, "the seller has a listing buyers can see")
    pid = product["id"]
    check(c.set_stock(seller, c.b, pid, stock, "cluster race") == stock, s, f"the seller sets product {pid}'s stock to {stock} (on B)")

    instances = [c.a, c.b]
    emails = [f"race{i}.{RUN}@cluster.test" for i in range(buyers)]
    sources = [f"127.0.1.{i + 1}" for i in range(buyers)]

    def prepare(i):
        base = instances[i % 2]
        r = register(base, emails[i], source=sources[i])
        if r.status != 201:
            return f"register: {r.brief()}"
        buyer = sign_in(instances[(i + 1) % 2], emails[i], source=sources[i])
        if buyer is None:
            return "sign-in failed"
        r = buyer.post(base + "/api/v1/cart/items", body={"product_id": pid, "quantity": 1})
        return buyer if r.status in (200, 201) else f"add to cart: {r.brief()}"

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        prepared = list(pool.map(prepare, range(buyers)))
    problems = [p for p in prepared if isinstance(p, str)]
    require(not problems, s, f"{buyers} buyers registered, signed in and put 1 unit in their carts", "; ".join(problems[:3]))

    # All at once: each thread waits at the barrier, then checks out; even buyers on A, odd ones on B.
    barrier = threading.Barrier(buyers)
    results = [None] * buyers

    def race(i):
        barrier.wait()
        try:
            results[i] = prepared[i].post(instances[i % 2] + "/api/v1/checkout", body=checkout_body(), headers={"Idempotency-Key": str(uuid.uuid4())})
        except OSError as error:
            results[i] = error

    threads = [threading.Thread(target=race, args=(i,)) for i in range(buyers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    statuses = [r.status if isinstance(r, Response) else repr(r) for r in results]
    won = [r for r in results if isinstance(r, Response) and r.status == 201]
    lost = [r for r in results if isinstance(r, Response) and r.status == 409]
    check(len(won) == stock, s, f"{buyers} simultaneous checkouts (half on A, half on B): exactly {stock} answered 201", f"statuses {statuses}")
    check(len(lost) == buyers - stock, s, f"the other {buyers - stock} answered 409", f"statuses {statuses}")
    check(all(r.json().get("code") == "insufficient_stock" for r in lost), s, "each 409 says insufficient_stock")
    check(len({r.json()["id"] for r in won}) == len(won), s, "every winner got an order of their own")

    for base, name in ((c.a, "A"), (c.b, "B")):
        left = Session().get(base + f"/api/v1/products/{pid}").json()["stock"]
        check(left == 0, s, f"the product shows stock 0 on {name}", f"stock {left}")
    row = c.sql(
        "SELECT count(DISTINCT o.id) || ' ' || coalesce(sum(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id "
        f"JOIN users u ON u.id = o.buyer_id WHERE oi.product_id = {pid} AND u.email LIKE 'race%.{RUN}@cluster.test'"
    )
    check(row == f"{stock} {stock}", s, f"the database holds exactly {stock} orders of 1 unit for it", f"orders, units: {row}")
    stock_row = c.sql(f"SELECT stock FROM products WHERE id = {pid}")
    check(stock_row == "0", s, "and the products row says stock 0", stock_row)
    loser = next(i for i, r in enumerate(results) if isinstance(r, Response) and r.status == 409)
    cart = prepared[loser].get(c.a + "/api/v1/cart").json()
    check([(i["product_id"], i["quantity"]) for i in cart["items"]] == [(pid, 1)], s, "a buyer who lost the race still has the item in the cart")


# d: kill -9 under load ------------------------------------------------------------------------------------


def scenario_d(c, checkout_threads=4, reader_threads=4):
    """kill -9 of instance B under a load of reads and checkouts through nginx"""
    s = "d"
    seller = c.seller(c.a)
    product = c.seller_product(seller)
    require(product is not None, s, "the seller has a listing buyers can see")
    pid = product["id"]
    require(c.set_stock(seller, c.a, pid, 5000, "cluster load") == 5000, s, "the seller stocks 5000 units of it")
    buyers = []
    for i in range(checkout_threads):
        email, source = f"load{i}.{RUN}@cluster.test", f"127.0.2.{i + 1}"
        register(c.a, email, source=source)
        buyers.append(sign_in(c.b, email, source=source))
    require(all(buyers), s, f"{checkout_threads} load buyers are signed in")

    proxy = c.proxy
    stop = threading.Event()
    lock = threading.Lock()
    reads = []  # (time, status or error text, path)
    post_errors = []  # (time, what)
    placed = []  # (buyer index, key, order id, order number)
    read_paths = ["/api/v1/products?per_page=5", f"/products/{pid}", "/", f"/api/v1/products/{pid}", "/products?category=guitars", "/healthz"]

    def reader(n):
        i = n
        while not stop.is_set():
            path = read_paths[i % len(read_paths)]
            i += 1
            try:
                status = Session().get(proxy + path, timeout=20).status
            except OSError as error:
                status = repr(error)
            with lock:
                reads.append((time.monotonic(), status, path))

    def post_until_answered(buyer, what, url, body, headers=None):
        """A POST that failed in transit (no answer, or nginx's 502) is sent again; the checkout carries the
        same Idempotency-Key each time, so a retry never makes a second order."""
        for _ in range(20):
            try:
                r = buyer.post(url, body=body, headers=headers, timeout=20)
                if r.status < 500:
                    return r
                error = r.brief()
            except OSError as e:
                error = repr(e)
            with lock:
                post_errors.append((time.monotonic(), f"{what}: {error}"))
            time.sleep(0.2)
        return None

    def shopper(n):
        try:
            shop(n)
        except Exception as error:  # reported with the POST errors, and fails the scenario below
            with lock:
                post_errors.append((time.monotonic(), f"shopper gave up: {error!r}"))

    def shop(n):
        buyer = buyers[n]
        while not stop.is_set():
            in_cart = buyer.get(proxy + "/api/v1/cart", timeout=20).json()["items"]
            if not in_cart:
                r = post_until_answered(buyer, "add to cart", proxy + "/api/v1/cart/items", {"product_id": pid, "quantity": 1})
                if r is None or r.status not in (200, 201):
                    with lock:
                        post_errors.append((time.monotonic(), f"add to cart gave up: {r and r.brief()}"))
                    return
            key = str(uuid.uuid4())
            r = post_until_answered(buyer, "checkout", proxy + "/api/v1/checkout", checkout_body(), {"Idempotency-Key": key})
            if r is None or r.status != 201:
                with lock:
                    post_errors.append((time.monotonic(), f"checkout gave up: {r and r.brief()}"))
                return
            order = r.json()
            with lock:
                placed.append((n, key, order["id"], order["number"]))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(reader_threads)]
    threads += [threading.Thread(target=shopper, args=(n,)) for n in range(checkout_threads)]
    for t in threads:
        t.start()
    try:
        _, waited = wait_until(lambda: len(reads) >= 40 and len(placed) >= 4, 60)
        check(len(reads) >= 40 and len(placed) >= 4, s, "load through nginx is running (reads and checkouts answered)", f"{len(reads)} reads, {len(placed)} orders")
        killed_at = time.monotonic()
        os.kill(c.pid("b"), signal.SIGKILL)
        before_reads, before_orders = len(reads), len(placed)
        _, waited = wait_until(lambda: len(reads) >= before_reads + 80 and len(placed) >= before_orders + 8, 60)
        check(waited < 60, s, "the load goes on after B is killed (80 reads, 8 orders more)", f"{len(reads) - before_reads} reads, {len(placed) - before_orders} orders")
    finally:
        stop.set()
        for t in threads:
            t.join(60)

    bad_reads = [(round(t - killed_at, 2), status, path) for t, status, path in reads if status != 200]
    check(not bad_reads, s, f"all {len(reads)} reads through nginx answered 200, before and after the kill", f"{bad_reads[:5]}")
    late = [(round(t - killed_at, 2), what) for t, what in post_errors if t - killed_at > 2 or t < killed_at]
    check(not late, s, "POSTs failed only in the instant of the kill", f"{late[:5]}")
    gave_up = [what for _, what in post_errors if "gave up" in what]
    check(not gave_up, s, "every failed POST succeeded when the client sent it again", f"{gave_up[:3]}")
    print(f"      ({len(post_errors)} POST(s) failed in transit at the kill and were sent again)", flush=True)

    lost = []
    for n, key, order_id, number in placed:
        r = buyers[n].get(proxy + f"/api/v1/orders/{order_id}")
        if r.status != 200 or r.json()["number"] != number:
            lost.append((order_id, r.status))
    check(not lost, s, f"each of the {len(placed)} orders that answered 201 is there afterwards (GET /api/v1/orders/{{id}})", f"{lost[:5]}")
    count = int(c.sql(f"SELECT count(*) FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.email LIKE 'load%.{RUN}@cluster.test'"))
    check(count == len({key for _, key, _, _ in placed}), s, "the database holds exactly one order per checkout (none lost, none doubled)",
          f"{count} orders for {len(placed)} checkouts")

    port_b = urllib.parse.urlsplit(c.b).port
    log = open(os.path.join(c.work, "nginx", "access.log")).read()
    check(f"upstream=127.0.0.1:{port_b}" in log and f"upstream=127.0.0.1:{urllib.parse.urlsplit(c.a).port}" in log, s,
          "nginx spread the load over both instances (access log)")

    started = subprocess.run([c.instance, "start", "b", str(port_b), c.work], capture_output=True, text=True, timeout=60)
    require(started.returncode == 0, s, "B starts again", started.stderr)
    check(status_of(c.b + "/healthz") == 200, s, "B is ready again (/healthz 200)")
    # nginx tries B again after fail_timeout (2 s): reads through it reach B once more.
    mark = len(open(os.path.join(c.work, "nginx", "access.log")).read())

    def reached_b():
        Session().get(proxy + "/api/v1/products?per_page=1")
        with open(os.path.join(c.work, "nginx", "access.log")) as f:
            return f"upstream=127.0.0.1:{port_b} upstream_status=200" in f.read()[mark:]

    _, waited = wait_until(reached_b, 15)
    check(waited < 15, s, f"nginx sends requests to the restarted B again (after {waited:.1f} s)")


# e: PostgreSQL stopped and started ------------------------------------------------------------------------


def scenario_e(c):
    """PostgreSQL stopped and started under the running instances"""
    s = "e"
    require(len(c.pg_cluster) == 2, s, "the PostgreSQL cluster to stop is known (PG_CLUSTER)", os.environ.get("PG_CLUSTER", ""))
    # Open several pooled connections on each instance first, as a live shop would have.
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: status_of((c.a, c.b)[i % 2] + "/api/v1/products?per_page=2"), range(32)))

    # Another program's connections (a test suite, say) would break if the cluster went away under them.
    others, _ = wait_until(lambda: c.sql(
        "SELECT count(*) = 0 FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
        "AND datname IS DISTINCT FROM current_database()") == "t", 60, interval=1)
    require(others, s, "no other program is connected to PostgreSQL (so stopping it harms nobody)",
            c.sql("SELECT string_agg(DISTINCT datname, ', ') FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname IS DISTINCT FROM current_database()"))

    stopped = c.pg_ctl("stop")
    try:
        require(stopped.returncode == 0, s, f"pg_ctlcluster {' '.join(c.pg_cluster)} stop", stopped.stderr)
        for base, name in ((c.a, "A"), (c.b, "B")):
            _, waited = wait_until(lambda: status_of(base + "/healthz") == 503, 10)
            check(waited < 10, s, f"/healthz on {name} answers 503 (after {waited:.1f} s)", f"last: {status_of(base + '/healthz')}")
            check(status_of(base + "/livez") == 200, s, f"/livez on {name} answers 200 all the same")
        # A search nobody made before, so no cache can answer it: it needs the database.
        t0 = time.monotonic()
        during = status_of(c.a + f"/api/v1/products?q=outage{RUN}", timeout=20)
        took = time.monotonic() - t0
        check(during == 503 and took < 10, s,
              f"a search that needs the database answers 503 at once instead of hanging (HTTP {during} in {took:.1f} s)")
    finally:
        started = c.pg_ctl("start")
    require(started.returncode == 0, s, f"pg_ctlcluster {' '.join(c.pg_cluster)} start", started.stderr)

    for base, name in ((c.a, "A"), (c.b, "B")):
        _, waited = wait_until(lambda: status_of(base + "/healthz") == 200, 30)
        check(waited < 30, s, f"/healthz on {name} is 200 again (after {waited:.1f} s), without a restart", f"last: {status_of(base + '/healthz')}")
        r = Session().get(base + "/api/v1/products?per_page=3")
        check(r.status == 200 and len(r.json()["items"]) == 3, s, f"the catalog API answers on {name}", r.brief())
        page = Session().get(base + "/products?category=guitars")
        check(page.status == 200 and "data-product-id=" in page.text, s, f"the catalog page answers on {name}", page.brief())
        check(sign_in(base, "buyer@backline.test", "demo1234") is not None, s, f"an API sign-in works on {name}")
        browser = Session()
        token = csrf_token(browser.get(base + "/login"))
        r = browser.post(base + "/login", form={"email": "buyer@backline.test", "password": "demo1234", "next": "/orders", "_csrf": token or ""})
        check(r.status == 303 and browser.get(base + "/orders").status == 200, s, f"a browser sign-in works on {name}", r.brief())


# f: the failed-sign-in throttle is shared -------------------------------------------------------------------


def scenario_f(c):
    """the failed-sign-in throttle counts across instances, and tells clients behind nginx apart"""
    s = "f"
    # Its own client address: the throttle also counts per address, and other scenarios sign in from 127.0.0.1.
    source = "127.0.3.1"
    email = f"throttle.{RUN}@cluster.test"
    require(register(c.a, email, source=source).status == 201, s, "a new customer registers")
    statuses = []
    for i in range(5):
        r = Session(source=source).post((c.a, c.b)[i % 2] + "/api/v1/auth/token", body={"email": email, "password": "wrong-pass1"})
        statuses.append(r.status)
    check(statuses == [401] * 5, s, "5 wrong passwords, alternating A and B: 401 each", f"{statuses}")
    # The account-and-address pair is counted across instances; the owner elsewhere is never kept out (CONTRACT §1).
    r = Session(source=source).post(c.b + "/api/v1/auth/token", body={"email": email, "password": PASSWORD})
    check(r.status == 429 and r.header("Retry-After"), s, f"then even the right password on B from {source} is 429 with Retry-After", r.brief())
    r = Session(source="127.0.3.2").post(c.a + "/api/v1/auth/token", body={"email": email, "password": PASSWORD})
    check(r.status == 200, s, "while the owner, from another address, signs in on A", r.brief())

    # Through nginx every request reaches the instances from 127.0.0.1; with TRUSTED_PROXIES=127.0.0.1 they read the
    # client from X-Forwarded-For, so one client's failures do not lock out the next one behind the same proxy.
    noisy, quiet = "127.0.3.3", "127.0.3.4"
    other = f"throttle.other.{RUN}@cluster.test"
    require(register(c.a, other, source=quiet).status == 201, s, "a second customer registers")
    statuses = [Session(source=noisy).post(c.proxy + "/api/v1/auth/token", body={"email": other, "password": "wrong-pass1"}).status
                for i in range(6)]
    check(statuses[-1] == 429, s, f"through nginx, one client's 6 failed sign-ins to an account end in 429 ({statuses})")
    r = Session(source=quiet).post(c.proxy + "/api/v1/auth/token", body={"email": other, "password": PASSWORD})
    check(r.status == 200, s, "while another client behind the same nginx signs in to it at once", r.brief())


SCENARIOS = {"a": scenario_a, "b": scenario_b, "c": scenario_c, "d": scenario_d, "e": scenario_e, "f": scenario_f}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="instance A, http://127.0.0.1:PORT")
    parser.add_argument("--b", required=True, help="instance B")
    parser.add_argument("--proxy", required=True, help="nginx in front of both")
    parser.add_argument("--work", required=True, help="the folder with a.pid, b.pid and nginx/ (scripts/cluster/instance)")
    parser.add_argument("--psql-url", required=True, help="the throwaway database, for psql")
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS), help="which to run (default: all, in order)")
    args = parser.parse_args()
    cluster = Cluster(args)
    for name in args.scenarios:
        print(f"\n-- scenario {name}: {SCENARIOS[name].__doc__ or ''}".rstrip(), flush=True)
        start = time.monotonic()
        try:
            SCENARIOS[name](cluster)
        except Abort:
            pass
        except Exception as error:  # a crash in a scenario is a failure of it, and the others still run
            check(False, name, "the scenario ran to its end", f"{error.__class__.__name__}: {error}")
        print(f"      (scenario {name}: {time.monotonic() - start:.1f} s)", flush=True)
    print()
    if failures:
        print(f"{len(failures)} check(s) FAILED:")
        for failure in failures:
            print("  " + failure)
        return 1
    print("All checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

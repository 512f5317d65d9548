"""The API calls the benchmark's buyers and seller make."""
import json
import time
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    if token: req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}


def token(base, email):
    return call(base, "POST", "/api/v1/auth/token", {"email": email, "password": "demo1234"})[1]["access_token"]


ADDRESS = {"full_name": "B", "line1": "1 Main St", "city": "Austin", "postal_code": "78701", "country": "US"}


def buy(base, token, product_id):
    """Adds one unit to the cart and checks out paying by UPI: the checkout's status and its seconds."""
    call(base, "POST", "/api/v1/cart/items", {"product_id": product_id, "quantity": 1}, token)
    started = time.monotonic()
    status, _ = call(base, "POST", "/api/v1/checkout", {"shipping_address": ADDRESS, "payment": {"method": "upi"}, "accept_price_changes": True}, token)
    return status, time.monotonic() - started

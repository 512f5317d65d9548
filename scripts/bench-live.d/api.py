"""The API calls the benchmark's buyers and seller make."""
import json
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

"""No secret reaches the logs: `coalition user add`, `coalition token create` and a real
`coalition serve` (uvicorn access log included), all at DEBUG, go through good and bad logins,
cookie sessions with CSRF tokens and bearer tokens; their whole output holds none of the
passwords, cookie values, CSRF tokens or tokens used."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi._compat import ModelField
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from coalition.serve.app import ROUTERS, SESSION_COOKIE
from coalition.store.engine import make_engine
from conftest import StoreUrlFactory
from review.support import fill

SECRETISH = re.compile(r"pass|token|secret|csrf|api_?key|auth", re.IGNORECASE)


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "coalition.cli", "--log-level", "DEBUG",
                           *args], env=env, capture_output=True, text=True, timeout=120,
                          check=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def store(make_store_url: StoreUrlFactory) -> Iterator[str]:
    """A small SQLite store with facts to review."""
    url = make_store_url("sqlite")
    engine = make_engine(url)
    from coalition.store.schema import upgrade

    upgrade(engine)
    fill(engine)
    engine.dispose()
    yield url


def _serve(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "COALITION_DATABASE_URL": url, "COALITION_SECRET_KEY": "log-test"}
    proc = subprocess.Popen([sys.executable, "-m", "coalition.cli", "--log-level", "DEBUG",
                             "serve", "--port", str(port)], env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            httpx.get(f"{base}/static/style.css", timeout=2)
            return proc, base
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def _browse(base: str, name: str, password: str, wrong: str) -> list[str]:
    """Log in badly then well, act with the session; return the secrets the server saw."""
    with httpx.Client(base_url=base, timeout=30) as browser:
        first = _csrf(browser.get("/login").text)
        bad = browser.post("/login", data={"name": name, "password": wrong,
                                           "csrf_token": first})
        assert bad.status_code == 401
        good = browser.post("/login", data={"name": name, "password": password,
                                            "csrf_token": first, "next": "/review"})
        assert good.status_code == 303, good.text
        cookie = browser.cookies[SESSION_COOKIE]
        csrf = _csrf(browser.get("/review").text)
        queue = browser.get("/api/review").json()
        fact = queue["documents"][0]["facts"][0]["id"]
        done = browser.post(f"/api/review/{fact}/confirm", headers={"X-CSRF-Token": csrf})
        assert done.status_code == 200, done.text
        forged = "forged-" + secrets.token_urlsafe(16)
        refused = browser.post(f"/api/review/{fact}/requeue", headers={"X-CSRF-Token": forged})
        assert refused.status_code == 403
    return [cookie, first, csrf, forged]


def test_logs_hold_no_secret(store: str, tmp_path: Path) -> None:
    password, wrong = f"pw-{secrets.token_hex(12)}", f"wrong-{secrets.token_hex(12)}"
    added = _cli(store, "user", "add", "logan", "--role", "analyst", "--password", password)
    issued = _cli(store, "token", "create", "logan")
    token = issued.stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token), issued.stdout  # stdout is the token
    bogus = secrets.token_urlsafe(32)
    log = tmp_path / "serve.log"
    proc, base = _serve(store, log)
    try:
        seen = _browse(base, "logan", password, wrong)
        with httpx.Client(base_url=base, timeout=30) as script:
            mine = script.get("/api/review", headers={"Authorization": f"Bearer {token}"})
            assert mine.status_code == 200
            fact = mine.json()["documents"][0]["facts"][0]["id"]
            ok = script.post(f"/api/review/{fact}/reject",
                             headers={"Authorization": f"Bearer {token}"})
            assert ok.status_code == 200, ok.text
            nobody = script.post(f"/api/review/{fact}/requeue",
                                 headers={"Authorization": f"Bearer {bogus}"})
            assert nobody.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    served = log.read_text(errors="replace")
    assert '"POST /login HTTP/1.1" 303' in served, "the access log was not captured"
    assert "DEBUG" in served, "DEBUG records were not captured"
    outputs = {"user add": added.stdout + added.stderr, "token create": issued.stderr,
               "serve": served}
    for secret in [password, wrong, token, bogus, *seen]:
        for what, text in outputs.items():
            assert secret not in text, f"a secret appears in the output of {what}"


def _query_params(dependant: Dependant) -> list[ModelField]:
    return [*dependant.query_params,
            *(p for sub in dependant.dependencies for p in _query_params(sub))]


def test_no_route_takes_a_secret_in_its_query_string() -> None:
    """The access log prints every path with its query string: no route may read a password,
    token or key from there (they come in POST bodies and headers)."""
    routes = [r for module in ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 20
    params = {(r.path, p.alias) for r in routes for p in _query_params(r.dependant)}
    assert ("/api/search", "q") in params  # the walk does find query parameters
    assert [(path, name) for path, name in params if SECRETISH.search(name)] == []

"""Concurrent load on a real `coalition serve` (uvicorn in its own process, loopback port):
200 clients for COALITION_LOAD_SECONDS (default 30 s), most reading pages and their JSON
twins, some analysts reviewing facts through the API (bearer tokens, or a browser session
with its CSRF header). No answer may be a 5xx and no request may fail to connect.

The figures (requests by status, p50/p95 latency) are printed: run with ``-s`` to see them.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from conftest import StoreUrlFactory
from corpus_support import seed_store

DURATION = float(os.environ.get("COALITION_LOAD_SECONDS", "30"))
CLIENTS = 200
TOKEN_WRITERS = 15
SESSION_WRITERS = 5  # + 180 readers
PASSWORD = "load test password"
SEED = 20141203
KEEPALIVE = 2.0  # seconds a client keeps an idle connection
# seconds the server keeps one: far more than KEEPALIVE, as a proxy in front would be set up.
# With uvicorn's 5 s default, a client loop that lagged 3 s behind 200 clients on a loaded
# machine reused connections the server was closing (2 ReadErrors in one CI run).
SERVER_KEEPALIVE = 30
WRITE_OK = {200, 400, 409}  # done, refused (e.g. nothing to requeue), edit conflict


@dataclass
class Tally:
    """What the clients saw: statuses per kind of request, latencies, transport errors."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p95 = ordered[int(len(ordered) * 0.95)] * 1000
        by_status = ", ".join(f"{kind} {code}: {n}" for (kind, code), n
                              in sorted(self.statuses.items()))
        return (f"{len(ordered)} requests in {DURATION:.0f} s ({len(ordered) / DURATION:.0f}/s)"
                f" by {CLIENTS} clients; {by_status}; p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
                f"{len(self.errors)} connection errors")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accounts(url: str) -> list[str]:
    """Add analysts; return a bearer token for each token writer."""
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as s:
            ids = [create_user(s, name=f"analyst{n}", role="analyst", password=PASSWORD).id
                   for n in range(TOKEN_WRITERS + SESSION_WRITERS)]
            return [create_token(s, user_id=i) for i in ids[:TOKEN_WRITERS]]
    finally:
        engine.dispose()


@pytest.fixture
def server(request: pytest.FixtureRequest, make_store_url: StoreUrlFactory,
           tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """`coalition serve` over a seeded store; yield its base URL and analysts' tokens."""
    url = seed_store(make_store_url(request.param))
    tokens = _accounts(url)
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = {**os.environ, "COALITION_DATABASE_URL": url, "COALITION_SECRET_KEY": "load-test"}
    proc = subprocess.Popen([sys.executable, "-m", "coalition.cli", "serve", "--host",
                             "127.0.0.1", "--port", str(port), "--keep-alive",
                             str(SERVER_KEEPALIVE)], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/static/style.css", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            time.sleep(0.2)
        yield base, tokens
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        text = (tmp_path / "serve.log").read_text(errors="replace")
        sys.stdout.write("".join(line + "\n" for line in text.splitlines()
                                 if "Traceback" in line or "Error" in line)[:5000])


def _read_paths(base: str) -> list[str]:
    """Every list page and JSON twin, and a few records of each kind found through them."""
    paths = ["/", "/api/dashboard", "/search?q=Iraq", "/api/search?q=coalition",
             "/api/search?q=Daesh+finance", "/partners?kind=state", "/api/partners?sort=name"]
    with httpx.Client(base_url=base, timeout=30) as client:
        for kind, ident in (("partners", "key"), ("meetings", "id"), ("commitments", "id"),
                            ("documents", "id")):
            paths += [f"/{kind}", f"/api/{kind}"]
            body = client.get(f"/api/{kind}").raise_for_status().json()
            rows = body["listing"]["rows"] if kind == "documents" else body["rows"]
            assert rows, f"the seeded store lists no {kind}"
            for row in rows[:5]:
                paths += [f"/{kind}/{row[ident]}", f"/api/{kind}/{row[ident]}"]
    return paths


def _facts(base: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=base, timeout=30) as client:
        queue = client.get("/api/review", params={"state": "unreviewed"}).json()
    facts = [fact for doc in queue["documents"] for fact in doc["facts"]]
    assert len(facts) >= 20, "the seeded store has too few facts to review"
    return facts


async def _request(client: httpx.AsyncClient, tally: Tally, kind: str, method: str,
                   path: str, **kwargs: Any) -> None:
    started = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
    except httpx.TransportError as err:
        tally.errors.append(f"{method} {path} after {time.perf_counter() - started:.1f} s: "
                            f"{err!r} ({err.__context__!r})")
        return
    tally.latencies.append(time.perf_counter() - started)
    tally.statuses[(kind, response.status_code)] += 1
    allowed = {200} if kind == "read" else WRITE_OK
    if response.status_code not in allowed:
        tally.unexpected.append(f"{method} {path}: {response.status_code} {response.text[:200]}")


async def _reader(client: httpx.AsyncClient, paths: list[str], rng: random.Random,
                  until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        await _request(client, tally, "read", "GET", rng.choice(paths))


async def _writer(client: httpx.AsyncClient, headers: dict[str, str],
                  facts: list[dict[str, Any]], rng: random.Random, until: float,
                  tally: Tally) -> None:
    while time.monotonic() < until:
        fact = rng.choice(facts)
        action = rng.choice(("confirm", "reject", "requeue", "edit"))
        if action == "edit" and fact["fields"]:
            name, value = rng.choice(sorted(fact["fields"].items()))
            body = {"field": name, "value": value, "expected": value}
            await _request(client, tally, "write", "POST", f"/api/review/{fact['id']}/edit",
                           json=body, headers=headers)
        else:
            move = "confirm" if action == "edit" else action
            await _request(client, tally, "write", "POST", f"/api/review/{fact['id']}/{move}",
                           headers=headers)


async def _login(client: httpx.AsyncClient, name: str) -> dict[str, str]:
    """Log in through the form like a browser; return the CSRF header of the session."""
    form = (await client.get("/login")).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, "no CSRF field on /login"
    done = await client.post("/login", data={"name": name, "password": PASSWORD,
                                             "csrf_token": token.group(1), "next": "/review"})
    assert done.status_code == 303, done.text
    page = (await client.get("/review")).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF field on /review"
    return {"X-CSRF-Token": token.group(1)}


async def _load(base: str, tokens: list[str], paths: list[str],
                facts: list[dict[str, Any]]) -> Tally:
    tally, rng = Tally(), random.Random(SEED)
    # Idle connections are dropped long before the server's keep-alive timeout closes them,
    # so a request never races the server's close of the connection it reuses.
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS,
                          keepalive_expiry=KEEPALIVE)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as shared:
        browsers = [httpx.AsyncClient(base_url=base, timeout=timeout, limits=httpx.Limits(
            keepalive_expiry=KEEPALIVE)) for _ in range(SESSION_WRITERS)]
        csrf = await asyncio.gather(*(_login(b, f"analyst{TOKEN_WRITERS + n}")
                                      for n, b in enumerate(browsers)))
        until = time.monotonic() + DURATION
        tasks = [_writer(shared, {"Authorization": f"Bearer {t}"}, facts,
                         random.Random(rng.random()), until, tally) for t in tokens]
        tasks += [_writer(b, h, facts, random.Random(rng.random()), until, tally)
                  for b, h in zip(browsers, csrf, strict=True)]
        tasks += [_reader(shared, paths, random.Random(rng.random()), until, tally)
                  for _ in range(CLIENTS - len(tasks))]
        assert len(tasks) == CLIENTS
        await asyncio.gather(*tasks)
        for browser in browsers:
            await browser.aclose()
    return tally


@pytest.mark.parametrize("server", ["sqlite", "postgresql"], indirect=True)
def test_load_200_clients_reading_and_reviewing(server: tuple[str, list[str]]) -> None:
    base, tokens = server
    paths, facts = _read_paths(base), _facts(base)
    # A thread of its own: its event loop is then the only one, whatever another test
    # (Playwright's sync API) left running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        tally = pool.submit(asyncio.run, _load(base, tokens, paths, facts)).result()
    print(f"\nload: {tally.summary()}")
    assert not tally.errors, tally.errors[:10]
    assert not [s for (_, s) in tally.statuses if s >= 500], tally.unexpected[:10]
    assert not tally.unexpected, tally.unexpected[:10]
    assert tally.statuses[("write", 200)] >= 10, "almost no review action went through"
    with httpx.Client(base_url=base, timeout=30) as client:
        audit = client.get("/api/audit").raise_for_status().json()
    assert len(audit) >= tally.statuses[("write", 200)], "a review action left no audit row"


def test_load_sqlite_writers_that_read_first_wait_for_each_other(
        make_store_url: StoreUrlFactory) -> None:
    """Sessions that read and then write (like every review action) from many threads: with
    ``write=True`` each takes the lock up front and waits its turn, so none is refused with
    "database is locked" and no increment is lost."""
    engine = make_engine(make_store_url("sqlite"))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
    factory, threads, rounds = make_session_factory(engine), 8, 40

    def bump(_: int) -> None:
        for _ in range(rounds):
            with session_scope(factory, write=True) as s:
                n = s.execute(text("SELECT n FROM counter")).scalar_one()
                s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(bump, range(threads)))  # re-raises any OperationalError
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT n FROM counter").scalar_one() == threads * rounds
    engine.dispose()

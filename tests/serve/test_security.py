"""Web hardening: security headers, pages without inline script or style, stored text that
renders inert, and failed logins limited per client and per name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coalition.ingest import ingest_many
from coalition.serve.app import create_app
from coalition.serve.auth import LoginLimiter
from coalition.settings import Settings
from coalition.store.accounts import create_user
from coalition.store.engine import make_session_factory, session_scope

PAGES = ("/", "/partners", "/meetings", "/commitments", "/documents", "/search?q=Iraq",
         "/login", "/compliance", "/no-such-page")
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
PASSWORD = "a long enough secret"


class _Elements(HTMLParser):
    """Collect every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_no_inline_code(html: str) -> None:
    """No inline script, no inline style, no event-handler attribute, no stray <img>."""
    for tag, attrs in elements(html):
        assert tag != "style" and "style" not in attrs, (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs


@pytest.mark.parametrize("path", [*PAGES, "/static/review.js", "/api/partners"])
def test_security_headers_on_every_response(sqlite_client: TestClient, path: str) -> None:
    response = sqlite_client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_security_pages_have_no_inline_script_or_style(sqlite_client: TestClient,
                                                       path: str) -> None:
    response = sqlite_client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    assert_no_inline_code(response.text)


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over a store holding one document whose text is full of markup."""
    folder = tmp_path_factory.mktemp("xss")
    (folder / "hostile.txt").write_text(
        "Iraq met Jordan in Amman on 3 May 2024 to discuss stabilization.\n"
        f"The delegation of Jordan {HOSTILE[0]} pledged $5 million {HOSTILE[1]} for "
        "demining in Mosul.\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'store.db'}"
    app = create_app(Settings(database_url=url))
    reports = ingest_many([folder], app.state.session_factory)
    assert [r.status for r in reports] == ["stored"], [r.describe() for r in reports]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_security_stored_markup_renders_inert(hostile_client: TestClient) -> None:
    listing = hostile_client.get("/api/documents").json()
    doc_id = listing["listing"]["rows"][0]["id"]
    api = hostile_client.get(f"/api/documents/{doc_id}")
    assert api.headers["content-type"].startswith("application/json")
    assert all(h in api.json()["text"] for h in HOSTILE)  # kept as data, served as JSON
    found = hostile_client.get("/api/search", params={"q": "delegation"})
    assert found.headers["content-type"].startswith("application/json")
    snippet = "".join(part["text"] for part in found.json()["documents"][0]["snippet"])
    assert HOSTILE[0] in snippet
    for path in (f"/documents/{doc_id}", "/search?q=alert", "/search?q=delegation",
                 "/documents"):
        page = hostile_client.get(path)
        assert page.status_code == 200, path
        if path != "/documents":  # the text (or its snippet) is shown, escaped
            assert "&lt;script&gt;" in page.text and "&lt;img src=x onerror=" in page.text
        assert not re.search(r"<script>alert|<img src=x", page.text, re.IGNORECASE), path
        assert_no_inline_code(page.text)


@pytest.fixture
def login_client(make_store: Callable[[str], Engine]) -> Iterator[Callable[[str], TestClient]]:
    """Return a function giving a client (from a given IP) of an app with user 'ann'."""
    engine = make_store("sqlite")
    with session_scope(make_session_factory(engine)) as session:
        create_user(session, name="ann", role="analyst", password=PASSWORD)
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)))
    clients: list[TestClient] = []

    def make(ip: str) -> TestClient:
        client = TestClient(app, client=(ip, 50000), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    app.state.engine.dispose()


def _login(client: TestClient, name: str, password: str) -> int:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert csrf
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": csrf.group(1)},
                       follow_redirects=False).status_code


def test_security_login_failures_are_rate_limited(
        login_client: Callable[[str], TestClient]) -> None:
    attacker = login_client("10.0.0.1")
    assert [_login(attacker, "ann", "wrong") for _ in range(5)] == [401] * 5
    assert _login(attacker, "ann", PASSWORD) == 429  # the name is blocked, right or wrong
    assert _login(attacker, "bob", "wrong") == 429  # and so is the client
    elsewhere = login_client("10.0.0.2")
    assert _login(elsewhere, "ann", PASSWORD) == 429  # per name, from any client
    response = elsewhere.post("/login", data={"name": "ann", "password": PASSWORD,
                                              "csrf_token": "x"})
    assert response.status_code in (403, 429)
    third = login_client("10.0.0.3")
    assert _login(third, "carol", "wrong") == 401  # other clients and names are unaffected


def test_security_login_limiter_window_slides() -> None:
    now = [0.0]
    limiter = LoginLimiter(max_failures=5, window=60.0, clock=lambda: now[0])
    for _ in range(5):
        limiter.record_failure(client="1.1.1.1", name="Ann")
    assert limiter.retry_after(client="2.2.2.2", name=" ann ") == 60
    now[0] = 30.0
    assert limiter.retry_after(client="1.1.1.1", name="zed") == 30
    now[0] = 60.0
    assert limiter.retry_after(client="1.1.1.1", name="ann") == 0
    limiter.record_failure(client="1.1.1.1", name="ann")
    limiter.record_success(name="ann")
    assert limiter.retry_after(client="3.3.3.3", name="ann") == 0


def test_security_rate_limited_page_says_when_to_retry(
        login_client: Callable[[str], TestClient]) -> None:
    client = login_client("10.9.9.9")
    for _ in range(5):
        _login(client, "ann", "wrong")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert csrf
    response = client.post("/login", data={"name": "ann", "password": "wrong",
                                           "csrf_token": csrf.group(1)})
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 60
    assert "Too many requests" in response.text

"""Error answers carry the same security headers as normal pages: 404, 400/422, 405 and the
500 of a route that raises (Starlette answers that one outside every middleware)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coalition.serve.app import create_app
from coalition.serve.security import CSP
from coalition.settings import Settings
from conftest import StoreUrlFactory

SECRET_IN_ERROR = "stack detail that must stay in the log"


def _explode() -> None:
    raise RuntimeError(SECRET_IN_ERROR)


@pytest.fixture
def app(make_store_url: StoreUrlFactory) -> Iterator[FastAPI]:
    """The real app over an empty store, plus two test-only routes that raise."""
    application = create_app(Settings(database_url=make_store_url("sqlite")))
    application.add_api_route("/explode", _explode)
    application.add_api_route("/api/explode", _explode)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(("method", "path", "status", "kind"), [
    ("GET", "/no-such-page", 404, "text/html"),
    ("GET", "/api/no-such-route", 404, "application/json"),
    ("GET", "/partners/ZZZ-NOT-A-PARTNER", 404, "text/html"),
    ("GET", "/api/partners/ZZZ-NOT-A-PARTNER", 404, "application/json"),
    ("GET", "/partners?page=0", 400, "text/html"),
    ("GET", "/api/partners?page=zero", 422, "application/json"),
    ("DELETE", "/api/partners", 405, "application/json"),
    ("GET", "/explode", 500, "text/html"),
    ("GET", "/api/explode", 500, "application/json"),
])
def test_error_answers_carry_the_security_headers(client: TestClient, method: str, path: str,
                                                  status: int, kind: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(kind)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert SECRET_IN_ERROR not in response.text and "Traceback" not in response.text


def test_a_crash_is_logged_with_its_cause(client: TestClient,
                                          caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("ERROR", logger="coalition.serve.app"):
        assert client.get("/explode").status_code == 500
    assert any(r.exc_info and SECRET_IN_ERROR in str(r.exc_info[1]) for r in caplog.records)

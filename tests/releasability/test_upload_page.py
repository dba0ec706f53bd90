"""The upload page: an admin picks a file and its audience in the pages (issue #9: "the
uploader chooses it at ingest or in the pages"), in a real browser and through the form's
own POST; a bad audience or file type is refused with the reason and stores nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from coalition.store.accounts import create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.schema import upgrade
from coalition.store.tables import Document
from releasability.support import PASSWORD, app_client

TEXT = """Readout of the Harbourlight Coordination Call

Oslo, 2 June 2023

Norway and Jordan held the Harbourlight coordination call on 2 June 2023 and agreed to
share stabilization assessments within 60 days.
"""


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        create_user(session, name="nor-admin", role="admin", password=PASSWORD,
                    partner_key="NOR")
        create_user(session, name="nor-analyst", role="analyst", password=PASSWORD,
                    partner_key="NOR")
        create_user(session, name="jor-admin", role="admin", password=PASSWORD,
                    partner_key="JOR")
    engine.dispose()
    return url


@pytest.fixture
def client(store: str) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _login(client: TestClient, name: str) -> None:
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": PASSWORD,
                                           "csrf_token": token, "next": "/documents"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:300]


def _documents(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            return int(session.scalar(select(func.count(Document.id))) or 0)
    finally:
        engine.dispose()


def _upload(client: TestClient, name: str, text: str, releasable_to: str) -> Any:
    token = _csrf(client.get("/documents/new").text)
    return client.post("/documents/new", data={"csrf_token": token,
                                               "releasable_to": releasable_to},
                       files={"file": (name, text.encode(), "text/plain")},
                       follow_redirects=False)


def test_an_admin_uploads_a_document_for_one_audience(client: TestClient, store: str) -> None:
    _login(client, "nor-admin")
    assert "Upload a document" in client.get("/documents").text
    response = _upload(client, "readout.txt", TEXT, "originator")
    assert response.status_code == 303, response.text[:500]
    page = response.headers["location"]
    assert re.fullmatch(r"/documents/\d+", page)
    shown = client.get(page).text
    assert "Harbourlight" in shown and "originator" in shown.lower()
    client.post("/logout", data={"csrf_token": _csrf(shown)})
    assert client.get(page).status_code == 404  # anonymous readers: no such document
    _login(client, "jor-admin")
    assert client.get(page).status_code == 404  # another partner: none either
    found = client.get("/api/search?q=Harbourlight").json()
    assert found["total_documents"] == 0 and not found["facts"]


def test_a_bad_audience_or_file_is_refused_and_stores_nothing(client: TestClient,
                                                              store: str) -> None:
    _login(client, "nor-admin")
    refused = _upload(client, "readout.txt", TEXT, "partners-of-mine")
    assert refused.status_code == 400 and "unknown audience" in refused.text
    assert 'value="partners-of-mine"' in refused.text  # the form keeps what was typed
    wrong = _upload(client, "readout.docx", TEXT, "public")
    assert wrong.status_code == 400 and "unsupported file type" in wrong.text
    assert _documents(store) == 0


def test_only_admins_reach_the_upload_page(client: TestClient) -> None:
    assert client.get("/documents/new").status_code == 401
    _login(client, "nor-analyst")
    assert client.get("/documents/new").status_code == 403
    assert "Upload a document" not in client.get("/documents").text

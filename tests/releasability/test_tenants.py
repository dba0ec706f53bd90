"""Partners as tenants: a partner's admin manages that partner's accounts only, and a document
uploaded through the API is marked as asked with the uploader's partner as originator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from releasability.support import PASSWORD, World, app_client, build_world

UPLOAD = """Joint Statement of the Brightwater Talks

Rome, 3 June 2022

Italy and Jordan met in Rome on 3 June 2022 for the Brightwater Talks and committed to train
200 Brightwater border officers within 120 days.
"""


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(f"sqlite:///{tmp_path / 'store.db'}", tmp_path)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with app_client(world.url) as test_client:
        yield test_client


def _admin(world: World, name: str, partner: str | None) -> dict[str, str]:
    engine = make_engine(world.url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            account = create_user(session, name=name, role="admin", password=PASSWORD,
                                  partner_key=partner)
            return {"Authorization": f"Bearer {create_token(session, user_id=account.id)}"}
    finally:
        engine.dispose()


def test_a_partners_admin_manages_that_partners_accounts_only(
        world: World, client: TestClient) -> None:
    ita = _admin(world, "ita-admin", "ITA")
    body = {"name": "spy", "role": "viewer", "password": PASSWORD}
    assert client.post("/api/users", json={**body, "partner_key": "GBR"},
                       headers=ita).status_code == 403
    assert client.post("/api/users", json=body, headers=ita).status_code == 403
    made = client.post("/api/users", json={**body, "name": "ita-reader", "partner_key": "ita"},
                       headers=ita)
    assert made.status_code == 201 and made.json()["partner_key"] == "ITA"
    listed = {a["name"] for a in client.get("/api/users", headers=ita).json()}
    assert listed == {"ita", "ita-admin", "ita-reader"}
    secretariat = _admin(world, "chief", None)
    everyone = {a["name"] for a in client.get("/api/users", headers=secretariat).json()}
    assert {"gbr", "jor", "ita-reader", "chief"} <= everyone


def test_an_upload_is_marked_and_originated_by_the_uploaders_partner(
        world: World, client: TestClient) -> None:
    ita = _admin(world, "ita-admin", "ITA")
    response = client.post("/api/ingest", headers=ita, data={"releasable_to": "originator"},
                           files={"file": ("brightwater.txt", UPLOAD.encode(), "text/plain")})
    assert response.status_code == 201, response.text
    hits = client.get("/api/search?q=Brightwater", headers=ita).json()["documents"]
    assert len(hits) == 1
    doc = hits[0]["id"]
    for account in (None, "jor", "sec", "deu"):
        assert client.get(f"/api/documents/{doc}",
                          headers=world.headers(account)).status_code == 404, account
        assert client.get("/api/search?q=Brightwater",
                          headers=world.headers(account)).json()["total_documents"] == 0
    assert client.get(f"/api/documents/{doc}", headers=world.headers("ita")).status_code == 200
    audience = client.get(f"/api/documents/{doc}/audience", headers=ita).json()
    assert (audience["originator"], audience["audience"]) == ("ITA", "originator")
    assert set(audience["accounts"]) == {"ita", "ita-admin"}
    bad = client.post("/api/ingest", headers=ita, data={"releasable_to": "everyone"},
                      files={"file": ("b.txt", b"Some other text here.", "text/plain")})
    assert bad.status_code == 400 and "unknown audience 'everyone'" in bad.json()["detail"]

"""Sharing through the real app: an audience only widens, only the originator (or a
secretariat admin) widens it, every share is logged, the originator lists who can see a
document, a re-ingest with a wider marking is a share, and a fact can be marked narrower
than its document, never wider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from coalition.ingest import ingest_one
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.releases import Marking, parse_release
from coalition.store.tables import Document, DocumentShare, Source
from corpus_support import SEEDS
from releasability.support import PASSWORD, World, app_client, build_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    """A fresh marked store on SQLite (these tests change it)."""
    return build_world(f"sqlite:///{tmp_path / 'store.db'}", tmp_path)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with app_client(world.url) as test_client:
        yield test_client


def _doc(world: World, audience: str) -> int:
    return next(d.id for d in world.docs if d.audience == audience)


def _share(client: TestClient, world: World, account: str, doc_id: int, spec: str) -> int:
    return client.post(f"/api/documents/{doc_id}/share", json={"releasable_to": spec},
                       headers=world.headers(account)).status_code


def _status(client: TestClient, world: World, account: str | None, path: str) -> int:
    return client.get(path, headers=world.headers(account)).status_code


def test_originator_widens_and_lists_who_can_see(world: World, client: TestClient) -> None:
    doc = _doc(world, "originator")  # ITA's alone
    assert _status(client, world, "jor", f"/api/documents/{doc}") == 404
    assert _share(client, world, "ita", doc, "partners:JOR") == 200
    assert _status(client, world, "jor", f"/api/documents/{doc}") == 200
    assert _status(client, world, "deu", f"/api/documents/{doc}") == 404
    audience = client.get(f"/api/documents/{doc}/audience", headers=world.headers("ita"))
    assert audience.status_code == 200
    body = audience.json()
    assert body["audience"] == "partners" and body["named_partners"] == ["JOR"]
    assert set(body["accounts"]) == {"ita", "jor"} and body["partners"] == ["ITA", "JOR"]
    [logged] = body["shares"]
    assert (logged["user"], logged["from_audience"], logged["to_audience"],
            logged["partners"]) == ("ita", "originator", "partners", ["JOR"])
    assert re.match(r"\d{4}-\d\d-\d\dT", logged["at"])
    # Another reader of the document may not list its audience; an outsider gets 404.
    assert _status(client, world, "jor", f"/api/documents/{doc}/audience") == 403
    assert _status(client, world, "deu", f"/api/documents/{doc}/audience") == 404
    # Widening on to the Small Group keeps JOR, named, and adds the Small Group.
    assert _share(client, world, "ita", doc, "small-group") == 200
    for account in ("jor", "gbr", "usa", "ita"):
        assert _status(client, world, account, f"/api/documents/{doc}") == 200, account
    assert _status(client, world, "deu", f"/api/documents/{doc}") == 404
    assert len(client.get(f"/api/documents/{doc}/audience",
                          headers=world.headers("ita")).json()["shares"]) == 2


def test_an_audience_never_narrows(world: World, client: TestClient) -> None:
    partners_doc, coalition_doc = _doc(world, "partners"), _doc(world, "coalition")
    assert _share(client, world, "ita", partners_doc, "originator") == 400
    assert _share(client, world, "gbr", coalition_doc, "small-group") == 400
    assert _share(client, world, "gbr", coalition_doc, "coalition") == 400  # nothing to do
    assert _status(client, world, "deu", f"/api/documents/{partners_doc}") == 200
    assert _status(client, world, "jor", f"/api/documents/{coalition_doc}") == 200
    engine = make_engine(world.url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            assert session.scalar(select(func.count()).select_from(DocumentShare)) == 0
    finally:
        engine.dispose()


def test_only_the_originator_or_a_secretariat_admin_shares(world: World,
                                                           client: TestClient) -> None:
    coalition_doc, small = _doc(world, "coalition"), _doc(world, "small_group")
    assert _share(client, world, "usa", coalition_doc, "public") == 403  # sees, not its own
    assert _share(client, world, "sec", small, "coalition") == 403  # secretariat analyst
    assert _share(client, world, "jor", small, "coalition") == 404  # cannot even see it
    engine = make_engine(world.url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            admin = create_user(session, name="chief", role="admin", password=PASSWORD)
            token = create_token(session, user_id=admin.id)
    finally:
        engine.dispose()
    response = client.post(f"/api/documents/{small}/share", json={"releasable_to": "coalition"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert _status(client, world, "jor", f"/api/documents/{small}") == 200
    assert _status(client, world, None, f"/api/documents/{small}") == 404


def test_a_new_ingest_marking_is_a_logged_share_never_a_narrowing(world: World) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[2]  # stored as small-group by USA
    engine = make_engine(world.url)
    try:
        factory = make_session_factory(engine)
        wider = ingest_one(seed, factory, Marking(parse_release("coalition")))
        narrower = ingest_one(seed, factory, Marking(parse_release("originator")))
        with session_scope(factory) as session:
            doc = session.scalars(select(Document).where(Document.sha256 == wider.sha256)).one()
            shares = session.scalars(select(DocumentShare)).all()
            assert (doc.audience, doc.originator) == ("coalition", "USA")
    finally:
        engine.dispose()
    assert wider.status == narrower.status == "skipped"
    assert "shared: small-group -> coalition" in (wider.reason or "")
    assert "not re-marked" in (narrower.reason or "")
    assert [(s.from_audience, s.to_audience) for s in shares] == [("small_group", "coalition")]


def test_a_fact_is_marked_narrower_than_its_document_never_wider(
        world: World, client: TestClient) -> None:
    public = next(d for d in world.docs if d.audience == "public")
    commitment = public.commitments[0]
    engine = make_engine(world.url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            source_id, quote = session.execute(select(Source.id, Source.quote).where(
                Source.record_type == "commitment", Source.record_id == commitment)).one()
            wider_id = session.scalar(select(Source.id).where(
                Source.document_id == _doc(world, "small_group")).limit(1))
            admin = create_user(session, name="chief", role="admin", password=PASSWORD)
            token = {"Authorization": f"Bearer {create_token(session, user_id=admin.id)}"}
    finally:
        engine.dispose()
    marked = client.post(f"/api/sources/{source_id}/marking", headers=token,
                         json={"releasable_to": "small-group"})
    assert marked.status_code == 200, marked.text
    assert _status(client, world, None, f"/api/commitments/{commitment}") == 404
    assert _status(client, world, "jor", f"/api/commitments/{commitment}") == 404
    assert _status(client, world, "gbr", f"/api/commitments/{commitment}") == 200
    facts = client.get(f"/api/documents/{public.id}").json()["facts"]
    assert all(f["record_id"] != commitment or f["record_type"] != "commitment" for f in facts)
    assert quote not in client.get("/api/commitments?format=csv").text
    refused = client.post(f"/api/sources/{wider_id}/marking", headers=token,
                          json={"releasable_to": "coalition"})
    assert refused.status_code == 400 and "wider" in refused.json()["detail"]


def test_the_document_page_offers_the_share_form_to_its_originator(
        world: World, client: TestClient) -> None:
    doc = _doc(world, "originator")
    login = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert csrf is not None
    client.post("/login", data={"name": "ita", "password": PASSWORD,
                                "csrf_token": csrf.group(1)}, follow_redirects=False)
    page = client.get(f"/documents/{doc}").text
    assert "originator · originator ITA" in page and 'action="/documents/' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    response = client.post(f"/documents/{doc}/share", follow_redirects=False,
                           data={"csrf_token": token.group(1), "releasable_to": "coalition"})
    assert response.status_code == 303
    assert _status(client, world, "jor", f"/api/documents/{doc}") == 200

"""A meeting reported, and a commitment stated in the same words, by a hidden and a visible
document show each viewer only what their documents say: the name, the exact day and the
deadline that only the hidden document gives reach no response to a viewer outside its
audience, and every page and API still shows what the visible document says."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from coalition.ingest import ingest_one
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.releases import Marking, parse_release
from coalition.store.schema import upgrade
from coalition.store.tables import Commitment, Document, Meeting, Source
from corpus_support import pg_schema_url
from releasability.support import PASSWORD, app_client

# Written for this test. The hidden one comes first, so it names and dates the meeting.
HIDDEN = """Chair's Statement of the Larkspur Ministerial Meeting

Amman, 3 March 2022

The Larkspur Ministerial Meeting of the Global Coalition was held in Amman, Jordan, on
3 March 2022, hosted by Jordan and Italy. The participants decided to train 300 border
guards no later than within 120 days.
"""
VISIBLE = """Coalition ministers gather again

Ministers of the Global Coalition met in Amman, Jordan, in March 2022 for a ministerial
meeting. Norway and Jordan attended. The participants decided to train 300 border
guards no later than within 120 days.
"""
# The meeting's name and day, and the deadline 120 days after that day.
SECRETS = ("Larkspur", "2022-03-03", "3 March 2022", "March 3, 2022", "2022-07-01")
ROUTES = ("/", "/api/dashboard", "/meetings", "/api/meetings", "/meetings/{m}",
          "/api/meetings/{m}", "/partners/JOR", "/api/partners/JOR", "/partners/NOR",
          "/api/partners/NOR", "/api/commitments", "/commitments", "/api/documents",
          "/documents", "/api/search?q=Amman", "/search?q=Amman", "/api/search?q=ministerial",
          "/api/popolo?facts=all", "/api/due?facts=all", "/due?facts=all",
          "/api/membership?facts=all", "/membership?facts=all",
          "/api/review?state=unreviewed", "/api/meetings?format=csv",
          "/api/commitments?format=csv", "/commitments/{c}", "/api/commitments/{c}",
          "/api/commitments?deadline=passed")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, int, dict[str, str]]]:
    """The two documents stored on SQLite, then on PostgreSQL (whose sources go in by COPY)."""
    folder = tmp_path_factory.mktemp("merged")
    url = (f"sqlite:///{folder / 'store.db'}" if request.param == "sqlite"
           else pg_schema_url(request.getfixturevalue("pg_database")))
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    for name, text, spec, origin in (("hidden.txt", HIDDEN, "originator", "ITA"),
                                     ("visible.txt", VISIBLE, "public", None)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        report = ingest_one(path, factory, Marking(parse_release(spec), origin))
        assert report.status == "stored", report.describe()
    with session_scope(factory) as session:
        shared = [m for m in session.scalars(select(Meeting))
                  if len(set(session.scalars(select(Source.document_id).where(
                      Source.record_type == "meeting", Source.record_id == m.id)))) == 2]
        assert len(shared) == 1, "the two documents should report one meeting"
        meeting = shared[0]
        assert meeting.start == "2022-03-03" and "Larkspur" in meeting.name  # stored merge
        tokens = {}
        for account, partner in (("ita", "ITA"), ("jor", "JOR"), ("sec", None)):
            user = create_user(session, name=account, role="analyst", password=PASSWORD,
                               partner_key=partner)
            tokens[account] = create_token(session, user_id=user.id)
        meeting_id = meeting.id
        shared_commitments = session.scalars(select(Commitment.deadline).where(
            Commitment.id.in_(select(Source.record_id).where(
                Source.record_type == "commitment").group_by(Source.record_id).having(
                    func.count(func.distinct(Source.document_id)) == 2)))).all()
        assert shared_commitments == ["2022-07-01"]  # the hidden statement's deadline
    engine.dispose()
    yield url, meeting_id, tokens


@pytest.fixture(scope="module")
def client(store: tuple[str, int, dict[str, str]]) -> Iterator[TestClient]:
    with app_client(store[0]) as test_client:
        yield test_client


def _shared_commitment(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            return int(session.scalar(select(Source.record_id).where(
                Source.record_type == "commitment").group_by(Source.record_id).having(
                    func.count(func.distinct(Source.document_id)) == 2)) or 0)
    finally:
        engine.dispose()


def _get(client: TestClient, path: str, token: str | None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response.text


@pytest.mark.parametrize("account", [None, "jor", "sec"])
def test_outsiders_see_only_what_the_visible_document_says(
        client: TestClient, store: tuple[str, int, dict[str, str]], account: str | None) -> None:
    url, meeting_id, tokens = store
    token = tokens[account] if account else None
    commitment_id = _shared_commitment(url)
    for route in ROUTES:
        body = _get(client, route.format(m=meeting_id, c=commitment_id), token)
        leaked = [s for s in SECRETS if s in body]
        assert not leaked, f"{route} shows {leaked} to {account or 'anonymous'}"
    meeting = client.get(f"/api/meetings/{meeting_id}",
                         headers={"Authorization": f"Bearer {token}"} if token else {}).json()
    assert meeting["start"] == "2022-03"  # what the visible document says
    assert meeting["city"] == "Amman" and meeting["kind"] == "ministerial_plenary"
    assert "2022-03-03" not in meeting["key"]
    assert [d["title"] for d in meeting["documents"]] == ["Coalition ministers gather again"]


def test_the_originator_sees_the_whole_meeting(
        client: TestClient, store: tuple[str, int, dict[str, str]]) -> None:
    _, meeting_id, tokens = store
    meeting = client.get(f"/api/meetings/{meeting_id}",
                         headers={"Authorization": f"Bearer {tokens['ita']}"}).json()
    assert meeting["start"] == "2022-03-03" and "Larkspur" in meeting["name"]
    assert len(meeting["documents"]) == 2
    page = _get(client, f"/meetings/{meeting_id}", tokens["ita"])
    assert re.search(r"Larkspur", page)


def test_outsiders_find_no_meeting_by_a_hidden_name(
        client: TestClient, store: tuple[str, int, dict[str, str]]) -> None:
    _, _, tokens = store
    for token in (None, tokens["jor"]):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        hits = client.get("/api/search?q=Larkspur", headers=headers).json()
        assert not any(h.get("kind") == "meeting" for h in hits.get("facts", [])), hits


def test_dashboard_counts_a_deadline_only_where_it_is_shown(
        client: TestClient, store: tuple[str, int, dict[str, str]]) -> None:
    """Only the hidden statement dates the deadline (the visible one's meeting is dated to
    the month): the dashboard lists and counts it as dated for the originator alone."""
    _, _, tokens = store

    def due(account: str | None) -> dict[str, object]:
        headers = {"Authorization": f"Bearer {tokens[account]}"} if account else {}
        body = client.get("/api/dashboard", headers=headers).json()["due"]
        assert isinstance(body, dict)
        return body

    ita = due("ita")
    assert (ita["deadlines_total"], ita["passed_total"]) == (1, 1)
    assert [c["deadline"] for c in ita["deadlines"]] == ["2022-07-01"]  # type: ignore[union-attr]
    for account in (None, "jor", "sec"):
        outsider = due(account)
        assert (outsider["deadlines_total"], outsider["passed_total"]) == (0, 0), account
        assert outsider["deadlines"] == [] and outsider["passed"] == [], account


def test_an_edit_of_a_partly_hidden_meeting_stays_with_those_who_see_all_of_it(
        client: TestClient, store: tuple[str, int, dict[str, str]]) -> None:
    """An audit entry about a meeting snapshots its merged fields: an outsider who sees the
    meeting through the visible document alone does not see it (this test runs last: it
    changes the store)."""
    url, meeting_id, tokens = store
    ita = {"Authorization": f"Bearer {tokens['ita']}"}
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        hidden = session.scalar(select(Source.id).join(Document).where(
            Source.record_type == "meeting", Source.record_id == meeting_id,
            Document.audience == "originator"))
    engine.dispose()
    edited = client.post(f"/api/review/{hidden}/edit",
                         json={"field": "end", "value": "2022-03-04"}, headers=ita)
    assert edited.status_code == 200, edited.text[:300]
    assert "2022-03-03" in client.get("/api/audit", headers=ita).text
    for account in (None, "jor", "sec"):
        headers = {"Authorization": f"Bearer {tokens[account]}"} if account else {}
        for route in ("/api/audit", f"/api/meetings/{meeting_id}", f"/meetings/{meeting_id}"):
            body = client.get(route, headers=headers).text
            leaked = [s for s in (*SECRETS, "2022-03-04") if s in body]
            assert not leaked, f"{route} shows {leaked} to {account or 'anonymous'}"

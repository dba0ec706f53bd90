"""For each kind of audience, accounts inside and outside it, through the real app: the
outsider finds nothing by page, API, search, counts, exports or guessed ids; the insider
finds everything. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from coalition.data import load_json
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.tables import CommitmentLine
from releasability.oracle import Oracle, sees
from releasability.support import ACCOUNTS, Doc, World

VIEWERS: list[str | None] = [None, *ACCOUNTS]
MISSING = 987_654
# Every list, aggregate and export a reader can ask for.
SURFACES = ("/api/documents?per_page=500", "/api/documents?format=csv", "/documents",
            "/api/meetings?per_page=500", "/api/meetings?format=csv", "/meetings",
            "/api/commitments?per_page=500", "/api/commitments?format=csv", "/commitments",
            "/api/partners?per_page=500", "/api/partners?format=csv", "/api/dashboard", "/",
            "/api/popolo?facts=all", "/api/money?facts=all", "/api/money.csv?facts=all",
            "/api/metrics?facts=all", "/api/membership?facts=all", "/api/due?facts=all",
            "/api/review?state=unreviewed", "/review?state=unreviewed", "/api/audit",
            "/api/compliance", "/brief/line-of-effort/foreign_fighters?facts=all",
            "/brief/line-of-effort/humanitarian_stabilization?facts=all&format=md",
            "/search?q=coalition", "/api/search?q=minister", "/api/partners/USA",
            "/partners/IRQ", "/brief/partner/IRQ?facts=all", "/api/meetings/1")


def _reference_words() -> set[str]:
    """Words every reader sees whatever the documents: reference data, page furniture."""
    text = " ".join(str(row) for name in ("lines_of_effort.json", "working_groups.json")
                    for row in load_json(name))
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _markers(doc: Doc) -> list[str]:
    reference = _reference_words()
    return [w for w in doc.words if w not in reference][:6]


def _doc(world: World, audience: str) -> Doc:
    return next(d for d in world.docs if d.audience == audience)


def _normalized(text: str, record_id: int) -> str:
    return re.sub(rf"(?<![\w-]){record_id}(?![\w-])", "ID", text)


_SEEN: dict[tuple[str, str | None, str], str] = {}


def _get(client: TestClient, world: World, viewer: str | None, path: str) -> str:
    """GET ``path`` as ``viewer`` (once per store: the tests only read) and return its text."""
    key = (world.url, viewer, path)
    if key not in _SEEN:
        response = client.get(path, headers=world.headers(viewer))
        assert response.status_code == 200, (viewer, path, response.text[:300])
        _SEEN[key] = response.text.lower()
    return _SEEN[key]


@pytest.mark.parametrize("audience", ["public", "coalition", "small_group", "working_group",
                                      "partners", "originator"])
def test_audience_insiders_find_everything_outsiders_nothing(
        world: World, client: TestClient, audience: str) -> None:
    doc = _doc(world, audience)
    markers = _markers(doc)
    assert markers and (doc.meetings or doc.commitments), "the document supports no record"
    for viewer in VIEWERS:
        page = client.get(f"/documents/{doc.id}", headers=world.headers(viewer))
        api = client.get(f"/api/documents/{doc.id}", headers=world.headers(viewer))
        search = client.get(f"/api/search?q={markers[0]}", headers=world.headers(viewer))
        records = [client.get(f"/api/meetings/{m}", headers=world.headers(viewer))
                   for m in doc.meetings] + [
            client.get(f"/api/commitments/{c}", headers=world.headers(viewer))
            for c in doc.commitments]
        if sees(viewer, audience):
            assert page.status_code == api.status_code == 200, viewer
            assert all(m in api.text.lower() for m in markers)
            assert doc.id in [hit["id"] for hit in search.json()["documents"]]
            assert all(r.status_code == 200 for r in records), viewer
            listed = client.get("/api/documents?per_page=500", headers=world.headers(viewer))
            assert doc.id in [row["id"] for row in listed.json()["listing"]["rows"]]
            continue
        assert page.status_code == api.status_code == 404, viewer
        assert doc.id not in [hit["id"] for hit in search.json()["documents"]]  # (stems of
        # a marker may match other documents: the markers themselves must not show)
        assert search.json()["total_documents"] == len(search.json()["documents"])
        found = json.dumps([search.json()["documents"], search.json()["facts"]]).lower()
        assert not any(re.search(rf"\b{m}\b", found) for m in markers)
        assert all(r.status_code == 404 for r in records), viewer
        for path in SURFACES:
            text = _get(client, world, viewer, path)
            leaked = [m for m in markers if re.search(rf"\b{m}\b", text)]
            leaked += [q for q in doc.quotes if q.lower() in text]
            assert not leaked, (viewer, path, leaked)


def test_hidden_records_answer_exactly_like_missing_ones(world: World,
                                                         client: TestClient) -> None:
    if not world.url.startswith("sqlite"):
        pytest.skip("every id as every account: once is enough (SQLite); the insider and "
                    "outsider test above runs on PostgreSQL too")
    oracle = Oracle(world)
    kinds = (("documents", oracle.documents, set(oracle.audience)),
             ("meetings", lambda v: oracle.records(v, "meeting"), oracle.all_records("meeting")),
             ("commitments", lambda v: oracle.records(v, "commitment"),
              oracle.all_records("commitment")))
    for viewer in VIEWERS:
        for kind, visible, every in kinds:
            missing = client.get(f"/api/{kind}/{MISSING}", headers=world.headers(viewer))
            page_missing = client.get(f"/{kind}/{MISSING}", headers=world.headers(viewer))
            assert missing.status_code == 404
            for record_id in sorted(every):
                api = client.get(f"/api/{kind}/{record_id}", headers=world.headers(viewer))
                if record_id in visible(viewer):
                    assert api.status_code == 200, (viewer, kind, record_id)
                    continue
                assert api.status_code == 404, (viewer, kind, record_id)
                assert _normalized(api.text, record_id) == _normalized(missing.text, MISSING)
                if record_id % 5:
                    continue  # the HTML pages of one hidden id in five
                page = client.get(f"/{kind}/{record_id}", headers=world.headers(viewer))
                assert _normalized(page.text, record_id) == _normalized(
                    page_missing.text, MISSING)


def test_counts_and_facets_count_only_what_the_viewer_may_see(
        world: World, client: TestClient) -> None:
    oracle = Oracle(world)
    engine = make_engine(world.url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            lines = session.execute(select(CommitmentLine.commitment_id).where(
                CommitmentLine.superseded_at.is_(None))).scalars().all()
    finally:
        engine.dispose()
    totals = set()
    for viewer in VIEWERS:
        docs = client.get("/api/documents", headers=world.headers(viewer)).json()
        assert docs["listing"]["total"] == len(oracle.documents(viewer)), viewer
        assert sum(f["count"] for f in docs["kinds"]) == len(oracle.documents(viewer))
        assert sum(f["count"] for f in docs["years"]) == len(oracle.documents(viewer))
        commitments = oracle.records(viewer, "commitment")
        listed = client.get("/api/commitments", headers=world.headers(viewer)).json()
        assert listed["total"] == len(commitments), viewer
        dashboard = client.get("/api/dashboard", headers=world.headers(viewer)).json()
        assert sum(p["value"] for p in dashboard["lines"]) == sum(
            1 for c in lines if c in commitments), viewer
        totals.add(listed["total"])
    assert len(totals) > 2, "the viewers should not all see the same commitments"

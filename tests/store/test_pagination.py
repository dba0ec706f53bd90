"""Keyset pagination: walking a list page by page through ``next`` cursors gives every row
once, in the order of the sort, with the filters applied in SQL; a foreign cursor is refused.
The expected answers are computed in Python from the generated rows (tests/store/synthetic)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries import cache
from coalition.store.queries.commitments import list_commitments
from coalition.store.queries.common import BadCursor, Listing
from coalition.store.queries.dashboard import dashboard
from coalition.store.queries.documents import DOCUMENT_SORTS, list_documents
from coalition.store.queries.review import review_queue
from coalition.store.tables import AuditEntry, Document, Source

from .synthetic import Synthetic, build

TODAY = date(2020, 6, 1)
NOW = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> Iterator[tuple[Session, Synthetic]]:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        made = build(session, documents=60)
    with factory() as session:
        yield session, made


def walk(fetch: Callable[[str | None], Listing[Any]]) -> tuple[list[Any], int]:
    """Follow ``next`` from the first page to the last; return every row and the total."""
    rows: list[Any] = []
    cursor: str | None = None
    pages = 0
    while True:
        listing = fetch(cursor)
        rows += listing.rows
        pages += 1
        assert pages < 100, "the cursors do not advance"
        if listing.next is None:
            return rows, listing.total
        cursor = listing.next


def _doc_key(made: Synthetic, sort: str) -> Callable[[int], tuple[Any, ...]]:
    def title(d: int) -> str:
        return str(made.docs[d]["title"] or str(made.docs[d]["text"])[:200]).lower()

    keys: dict[str, Callable[[int], tuple[Any, ...]]] = {
        "date": lambda d: (made.doc_date(d) or "", d),
        "title": lambda d: (title(d), d),
        "kind": lambda d: (made.docs[d]["kind"], d),
        "place": lambda d: (made.docs[d]["city"] or "", made.docs[d]["country_iso3"] or "", d),
        "facts": lambda d: (made.facts(d), d),
        "id": lambda d: (d,)}
    return keys[sort.lstrip("-")]


@pytest.mark.parametrize("sort", DOCUMENT_SORTS)
def test_document_pages_follow_every_sort(store: tuple[Session, Synthetic], sort: str) -> None:
    session, made = store
    rows, total = walk(lambda after: list_documents(session, sort=sort, per_page=7,
                                                    after=after).listing)
    expected = sorted(made.docs, key=_doc_key(made, sort), reverse=sort.startswith("-"))
    assert [r.id for r in rows] == expected
    assert total == len(made.docs)
    assert {r.id: r.facts for r in rows} == {d: made.facts(d) for d in made.docs}
    assert {r.id: r.date for r in rows} == {d: made.doc_date(d) for d in made.docs}


@pytest.mark.parametrize("field", ["kind", "year", "place"])
def test_document_filters_are_applied_before_the_page(store: tuple[Session, Synthetic],
                                                      field: str) -> None:
    session, made = store

    def value(d: int) -> str:
        if field == "kind":
            return str(made.docs[d]["kind"])
        if field == "year":
            return (made.doc_date(d) or "undated")[:4] if made.doc_date(d) else "undated"
        doc = made.docs[d]
        return str(doc["city"] or doc["country_iso3"] or "unplaced")

    for wanted in sorted({value(d) for d in made.docs}):
        rows, total = walk(lambda after, v=wanted: list_documents(
            session, sort="-date", per_page=4, after=after, **{field: v}).listing)
        expected = sorted((d for d in made.docs if value(d) == wanted),
                          key=_doc_key(made, "date"), reverse=True)
        assert [r.id for r in rows] == expected
        assert total == len(expected)


def test_document_facets_count_the_whole_collection(store: tuple[Session, Synthetic]) -> None:
    session, made = store
    found = list_documents(session, kind="news", per_page=1)
    kinds = {f.value: f.count for f in found.kinds}
    assert kinds == {k: sum(1 for d in made.docs.values() if d["kind"] == k)
                     for k in {str(d["kind"]) for d in made.docs.values()}}
    assert sum(f.count for f in found.years) == len(made.docs)


@pytest.mark.parametrize("sort", ["id", "deadline", "-deadline", "meeting", "text"])
def test_commitment_pages_follow_the_sort(store: tuple[Session, Synthetic], sort: str) -> None:
    session, made = store
    rows, total = walk(lambda after: list_commitments(session, sort=sort, per_page=6,
                                                      after=after, today=TODAY))
    names = {m: str(v["name"]) for m, v in made.meetings.items()}

    def key(c: int) -> tuple[Any, ...]:
        row = made.commitments[c]
        meeting = made.meeting_of(c)
        return {"id": (c,), "deadline": (row["deadline"] or "9999", c),
                "-deadline": (row["deadline"] or "", c),
                "meeting": (names[meeting] if meeting else "~", c),
                "text": (str(row["text"]).lower(), c)}[sort]

    assert [r.id for r in rows] == sorted(made.commitments, key=key,
                                          reverse=sort == "-deadline")
    assert total == len(made.commitments)
    assert {r.id: r.meeting_id for r in rows} == {c: made.meeting_of(c) for c in made.commitments}


def test_commitment_filters_match_a_python_scan(store: tuple[Session, Synthetic]) -> None:
    session, made = store
    day = TODAY.isoformat()

    def review(c: int) -> str:
        return str(made.first_source(c)["review_state"])

    cases: list[tuple[dict[str, Any], Callable[[int], bool]]] = [
        ({"line": "finance"}, lambda c: "finance" in made.lines[c]),
        ({"actor": "P2"}, lambda c: "P2" in made.bound[c]),
        ({"deadline": "passed"}, lambda c: bool(made.commitments[c]["deadline"])
         and str(made.commitments[c]["deadline"]) < day),
        ({"deadline": "none"}, lambda c: made.commitments[c]["deadline"] is None),
        ({"review": "confirmed"}, lambda c: review(c) == "confirmed"),
        ({"line": "military", "deadline": "any"},
         lambda c: "military" in made.lines[c] and made.commitments[c]["deadline"] is not None),
    ]
    cases += [({"meeting": m}, lambda c, m=m: made.meeting_of(c) == m) for m in made.meetings]
    for filters, keep in cases:
        rows, total = walk(lambda after, f=filters: list_commitments(  # type: ignore[misc]
            session, per_page=5, after=after, today=TODAY, **f))
        expected = [c for c in sorted(made.commitments) if keep(c)]
        assert [r.id for r in rows] == expected, filters
        assert total == len(expected), filters


def test_review_queue_continues_after_its_cursor(store: tuple[Session, Synthetic]) -> None:
    session, made = store
    seen: list[int] = []
    cursor: str | None = None
    while True:
        queue = review_queue(session, state="unreviewed", limit=9, after=cursor)
        seen += [f.id for doc in queue.documents for f in doc.facts]
        if queue.next is None:
            break
        cursor = queue.next
    expected = sorted((s for s in made.sources if s["review_state"] == "unreviewed"),
                      key=lambda s: (s["document_id"], s["start"], s["id"]))
    assert seen == [s["id"] for s in expected]


def test_a_cursor_of_another_list_or_garbage_is_refused(
        store: tuple[Session, Synthetic]) -> None:
    session, _ = store
    by_date = list_documents(session, sort="date", per_page=5).listing.next
    assert by_date is not None
    with pytest.raises(BadCursor, match="sorted by 'kind'"):
        list_documents(session, sort="kind", after=by_date)
    for garbage in ("%%%", "bm90IGpzb24", "WyJkYXRlIl0"):
        with pytest.raises(BadCursor, match="invalid cursor"):
            list_documents(session, sort="date", after=garbage)


def test_the_dashboard_is_cached_until_a_write(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        build(session, documents=20)
    cache.clear()
    with factory() as session:
        first = dashboard(session, today=TODAY)
        assert dashboard(session, today=TODAY) is first
        assert dashboard(session, today=TODAY, audience_key="partner:IRQ") is not first
        assert dashboard(session, today=TODAY, confirmed=True) is not first
    with session_scope(factory) as session:  # an analyst's action writes an audit entry
        source = session.get(Source, 1)
        assert source is not None
        source.review_state = "confirmed"
        session.add(AuditEntry(at=NOW, action="confirm", record_type="source",
                               record_id=1, group_key="g1"))
    with factory() as session:
        assert dashboard(session, today=TODAY) is not first
    with session_scope(factory) as session:  # so does an ingest: a new document
        session.add(Document(id=1000, sha256="f" * 64, source="new.txt", media_type="text/plain",
                             kind="news", text="New.", size_bytes=4, ingested_at=NOW))
    with factory() as session:
        again = dashboard(session, today=TODAY)
        assert again is not first
        assert dashboard(session, today=TODAY) is again


def test_the_api_and_the_pages_hand_out_next_cursors(engine: Engine) -> None:
    from fastapi.testclient import TestClient

    from coalition.serve.app import create_app
    from coalition.settings import Settings

    with session_scope(make_session_factory(engine)) as session:
        made = build(session, documents=30)
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)))
    with TestClient(app) as client:
        ids: list[int] = []
        url: str | None = "/api/documents?sort=id&limit=8"
        while url:
            body = client.get(url).json()
            ids += [row["id"] for row in body["listing"]["rows"]]
            assert body["listing"]["total"] == len(made.docs)
            cursor = body["listing"]["next"]
            url = f"/api/documents?sort=id&limit=8&after={cursor}" if cursor else None
        assert ids == sorted(made.docs)
        first = client.get("/api/commitments?limit=3").json()
        assert len(first["rows"]) == 3 and first["next"]
        html = client.get(f"/commitments?limit=3&after={first['next']}").text
        assert 'rel="next"' in html and "after=" in html and 'rel="first"' in html
        refused = client.get("/api/documents?sort=kind&after=" + str(first["next"]))
        assert refused.status_code == 400 and "invalid cursor" in refused.json()["detail"]
        assert client.get("/api/documents?limit=1001").status_code == 422
    app.state.engine.dispose()

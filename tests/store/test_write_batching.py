"""Saving a document takes a bounded number of statements, and the batched writes keep the
semantics of a row-by-row write: stored keys are reused, gaps are filled, races are survived."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from coalition.ingest import analyze_file, iter_paths, load_file
from coalition.store.engine import session_scope
from coalition.store.tables import Actor, Commitment, Document, Meeting
from coalition.store.upsert import insert_rows
from coalition.store.visibility import VIEWER_KEY, Viewer
from coalition.store.writes import save_analysis
from corpus_support import copy_seeds

from .conftest import Pair, add, new_doc

Factory = sessionmaker[Session]
MAX_STATEMENTS = 40  # per document: a few per table, never one per fact


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _analyses(tmp_path: Path) -> list[Pair]:
    """The seeds twice (the copies repeat their facts: stored keys on the second pass)."""
    copy_seeds(tmp_path / "copies", 2, "Copy")
    pairs = []
    for path in iter_paths([tmp_path / "copies"]):
        analysis = analyze_file(load_file(path), set())
        assert analysis.source is not None and analysis.doc is not None, analysis.error
        pairs.append((analysis.source, analysis.doc))
    return pairs


def test_saving_takes_few_statements_whatever_the_store_holds(
        engine: Engine, session_factory: Factory, tmp_path: Path) -> None:
    counts = []
    for source, doc in _analyses(tmp_path):
        with _statements(engine) as seen, session_scope(session_factory, write=True) as s:
            added = save_analysis(s, source=source, doc=doc)
        assert added["documents"] == 1 and added["sources"] > 20
        counts.append(len(seen))
        meeting_reads = sum(1 for sql, _ in seen if re.match(r"SELECT meetings\.", sql))
        # the stored meetings keyed alike, then at most three seeks per meeting mentioned
        assert meeting_reads <= 1 + 3 * len(doc.facts_of("meeting"))
        facts = len(doc.facts)
        assert len(seen) <= MAX_STATEMENTS < facts, (source.source, len(seen), facts)
    assert max(counts[5:]) <= max(counts[:5]) + 3  # the second pass finds stored keys


def test_meeting_candidates_are_found_through_indexes(
        engine: Engine, session_factory: Factory, tmp_path: Path) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by table statistics")
    pairs = _analyses(tmp_path)[:6]
    for source, doc in pairs[:5]:
        with session_scope(session_factory, write=True) as s:
            save_analysis(s, source=source, doc=doc)
    with _statements(engine) as seen, session_scope(session_factory, write=True) as s:
        save_analysis(s, source=pairs[5][0], doc=pairs[5][1])
    query = [(sql, params) for sql, params in seen if re.match(r"SELECT meetings\.", sql)]
    assert query, "the sixth document names no meeting"
    with engine.connect() as conn:
        plans = [[row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
                 for sql, params in query]
    steps = [step for plan in plans for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert steps and all(step.startswith("SEARCH meetings USING") for step in steps), plans
    assert any("ix_meetings_city_kind" in step for step in steps), plans


def test_insert_rows_reuses_stored_keys_in_order(session_factory: Factory) -> None:
    rows = [{"key": key, "kind": "state", "name": key, "iso3": key} for key in ("IRQ", "SYR")]
    with session_scope(session_factory, write=True) as s:
        first, created = insert_rows(s, Actor, ("key",), rows[:1])
        assert created == {("IRQ",)}
    with session_scope(session_factory, write=True) as s:
        more = [{"key": "JOR", "kind": "state", "name": "JOR", "iso3": "JOR"}, *rows]
        ids, created = insert_rows(s, Actor, ("key",), more)
    assert created == {("JOR",), ("SYR",)}
    assert ids[("IRQ",)] == first[("IRQ",)]
    assert ids[("IRQ",)] < ids[("JOR",)] < ids[("SYR",)]  # new rows take ids in row order
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Actor)) == 3


def test_insert_rows_survives_a_concurrent_writer(engine: Engine,
                                                  session_factory: Factory) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite writers take the write lock up front: no race to survive")
    row = {"key": "ISL", "kind": "state", "name": "Iceland", "iso3": "ISL"}
    outcome: dict[str, Any] = {}
    with session_scope(session_factory) as first:
        won, _ = insert_rows(first, Actor, ("key",), [row])

        def second_writer() -> None:  # blocks on the first one's uncommitted key
            with session_scope(session_factory) as second:
                outcome["ids"], outcome["created"] = insert_rows(second, Actor, ("key",), [row])

        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive(), "the second writer did not wait for the first"
    thread.join(timeout=30)
    assert outcome == {"ids": won, "created": set()}


def test_a_later_document_gives_a_stored_commitment_its_meeting(
        session_factory: Factory) -> None:
    pledge = "The partners resolved to train more border guards before the winter."
    source_x, doc_x = new_doc(f"Statement. {pledge}", "x")
    add(doc_x, "commitment", pledge, actors=[], lines_of_effort=[])
    text_y = f"At the Amman meeting on 2 March 2016: {pledge}"
    source_y, doc_y = new_doc(text_y, "y")
    add(doc_y, "meeting", "the Amman meeting", name="Amman meeting", key="m",
        kind="other", start="2016-03-02", end=None, city="Amman", country_iso3="JOR")
    add(doc_y, "commitment", pledge, actors=[], lines_of_effort=[], meeting_key="m")
    for source, doc in ((source_x, doc_x), (source_y, doc_y)):
        with session_scope(session_factory, write=True) as s:
            save_analysis(s, source=source, doc=doc)
    with session_scope(session_factory) as s:
        commitment = s.scalars(select(Commitment)).one()
        meeting = s.scalars(select(Meeting)).one()
        assert commitment.meeting_id == meeting.id


def test_a_viewer_session_still_matches_what_it_cannot_read(
        session_factory: Factory, doc_a: Pair, doc_b: Pair) -> None:
    with session_scope(session_factory, write=True) as s:
        save_analysis(s, source=doc_a[0], doc=doc_a[1])
        document = s.scalars(select(Document)).one()
        document.audience, document.originator = "originator", "NOR"
    with session_scope(session_factory, write=True) as s:
        s.info[VIEWER_KEY] = Viewer()  # anonymous: document a and its facts are hidden
        assert s.scalars(select(Meeting)).all() == []
        added = save_analysis(s, source=doc_b[0], doc=doc_b[1])
    assert added["meetings"] == added["commitments"] == added["actors"] == 0
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1

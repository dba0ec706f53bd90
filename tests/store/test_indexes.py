"""The list pages' queries are answered by indexes: every statement a page runs (once its
cached aggregates are warm) is captured and explained (SQLite: EXPLAIN QUERY PLAN;
PostgreSQL: EXPLAIN with sequential scans priced out, so a plan that still scans ``sources``
has no index to use)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries import cache
from coalition.store.queries.commitments import list_commitments
from coalition.store.queries.documents import list_documents
from coalition.store.queries.meetings import list_meetings, meeting_detail
from coalition.store.queries.partners import partner_profile
from coalition.store.queries.review import review_queue
from coalition.store.visibility import ANONYMOUS, sees_everything

from .synthetic import build

PAGES: dict[str, Callable[[Session], Any]] = {
    "documents by kind": lambda s: list_documents(s, kind="news", sort="kind", per_page=5),
    "documents by id": lambda s: list_documents(s, sort="id", per_page=5),
    "commitments by line": lambda s: list_commitments(s, line="finance", per_page=5),
    "commitments by actor and deadline": lambda s: list_commitments(
        s, actor="P2", deadline="passed", today=date(2020, 1, 1), per_page=5),
    "commitments of a meeting": lambda s: list_commitments(s, meeting=3, per_page=5),
    "confirmed commitments": lambda s: list_commitments(s, confirmed=True, per_page=5),
    "review queue": lambda s: review_queue(s, state="unreviewed", limit=5),
    "partner profile": lambda s: partner_profile(s, "P3"),
    "meetings": lambda s: list_meetings(s, per_page=5),
    "meeting": lambda s: meeting_detail(s, 3),
}


@pytest.fixture
def store(engine: Engine) -> Iterator[Engine]:
    with session_scope(make_session_factory(engine)) as session:
        build(session, documents=80)
    yield engine


def _captured(engine: Engine, run: Callable[[Session], Any]) -> list[tuple[str, Any]]:
    """Run ``run`` on a fresh session; return every SELECT it sent, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    with make_session_factory(engine)() as session:
        run(session)  # warm the cache: cached aggregates (facets, counts) may scan
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with make_session_factory(engine)() as session:
            run(session)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert seen
    return seen


def _plan(engine: Engine, statement: str, parameters: Any) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(str(r[-1]) for r in rows)
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return "\n".join(str(r[0]) for r in rows)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_never_scans_the_sources_table(store: Engine, page: str) -> None:
    for statement, parameters in _captured(store, PAGES[page]):
        plan = _plan(store, statement, parameters)
        if store.dialect.name == "sqlite":
            assert "SCAN sources" not in plan, f"{page}: {statement}\n{plan}"
        else:
            assert "Seq Scan on sources" not in plan, f"{page}: {statement}\n{plan}"


def test_the_main_list_queries_use_the_new_indexes(store: Engine) -> None:
    """The page query itself (ordered, limited) is an index search, not a table scan."""
    line_key = {"sqlite": "sqlite_autoindex_commitment_lines_1",  # (commitment, line) probes
                "postgresql": "pk_commitment_lines"}[store.dialect.name]
    wanted = {"commitments by line": line_key,
              "commitments by actor and deadline": "ix_commitment_actors_actor_id",
              "review queue": "ix_sources_review_state_document_id_start_id",
              "documents by kind": "ix_documents_kind"}
    for page, index in wanted.items():
        plans = [_plan(store, s, p) for s, p in _captured(store, PAGES[page])]
        assert any(index in plan for plan in plans), (page, plans)
        if store.dialect.name == "sqlite":
            assert any(f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan
                       for plan in plans), (page, plans)


def test_a_commitments_first_source_is_read_from_the_index(store: Engine) -> None:
    """A meeting's commitments are found by their first source (the lowest id): the index on
    a source's record holds its id, so the first is the head of the record's range there and
    PostgreSQL reads no table row for it (SQLite's indexes hold the rowid anyway)."""
    plans = [_plan(store, s, p) for s, p in _captured(store, PAGES["meeting"])
             if "min(sources.id)" in s]
    assert plans
    if store.dialect.name == "postgresql":
        assert any("Index Only Scan using ix_sources_record_type_record_id_id" in plan
                   for plan in plans), plans
    else:
        assert any("COVERING INDEX ix_sources_record_type_record_id_id" in plan
                   for plan in plans), plans


def test_the_viewer_check_after_a_write_reads_only_the_marked_sources(store: Engine) -> None:
    """Whether any source carries a marking of its own is asked again after every ingest:
    the partial index of marked sources answers it (the table has millions of rows)."""
    cache.clear()
    plans = [_plan(store, s, p) for s, p in _captured(
        store, lambda session: (cache.clear(), sees_everything(session, ANONYMOUS)))
        if "audience IS NOT NULL" in s]
    assert plans
    assert all("ix_sources_marked" in plan for plan in plans), plans

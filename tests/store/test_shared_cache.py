"""Costly aggregates are computed once for every server process: kept in the store's
``shared_aggregates`` table at the generation they were computed at, read back by a process
that lacks them (here: this process after forgetting its own entries), never across a write,
and never unpickled into anything but the project's own classes and plain values."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, insert, select, update
from sqlalchemy.orm import Session

from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries import cache
from coalition.store.queries.dashboard import dashboard
from coalition.store.tables import AuditEntry, Document, SharedAggregate
from coalition.store.transfer import export_store

from .synthetic import build

TODAY = date(2019, 3, 1)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    factory = make_session_factory(engine)
    with session_scope(factory) as s:
        build(s, documents=20)
    cache.clear()
    with factory() as s:
        yield s


def _next_request(session: Session) -> None:
    """As if another process served the next request: nothing cached in memory, and a new
    transaction (which sees what was stored since)."""
    cache.clear()
    session.rollback()


def _rows(session: Session) -> int:
    session.rollback()  # a new transaction, which sees what other connections stored
    return int(session.scalar(select(func.count()).select_from(SharedAggregate)) or 0)


def _never() -> Any:
    raise AssertionError("computed although another process had stored the value")


def _selects(engine: Engine, run: Any) -> int:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_a_value_computed_by_one_process_is_read_by_the_next(session: Session) -> None:
    value = cache.cached(session, "answer", ("x",), lambda: {"n": 42}, shared=True)
    _next_request(session)
    assert cache.cached(session, "answer", ("x",), _never, shared=True) == value
    assert cache.cached(session, "answer", ("y",), lambda: 7, shared=True) == 7
    assert _rows(session) == 2


def test_an_unshared_value_stays_in_its_process(session: Session) -> None:
    cache.cached(session, "answer", (), lambda: 1)
    _next_request(session)
    assert cache.cached(session, "answer", (), lambda: 2) == 2
    assert _rows(session) == 0


def test_a_write_makes_the_stored_value_stale(session: Session) -> None:
    cache.cached(session, "answer", (), lambda: "old", shared=True)
    session.rollback()  # a write transaction of its own (SQLite: after the value's)
    session.execute(insert(AuditEntry), {"at": datetime.now(UTC), "action": "review",
                                         "record_type": "commitment", "record_id": 1,
                                         "group_key": "g1"})
    session.commit()
    _next_request(session)
    assert cache.cached(session, "answer", (), lambda: "new", shared=True) == "new"
    _next_request(session)
    assert cache.cached(session, "answer", (), _never, shared=True) == "new"  # one row, replaced
    assert _rows(session) == 1


def test_the_dashboard_of_another_process_costs_no_scan(engine: Engine,
                                                        session: Session) -> None:
    first = dashboard(session, today=TODAY)
    _next_request(session)
    statements = _selects(engine, lambda: dashboard(session, today=TODAY))
    assert dashboard(session, today=TODAY) == first
    assert statements <= 3  # the generation, the viewer's audience, the stored value


class _Payload:
    """What a hostile store could hold: a pickle that calls a function when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def test_a_foreign_pickle_is_never_loaded(session: Session, tmp_path: Path) -> None:
    cache.cached(session, "answer", (), lambda: "ours", shared=True)
    marker = tmp_path / "ran"
    session.rollback()
    session.execute(SharedAggregate.__table__.update().values(  # type: ignore[attr-defined]
        value=pickle.dumps(_Payload(marker))))
    session.commit()
    _next_request(session)
    assert cache.cached(session, "answer", (), lambda: "recomputed", shared=True) == "recomputed"
    assert not marker.exists()


def test_clearing_with_a_session_forgets_the_stored_values(session: Session) -> None:
    cache.cached(session, "answer", (), lambda: 1, shared=True)
    cache.clear(session)
    assert cache.cached(session, "answer", (), lambda: 2, shared=True) == 2


def test_exports_leave_the_shared_values_out(session: Session, tmp_path: Path) -> None:
    dashboard(session, today=TODAY)
    assert _rows(session) >= 1
    export_store(session, tmp_path / "out")
    assert not any("shared_aggregates" in p.name for p in (tmp_path / "out").rglob("*"))


def test_a_session_that_computed_a_shared_value_can_still_write(session: Session) -> None:
    """The value is stored when the session's transaction ends: on SQLite, a write by
    another connection during it would leave the session's own write a stale snapshot."""
    cache.cached(session, "answer", (), lambda: 1, shared=True)
    session.execute(update(Document).where(Document.id == 1).values(title="Renamed"))
    session.commit()
    assert _rows(session) == 1

"""export -> import -> export gives the same bytes, within and across databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from coalition.errors import StoreError
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.tables import ComplianceAssessment
from coalition.store.transfer import export_store, import_store
from coalition.store.writes import save_analysis

from .conftest import build_a, build_b, build_c

MakeStore = Callable[[str], Engine]


def _fill(engine: Engine) -> None:
    factory = make_session_factory(engine)
    for source, doc in (build_a(), build_b()):
        with session_scope(factory) as session:
            save_analysis(session, source=source, doc=doc)
    with session_scope(factory) as session:
        session.add(ComplianceAssessment(
            actor_id=1, commitment_id=1, score=None, period="2015", rationale="no evidence yet",
            evidence=None, assessor="tester",
            created_at=datetime(2015, 1, 2, 3, 4, 5, 678, tzinfo=UTC)))


def _export(engine: Engine, directory: Path) -> dict[str, bytes]:
    with session_scope(make_session_factory(engine)) as session:
        paths = export_store(session, directory)
    return {p.name: p.read_bytes() for p in paths}


def _import(engine: Engine, directory: Path) -> None:
    with session_scope(make_session_factory(engine)) as session:
        import_store(session, directory)


@pytest.mark.parametrize(("origin", "target"), [
    ("sqlite", "sqlite"), ("postgresql", "postgresql"), ("sqlite", "postgresql"),
    ("postgresql", "sqlite"),
])
def test_transfer_round_trip_is_byte_identical(make_store: MakeStore, tmp_path: Path,
                                               origin: str, target: str) -> None:
    first, second = make_store(origin), make_store(target)
    _fill(first)
    before = _export(first, tmp_path / "one")
    _import(second, tmp_path / "one")
    after = _export(second, tmp_path / "two")
    assert before == after
    assert b"ingrid-halvorsen" in before["actors.jsonl"]
    assert before["compliance_assessments.jsonl"].count(b"2015-01-02T03:04:05.000678+00:00") == 1
    # sequences follow the imported ids: new records still get fresh ids
    with session_scope(make_session_factory(second)) as session:
        added = save_analysis(session, source=build_c()[0], doc=build_c()[1])
    assert added["meetings"] == 1


def test_transfer_refuses_a_store_that_is_not_empty(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    _export(engine, tmp_path)
    with pytest.raises(StoreError, match=r"^\[STORE002\] the target store is not empty"):
        _import(engine, tmp_path)


def test_transfer_csv_has_sorted_header(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    files = _export(engine, tmp_path)
    header = files["meetings.csv"].split(b"\n")[0].decode()
    assert header == ",".join(sorted(header.split(",")))
    assert files["meetings.csv"].count(b"\n") == 2


def test_transfer_import_leaves_postgresql_statistics_fresh(make_store: MakeStore,
                                                            tmp_path: Path) -> None:
    """An import is a bulk load: it ends with ANALYZE of the store's tables, as an ingest."""
    first, second = make_store("sqlite"), make_store("postgresql")
    _fill(first)
    _export(first, tmp_path / "one")
    _import(second, tmp_path / "one")
    with second.connect() as conn:
        analyzed = dict(conn.execute(text(
            "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema()")).all())
    assert analyzed["sources"] and analyzed["actors"] and analyzed["compliance_assessments"]

"""ingest.py: one transaction per file, bad files become report rows, the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

import coalition.ingest as ingest
from coalition.ingest import IngestReport, ingest_many, ingest_one, iter_paths
from coalition.store.engine import make_engine, session_scope
from coalition.store.queries.stats import stats
from coalition.store.writes import document_exists
from conftest import StoreUrlFactory
from corpus_support import seed_store

TEXT = ("Rome, 2 February 2016\n\nMinisters of Iraq, Jordan and France met in Rome. "
        "They agreed to share more information on foreign terrorist fighters with INTERPOL.\n")
Factory = sessionmaker[Session]


def documents(factory: Factory) -> int:
    with session_scope(factory) as session:
        return int(stats(session)["documents"])


def test_ingest_iter_paths_walks_folders_sorted(tmp_path: Path) -> None:
    for name in ("b/two.md", "a/one.txt", "a/page.HTML", "c.pdf", "skip.docx", ".hidden.txt",
                 ".git/x.txt", "a/deeper/three.htm"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "skip.docx"
    found = iter_paths([tmp_path, explicit, tmp_path / "c.pdf"])
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == sorted(names)
    assert names == ["a/deeper/three.htm", "a/one.txt", "a/page.HTML", "b/two.md", "c.pdf",
                     "skip.docx"]


def test_ingest_one_stores_then_skips(tmp_path: Path, session_factory: Factory) -> None:
    utf8 = tmp_path / "doc.txt"
    utf8.write_text(TEXT, encoding="utf-8")
    report = ingest_one(utf8, session_factory)
    assert report.status == "stored", report.reason
    assert report.counts["documents"] == 1
    assert report.facts > 0
    assert report.bytes == utf8.stat().st_size
    utf16 = tmp_path / "same.txt"  # the same content in another encoding: one document
    utf16.write_text(TEXT.replace("\n", "\r\n"), encoding="utf-16")
    again = ingest_one(utf16, session_factory)
    assert (again.status, again.sha256) == ("skipped", report.sha256)
    assert documents(session_factory) == 1


def test_ingest_one_read_error_is_a_report_row(tmp_path: Path, session_factory: Factory) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    report = ingest_one(fake, session_factory)
    assert report.status == "failed"
    assert report.reason is not None and "READ005" in report.reason
    assert report.describe().startswith(f"{fake}: failed: [READ005]")
    assert documents(session_factory) == 0


def test_ingest_one_store_error_rolls_back(tmp_path: Path, session_factory: Factory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    real_save = ingest.save_analysis

    def save_then_fail(session: Session, **kwargs: object) -> dict[str, int]:
        real_save(session, **kwargs)  # type: ignore[arg-type,unused-ignore]
        session.flush()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ingest, "save_analysis", save_then_fail)
    path = tmp_path / "doc.txt"
    path.write_text(TEXT)
    report = ingest_one(path, session_factory)
    assert (report.status, report.reason) == ("failed", "RuntimeError: disk on fire")
    with session_scope(session_factory) as session:
        assert report.sha256 is not None
        assert not document_exists(session, report.sha256)
        assert stats(session)["sources"] == 0


def test_ingest_many_goes_on_after_failures(tmp_path: Path, session_factory: Factory) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "one.txt").write_text(TEXT)
    (tmp_path / "two.md").write_text(TEXT + "\nThey will meet again in Paris.\n")
    seen: list[IngestReport] = []
    reports = ingest_many([tmp_path], session_factory, progress=seen.append)
    assert seen == reports
    by_name = {r.path.name: r for r in reports}
    assert [r.path.name for r in reports] == ["blob.txt", "empty.txt", "one.txt", "two.md"]
    assert by_name["blob.txt"].status == "failed"
    assert "READ002" in str(by_name["blob.txt"].reason)
    assert "READ001" in str(by_name["empty.txt"].reason)
    assert by_name["one.txt"].status == by_name["two.md"].status == "stored"
    assert documents(session_factory) == 2


def test_ingest_leaves_postgresql_statistics_fresh(make_store_url: StoreUrlFactory) -> None:
    """A batch that stored documents ends with ANALYZE of the store's tables: the planner
    misjudges a freshly loaded table by orders of magnitude."""
    url = seed_store(make_store_url("postgresql"))
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            analyzed = dict(conn.execute(text(
                "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                "WHERE schemaname = current_schema()")).all())
    finally:
        engine.dispose()
    assert analyzed["sources"] and analyzed["documents"] and analyzed["commitments"]

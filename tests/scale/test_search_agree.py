"""Full-text search answers the same on SQLite (FTS5) and PostgreSQL (tsvector/GIN): for the
same store contents, every query finds the same set of documents (ranking aside)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from sqlalchemy import event, select

from coalition.store.engine import make_engine, make_session_factory
from coalition.store.queries.search import search
from coalition.store.tables import Document
from corpus_support import SEEDS, seed_store

TYPED = ["coalition", "foreign terrorist fighters", '"foreign terrorist fighters"',
         "stabilization OR stabilisation", "Iraq Syria", "pledged million",
         "ministers meeting", "Daesh", "zzzunknownword"]


def _sample_words(count: int) -> list[str]:
    """Words taken at random (fixed seed) from the seeds: lower case, letters only."""
    words = sorted({w.lower() for seed in sorted(SEEDS.glob("*.txt"))
                    for w in re.findall(r"[A-Za-z]{5,}", seed.read_text(encoding="utf-8"))})
    return random.Random(5).sample(words, count)


def _answers(url: str, queries: list[str]) -> dict[str, set[str]]:
    """Return, per query, the sha256 of every matching document (all pages)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            sha = dict(session.execute(select(Document.id, Document.sha256)).tuples().all())
            out = {}
            for q in queries:
                found = search(session, q, limit=1000)
                assert found.total_documents == len(found.documents), q
                out[q] = {sha[d.id] for d in found.documents}
            return out
    finally:
        engine.dispose()


def test_sqlite_and_postgresql_find_the_same_documents(
        make_store_url: Callable[[str], str]) -> None:
    queries = TYPED + _sample_words(25)
    sqlite = _answers(seed_store(make_store_url("sqlite")), queries)
    postgresql = _answers(seed_store(make_store_url("postgresql")), queries)
    differ = {q: (sorted(sqlite[q] ^ postgresql[q])) for q in queries
              if sqlite[q] != postgresql[q]}
    assert not differ, differ
    hits = [q for q in queries if sqlite[q]]
    assert len(hits) >= len(queries) // 2, "too few queries find anything to compare"
    assert not sqlite["zzzunknownword"]


@pytest.mark.parametrize("typed", ["", "   ", '""', "OR"])
def test_empty_queries_find_nothing_on_either_store(
        make_store_url: Callable[[str], str], typed: str) -> None:
    for kind in ("sqlite", "postgresql"):
        url = make_store_url(kind)
        engine = make_engine(url)
        from coalition.store.schema import upgrade

        upgrade(engine)
        with make_session_factory(engine)() as session:
            assert search(session, typed).documents == []
        engine.dispose()


# PostgreSQL's window of newest rows tested first: too few to hold the newest matches and no
# wider window allowed (the GIN route), too few but a wider window at the rate seen holds
# them, enough at once, and more rows than the store has. The route taken is checked too.
@pytest.mark.parametrize(("kind", "window", "widest", "route"), [
    ("sqlite", 2500, 0, None), ("postgresql", 2, 2, "index"), ("postgresql", 2, 100, "wider"),
    ("postgresql", 5, 100, "window"), ("postgresql", 2500, 2500, "window")])
def test_a_common_word_ranks_and_counts_only_the_newest_matches(
        make_store_url: Callable[[str], str], monkeypatch: pytest.MonkeyPatch,
        kind: str, window: int, widest: int, route: str | None) -> None:
    from coalition.store import bulk
    from coalition.store.queries import search as search_module
    from coalition.store.schema import upgrade

    monkeypatch.setattr(search_module, "MATCH_LIMIT", 3)
    monkeypatch.setattr(search_module, "WINDOW", window)
    monkeypatch.setattr(search_module, "MAX_WINDOW", widest)
    engine = make_engine(make_store_url(kind))
    upgrade(engine)
    try:
        with make_session_factory(engine)() as session:
            # the oldest says "hawala" most often: it would rank first if every match were ranked
            texts = ["Hawala hawala hawala brokers were listed."] + [
                f"Report {n} mentions one hawala network among many other networks." for n in
                range(5)] + ["Nothing here about money transfers."]
            bulk.insert_documents(session, [bulk.NewDocument(t, f"synthetic:{n}")
                                            for n, t in enumerate(texts)])
            session.commit()
            ids = list(session.scalars(select(Document.id).order_by(Document.id)))
            sent: list[str] = []
            listen = (engine, "before_cursor_execute",
                      lambda *a: sent.append(a[2]) if "FROM documents AS d" in a[2] else None)
            event.listen(*listen)
            found = search(session, "hawala", limit=10)
            event.remove(*listen)
            assert (found.total_documents, found.more_documents) == (3, True)
            if route is not None:  # the index route, or one or two windows in id order
                assert [("@@" in s, "ts_match_vq" in s) for s in sent] == {
                    "index": [(False, True), (True, False)], "wider": [(False, True)] * 2,
                    "window": [(False, True)]}[route], sent
            assert {d.id for d in found.documents} == set(ids[3:6])  # the three newest matches
            assert search(session, "brokers").more_documents is False
            assert search(session, "hawala", offset=3).documents == []
    finally:
        engine.dispose()

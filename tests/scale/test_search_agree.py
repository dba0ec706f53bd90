"""Full-text search answers the same on SQLite (FTS5) and PostgreSQL (tsvector/GIN): for the
same store contents, every query finds the same set of documents (ranking aside)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from sqlalchemy import select

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

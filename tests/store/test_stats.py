"""stats() counts records per kind."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from coalition.store.engine import session_scope
from coalition.store.queries.stats import stats
from coalition.store.writes import save_analysis

from .conftest import Pair


def test_stats_empty_store(session_factory: sessionmaker[Session]) -> None:
    with session_scope(session_factory) as session:
        assert set(stats(session).values()) == {0}


def test_stats_counts(session_factory: sessionmaker[Session], doc_a: Pair, doc_b: Pair) -> None:
    for source, doc in (doc_a, doc_b):
        with session_scope(session_factory) as session:
            save_analysis(session, source=source, doc=doc)
    with session_scope(session_factory) as session:
        counts = stats(session)
    assert counts["documents"] == 2
    assert (counts["states"], counts["organizations"], counts["people"]) == (3, 2, 1)
    assert counts["actors"] == 6 and counts["armed_groups"] == 0
    assert (counts["meetings"], counts["participations"], counts["commitments"]) == (1, 3, 1)
    assert (counts["resolutions"], counts["money"], counts["metrics"]) == (1, 1, 1)
    assert counts["compliance_assessments"] == 0
    assert counts["sources"] > counts["actors"]

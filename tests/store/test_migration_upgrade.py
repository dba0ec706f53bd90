"""A store built at revision 0001 and filled with plain SQL keeps its rows when it is
upgraded to head: the later columns are empty, and the search index covers the old rows."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import bindparam, text

from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries.search import search
from coalition.store.queries.stats import stats
from coalition.store.schema import alembic_config, current_revision, upgrade
from coalition.store.tables import UTCDateTime

TEXT = "Iraq and Jordan agreed in Amman to fund demining around Mosul before 2025."
ROWS = {
    "actors": "INSERT INTO actors (id, key, kind, name, iso3) "
              "VALUES (7, 'IRQ', 'state', 'Iraq', 'IRQ')",
    "documents": "INSERT INTO documents (id, sha256, title, source, media_type, kind, "
                 "issued_on, city, country_iso3, text, size_bytes, ingested_at) VALUES "
                 "(3, :sha, 'Amman communique', 'old/amman.txt', 'text/plain', 'communique', "
                 "'2024-05-03', 'Amman', 'JOR', :text, 80, :at)",
    "meetings": "INSERT INTO meetings (id, key, name, kind, start, \"end\", city, country_iso3) "
                "VALUES (5, 'amman-2024-05-03', 'Amman ministerial', 'ministerial', "
                "'2024-05-03', '2024-05-03', 'Amman', 'JOR')",
    "commitments": "INSERT INTO commitments (id, key, text, deadline, deadline_text, "
                   "meeting_id) VALUES (11, 'c-demining', :text, '2025-01-01', "
                   "'before 2025', 5)",
}
AT = datetime(2024, 5, 3, 10, 30, tzinfo=UTC)


def test_migration_upgrade_from_0001_keeps_the_data(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0001")
        assert current_revision(engine) == "0001"
        with engine.begin() as conn:
            for statement in ROWS.values():
                clause = text(statement)
                if ":at" in statement:
                    clause = clause.bindparams(bindparam("at", type_=UTCDateTime()))
                conn.execute(clause, {"sha": "a" * 64, "text": TEXT, "at": AT})
        upgrade(engine)
        assert current_revision(engine) not in (None, "0001")
        with engine.connect() as conn:
            doc = conn.execute(text("SELECT sha256, title, text, issued_on FROM documents "
                                    "WHERE id = 3")).one()
            assert tuple(doc) == ("a" * 64, "Amman communique", TEXT, "2024-05-03")
            assert conn.execute(text("SELECT meeting_id FROM commitments WHERE id = 11")
                                ).scalar_one() == 5
            assert conn.execute(text("SELECT superseded_by FROM meetings WHERE id = 5")
                                ).scalar_one() is None
        with session_scope(make_session_factory(engine)) as session:
            counts = stats(session)
            found = search(session, "demining")
        assert (counts["documents"], counts["meetings"], counts["commitments"]) == (1, 1, 1)
        assert [hit.id for hit in found.documents] == [3]
        assert any(hit.record_type == "commitment" and hit.key == "11" for hit in found.facts)
    finally:
        engine.dispose()

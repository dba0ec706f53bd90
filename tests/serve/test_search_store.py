"""Search in the store on SQLite (FTS5 + triggers) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, update

from coalition.store.bulk import NewDocument, insert_documents
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries.search import search, search_like
from coalition.store.tables import Document

TEXTS = ["Partners pledged to train border guards against fighters travelling abroad.",
         "The finance group traced oil revenue and froze accounts.",
         "A plenary welcomed the humanitarian appeal for displaced families."]


def test_search_store_follows_inserts_updates_and_deletes(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        insert_documents(session, [NewDocument(t, f"test:{n}") for n, t in enumerate(TEXTS)])
    with session_scope(factory) as session:
        found = search(session, "fighters travelling")
        assert found.total_documents == 1
        assert any(p.hit for p in found.documents[0].snippet)
        assert search(session, "pledge").total_documents == 1  # stemmed: pledged
        assert search_like(session, "oil revenue") == (1, [2])
        assert search(session, '"froze accounts"').documents[0].id == 2
        session.execute(update(Document).where(Document.id == 2).values(text="Renamed text."))
    with session_scope(factory) as session:
        assert search(session, "oil").total_documents == 0
        assert search(session, "renamed").total_documents == 1
        session.delete(session.get(Document, 3))
    with session_scope(factory) as session:
        assert search(session, "humanitarian").total_documents == 0
        assert search(session, "").documents == []


def test_search_store_migration_creates_the_index(engine: Engine) -> None:
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert {"documents_fts", "commitments_fts"} <= set(inspector.get_table_names())
    else:
        for table in ("documents", "commitments"):
            names = {ix["name"] for ix in inspector.get_indexes(table)}
            assert f"ix_{table}_search_vector" in names  # the stored tsvector's (0010)
            assert f"ix_{table}_search" not in names  # the expression index it replaced
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert "search_vector" in columns


def test_search_finds_meetings_by_name_in_date_order(engine: Engine) -> None:
    from coalition.store.tables import Meeting

    names = [("Ministerial Plenary in Rome", "2016-02"), ("Small Group meeting", "2015-06"),
             ("Second ministerial plenary", "2014-12"), ("İstanbul plenary talks", None),
             ("Working group on finance", "2017-01"), ("Another Plenary", "2018-03")]
    with session_scope(make_session_factory(engine)) as session:
        session.add_all(Meeting(key=f"m{n}", name=name, kind="conference", start=start)
                        for n, (name, start) in enumerate(names))
    with session_scope(make_session_factory(engine)) as session:
        found = [f.label for f in search(session, "PLENARY").facts if f.record_type == "meeting"]
        assert found == ["Second ministerial plenary", "Ministerial Plenary in Rome",
                         "Another Plenary", "İstanbul plenary talks"]  # undated last
        assert [f.label for f in search(session, "plenary", limit=2).facts
                if f.record_type == "meeting"] == found[:2]
        assert not [f for f in search(session, "group meeting working").facts
                    if f.record_type == "meeting"]  # never across two names
        assert [f.label for f in search(session, "on finance").facts
                if f.record_type == "meeting"] == ["Working group on finance"]

"""The shortcut for a viewer who may see the whole store (no per-record limits) ends the
moment a hidden document or a marked fact arrives, even with answers already cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from coalition.ingest import ingest_one
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries.documents import list_documents
from coalition.store.releases import Marking, mark_fact, parse_release
from coalition.store.schema import upgrade
from coalition.store.tables import Meeting, Source
from coalition.store.visibility import ANONYMOUS, bind_viewer, sees_everything

OPEN_TEXT = """Readout of the Larkspur Talks

Amman, 3 March 2019

Jordan and Norway met in Amman on 3 March 2019 for the Larkspur Talks. The partners
committed to train 300 police officers within 120 days.
"""
CLOSED_TEXT = """Readout of the Brackenridge Review

Oslo, 9 September 2020

Norway and Canada met in Oslo on 9 September 2020 for the Brackenridge Review. Canada
pledged $12 million for the Brackenridge demining fund.
"""


@pytest.fixture
def factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    return make_session_factory(engine)


def _ingest(factory: sessionmaker[Session], folder: Path, name: str, text: str,
            spec: str = "public") -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = ingest_one(path, factory, Marking(parse_release(spec), None))
    assert report.status == "stored", report.reason


def _anonymous(factory: sessionmaker[Session]) -> Session:
    session = factory()
    bind_viewer(session, ANONYMOUS)
    return session


def test_a_hidden_document_ends_the_shortcut(factory: sessionmaker[Session],
                                             tmp_path: Path) -> None:
    _ingest(factory, tmp_path, "open.txt", OPEN_TEXT)
    with _anonymous(factory) as session:
        assert sees_everything(session, ANONYMOUS)
        assert list_documents(session).listing.total == 1
    _ingest(factory, tmp_path, "closed.txt", CLOSED_TEXT, "coalition")
    with _anonymous(factory) as session:
        assert not sees_everything(session, ANONYMOUS)
        assert list_documents(session).listing.total == 1
        names = set(session.scalars(select(Meeting.name)))
        assert names and not any("Brackenridge" in (n or "") for n in names)
        quotes = " ".join(session.scalars(select(Source.quote)))
        assert "Amman" in quotes and "Oslo" not in quotes and "Canada" not in quotes


def test_a_marked_fact_ends_the_shortcut(factory: sessionmaker[Session],
                                         tmp_path: Path) -> None:
    _ingest(factory, tmp_path, "open.txt", OPEN_TEXT)
    with _anonymous(factory) as session:
        assert sees_everything(session, ANONYMOUS)
        total = session.scalar(select(func.count(Source.id)))
        fact = session.scalars(select(Source.id).order_by(Source.id)).first()
    assert total and fact is not None
    with session_scope(factory) as session:
        mark_fact(session, fact, parse_release("coalition"))
    with _anonymous(factory) as session:
        assert not sees_everything(session, ANONYMOUS)
        assert session.get(Source, fact) is None
        assert session.scalar(select(func.count(Source.id))) == total - 1

"""A store of the five seeds, each under another marking, with one account per partner.

Partners: GBR and USA are the Small Group; FRA and NLD the communications working group;
JOR belongs to no group; the secretariat has no partner. Markings (seed order):
public, coalition (from GBR), small-group (from USA), working-group (from FRA),
partners:DEU (from ITA); a sixth document, written here, is ITA's alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coalition.ingest import ingest_one
from coalition.serve.app import create_app
from coalition.settings import Settings
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.releases import Marking, parse_release, set_group_members
from coalition.store.schema import upgrade
from coalition.store.tables import Commitment, Document, Meeting, Source
from corpus_support import SEEDS

PASSWORD = "long enough secret"
WORKING_GROUP = "communications_wg"
MARKINGS = (("public", None), ("coalition", "GBR"), ("small-group", "USA"),
            (f"working-group:{WORKING_GROUP}", "FRA"), ("partners:DEU", "ITA"),
            ("originator", "ITA"))
ACCOUNTS = {"gbr": "GBR", "usa": "USA", "fra": "FRA", "nld": "NLD", "jor": "JOR",
            "deu": "DEU", "ita": "ITA", "sec": None}
# Who sees each marking (by account name); anonymous readers see public documents only.
INSIDERS = {
    "public": set(ACCOUNTS),
    "coalition": set(ACCOUNTS),
    "small_group": {"gbr", "usa", "sec"},
    "working_group": {"fra", "nld", "sec"},
    "partners": {"deu", "ita"},
    "originator": {"ita"},
}
ORIGINATOR_ONLY_TEXT = """Joint Statement of the Quillfeather Consultations

Rome, 12 May 2021

Italy and Jordan met in Rome on 12 May 2021 for the Quillfeather Consultations. The participants
committed to deliver 40 armoured vehicles to the Quillfeather mission within 90 days.
The Netherlands pledged $25 million for the Quillfeather stabilization fund.
"""


@dataclass(frozen=True)
class Doc:
    """One marked document of the store and what only it supports."""

    id: int
    audience: str
    words: list[str]  # words of its text found in no other document
    meetings: list[int]  # meetings only it supports
    commitments: list[int]  # commitments only it supports
    quotes: list[str]  # quotes of facts only it supports (long enough to be telling)


@dataclass(frozen=True)
class World:
    """The marked store: its URL, documents and a bearer token per account."""

    url: str
    docs: list[Doc]
    tokens: dict[str, str]

    def headers(self, account: str | None) -> dict[str, str]:
        """Return the request headers of an account (None: anonymous)."""
        return {"Authorization": f"Bearer {self.tokens[account]}"} if account else {}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{9,}", text)}


def build_world(url: str, folder: Path) -> World:
    """Ingest the marked documents into the store at ``url`` and add the accounts."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        paths = sorted(SEEDS.glob("*.txt"))
        assert len(paths) == 5, f"seeds missing at {SEEDS}"
        extra = folder / "quillfeather.txt"
        extra.write_text(ORIGINATOR_ONLY_TEXT, encoding="utf-8")
        for path, (spec, origin) in zip([*paths, extra], MARKINGS, strict=True):
            report = ingest_one(path, factory, Marking(parse_release(spec), origin))
            assert report.status == "stored", report.describe()
        with session_scope(factory) as session:
            set_group_members(session, "small-group", ["GBR", "USA"])
            set_group_members(session, WORKING_GROUP, ["FRA", "NLD"])
            tokens = {}
            for name, partner in ACCOUNTS.items():
                account = create_user(session, name=name, role="analyst", password=PASSWORD,
                                      partner_key=partner)
                tokens[name] = create_token(session, user_id=account.id)
            docs = _docs(session)
    finally:
        engine.dispose()
    return World(url, docs, tokens)


def _only(session: Session, model: type[Meeting] | type[Commitment], record_type: str
          ) -> dict[int, list[int]]:
    """Map each document to the records of ``model`` whose every source is in it."""
    by_record: dict[int, set[int]] = {}
    for record_id, doc_id in session.execute(
            select(Source.record_id, Source.document_id).where(
                Source.record_type == record_type)):
        by_record.setdefault(record_id, set()).add(doc_id)
    out: dict[int, list[int]] = {}
    for record_id, docs in by_record.items():
        if len(docs) == 1:
            out.setdefault(next(iter(docs)), []).append(record_id)
    return out


def _docs(session: Session) -> list[Doc]:
    rows = session.execute(select(Document.id, Document.audience, Document.text)
                           .order_by(Document.id)).all()
    counts = Counter(w for _, _, text in rows for w in _words(text))
    meetings = _only(session, Meeting, "meeting")
    commitments = _only(session, Commitment, "commitment")
    quotes: dict[int, list[str]] = {}
    for record_type, only in (("meeting", meetings), ("commitment", commitments)):
        for doc_id, ids in only.items():
            quotes.setdefault(doc_id, []).extend(q for q in session.scalars(select(
                Source.quote).where(Source.record_type == record_type,
                                    Source.record_id.in_(ids))) if len(q) >= 25)
    return [Doc(i, audience, sorted(w for w in _words(text) if counts[w] == 1),
                sorted(meetings.get(i, [])), sorted(commitments.get(i, [])),
                quotes.get(i, []))
            for i, audience, text in rows]


def engine_of(world: World) -> Engine:
    """Return an engine on the world's store (the caller disposes of it)."""
    return make_engine(world.url)


@contextmanager
def app_client(url: str) -> Iterator[TestClient]:
    """Yield a client of the real app over the store at ``url``; dispose its engine after."""
    app = create_app(Settings(database_url=url))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()

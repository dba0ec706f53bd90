"""A small hand-built store for the workflow tests: two documents, two meetings that are one,
a commitment, partners, and accounts (viewer, analyst, admin) with bearer tokens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.tables import Actor, Commitment, Meeting, Source
from coalition.store.writes import save_analysis

PASSWORD = "correct horse battery"
COMMITMENT = "The partners agreed to cut the money reaching the armed group by mid-2015."
TEXT_A = ("Brussels, 3 December 2014. The partners held a ministerial plenary in Brussels. "
          "Norway and Chile attended the plenary. " + COMMITMENT + " "
          "Norway will freeze the assets and block the financing of the armed group.")
TEXT_B = ("Later the partners met in a small group in Lima in May 2015 and Chile attended. "
          "Norway sent soldiers to train the security forces.")


def _doc(text: str, name: str) -> tuple[SourceDocument, AnalyzedDoc]:
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = SourceDocument(sha, text, f"mem://{name}", "text/plain", title=name,
                            size_bytes=len(text.encode()))
    return source, AnalyzedDoc(sha256=sha, text=text, source=source.source, title=name)


def _add(doc: AnalyzedDoc, fact_kind: str, phrase: str, nth: int = 0, /,
         **attrs: Any) -> None:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    end = start + len(phrase)
    doc.facts.append(Fact(doc.sha256, fact_kind, start, end, doc.text[start:end],
                          f"test_{fact_kind}", "1", 0.9, attrs))


def _analyses() -> list[tuple[SourceDocument, AnalyzedDoc]]:
    a_src, a = _doc(TEXT_A, "a")
    _add(a, "meeting", "ministerial plenary in Brussels", name="Brussels plenary",
         start="2014-12-03", key="m1", city="Brussels", country_iso3="BEL",
         kind="ministerial_plenary", end=None)
    _add(a, "state", "Norway", 0, iso3="NOR", form="name")
    _add(a, "state", "Chile", iso3="CHL", form="name")
    _add(a, "state", "Norway", 1, iso3="NOR", form="name")
    for member in ("NOR", "CHL"):
        _add(a, "participation", "Norway and Chile attended", meeting="Brussels plenary",
             meeting_key="m1", member=member, role="attended")
    _add(a, "commitment", COMMITMENT, lines_of_effort=["finance"], actors=["NOR", "CHL"],
         deadline="2015-06", deadline_text="by mid-2015", meeting_key="m1")
    b_src, b = _doc(TEXT_B, "b")
    _add(b, "meeting", "a small group in Lima", name="Lima small group", key="m1",
         city="Lima", country_iso3="PER", kind="small_group", start="2015-05", end=None)
    _add(b, "state", "Chile", iso3="CHL", form="name")
    _add(b, "state", "Norway", iso3="NOR", form="name")
    _add(b, "participation", "Chile attended", meeting="Lima small group", meeting_key="m1",
         member="CHL", role="attended")
    return [(a_src, a), (b_src, b)]


@dataclass(frozen=True)
class Workflow:
    """What the tests need to find in the store: ids and tokens."""

    tokens: dict[str, str]
    meetings: dict[str, int]
    commitment_id: int
    fact: dict[str, int]  # a source id per record type (the first one)


def fill(engine: Engine) -> Workflow:
    """Store the two documents and the three accounts; return their ids and tokens."""
    factory = make_session_factory(engine)
    for source, doc in _analyses():
        with session_scope(factory) as session:
            save_analysis(session, source=source, doc=doc)
    tokens: dict[str, str] = {}
    with session_scope(factory) as session:
        for role in ("viewer", "analyst", "admin"):
            account = create_user(session, name=role, role=role, password=PASSWORD)
            tokens[role] = create_token(session, user_id=account.id)
        return _ids(session, tokens)


def _ids(session: Session, tokens: dict[str, str]) -> Workflow:
    meetings = {m.name: m.id for m in session.scalars(select(Meeting))}
    assert len(meetings) == 2, meetings
    fact: dict[str, int] = {}
    for s in session.scalars(select(Source).order_by(Source.id)):
        fact.setdefault(s.record_type, s.id)
    commitment = session.scalar(select(Commitment.id))
    assert commitment is not None
    return Workflow(tokens, meetings, commitment, fact)


def actor_id(session: Session, key: str) -> int:
    """Return the id of an actor by key."""
    found = session.scalar(select(Actor.id).where(Actor.key == key))
    assert found is not None
    return int(found)

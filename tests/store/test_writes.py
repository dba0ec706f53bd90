"""save_analysis stores one record per real-world thing and one source per fact."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from coalition.store.engine import session_scope
from coalition.store.tables import (
    Actor,
    Commitment,
    CommitmentLine,
    Document,
    Meeting,
    MoneyAmount,
    Participation,
    PersonRole,
    Source,
)
from coalition.store.writes import document_exists, save_analysis

from .conftest import Pair

Factory = sessionmaker[Session]


def _save(factory: Factory, pair: Pair) -> dict[str, int]:
    with session_scope(factory) as session:
        return save_analysis(session, source=pair[0], doc=pair[1])


def _sources(session: Session, record_type: str, record_id: int) -> list[Source]:
    return list(session.scalars(select(Source).where(
        Source.record_type == record_type, Source.record_id == record_id)))


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_writes_save_analysis_stores_records(session_factory: Factory, doc_a: Pair) -> None:
    added = _save(session_factory, doc_a)
    assert added["documents"] == 1 and added["meetings"] == 1
    assert added["participations"] == 3 and added["resolutions"] == 1
    assert added["actors"] == 6  # NOR CHL BEL UN, the person, COALITION
    with session_scope(session_factory) as session:
        assert document_exists(session, doc_a[0].sha256)
        document = session.scalars(select(Document)).one()
        assert (document.kind, document.issued_on, document.city) == ("communique",
                                                                      "2014-12-03", "Oslo")
        assert document.ingested_at.utcoffset() is not None
        meeting = session.scalars(select(Meeting)).one()
        assert (meeting.start, meeting.city, meeting.kind) == ("2014-12-03", "Brussels",
                                                               "ministerial_plenary")
        person = session.scalars(select(Actor).where(Actor.kind == "person")).one()
        assert (person.key, person.name, person.iso3) == ("person:ingrid-halvorsen",
                                                          "Ingrid Halvorsen", "NOR")
        assert session.scalars(select(PersonRole.role)).all() == ["Foreign Minister"]
        assert session.scalars(select(MoneyAmount.amount)).one() == 12_500_000.0
        assert session.scalars(select(CommitmentLine.line_of_effort_key)).all() == ["finance"]
        assert session.scalars(select(Commitment.meeting_id)).one() == meeting.id


def test_writes_every_source_quotes_its_document(session_factory: Factory,
                                                 doc_a: Pair) -> None:
    added = _save(session_factory, doc_a)
    stored = len([f for f in doc_a[1].facts if f.kind not in ("place", "date")])
    with session_scope(session_factory) as session:
        text = session.scalars(select(Document.text)).one()
        sources = session.scalars(select(Source)).all()
        assert {s.review_state for s in sources} == {"unreviewed"}
        assert all(text[s.start:s.end] == s.quote for s in sources)
        # every stored fact has a source; the person's role adds one more
        assert len(sources) == added["sources"] == stored + 1


def test_writes_same_meeting_and_person_from_two_documents(
        session_factory: Factory, doc_a: Pair, doc_b: Pair) -> None:
    _save(session_factory, doc_a)
    added = _save(session_factory, doc_b)
    assert added["meetings"] == 0 and added["commitments"] == 0 and added["participations"] == 0
    with session_scope(session_factory) as session:
        meeting = session.scalars(select(Meeting)).one()
        person = session.scalars(select(Actor).where(Actor.kind == "person")).one()
        commitment = session.scalars(select(Commitment)).one()
        participation = session.scalars(select(Participation).where(
            Participation.role == "attended",
            Participation.actor_id == select(Actor.id).where(Actor.key == "NOR")
            .scalar_subquery())).one()
        for record_type, record_id in (("meeting", meeting.id), ("actor", person.id),
                                       ("commitment", commitment.id),
                                       ("participation", participation.id)):
            docs = {s.document_id for s in _sources(session, record_type, record_id)}
            assert len(docs) == 2, record_type
        assert person.name == "Ingrid Halvorsen"


def test_writes_undated_mention_first_then_dated(session_factory: Factory, doc_a: Pair,
                                                 doc_b: Pair) -> None:
    _save(session_factory, doc_b)
    _save(session_factory, doc_a)
    with session_scope(session_factory) as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.start == "2014-12-03"
        assert len(_sources(session, "meeting", meeting.id)) == 2


def test_writes_other_meeting_is_another_record(session_factory: Factory, doc_a: Pair,
                                                doc_c: Pair) -> None:
    _save(session_factory, doc_a)
    added = _save(session_factory, doc_c)
    assert added["meetings"] == 1 and added["participations"] == 1 and added["actors"] == 0
    with session_scope(session_factory) as session:
        assert _count(session, Meeting) == 2


def test_writes_saving_twice_adds_nothing(session_factory: Factory, doc_a: Pair) -> None:
    _save(session_factory, doc_a)
    assert set(_save(session_factory, doc_a).values()) == {0}

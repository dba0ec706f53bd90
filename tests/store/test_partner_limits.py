"""A partner's profile lists the latest rows of each kind and counts them all, so a partner
named in 100,000s of facts still gets a page of bounded size; unlimited, it lists them all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries.partners import partner_profile
from coalition.store.tables import Actor, CommitmentActor, Participation
from corpus_support import seed_store


def _busiest(session: Session, link: type[CommitmentActor] | type[Participation]) -> str:
    key = session.scalar(select(Actor.key).join(link, link.actor_id == Actor.id)
                         .group_by(Actor.key).order_by(func.count().desc(), Actor.key).limit(1))
    assert key is not None
    return key


def test_limited_profile_keeps_the_latest_rows_and_the_totals(tmp_path: Path) -> None:
    engine = make_engine(seed_store(f"sqlite:///{tmp_path / 'store.db'}"))
    with session_scope(make_session_factory(engine)) as session:
        keys = [_busiest(session, Participation), _busiest(session, CommitmentActor)]
        pairs = [(partner_profile(session, k, source_limit=None),
                  partner_profile(session, k, source_limit=2)) for k in keys]
    assert pairs[0][0].meetings_total > 2 and pairs[1][0].commitments_total > 2
    for every, few in pairs:
        assert len(every.meetings) == every.meetings_total
        assert len(every.commitments) == every.commitments_total
        assert len(every.sources) == every.sources_total > 2
        assert few.meetings == every.meetings[-2:]
        assert few.commitments == every.commitments[-2:]
        assert (few.meetings_total, few.commitments_total, few.sources_total) == (
            every.meetings_total, every.commitments_total, every.sources_total)
        kinds = {s.record_type for s in every.sources}
        for kind in kinds:
            assert [s for s in few.sources if s.record_type == kind] == [
                s for s in every.sources if s.record_type == kind][:2]

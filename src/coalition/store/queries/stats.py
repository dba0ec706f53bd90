"""Count the records of the store, per kind of record."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from coalition.store.tables import (
    Actor,
    Base,
    Commitment,
    ComplianceAssessment,
    Document,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
    Resolution,
    Source,
)

_TABLES: dict[str, type[Base]] = {
    "documents": Document, "actors": Actor, "meetings": Meeting,
    "participations": Participation, "commitments": Commitment, "resolutions": Resolution,
    "money": MoneyAmount, "metrics": MetricObservation, "sources": Source,
    "compliance_assessments": ComplianceAssessment,
}
_ACTOR_KINDS = {"states": "state", "organizations": "organization",
                "armed_groups": "armed_group", "people": "person"}


def _count(session: Session, model: type[Base]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def stats(session: Session) -> dict[str, int]:
    """Return the number of records of each kind.

    >>> # stats(session)["meetings"]
    """
    counts = {name: _count(session, model) for name, model in _TABLES.items()}
    kind: InstrumentedAttribute[str] = Actor.kind
    rows = session.execute(select(kind, func.count()).group_by(kind)).all()
    by_kind = {str(k): int(n) for k, n in rows}
    counts.update({name: by_kind.get(k, 0) for name, k in _ACTOR_KINDS.items()})
    order = ("documents", "actors", "states", "organizations", "armed_groups", "people",
             "meetings", "participations", "commitments", "resolutions", "money", "metrics",
             "sources", "compliance_assessments")
    return {name: counts[name] for name in order}

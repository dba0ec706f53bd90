"""Read the monitoring views: metrics over time and membership over time.

Both read confirmed facts by default (a record counts when an analyst confirmed or edited
one of its sources); ``facts="all"`` also counts unreviewed ones. Rejected sources never
count. The same metric stated by several documents is one series: observations are grouped
by their normalized ``what`` and unit, and an observation without a date takes the date of
the document that states it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.store.queries.common import SourceRow, sources_of
from coalition.store.queries.documents import document_dates
from coalition.store.queries.merged_view import shown_meetings
from coalition.store.tables import (
    CONFIRMED_STATES,
    Actor,
    Meeting,
    MetricObservation,
    Participation,
    Source,
)

FACT_SCOPES = ("confirmed", "all")
MEMBER_ROLES = ("attended", "hosted", "signed", "joined")
MEMBER_KINDS = ("state", "organization")
COUNT_WORDS = ("partner", "member", "countr", "nation", "state")
_ARTICLES = {"the", "a", "an", "of", "its", "their", "former", "total"}
_SYNONYMS = {"territory liberated": "territory", "liberated territory": "territory"}


def allowed_states(facts: str) -> tuple[str, ...]:
    """Return the review states a fact scope counts.

    >>> allowed_states("all")
    ('unreviewed', 'confirmed', 'edited')
    """
    return CONFIRMED_STATES if facts != "all" else ("unreviewed", *CONFIRMED_STATES)


def kept_ids(session: Session, record_type: str, facts: str) -> set[int]:
    """Return the ids of ``record_type`` records with a source in the scope ``facts``."""
    return set(session.scalars(select(Source.record_id).where(
        Source.record_type == record_type, Source.review_state.in_(allowed_states(facts)))))


def scoped_sources(session: Session, record_type: str, ids: Sequence[int],
                   facts: str) -> list[SourceRow]:
    """Return the sources of the given records whose review state is in the scope."""
    states = allowed_states(facts)
    return [s for s in sources_of(session, record_type, ids) if s.review_state in states]


def normalize_what(what: str | None) -> str:
    """Return the grouping key of a metric's ``what``: lower case, no articles, singular.

    >>> normalize_what("The Airstrikes "), normalize_what("countries")
    ('airstrike', 'country')
    """
    words = [w for w in re.findall(r"[a-z0-9]+", (what or "").casefold())
             if w not in _ARTICLES]
    last = words[-1] if words else ""
    if len(last) > 4 and last.endswith("ies"):
        words[-1] = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    key = " ".join(words)
    return _SYNONYMS.get(key, key)


@dataclass(frozen=True)
class SeriesPoint:
    """One observation of a metric: its date (None if unknown), value and sentence."""

    observed_on: str | None
    value: float
    text: str
    metric_id: int
    sources: list[SourceRow]


@dataclass(frozen=True)
class Series:
    """One metric over time: what is measured, in which unit, and its dated observations."""

    key: str
    what: str
    unit: str
    points: list[SeriesPoint]

    @property
    def latest(self) -> SeriesPoint:
        """Return the last observation (dated ones sort after undated)."""
        return self.points[-1]


@dataclass(frozen=True)
class Metrics:
    """Every metric series in the scope."""

    series: list[Series]
    facts: str


def _observations(session: Session, facts: str) -> list[tuple[MetricObservation, str | None,
                                                               list[SourceRow]]]:
    keep = kept_ids(session, "metric", facts)
    rows = [m for m in session.scalars(select(MetricObservation).order_by(MetricObservation.id))
            if m.id in keep]
    sources = scoped_sources(session, "metric", [m.id for m in rows], facts)
    by_metric: dict[int, list[SourceRow]] = {}
    for s in sources:
        by_metric.setdefault(s.record_id, []).append(s)
    dates = document_dates(session, sorted({s.document_id for s in sources}))
    out = []
    for m in rows:
        own = by_metric.get(m.id, [])
        day = m.observed_on or next((dates[s.document_id] for s in own
                                     if dates.get(s.document_id)), None)
        out.append((m, day, own))
    return out


def metric_series(session: Session, *, facts: str = "confirmed") -> Metrics:
    """Return each metric as a dated series, one per normalized ``what`` and unit.

    >>> # metric_series(session, facts="all").series[0].points[0].value
    """
    groups: dict[tuple[str, str], list[SeriesPoint]] = {}
    labels: dict[tuple[str, str], str] = {}
    for m, day, sources in _observations(session, facts):
        key = (normalize_what(m.what), m.unit)
        labels.setdefault(key, (m.what or "").strip() or "(unnamed)")
        groups.setdefault(key, []).append(SeriesPoint(day, m.value, m.text, m.id, sources))
    series = []
    for (what, unit), points in groups.items():
        points.sort(key=lambda p: (p.observed_on is not None, p.observed_on or "", p.metric_id))
        series.append(Series(f"{what or 'unnamed'}|{unit}", labels[(what, unit)], unit, points))
    series.sort(key=lambda s: (-len(s.points), s.key))
    return Metrics(series, facts)


# --- membership -----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A partner and when the documents first and last show it at a coalition meeting."""

    key: str
    name: str
    kind: str
    first_seen: str | None
    first_meeting_id: int
    first_meeting: str
    last_seen: str | None
    meetings: int


@dataclass(frozen=True)
class MemberCount:
    """How many partners were listed by a date: states, organizations and both."""

    date: str
    states: int
    organizations: int
    total: int


@dataclass(frozen=True)
class StatedCount:
    """A count of partners stated in a document, beside the listed members at its date."""

    date: str | None
    value: float
    what: str
    text: str
    listed: int
    agrees: bool
    sources: list[SourceRow]


@dataclass(frozen=True)
class Membership:
    """Who was a partner when: members, cumulative counts and the counts documents state."""

    members: list[Member]
    counts: list[MemberCount]
    stated: list[StatedCount]
    facts: str


def _participations(session: Session, facts: str
                    ) -> list[tuple[str, str, str, int, str, str | None]]:
    keep = kept_ids(session, "participation", facts)
    stmt = (select(Participation.id, Actor.key, Actor.name, Actor.kind, Meeting.id,
                   Meeting.name, Meeting.start)
            .join(Meeting, Meeting.id == Participation.meeting_id)
            .join(Actor, Actor.id == Participation.actor_id)
            .where(Participation.role.in_(MEMBER_ROLES), Actor.kind.in_(MEMBER_KINDS),
                   Meeting.superseded_by.is_(None))
            .order_by(Participation.id))
    shown = shown_meetings(session)  # the name and date the viewer is shown
    return [(key, name, kind, mid, shown[mid].name if mid in shown else mname,
             shown[mid].start if mid in shown else start)
            for pid, key, name, kind, mid, mname, start in session.execute(stmt)
            if pid in keep]


def _members(rows: list[tuple[str, str, str, int, str, str | None]]) -> list[Member]:
    seen: dict[str, list[tuple[str, str, str, int, str, str | None]]] = {}
    for row in rows:
        seen.setdefault(row[0], []).append(row)
    members = []
    for key, own in seen.items():
        own.sort(key=lambda r: (r[5] is None, r[5] or "", r[3]))
        dated = [r[5] for r in own if r[5]]
        first = own[0]
        members.append(Member(key, first[1], first[2], first[5], first[3], first[4],
                              max(dated) if dated else None, len({r[3] for r in own})))
    members.sort(key=lambda m: (m.first_seen is None, m.first_seen or "", m.name))
    return members


def _counts(members: list[Member]) -> list[MemberCount]:
    days = sorted({m.first_seen for m in members if m.first_seen})
    out = []
    for day in days:
        upto = [m for m in members if m.first_seen and m.first_seen <= day]
        states = sum(1 for m in upto if m.kind == "state")
        out.append(MemberCount(day, states, len(upto) - states, len(upto)))
    return out


def listed_by(counts: list[MemberCount], day: str | None, members: list[Member]) -> int:
    """Return the partners listed by ``day`` (every listed partner when it is unknown)."""
    if day is None:
        return len(members)
    return max((c.total for c in counts if c.date[:len(day)] <= day), default=0)


def is_count_of_partners(what: str | None) -> bool:
    """Say whether a metric's ``what`` counts partners (partners, members, countries...).

    >>> is_count_of_partners("Coalition partner nations"), is_count_of_partners("airstrikes")
    (True, False)
    """
    text = (what or "").casefold()
    return any(word in text for word in COUNT_WORDS)


def membership(session: Session, *, facts: str = "confirmed") -> Membership:
    """Return who was a partner when, and the counts the documents state beside them.

    >>> # membership(session, facts="all").counts[-1].total
    """
    members = _members(_participations(session, facts))
    counts = _counts(members)
    stated = []
    for m, day, sources in _observations(session, facts):
        if m.unit == "count" and is_count_of_partners(m.what):
            listed = listed_by(counts, day, members)
            stated.append(StatedCount(day, m.value, m.what or "", m.text, listed,
                                      int(m.value) == listed, sources))
    stated.sort(key=lambda s: (s.date is None, s.date or "", s.text))
    return Membership(members, counts, stated, facts)

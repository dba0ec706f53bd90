"""Read partners (states, organizations, and the other actors): the list and one profile.

A state's region is its UN geoscheme region (country_converter's table); organizations
have none. Money is credited to a partner when the store names it as donor, or when the amount is
quoted inside a commitment that binds the partner (the commitment sentence says who pays).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session, aliased

from coalition.errors import NotFound
from coalition.store.queries import cache
from coalition.store.queries.common import Listing, SourceRow, page_slice, sources_of
from coalition.store.queries.documents import dated_expr
from coalition.store.queries.merged_view import show_deadlines, show_rows
from coalition.store.tables import (
    Actor,
    ActorAlias,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    Document,
    Meeting,
    MoneyAmount,
    Participation,
    PersonRole,
    Source,
)

PARTNER_KINDS = ("state", "organization", "armed_group", "person")
PARTNER_SORTS = ("name", "-meetings", "-commitments", "-mentions", "kind", "region", "key")


@dataclass(frozen=True)
class PartnerRow:
    """One partner in the list, with how often the store records it."""

    key: str
    name: str
    kind: str
    region: str | None
    meetings: int
    commitments: int
    mentions: int
    lines_of_effort: list[str]


@dataclass(frozen=True)
class PartnerMeeting:
    """A meeting a partner took part in, and in which role."""

    meeting_id: int
    name: str
    start: str | None
    city: str | None
    role: str


@dataclass(frozen=True)
class PartnerCommitment:
    """A commitment that binds a partner."""

    id: int
    text: str
    deadline: str | None
    lines_of_effort: list[str]


@dataclass(frozen=True)
class MoneyRow:
    """An amount of money and the sentence that states it."""

    id: int
    amount: float
    currency: str
    per: str | None
    text: str
    document_id: int | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class MentionPoint:
    """How many times a partner is mentioned in the documents of one date."""

    date: str
    count: int


@dataclass(frozen=True)
class PartnerProfile:
    """Everything the store holds about one partner, with the sentences behind it."""

    key: str
    name: str
    kind: str
    iso3: str | None
    aliases: list[str]
    roles: list[str]
    meetings: list[PartnerMeeting]
    commitments: list[PartnerCommitment]
    money: list[MoneyRow]
    mentions: list[MentionPoint]
    sources: list[SourceRow]
    sources_total: int = 0  # every source behind the profile; ``sources`` may hold fewer
    meetings_total: int = 0  # likewise for ``meetings`` (participations) and ``commitments``
    commitments_total: int = 0


@lru_cache(maxsize=1)
def _region_table() -> dict[str, str]:
    import country_converter

    data = country_converter.CountryConverter().data
    table = {str(iso3): str(region) for iso3, region in zip(data["ISO3"], data["UNregion"],
                                                            strict=True)}
    table.setdefault("XKX", "Southern Europe")
    return table


def region_of(iso3: str | None) -> str | None:
    """Return the UN region of a state's ISO3 code (None for anything else).

    >>> region_of("IRQ")
    'Western Asia'
    """
    return _region_table().get(iso3) if iso3 else None


def regions() -> list[str]:
    """Return every UN region name, sorted (the options of the region filter)."""
    return sorted(set(_region_table().values()))


def _counts(session: Session) -> tuple[Counter[int], Counter[int], Counter[int]]:
    meetings = Counter(dict(session.execute(
        select(Participation.actor_id, func.count(distinct(Participation.meeting_id)))
        .group_by(Participation.actor_id)).all()))
    commitments = Counter(dict(session.execute(
        select(CommitmentActor.actor_id, func.count()).group_by(CommitmentActor.actor_id))
        .all()))
    mentions = Counter(dict(session.execute(
        select(Source.record_id, func.count()).where(Source.record_type == "actor")
        .group_by(Source.record_id)).all()))
    return meetings, commitments, mentions


def _lines_by_actor(session: Session) -> dict[int, list[str]]:
    stmt = (select(CommitmentActor.actor_id, CommitmentLine.line_of_effort_key).distinct()
            .join(CommitmentLine, CommitmentLine.commitment_id == CommitmentActor.commitment_id)
            .where(CommitmentLine.superseded_at.is_(None))
            .order_by(CommitmentLine.line_of_effort_key))
    out: dict[int, list[str]] = {}
    for actor_id, line in session.execute(stmt):
        out.setdefault(actor_id, []).append(line)
    return out


def _partner_rows(session: Session, kinds: tuple[str, ...]) -> tuple[PartnerRow, ...]:
    """Every partner of ``kinds`` with its counts: three aggregates over the store (the
    mentions scan every actor source), so `list_partners` caches them like the dashboard."""
    meetings, commitments, mentions = _counts(session)
    lines = _lines_by_actor(session)
    actors = session.execute(select(Actor.id, Actor.key, Actor.name, Actor.kind)
                             .where(Actor.kind.in_(kinds))).all()
    return tuple(PartnerRow(key, name, k, region_of(key if k == "state" else None),
                            meetings[i], commitments[i], mentions[i], lines.get(i, []))
                 for i, key, name, k in actors)


def list_partners(session: Session, *, kind: str | None = None, line: str | None = None,
                  region: str | None = None, q: str | None = None, sort: str = "name",
                  page: int = 1, per_page: int = 50) -> Listing[PartnerRow]:
    """Return a page of partners; ``kind`` None means states and organizations.

    >>> # list_partners(session, kind="state", line="finance").rows[0].key
    """
    kinds = (kind,) if kind in PARTNER_KINDS else ("state", "organization")
    rows = list(cache.cached(session, "partner_rows", kinds,
                             lambda: _partner_rows(session, kinds), shared=True))
    if line:
        rows = [r for r in rows if line in r.lines_of_effort]
    if region:
        rows = [r for r in rows if r.region == region]
    if q:
        rows = [r for r in rows if q.casefold() in f"{r.name} {r.key}".casefold()]
    order = {"name": lambda r: (r.name.casefold(),), "kind": lambda r: (r.kind, r.name),
             "key": lambda r: (r.key,),
             "region": lambda r: (r.region or "~", r.name),
             "-meetings": lambda r: (-r.meetings, r.name),
             "-commitments": lambda r: (-r.commitments, r.name),
             "-mentions": lambda r: (-r.mentions, r.name)}
    rows.sort(key=order.get(sort, order["name"]))  # type: ignore[arg-type]
    filters = {k: v for k, v in (("kind", kind), ("line", line), ("region", region),
                                 ("q", q)) if v}
    return Listing(page_slice(rows, page=page, per_page=per_page), len(rows), page, per_page,
                   sort, filters)


def _meetings_of(session: Session, actor_id: int, limit: int | None
                 ) -> list[PartnerMeeting]:
    """Return the partner's meetings (the latest ``limit``, None: all) in date order."""
    stmt = (select(Meeting.id, Meeting.name, Meeting.start, Meeting.city, Participation.role)
            .join(Participation, Participation.meeting_id == Meeting.id)
            .where(Participation.actor_id == actor_id)
            .order_by(Meeting.start.desc(), Meeting.id.desc(), Participation.role.desc())
            .limit(limit))
    return show_rows(session, [PartnerMeeting(*row)
                               for row in reversed(session.execute(stmt).all())],
                     id_field="meeting_id")


def _commitments_of(session: Session, actor_id: int, limit: int | None = None
                    ) -> list[PartnerCommitment]:
    """Return the commitments binding the partner (the latest ``limit``), by id."""
    stmt = (select(Commitment.id, Commitment.text, Commitment.deadline)
            .join(CommitmentActor, CommitmentActor.commitment_id == Commitment.id)
            .where(CommitmentActor.actor_id == actor_id).order_by(Commitment.id.desc())
            .limit(limit))
    rows = list(reversed(session.execute(stmt).all()))
    lines: dict[int, list[str]] = {}
    for cid, key in session.execute(select(CommitmentLine.commitment_id,
                                           CommitmentLine.line_of_effort_key)
                                    .where(CommitmentLine.superseded_at.is_(None),
                                           CommitmentLine.commitment_id.in_(
                                               select(CommitmentActor.commitment_id).where(
                                                   CommitmentActor.actor_id == actor_id)))
                                    .order_by(CommitmentLine.line_of_effort_key)):
        lines.setdefault(cid, []).append(key)
    return show_deadlines(session, [PartnerCommitment(i, text, deadline, lines.get(i, []))
                                    for i, text, deadline in rows])


def money_rows(session: Session, *, where: object) -> list[MoneyRow]:
    """Return money amounts matching ``where`` with their first source span."""
    # The first source by a correlated min(): one probe of the index on a source's record
    # per amount. A GROUP BY read every source of each amount (one amount quoted by 13,851
    # documents at 100,000: 290 ms for five amounts).
    first = (select(func.min(Source.id)).where(Source.record_type == "money",
                                               Source.record_id == MoneyAmount.id)
             .correlate(MoneyAmount).scalar_subquery())
    src = aliased(Source)
    stmt = (select(MoneyAmount, src.document_id, src.start, src.end)
            .outerjoin(src, src.id == first).where(where)  # type: ignore[arg-type]
            .order_by(MoneyAmount.id))
    return [MoneyRow(m.id, m.amount, m.currency, m.per, m.text, doc, start, end)
            for m, doc, start, end in session.execute(stmt)]


def _money_of(session: Session, actor_id: int) -> list[MoneyRow]:
    money, bound = aliased(Source), aliased(Source)
    inside = (select(money.record_id)
              .join(bound, and_(bound.document_id == money.document_id,
                                bound.record_type == "commitment",
                                bound.start <= money.start, bound.end >= money.end))
              .join(CommitmentActor, CommitmentActor.commitment_id == bound.record_id)
              .where(money.record_type == "money", CommitmentActor.actor_id == actor_id))
    return money_rows(session, where=(MoneyAmount.donor_actor_id == actor_id)
                      | MoneyAmount.id.in_(inside))


def _mentions(session: Session, actor_id: int) -> list[MentionPoint]:
    day = dated_expr()
    stmt = (select(day, func.count()).select_from(Source)
            .join(Document, Document.id == Source.document_id)
            .where(Source.record_type == "actor", Source.record_id == actor_id).group_by(day))
    by_date: Counter[str] = Counter()
    for when, n in session.execute(stmt):
        by_date[when or "undated"] += int(n)
    return [MentionPoint(d, n) for d, n in sorted(by_date.items())]


SOURCE_LIMIT = 200  # rows of each list in a profile (a large partner has 100,000s)
PAGE_LIMIT = 50  # rows of each list on the HTML page: rendering 1,000 rows took ~50 ms


def partner_profile(session: Session, key: str, *,
                    source_limit: int | None = SOURCE_LIMIT) -> PartnerProfile:
    """Return the profile of the partner with ``key`` (ISO3, organization key, person key),
    with the first ``source_limit`` sources of each kind (None: all) and their total.
    Cached per store generation and audience, like the dashboard: a large partner's profile
    reads tens of thousands of rows.

    Raises :class:`coalition.errors.NotFound` for an unknown key.
    """
    return cache.cached(session, "partner_profile", (key, source_limit),
                        lambda: _partner_profile(session, key, source_limit), shared=True)


def _partner_profile(session: Session, key: str, source_limit: int | None) -> PartnerProfile:
    actor = session.scalar(select(Actor).where(Actor.key == key))
    if actor is None:
        actor = session.scalar(select(Actor).where(Actor.key == key.upper()))
    if actor is None:
        raise NotFound(f"no partner {key!r}")
    aliases = sorted(session.scalars(select(ActorAlias.alias)
                                     .where(ActorAlias.actor_id == actor.id)))
    roles = list(session.execute(select(PersonRole.id, PersonRole.role)
                                 .where(PersonRole.actor_id == actor.id)))
    commitments = _commitments_of(session, actor.id, source_limit)
    behind = {"actor": select(Actor.id).where(Actor.id == actor.id),
              "person_role": select(PersonRole.id).where(PersonRole.actor_id == actor.id),
              "participation": select(Participation.id)
              .where(Participation.actor_id == actor.id),
              "commitment": select(CommitmentActor.commitment_id)
              .where(CommitmentActor.actor_id == actor.id)}
    sources = [row for kind, ids in behind.items()
               for row in sources_of(session, kind, ids, limit=source_limit)]
    total = sum(session.scalar(select(func.count()).select_from(Source).where(
        Source.record_type == kind, Source.record_id.in_(ids))) or 0
        for kind, ids in behind.items())
    return PartnerProfile(actor.key, actor.name, actor.kind, actor.iso3, aliases,
                          [r for _, r in roles], _meetings_of(session, actor.id, source_limit),
                          commitments, _money_of(session, actor.id),
                          _mentions(session, actor.id), sources, total,
                          _count(session, Participation.actor_id == actor.id),
                          _count(session, CommitmentActor.actor_id == actor.id))


def _count(session: Session, where: Any) -> int:
    """Return how many rows of the table ``where`` is about match it."""
    return int(session.scalar(select(func.count()).where(where)) or 0)

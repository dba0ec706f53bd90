"""Read the store in open formats: Popolo JSON and IATI-style money transactions.

Popolo (https://www.popoloproject.com): ``persons`` (people the documents name),
``organizations`` (the coalition, its member states and organizations, armed groups),
``memberships`` (a partner in the coalition from the first dated meeting it attended,
hosted, signed or joined; a person in a post of a state) and ``events`` (meetings, with
their attendees). Every record carries ``sources``: the sentences behind it.

Money: every amount becomes one IATI-style transaction of its state (``money_amounts.state``,
migration 0004): an amount extracted from a document is a pledge (IATI transaction type 12,
"Outgoing Pledge") until an analyst edits it into a commitment (2) or a disbursement (3). A
pledge never counts toward what was committed or disbursed; ``MoneyParty`` rows set what was
pledged beside what was delivered, per donor, recipient and fund.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.store.queries.common import SourceRow
from coalition.store.queries.documents import document_dates
from coalition.store.queries.merged_view import show_meetings
from coalition.store.queries.monitor import kept_ids, membership, scoped_sources
from coalition.store.tables import Actor, Meeting, MoneyAmount, Participation, PersonRole

COALITION_ID = "COALITION"
TRANSACTION_TYPES = {"pledge": "12", "commitment": "2", "disbursement": "3"}
ORG_KINDS = ("state", "organization", "armed_group")


def _sources(rows: Sequence[SourceRow]) -> list[dict[str, str]]:
    return [{"url": f"/documents/{s.document_id}?start={s.start}&end={s.end}",
             "note": f"{s.document_title}: {s.quote}"} for s in rows]


def _by_record(rows: Sequence[SourceRow]) -> dict[int, list[SourceRow]]:
    out: dict[int, list[SourceRow]] = {}
    for s in rows:
        out.setdefault(s.record_id, []).append(s)
    return out


def _dated(record: dict[str, Any]) -> dict[str, Any]:
    """Drop the keys whose value is unknown (Popolo leaves them out)."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _actors(session: Session, facts: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    keep = kept_ids(session, "actor", facts)
    actors = [a for a in session.scalars(select(Actor).order_by(Actor.key)) if a.id in keep]
    sources = _by_record(scoped_sources(session, "actor", [a.id for a in actors], facts))
    persons = [_dated({"id": a.key, "name": a.name,
                       "sources": _sources(sources.get(a.id, [])[:3])})
               for a in actors if a.kind == "person"]
    orgs = [{"id": COALITION_ID, "name": "The coalition", "classification": "coalition"}]
    orgs += [_dated({"id": a.key, "name": a.name, "classification": a.kind,
                     "identifiers": [{"scheme": "ISO 3166-1 alpha-3", "identifier": a.iso3}]
                     if a.kind == "state" and a.iso3 else [],
                     "sources": _sources(sources.get(a.id, [])[:3])})
             for a in actors if a.kind in ORG_KINDS and a.key != COALITION_ID]
    return persons, orgs


def _memberships(session: Session, facts: str) -> list[dict[str, Any]]:
    out = [_dated({"id": f"member:{m.key}", "organization_id": COALITION_ID,
                   "member": {"@type": "Organization", "id": m.key}, "role": "partner",
                   "start_date": m.first_seen})
           for m in membership(session, facts=facts).members]
    keep = kept_ids(session, "person_role", facts)
    stmt = (select(PersonRole.id, Actor.key, Actor.iso3, PersonRole.role, PersonRole.since,
                   PersonRole.until).join(Actor, Actor.id == PersonRole.actor_id)
            .order_by(PersonRole.id))
    roles = [r for r in session.execute(stmt) if r[0] in keep]
    sources = _by_record(scoped_sources(session, "person_role", [r[0] for r in roles], facts))
    out += [_dated({"id": f"role:{rid}", "person_id": key, "organization_id": iso3,
                    "role": role, "start_date": since, "end_date": until,
                    "sources": _sources(sources.get(rid, [])[:3])})
            for rid, key, iso3, role, since, until in roles]
    return out


def _events(session: Session, facts: str) -> list[dict[str, Any]]:
    keep = kept_ids(session, "meeting", facts)
    meetings = show_meetings(session, (m for m in session.scalars(select(Meeting).where(
        Meeting.superseded_by.is_(None)).order_by(Meeting.id)) if m.id in keep))
    kept_parts = kept_ids(session, "participation", facts)
    attendees: dict[int, list[dict[str, str]]] = {}
    for pid, mid, key, role in session.execute(
            select(Participation.id, Participation.meeting_id, Actor.key, Participation.role)
            .join(Actor, Actor.id == Participation.actor_id).order_by(Actor.key)):
        if pid in kept_parts:
            attendees.setdefault(mid, []).append({"id": key, "role": role})
    sources = _by_record(scoped_sources(session, "meeting", [m.id for m in meetings], facts))
    return [_dated({"id": f"meeting:{m.id}", "name": m.name, "classification": m.kind,
                    "start_date": m.start, "end_date": m.end,
                    "location": ", ".join(x for x in (m.city, m.country_iso3) if x),
                    "organization_id": COALITION_ID, "attendees": attendees.get(m.id, []),
                    "sources": _sources(sources.get(m.id, [])[:3])}) for m in meetings]


def popolo(session: Session, *, facts: str = "confirmed") -> dict[str, list[dict[str, Any]]]:
    """Return people, organizations, memberships and meetings as one Popolo JSON document.

    >>> # sorted(popolo(session, facts="all"))
    ['events', 'memberships', 'organizations', 'persons']
    """
    persons, organizations = _actors(session, facts)
    return {"persons": persons, "organizations": organizations,
            "memberships": _memberships(session, facts), "events": _events(session, facts)}


def write_popolo(session: Session, path: Path, *, facts: str = "confirmed") -> int:
    """Write the Popolo JSON document to ``path``; return how many records it holds."""
    data = popolo(session, facts=facts)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sum(len(v) for v in data.values())


@dataclass(frozen=True)
class Transaction:
    """One money amount as an IATI-style transaction row, with the sentence behind it."""

    reference: str
    transaction_type: str
    transaction_type_name: str
    transaction_date: str | None
    value: float
    currency: str
    per: str | None
    provider_org: str | None
    receiver_org: str | None
    fund: str | None
    description: str
    document: str | None
    quote: str | None


def money_transactions(session: Session, *, facts: str = "confirmed") -> list[Transaction]:
    """Return every money amount in the scope as a transaction of its state (12, 2 or 3)."""
    keep = kept_ids(session, "money", facts)
    rows = [m for m in session.scalars(select(MoneyAmount).order_by(MoneyAmount.id))
            if m.id in keep]
    sources = _by_record(scoped_sources(session, "money", [m.id for m in rows], facts))
    dates = document_dates(session, sorted({s.document_id for v in sources.values()
                                            for s in v}))
    donors = dict(session.execute(select(Actor.id, Actor.key)).all())
    out = []
    for m in rows:
        own = sources.get(m.id)
        first = own[0] if own else None
        out.append(Transaction(
            m.key, TRANSACTION_TYPES[m.state], m.state,
            dates.get(first.document_id) if first else None, m.amount, m.currency, m.per,
            donors.get(m.donor_actor_id) if m.donor_actor_id else None,
            donors.get(m.recipient_actor_id) if m.recipient_actor_id else None, m.fund, m.text,
            first.document_title if first else None, first.quote if first else None))
    return out


@dataclass(frozen=True)
class MoneyParty:
    """One-off amounts of one donor, recipient, fund and currency: pledged beside delivered."""

    donor: str | None
    recipient: str | None
    fund: str | None
    currency: str
    pledged: float
    committed: float
    disbursed: float


@dataclass(frozen=True)
class Money:
    """The money transactions in a fact scope, totals by state and currency, and by party."""

    transactions: list[Transaction]
    totals: dict[str, dict[str, float]]
    parties: list[MoneyParty]
    facts: str
    as_of: str | None = None  # transactions dated after this day are left out


def money_parties(rows: Sequence[Transaction]) -> list[MoneyParty]:
    """Sum one-off amounts per donor, recipient, fund and currency, one column per state."""
    sums: dict[tuple[str, str, str, str], dict[str, float]] = {}
    for t in rows:
        if t.per is None:
            key = (t.provider_org or "", t.receiver_org or "", t.fund or "", t.currency)
            cell = sums.setdefault(key, dict.fromkeys(TRANSACTION_TYPES, 0.0))
            cell[t.transaction_type_name] += t.value
    return [MoneyParty(d or None, r or None, f or None, c, v["pledge"], v["commitment"],
                       v["disbursement"]) for (d, r, f, c), v in sorted(sums.items())]


def money(session: Session, *, facts: str = "confirmed", as_of: str | None = None) -> Money:
    """Return the money transactions in the scope, their totals and the sums per party;
    with ``as_of`` (YYYY-MM-DD) only those known by then: pledged vs delivered on that day.
    An undated transaction is kept (its date is unknown, not later)."""
    rows = money_transactions(session, facts=facts)
    if as_of:
        rows = [t for t in rows if not t.transaction_date or t.transaction_date[:len(as_of)]
                <= as_of]
    return Money(rows, money_totals(rows), money_parties(rows), facts, as_of)


def money_totals(rows: Sequence[Transaction]) -> dict[str, dict[str, float]]:
    """Sum one-off amounts by state (pledge, commitment, disbursement) and currency.

    A pledge only ever counts as pledged; recurring amounts (``per`` month...) are left out.

    >>> money_totals([Transaction("k", "12", "pledge", None, 5.0, "USD", None, None, None,
    ...                           None, "", None, None)])["commitment"]
    {}
    """
    totals: dict[str, dict[str, float]] = {name: {} for name in TRANSACTION_TYPES}
    for t in rows:
        if t.per is None:
            per_currency = totals[t.transaction_type_name]
            per_currency[t.currency] = per_currency.get(t.currency, 0.0) + t.value
    return totals

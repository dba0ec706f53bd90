"""Keep and read the audit log: who changed which row, when, and the row before and after.

Every write of the workflow goes through :func:`changed` (or :func:`log_change`), so each
change is one ``audit_log`` row whose ``before`` and ``after`` are the row as JSON. Entries
are only ever added; an undo is itself an entry (``reverts`` names the group it reverts).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, inspect, select
from sqlalchemy.orm import Session

from coalition.store.accounts import Account
from coalition.store.tables import Actor, AuditEntry, Base, ComplianceAssessment, Source
from coalition.store.transfer import _plain


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the pages and exports show it."""

    id: int
    at: str
    user: str | None
    action: str
    record_type: str
    record_id: int
    group_key: str
    reverts: str | None
    before: str | None
    after: str | None


def snapshot(row: Base) -> dict[str, Any]:
    """Return the columns of ``row`` as a JSON-ready dict."""
    return {attr.key: _plain(getattr(row, attr.key))
            for attr in inspect(type(row)).column_attrs}


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def new_group() -> str:
    """Return a fresh key that ties together the entries of one action."""
    return uuid.uuid4().hex


def log_change(session: Session, *, user: Account | None, action: str, record_type: str,
               record_id: int, before: dict[str, Any] | None, after: dict[str, Any] | None,
               group: str, reverts: str | None = None) -> AuditEntry:
    """Add one audit entry (the caller owns the transaction).

    >>> # log_change(session, user=me, action="confirm", record_type="source", record_id=4,
    >>> #            before={"review_state": "unreviewed"}, after={...}, group=new_group())
    """
    entry = AuditEntry(at=datetime.now(UTC), user_id=user.id if user else None,
                       user_name=user.name if user else None, action=action,
                       record_type=record_type, record_id=record_id, group_key=group,
                       reverts=reverts, before=_dump(before), after=_dump(after))
    session.add(entry)
    session.flush()
    return entry


@contextmanager
def changed(session: Session, row: Base, *, user: Account | None, action: str,
            record_type: str, group: str, reverts: str | None = None) -> Iterator[Base]:
    """Snapshot ``row``, let the block change it, then log its before and after.

    >>> # with changed(session, source, user=me, action="reject", record_type="source",
    >>> #              group=g):
    >>> #     source.review_state = "rejected"
    """
    before = snapshot(row)
    yield row
    session.flush()
    after = snapshot(row)
    log_change(session, user=user, action=action, record_type=record_type,
               record_id=int(after["id"]), before=before, after=after,
               group=group, reverts=reverts)


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at.isoformat(), e.user_name, e.action, e.record_type, e.record_id,
                    e.group_key, e.reverts, e.before, e.after)


def audit_rows(session: Session, *, record_type: str | None = None,
               record_id: int | None = None, limit: int = 10_000) -> list[AuditRow]:
    """Return audit entries, oldest first, optionally for one record."""
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if record_type:
        stmt = stmt.where(AuditEntry.record_type == record_type)
    if record_id is not None:
        stmt = stmt.where(AuditEntry.record_id == record_id)
    return [_row(e) for e in session.scalars(stmt.limit(limit))]


def group_entries(session: Session, group: str) -> list[AuditEntry]:
    """Return the entries of one action, in the order they were written."""
    return list(session.scalars(select(AuditEntry).where(AuditEntry.group_key == group)
                                .order_by(AuditEntry.id)))


def reverted_groups(session: Session) -> set[str]:
    """Return the keys of every group an undo has reverted."""
    return {g for g in session.scalars(select(AuditEntry.reverts)
                                       .where(AuditEntry.reverts.is_not(None))) if g}


def record_history(session: Session, record_type: str, record_id: int) -> list[AuditRow]:
    """Return every change to a record, to its line-of-effort links and to its facts."""
    own = (AuditEntry.record_type.in_((record_type, f"{record_type}_lines"))
           & (AuditEntry.record_id == record_id))
    facts = _fact_entries(Source.record_type == record_type, Source.record_id == record_id)
    return [_row(e) for e in session.scalars(select(AuditEntry).where(own | facts)
                                             .order_by(AuditEntry.id))]


def document_history(session: Session, document_id: int) -> list[AuditRow]:
    """Return every change to the facts (sources) of one document."""
    return [_row(e) for e in session.scalars(select(AuditEntry).where(
        _fact_entries(Source.document_id == document_id)).order_by(AuditEntry.id))]


def _fact_entries(*which: Any) -> Any:
    """Entries about a fact (source) that ``which`` selects. Tested per entry: a partner
    has 100,000s of sources but few reviewed ones, so an IN over its sources costs more."""
    return (AuditEntry.record_type == "source") & exists().where(
        Source.id == AuditEntry.record_id, *which)


def actor_history(session: Session, key: str) -> list[AuditRow]:
    """Return every change to the facts naming one actor, and to its assessments."""
    actor_id = session.scalar(select(Actor.id).where(Actor.key == key))
    if actor_id is None:
        return []
    rows = record_history(session, "actor", actor_id)
    assessed = select(ComplianceAssessment.id).where(ComplianceAssessment.actor_id == actor_id)
    rows += [_row(e) for e in session.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "compliance_assessment", AuditEntry.record_id.in_(assessed)))]
    return sorted(rows, key=lambda r: r.id)

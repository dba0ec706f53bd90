"""Write the analysts' review: set a fact's state, edit a record's field, merge meetings,
and restore what an action changed (undo). Every change is logged in ``audit_log``.

Nothing is deleted: a merged meeting is marked ``superseded_by`` its survivor, an edited
field keeps its old value in the audit log, an undo is itself an audit entry.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coalition.errors import EditConflict, NotFound, ReviewError
from coalition.model import PARTICIPATION_ROLES
from coalition.store.accounts import Account
from coalition.store.audit import changed, group_entries, log_change, reverted_groups, snapshot
from coalition.store.tables import (
    MONEY_STATES,
    Actor,
    AuditEntry,
    Base,
    Commitment,
    CommitmentLine,
    ComplianceAssessment,
    LineOfEffort,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
    Source,
    UTCDateTime,
)
from coalition.store.visibility import ALL_ROWS

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
MODELS: dict[str, type[Base]] = {
    "source": Source, "meeting": Meeting, "participation": Participation,
    "commitment": Commitment, "metric": MetricObservation, "money": MoneyAmount,
    "compliance_assessment": ComplianceAssessment}
EDITABLE: dict[str, dict[str, str]] = {  # record type -> field -> kind of value
    "meeting": {"start": "date", "end": "date", "country_iso3": "country", "city": "text",
                "name": "text"},
    "participation": {"role": "role"},
    "commitment": {"deadline": "date", "deadline_text": "text", "lines_of_effort": "lines"},
    "metric": {"observed_on": "date"},
    # 0004: an extracted amount is a pledge until an analyst says it was committed or paid.
    "money": {"state": "money_state", "fund": "text", "donor_actor_id": "actor",
              "recipient_actor_id": "actor"},
}
LINES = "commitment_lines"


def get_source(session: Session, source_id: int) -> Source:
    """Return one source or raise NotFound."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no fact {source_id}")
    return source


def set_state(session: Session, source: Source, *, state: str, user: Account, action: str,
              group: str) -> None:
    """Move ``source`` to ``state``, stamping who reviewed it and when."""
    with changed(session, source, user=user, action=action, record_type="source", group=group):
        source.review_state = state
        source.reviewed_by = user.id
        source.reviewed_at = datetime.now(UTC)


def _check(kind: str, value: str | None, session: Session) -> str | int | None:
    if value is None or value == "":
        return None
    if kind == "money_state" and value not in MONEY_STATES:
        raise ReviewError(f"not a money state ({', '.join(MONEY_STATES)}): {value!r}")
    if kind == "actor":  # an actor key (ISO3, organization key) becomes the actor's id
        found = session.scalar(select(Actor.id).where(Actor.key == value))
        if found is None:
            raise ReviewError(f"unknown actor {value!r}")
        return int(found)
    if kind == "date" and not DATE.fullmatch(value):
        raise ReviewError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    if kind == "country" and not re.fullmatch(r"[A-Z]{3}", value):
        raise ReviewError(f"not an ISO 3166 alpha-3 code: {value!r}")
    if kind == "role" and value not in PARTICIPATION_ROLES:
        raise ReviewError(f"unknown role {value!r}")
    if kind == "lines":
        keys = sorted({k.strip() for k in value.split(",") if k.strip()})
        known = set(session.scalars(select(LineOfEffort.key)))
        if set(keys) - known:
            raise ReviewError(f"unknown line of effort: {', '.join(sorted(set(keys) - known))}")
        return ",".join(keys)
    return value


def commitment_lines(session: Session, commitment_id: int) -> list[str]:
    """Return the current line-of-effort keys of a commitment, sorted."""
    return sorted(session.scalars(select(CommitmentLine.line_of_effort_key)
                                  .where(CommitmentLine.commitment_id == commitment_id,
                                         CommitmentLine.superseded_at.is_(None))))


def _set_lines(session: Session, commitment_id: int, keys: list[str]) -> None:
    """Make the commitment's current lines of effort exactly ``keys``: links no longer wanted
    are superseded (never deleted), superseded ones wanted again come back."""
    now = datetime.now(UTC)
    rows = {row.line_of_effort_key: row for row in session.scalars(
        select(CommitmentLine).where(CommitmentLine.commitment_id == commitment_id))}
    for key, row in rows.items():
        if key in keys:
            row.superseded_at = None
        elif row.superseded_at is None:
            row.superseded_at = now
    session.add_all(CommitmentLine(commitment_id=commitment_id, line_of_effort_key=k)
                    for k in keys if k not in rows)
    session.flush()


def current_value(session: Session, record_type: str, record_id: int,
                  field: str) -> str | None:
    """The field's value as an editor sees it (lines of effort joined by commas; a meeting's
    fields and a commitment's deadline as :mod:`coalition.store.queries.merged_view` shows
    them to the editor)."""
    from coalition.store.queries.merged_view import (  # reads only: no cycle
        DEADLINE_FIELDS,
        show_meetings,
        shown_deadlines,
    )

    if EDITABLE.get(record_type, {}).get(field) == "lines":
        return ",".join(commitment_lines(session, record_id))
    row = session.get(MODELS[record_type], record_id)
    if isinstance(row, Meeting):
        row = show_meetings(session, [row])[0]
    if isinstance(row, Commitment) and field in DEADLINE_FIELDS and (
            shown := shown_deadlines(session).get(row.id)) is not None:
        return shown[DEADLINE_FIELDS.index(field)]
    value = getattr(row, field, None) if row is not None else None
    return None if value is None else str(value)


def edit_field(session: Session, source: Source, *, field: str, value: str | None,
               user: Account, group: str, expected: str | None = None,
               check_expected: bool = False) -> None:
    """Set ``field`` of the record behind ``source``; raise ReviewError if not editable.

    With ``check_expected``, the edit goes through only if the field still holds
    ``expected`` (what the editor saw); otherwise EditConflict names the current value.
    """
    kinds = EDITABLE.get(source.record_type, {})
    if field not in kinds:
        raise ReviewError(f"{source.record_type} has no editable field {field!r}")
    if check_expected:
        now = current_value(session, source.record_type, source.record_id, field)
        if (now or None) != (expected or None):
            raise EditConflict(f"{field} was changed by someone else: it is now {now!r}, "
                               f"not {expected!r}; nothing was overwritten")
    checked = _check(kinds[field], value, session)
    if kinds[field] == "lines":
        before = {"lines": commitment_lines(session, source.record_id)}
        _set_lines(session, source.record_id, str(checked).split(",") if checked else [])
        log_change(session, user=user, action="edit", record_type=LINES,
                   record_id=source.record_id, before=before,
                   after={"lines": commitment_lines(session, source.record_id)}, group=group)
        return
    row = session.get(MODELS[source.record_type], source.record_id)
    if row is None:
        raise NotFound(f"no {source.record_type} {source.record_id}")
    try:
        with session.begin_nested(), changed(session, row, user=user, action="edit",
                                             record_type=source.record_type, group=group):
            setattr(row, field, checked)
    except IntegrityError as err:
        raise ReviewError(f"{field}={value!r} would duplicate another record") from err


def _move_source(session: Session, source: Source, record_id: int, user: Account,
                 group: str) -> None:
    try:
        with session.begin_nested(), changed(session, source, user=user, action="merge",
                                             record_type="source", group=group):
            source.record_id = record_id
    except IntegrityError:
        session.refresh(source)  # the survivor has this very span already: leave it


def merge_meetings(session: Session, *, survivor_id: int, loser_id: int, user: Account,
                   group: str) -> None:
    """Fold meeting ``loser_id`` into ``survivor_id``: sources, participations and
    commitments move to the survivor; the loser is marked superseded, never deleted."""
    survivor, loser = session.get(Meeting, survivor_id), session.get(Meeting, loser_id)
    if survivor is None or loser is None or survivor_id == loser_id:
        raise ReviewError("merge needs two different, existing meetings")
    if loser.superseded_by is not None or survivor.superseded_by is not None:
        raise ReviewError("a superseded meeting cannot be merged again")
    every = {ALL_ROWS: True}  # a merge moves the facts of every document, seen or not
    for source in session.scalars(select(Source).where(
            Source.record_type == "meeting", Source.record_id == loser_id)
            .execution_options(**every)):
        _move_source(session, source, survivor_id, user, group)
    for part in session.scalars(select(Participation)
                                .where(Participation.meeting_id == loser_id)
                                .execution_options(**every)):
        try:
            with session.begin_nested(), changed(session, part, user=user, action="merge",
                                                 record_type="participation", group=group):
                part.meeting_id = survivor_id
        except IntegrityError:
            session.refresh(part)
            twin = session.scalar(select(Participation.id).where(
                Participation.meeting_id == survivor_id, Participation.actor_id ==
                part.actor_id, Participation.role == part.role).execution_options(**every))
            for source in session.scalars(select(Source).where(
                    Source.record_type == "participation", Source.record_id == part.id)
                    .execution_options(**every)):
                _move_source(session, source, int(twin or part.id), user, group)
    for commitment in session.scalars(select(Commitment)
                                      .where(Commitment.meeting_id == loser_id)
                                      .execution_options(**every)):
        with changed(session, commitment, user=user, action="merge",
                     record_type="commitment", group=group):
            commitment.meeting_id = survivor_id
    with changed(session, loser, user=user, action="merge", record_type="meeting", group=group):
        loser.superseded_by = survivor_id
    state = snapshot(survivor)
    log_change(session, user=user, action="merge", record_type="meeting", record_id=survivor_id,
               before=state, after={**state, "merged_from": loser_id}, group=group)


def last_group(session: Session, *, user: Account, source_id: int | None) -> str | None:
    """Return the latest review action (of ``user``, or on one fact) not yet undone."""
    stmt = (select(AuditEntry.group_key).where(AuditEntry.action != "undo",
                                               AuditEntry.reverts.is_(None))
            .order_by(AuditEntry.id.desc()))
    if source_id is not None:
        stmt = stmt.where(AuditEntry.record_type == "source",
                          AuditEntry.record_id == source_id)
    else:
        stmt = stmt.where(AuditEntry.user_id == user.id, AuditEntry.action.in_(
            ("confirm", "edit", "reject", "requeue", "merge")))
    undone = reverted_groups(session)
    for group in session.scalars(stmt.limit(200)):
        if group not in undone:
            return group
    return None


def revert_group(session: Session, group: str, *, user: Account, undo_group: str) -> int:
    """Restore every row an action changed to its state before it; return the row count."""
    entries = group_entries(session, group)
    if not entries:
        raise ReviewError(f"nothing recorded under {group}")
    _check_unchanged(session, entries)
    for entry in reversed(entries):
        before = json.loads(entry.before) if entry.before else {}
        if entry.record_type == LINES:
            now = {"lines": commitment_lines(session, entry.record_id)}
            _set_lines(session, entry.record_id, list(before.get("lines", [])))
            log_change(session, user=user, action="undo", record_type=LINES,
                       record_id=entry.record_id, before=now, after=before,
                       group=undo_group, reverts=group)
            continue
        row = session.get(MODELS[entry.record_type], entry.record_id)
        if row is None:
            raise NotFound(f"no {entry.record_type} {entry.record_id}")
        _restore(session, row, before, entry, user=user, undo_group=undo_group)
    return len(entries)


def _now(session: Session, entry: AuditEntry) -> dict[str, Any]:
    if entry.record_type == LINES:
        return {"lines": commitment_lines(session, entry.record_id)}
    row = session.get(MODELS[entry.record_type], entry.record_id)
    if row is None:
        raise NotFound(f"no {entry.record_type} {entry.record_id}")
    return snapshot(row)


def _check_unchanged(session: Session, entries: list[AuditEntry]) -> None:
    """Refuse to undo when a row changed after the action (undo would lose that change)."""
    latest = {(e.record_type, e.record_id): e for e in entries}
    for (record_type, record_id), entry in latest.items():
        after = json.loads(entry.after) if entry.after else {}
        now = _now(session, entry)
        if any(k in now and now[k] != v for k, v in after.items()):
            raise ReviewError(f"{record_type} {record_id} changed since: undo it first")


def _restore(session: Session, row: Base, before: dict[str, Any], entry: AuditEntry, *,
             user: Account, undo_group: str) -> None:
    table = Base.metadata.tables[type(row).__tablename__]
    stamps = {c.name for c in table.columns if isinstance(c.type, UTCDateTime)}
    values = {k: (datetime.fromisoformat(v) if k in stamps and v else v)
              for k, v in before.items() if k != "id"}
    with changed(session, row, user=user, action="undo", record_type=entry.record_type,
                 group=undo_group, reverts=entry.group_key):
        for key, value in values.items():
            setattr(row, key, value)

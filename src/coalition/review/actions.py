"""The analyst's actions on facts: confirm, edit, reject, requeue, merge, undo.

Each is a plain function taking a session and the acting user; the caller owns the
transaction. Each action writes one group of audit entries, which ``undo`` can revert.

>>> # confirm(session, user, source_id=12); undo(session, user)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from coalition.errors import AuthError, ReviewError
from coalition.review.states import next_state
from coalition.store import review as store
from coalition.store.accounts import Account
from coalition.store.audit import new_group


@dataclass(frozen=True)
class Outcome:
    """What an action did: its audit group, the fact it touched and that fact's new state."""

    action: str
    group: str
    source_id: int | None
    state: str | None


def _require_analyst(user: Account) -> None:
    if not user.can("analyst"):
        raise AuthError(f"{user.name} is a {user.role}: reviewing needs an analyst")


def _move(session: Session, user: Account, source_id: int, action: str) -> Outcome:
    _require_analyst(user)
    source = store.get_source(session, source_id)
    state = next_state(source.review_state, action)
    group = new_group()
    store.set_state(session, source, state=state, user=user, action=action, group=group)
    return Outcome(action, group, source_id, state)


def confirm(session: Session, user: Account, source_id: int) -> Outcome:
    """Confirm that a fact says what its sentence says."""
    return _move(session, user, source_id, "confirm")


def reject(session: Session, user: Account, source_id: int) -> Outcome:
    """Reject a fact (it stays stored, marked rejected, and can be requeued)."""
    return _move(session, user, source_id, "reject")


def requeue(session: Session, user: Account, source_id: int) -> Outcome:
    """Put a reviewed or rejected fact back in the queue."""
    return _move(session, user, source_id, "requeue")


def edit(session: Session, user: Account, source_id: int, *, field: str,
         value: str | None, expected: str | None = None,
         check_expected: bool = False) -> Outcome:
    """Correct one field of the record behind a fact and mark the fact edited; with
    ``check_expected`` a field someone else changed meanwhile is refused (EditConflict)."""
    _require_analyst(user)
    source = store.get_source(session, source_id)
    state = next_state(source.review_state, "edit")
    group = new_group()
    store.edit_field(session, source, field=field, value=value, user=user, group=group,
                     expected=expected, check_expected=check_expected)
    store.set_state(session, source, state=state, user=user, action="edit", group=group)
    return Outcome("edit", group, source_id, state)


def merge(session: Session, user: Account, *, survivor_id: int,
          loser_id: int) -> Outcome:
    """Merge two meetings into the survivor; the loser is superseded, never deleted."""
    _require_analyst(user)
    group = new_group()
    store.merge_meetings(session, survivor_id=survivor_id, loser_id=loser_id, user=user,
                         group=group)
    return Outcome("merge", group, None, None)


def undo(session: Session, user: Account, source_id: int | None = None) -> Outcome:
    """Revert the user's latest action (or the latest action on one fact)."""
    _require_analyst(user)
    group = store.last_group(session, user=user, source_id=source_id)
    if group is None:
        raise ReviewError("nothing to undo")
    undo_group = new_group()
    store.revert_group(session, group, user=user, undo_group=undo_group)
    state = store.get_source(session, source_id).review_state if source_id else None
    return Outcome("undo", undo_group, source_id, state)

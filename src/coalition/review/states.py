"""The review states of a fact (a ``sources`` row) and the moves between them.

    unreviewed --confirm--> confirmed
    unreviewed/confirmed/edited --edit--> edited
    unreviewed/confirmed/edited --reject--> rejected
    confirmed/edited/rejected --requeue--> unreviewed

``undo`` is not a move: it restores the rows an action changed, whatever they were.
"""

from __future__ import annotations

from coalition.errors import ReviewError
from coalition.store.tables import CONFIRMED_STATES, REVIEW_STATES

__all__ = ["ACTIONS", "CONFIRMED_STATES", "STATES", "TRANSITIONS", "next_state"]

STATES = REVIEW_STATES
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"unreviewed"}), "confirmed"),
    "edit": (frozenset({"unreviewed", "confirmed", "edited"}), "edited"),
    "reject": (frozenset({"unreviewed", "confirmed", "edited"}), "rejected"),
    "requeue": (frozenset({"confirmed", "edited", "rejected"}), "unreviewed"),
}
ACTIONS = (*TRANSITIONS, "merge", "undo")


def next_state(current: str, action: str) -> str:
    """Return the state ``action`` moves a fact in ``current`` to, or raise ReviewError.

    >>> next_state("unreviewed", "confirm")
    'confirmed'
    >>> next_state("rejected", "requeue")
    'unreviewed'
    """
    if action not in TRANSITIONS:
        raise ReviewError(f"unknown action {action!r}")
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise ReviewError(f"cannot {action} a fact that is {current}")
    return target

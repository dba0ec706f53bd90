"""Money entries that an analyst adds: a sum, its state, donor, recipient and fund, tied to
the span of a stored document that supports it (provenance holds for analysts too).

The entry is confirmed at once (an analyst made it) and its source names the analyst as the
extractor; the audit log records the addition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.errors import EditConflict, ReviewError
from coalition.store.accounts import Account
from coalition.store.audit import log_change, new_group, snapshot
from coalition.store.compliance import actor_id_of
from coalition.store.tables import Document, MoneyAmount, Source
from coalition.store.upsert import text_key

STATES = ("pledge", "commitment", "disbursement")


@dataclass(frozen=True)
class MoneyEntry:
    """What an analyst enters: the sum, its state and parties, and the supporting span."""

    amount: float
    currency: str
    state: str
    document_id: int
    start: int
    end: int
    donor: str | None = None
    recipient: str | None = None
    fund: str | None = None
    per: str | None = None


def add_money(session: Session, *, user: Account, entry: MoneyEntry) -> int:
    """Store ``entry`` as a money amount with its source; return the amount's id.

    >>> # add_money(session, user=me, entry=MoneyEntry(5e6, "EUR", "disbursement", 3, 10, 40))
    """
    if not user.can("analyst"):
        raise ReviewError(f"{user.name} is a {user.role}: adding money needs an analyst")
    if entry.state not in STATES or entry.amount <= 0 or len(entry.currency) != 3:
        raise ReviewError("money needs a positive amount, a 3-letter currency and a state "
                          f"among {', '.join(STATES)}")
    doc = session.get(Document, entry.document_id)
    if doc is None or not 0 <= entry.start < entry.end <= len(doc.text):
        raise ReviewError("money needs the span of a stored document that supports it")
    quote = doc.text[entry.start:entry.end]
    key = text_key("analyst", entry.amount, entry.currency, entry.state, doc.id, entry.start,
                   entry.end)
    same = session.scalar(select(MoneyAmount.id).where(MoneyAmount.key == key))
    if same is not None:
        raise EditConflict(f"this entry exists already as money amount {same}")
    row = MoneyAmount(
        key=key,
        amount=float(entry.amount), currency=entry.currency.upper(), text=quote, per=entry.per,
        state=entry.state, fund=entry.fund or None,
        donor_actor_id=actor_id_of(session, entry.donor) if entry.donor else None,
        recipient_actor_id=actor_id_of(session, entry.recipient) if entry.recipient else None)
    session.add(row)
    session.flush()
    session.add(Source(record_type="money", record_id=row.id, document_id=doc.id,
                       start=entry.start, end=entry.end, quote=quote,
                       extractor=f"analyst:{user.name}", extractor_version="1", confidence=1.0,
                       review_state="confirmed", reviewed_by=user.id,
                       reviewed_at=datetime.now(UTC)))
    log_change(session, user=user, action="add", record_type="money", record_id=row.id,
               before=None, after=snapshot(row), group=new_group())
    return row.id

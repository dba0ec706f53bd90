"""A small in-process cache of aggregates, invalidated by any write to the store.

The store's *generation* is a fingerprint that every write transaction changes and that
costs a few primary-key lookups to read: the largest ids of documents, sources, audit
entries, assessments and money amounts. Ingest adds documents and sources; every analyst
action (review, merge, edit, money, assessment) writes an audit entry; nothing deletes a
document, and ids only grow (counting the documents as well cost 3.5 ms per read at 22,046
of them, on every cached read). A cached value is keyed by (store, generation, audience,
name, arguments), so after a write the next request computes afresh, and each audience
(issue #9: the documents released to a viewer) has its own entries.

The costly aggregates (``shared=True``: the dashboard, partner lists and profiles, the
meeting list) are also kept in the store's ``shared_aggregates`` table, so that one server
process computes them for every other process, and for the next start, rather than each
process after every ingest. A stored entry is read only at the generation it was computed at
and by the same build of the code (`code_fingerprint`), and it is unpickled with only the
project's own classes and plain values allowed.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, event, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

import coalition
from coalition.store.engine import SQLITE_BUSY_TIMEOUT_MS
from coalition.store.tables import (
    AuditEntry,
    ComplianceAssessment,
    Document,
    MoneyAmount,
    SharedAggregate,
    Source,
)
from coalition.store.visibility import ALL_ROWS
from coalition.store.visibility import audience_key as viewer_audience

log = logging.getLogger(__name__)

T = TypeVar("T")
CAPACITY = 256  # the dashboards, partner profiles and meeting views of every audience
SHARE_WAIT_MS = 50  # SQLite: how long storing a shared aggregate waits for the write lock

_lock = threading.Lock()
_entries: OrderedDict[Hashable, Any] = OrderedDict()
_computing: dict[Hashable, threading.Lock] = {}  # keys being computed, each with its lock


def generation(session: Session) -> tuple[int, ...]:
    """Return the store's generation: it changes with every ingest or analyst write."""
    parts = (select(func.max(Document.id)).scalar_subquery(),
             select(func.max(Source.id)).scalar_subquery(),
             select(func.max(AuditEntry.id)).scalar_subquery(),
             select(func.max(ComplianceAssessment.id)).scalar_subquery(),
             select(func.max(MoneyAmount.id)).scalar_subquery())
    # Every row counts, whoever reads (coalition.store.visibility's "all rows" option).
    found = session.execute(select(*parts), execution_options={"coalition_all_rows": True})
    return tuple(int(v or 0) for v in found.one())


def _store(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=True)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the package's source: a stored entry pickled by other code (whose classes
    may have other fields) is never read."""
    root = Path(coalition.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_PLAIN = {("builtins", name) for name in ("set", "frozenset", "list", "dict", "tuple", "str",
                                          "int", "float", "bool", "bytes", "complex", "slice")}
_PLAIN |= {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"),
           ("datetime", "timezone"), ("decimal", "Decimal"), ("copyreg", "_reconstructor"),
           ("collections", "OrderedDict"), ("collections", "Counter"),
           ("collections", "defaultdict")}


class _Unpickler(pickle.Unpickler):
    """Loads the project's own classes and plain values only (a store restored from
    elsewhere could hold any pickle)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN or module.startswith("coalition."):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a shared aggregate")


def _row_key(audience: str, name: str, args: Hashable) -> str:
    """The key of an entry's row: the same in every process that runs this code."""
    entry = f"{code_fingerprint()}\n{(audience, name, args)!r}"
    return hashlib.sha256(entry.encode()).hexdigest()


def _shareable(session: Session) -> bool:
    """False for an in-memory SQLite store: no other process sees it, and its one connection
    is the session's own."""
    url = session.get_bind().engine.url
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _stored(session: Session, row_key: str, generation: str) -> Any:
    """The value a process stored under ``row_key`` at ``generation``, or ``_MISSING``."""
    found = session.execute(
        select(SharedAggregate.value).where(SharedAggregate.key == row_key,
                                            SharedAggregate.generation == generation),
        execution_options={ALL_ROWS: True}).scalar()
    try:
        if found is not None:
            return _Unpickler(io.BytesIO(found)).load()
    except (pickle.UnpicklingError, AttributeError, EOFError, ImportError) as e:
        log.warning("shared aggregate %s unreadable, computing it: %s", row_key, e)
    return _MISSING


_PENDING = "coalition_shared_pending"  # session.info: values to store when its transaction ends


def _store_later(session: Session, row_key: str, generation: str, value: Any) -> None:
    """Store ``value`` once the session's transaction has ended: on SQLite, a write by
    another connection during the session's read transaction would make the session's own
    later write fail ("database is locked": its snapshot is stale)."""
    if not event.contains(session, "after_transaction_end", _store_pending):
        event.listen(session, "after_transaction_end", _store_pending)
    session.info.setdefault(_PENDING, []).append(
        (session.get_bind().engine, row_key, generation, value))


def _store_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:  # a nested transaction: the outer one goes on
        return
    for engine, row_key, generation, value in session.info.pop(_PENDING, ()):
        _store_value(engine, row_key, generation, value)


def _store_value(engine: Engine, row_key: str, generation: str, value: Any) -> None:
    """Keep ``value`` for the other processes, in a transaction of its own; skipped (the
    value is still served) when the store cannot take it at once."""
    row = {"key": row_key, "generation": generation, "computed_at": datetime.now(UTC),
           "value": pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)}
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            driver = conn.connection.driver_connection  # a PRAGMA outside any transaction
            if sqlite:  # never keep a reader waiting long behind an ingest's write lock
                driver.execute(f"PRAGMA busy_timeout={SHARE_WAIT_MS}")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    conn.execute(delete(SharedAggregate).where(SharedAggregate.key == row_key))
                    conn.execute(insert(SharedAggregate), row)
            finally:
                if sqlite:
                    driver.execute(  # type: ignore[union-attr]
                        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    except SQLAlchemyError as e:
        log.info("shared aggregate %s not stored: %s", row_key, e)


_MISSING = object()


def cached(session: Session, name: str, args: Hashable, compute: Callable[[], T], *,
           audience_key: str | None = None, shared: bool = False) -> T:
    """Return ``compute()``, from the cache while the store's generation is unchanged.

    ``args`` must hold every argument the value depends on besides the store and the
    audience (``today``, ``confirmed``, ...); ``audience_key`` None means the audience of
    the viewer bound to ``session``. ``shared``: keep the value in the store for other
    processes too (for values that are costly to compute; it must pickle).
    """
    audience = audience_key if audience_key is not None else viewer_audience(session)
    now = generation(session)
    key = (_store(session), now, audience, name, args)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[no-any-return]
        computing = _computing.setdefault(key, threading.Lock())
    # One computation per key at a time: concurrent requests for a value being computed
    # wait for it instead of each rescanning the store (a stampede after every ingest).
    with computing:
        with _lock:
            if key in _entries:
                return _entries[key]  # type: ignore[no-any-return]
        try:
            share = shared and _shareable(session)
            if share:
                row_key, stamp = _row_key(audience, name, args), ",".join(map(str, now))
            value = _stored(session, row_key, stamp) if share else _MISSING
            if value is _MISSING:
                value = compute()
                if share:
                    _store_later(session, row_key, stamp, value)
            with _lock:
                _entries[key] = value
                while len(_entries) > CAPACITY:
                    _entries.popitem(last=False)
        finally:
            with _lock:
                _computing.pop(key, None)
    return value  # type: ignore[return-value]


def clear(session: Session | None = None) -> None:
    """Forget every cached value; with ``session``, its store's shared ones too (the
    session's transaction is rolled back first, and the deletion committed)."""
    with _lock:
        _entries.clear()
    if session is not None and _shareable(session):
        session.rollback()
        session.execute(delete(SharedAggregate))
        session.commit()

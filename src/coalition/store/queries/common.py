"""Shared pieces of the read queries: pages of rows, sort options, provenance rows.

Every list query returns a :class:`Listing` (the rows of one page, the total, the page, the
sort) so the web layer can render, paginate and export any list the same way.

Long lists page by keyset (:func:`keyset_page`): ``next`` is an opaque cursor built from the
sort key and the id of the last row, and ``after=<cursor>`` continues from it with a
``WHERE (key, id) > (:key, :id)`` that an index answers, so a page costs O(page) however
far into the list it is.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from coalition.store.queries import cache
from coalition.store.tables import Document, Source

T = TypeVar("T")
MAX_PER_PAGE = 500
MAX_LIMIT = 1000  # the largest keyset page (``?limit=``)


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list: ``rows``, ``total`` matching rows, and how they were asked for."""

    rows: list[T]
    total: int
    page: int
    per_page: int
    sort: str
    filters: dict[str, str] = field(default_factory=dict)
    next: str | None = None  # the cursor of the next page (``?after=``), None on the last

    @property
    def pages(self) -> int:
        """Return the number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class SourceRow:
    """The sentence behind a fact: which document, which span, which words."""

    record_type: str
    record_id: int
    document_id: int
    document_title: str
    start: int
    end: int
    quote: str
    extractor: str
    confidence: float
    review_state: str


def clamp_page(page: int, per_page: int) -> tuple[int, int]:
    """Return a valid (page, per_page) pair.

    >>> clamp_page(0, 10_000)
    (1, 500)
    """
    return max(1, page), min(max(1, per_page), MAX_PER_PAGE)


def paginate(session: Session, stmt: Select[Any], *, page: int, per_page: int
             ) -> tuple[list[Any], int]:
    """Run ``stmt`` for one page; return its rows and the total count of the unpaged query."""
    page, per_page = clamp_page(page, per_page)
    total = int(session.execute(
        select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one())
    rows = list(session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all())
    return rows, total


def page_slice(items: Sequence[T], *, page: int, per_page: int) -> list[T]:
    """Cut one page out of an already sorted, in-memory list.

    >>> page_slice([1, 2, 3, 4, 5], page=2, per_page=2)
    [3, 4]
    """
    page, per_page = clamp_page(page, per_page)
    return list(items[(page - 1) * per_page: page * per_page])


HEAD_CHARS = 200


def document_title(doc_id: int, title: str | None, head: str | None) -> str:
    """Return a readable title: the stored title, else the first line of the text, shortened.

    >>> document_title(3, None, "Joint Statement\\nBody")
    'Joint Statement'
    """
    if title:
        return title
    for line in (head or "").splitlines():
        line = " ".join(line.split())
        if len(line) > 3 and line.lower() != "skip to main content":
            return line if len(line) <= 90 else line[:88].rsplit(" ", 1)[0] + " …"
    return f"Document {doc_id}"


def head_of(column: Any) -> Any:
    """Return the SQL expression for the first characters of a text column."""
    return func.substr(column, 1, HEAD_CHARS)


def sources_of(session: Session, record_type: str, record_ids: Sequence[int] | Any, *,
               limit: int | None = None) -> list[SourceRow]:
    """Return the sources of the given records (ids, or a SELECT of ids), by document and
    position; the first ``limit`` only, when given."""
    if isinstance(record_ids, Sequence) and not record_ids:
        return []
    ids = list(record_ids) if isinstance(record_ids, Sequence) else record_ids
    stmt = (select(Source, Document.title, head_of(Document.text))
            .join(Document, Document.id == Source.document_id)
            .where(Source.record_type == record_type, Source.record_id.in_(ids))
            .order_by(Source.document_id, Source.start, Source.id).limit(limit))
    return [SourceRow(s.record_type, s.record_id, s.document_id,
                      document_title(s.document_id, title, head), s.start, s.end, s.quote,
                      s.extractor, s.confidence, s.review_state)
            for s, title, head in session.execute(stmt).all()]


class BadCursor(ValueError):
    """An ``after`` cursor that this list did not give out (or for another sort)."""


def encode_cursor(sort: str, values: Sequence[Any]) -> str:
    """Return the opaque cursor for the row whose sort key and id are ``values``.

    >>> decode_cursor(encode_cursor("date", ["2016-07-21", 7]), "date", 2)
    ('2016-07-21', 7)
    """
    raw = json.dumps([sort, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, width: int) -> tuple[Any, ...]:
    """Return the key values in ``cursor``; raise :class:`BadCursor` if it is not one of
    ``sort``'s with ``width`` values."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found = json.loads(raw)
    except (binascii.Error, ValueError) as err:
        raise BadCursor(f"invalid cursor {cursor[:40]!r}: not a cursor of this list") from err
    if (not isinstance(found, list) or len(found) != width + 1 or found[0] != sort
            or not all(isinstance(v, str | int | float) for v in found[1:])):
        raise BadCursor(f"invalid cursor {cursor[:40]!r}: not a cursor of this list "
                        f"sorted by {sort!r}")
    return tuple(found[1:])


def clamp_limit(limit: int) -> int:
    """Return ``limit`` within 1..MAX_LIMIT.

    >>> clamp_limit(5000), clamp_limit(0)
    (1000, 1)
    """
    return min(max(1, limit), MAX_LIMIT)


def keyset_page(session: Session, stmt: Select[Any], keys: Sequence[Any], *,
                sort: str, descending: bool = False, after: str | None = None,
                page: int = 1, per_page: int = 50) -> tuple[list[tuple[Any, ...]], str | None]:
    """Run ``stmt`` for one page ordered by ``keys`` (never NULL; the last one unique, the
    id); return its rows and the cursor of the next page (None on the last page).

    With ``after`` the page starts after that cursor's row (keyset); without it, at
    ``page`` (an offset, for the numbered pages of old links).
    """
    per_page = clamp_limit(per_page)
    width = len(keys)
    ordered = stmt.add_columns(*(k.label(f"_key{i}") for i, k in enumerate(keys))).order_by(
        *(k.desc() if descending else k.asc() for k in keys))
    if after:
        bound = tuple_(*decode_cursor(after, sort, width))
        ordered = ordered.where(tuple_(*keys) < bound if descending else tuple_(*keys) > bound)
    elif page > 1:
        ordered = ordered.offset((page - 1) * per_page)
    rows = session.execute(ordered.limit(per_page + 1)).all()
    cursor = encode_cursor(sort, list(rows[per_page - 1][-width:])) \
        if len(rows) > per_page else None
    return [tuple(r[:-width]) for r in rows[:per_page]], cursor


def count_of(session: Session, stmt: Select[Any]) -> int:
    """Return how many rows ``stmt`` (unpaged) gives, cached until the next write: counting
    a filter over a large store costs more than reading its page. Keyed by the statement's
    SQL and parameters, so no filter can be left out of the key."""
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    compiled = counted.compile()
    key = (str(compiled), repr(sorted(compiled.params.items())))
    return cache.cached(session, "count", key,
                        lambda: int(session.execute(counted).scalar_one()))

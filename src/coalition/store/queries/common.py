"""Shared pieces of the read queries: pages of rows, sort options, provenance rows.

Every list query returns a :class:`Listing` (the rows of one page, the total, the page, the
sort) so the web layer can render, paginate and export any list the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coalition.store.tables import Document, Source

T = TypeVar("T")
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list: ``rows``, ``total`` matching rows, and how they were asked for."""

    rows: list[T]
    total: int
    page: int
    per_page: int
    sort: str
    filters: dict[str, str] = field(default_factory=dict)

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


def sources_of(session: Session, record_type: str, record_ids: Sequence[int]
               ) -> list[SourceRow]:
    """Return the sources of the given records, by document and position."""
    if not record_ids:
        return []
    stmt = (select(Source, Document.title, head_of(Document.text))
            .join(Document, Document.id == Source.document_id)
            .where(Source.record_type == record_type, Source.record_id.in_(list(record_ids)))
            .order_by(Source.document_id, Source.start, Source.id))
    return [SourceRow(s.record_type, s.record_id, s.document_id,
                      document_title(s.document_id, title, head), s.start, s.end, s.quote,
                      s.extractor, s.confidence, s.review_state)
            for s, title, head in session.execute(stmt).all()]

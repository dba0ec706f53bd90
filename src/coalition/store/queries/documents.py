"""Read documents: the list with facets (kind, date, place), dates, and one document's facts.

A document's date is its own (``issued_on``) when the extractor found one, else the date of
the latest dated meeting it mentions (a report is written after what it reports), else None.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.store.queries.common import (
    Listing,
    document_title,
    head_of,
    page_slice,
)
from coalition.store.tables import Actor, Document, Meeting, Participation, PersonRole, Source

DOCUMENT_SORTS = ("date", "-date", "title", "kind", "place", "facts", "-facts", "id")


@dataclass(frozen=True)
class DocumentRow:
    """One document in the list."""

    id: int
    title: str
    kind: str
    date: str | None
    city: str | None
    country_iso3: str | None
    size_bytes: int
    facts: int


@dataclass(frozen=True)
class Facet:
    """One value of a facet and how many documents have it."""

    value: str
    count: int


@dataclass(frozen=True)
class DocumentListing:
    """A page of documents and the facets of the whole (unfiltered) collection."""

    listing: Listing[DocumentRow]
    kinds: list[Facet]
    years: list[Facet]
    places: list[Facet]


@dataclass(frozen=True)
class FactSpan:
    """One extracted fact in a document: its span and the record page it points to."""

    start: int
    end: int
    record_type: str
    record_id: int
    target: str  # partner | meeting | commitment | resolution | document
    target_key: str
    quote: str


@dataclass(frozen=True)
class DocumentDetail:
    """One document: its metadata, its full text and every fact extracted from it."""

    id: int
    title: str
    kind: str
    date: str | None
    city: str | None
    country_iso3: str | None
    source: str
    media_type: str
    text: str
    facts: list[FactSpan]
    resolutions: list[int]


def document_dates(session: Session, ids: list[int] | None = None) -> dict[int, str | None]:
    """Return documents' dates (all, or those in ``ids``): their own, else the latest meeting
    date they mention."""
    own_stmt = select(Document.id, Document.issued_on)
    stmt = (select(Source.document_id, func.max(Meeting.start))
            .join(Meeting, Meeting.id == Source.record_id)
            .where(Source.record_type == "meeting", Meeting.start.is_not(None))
            .group_by(Source.document_id))
    if ids is not None:
        own_stmt = own_stmt.where(Document.id.in_(ids))
        stmt = stmt.where(Source.document_id.in_(ids))
    own = dict(session.execute(own_stmt).all())
    latest = dict(session.execute(stmt).all())
    return {doc_id: own[doc_id] or latest.get(doc_id) for doc_id in own}


def primary_meetings(session: Session) -> dict[int, int]:
    """Return each document's own meeting: the one held where it was issued, else its first.

    >>> # primary_meetings(session)[brussels_statement_id] == brussels_plenary_id
    """
    stmt = (select(Source.document_id, Meeting.id, Meeting.city, Document.city,
                   func.min(Source.start))
            .join(Meeting, Meeting.id == Source.record_id)
            .join(Document, Document.id == Source.document_id)
            .where(Source.record_type == "meeting")
            .group_by(Source.document_id, Meeting.id, Meeting.city, Document.city))
    best: dict[int, tuple[int, int, int]] = {}
    for doc_id, meeting_id, city, doc_city, first in session.execute(stmt):
        rank = (0 if city and doc_city and city == doc_city else 1, int(first), meeting_id)
        if doc_id not in best or rank < best[doc_id]:
            best[doc_id] = rank
    return {doc_id: rank[2] for doc_id, rank in best.items()}


def _rows(session: Session) -> list[DocumentRow]:
    dates = document_dates(session)
    counts = dict(session.execute(select(Source.document_id, func.count())
                                  .group_by(Source.document_id)).all())
    stmt = select(Document.id, Document.title, head_of(Document.text), Document.kind,
                  Document.city, Document.country_iso3, Document.size_bytes)
    return [DocumentRow(i, document_title(i, title, head), kind, dates.get(i), city, iso3,
                        size, int(counts.get(i, 0)))
            for i, title, head, kind, city, iso3, size in session.execute(stmt)]


def _facets(values: list[str]) -> list[Facet]:
    return [Facet(v, n) for v, n in sorted(Counter(values).items())]


def _sort_key(sort: str) -> tuple[object, bool]:
    keys = {"date": lambda r: r.date or "", "title": lambda r: r.title.casefold(),
            "kind": lambda r: r.kind, "place": lambda r: (r.city or "", r.country_iso3 or ""),
            "facts": lambda r: r.facts, "id": lambda r: r.id}
    name = sort.lstrip("-")
    return keys.get(name, keys["date"]), sort.startswith("-")


def list_documents(session: Session, *, kind: str | None = None, year: str | None = None,
                   place: str | None = None, sort: str = "date", page: int = 1,
                   per_page: int = 50) -> DocumentListing:
    """Return a page of documents, filtered by kind, year and place, with facets.

    >>> # list_documents(session, kind="joint_statement").listing.total
    """
    rows = _rows(session)
    kinds = _facets([r.kind for r in rows])
    years = _facets([(r.date or "undated")[:4] if r.date else "undated" for r in rows])
    places = _facets([r.city or r.country_iso3 or "unplaced" for r in rows])
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if year:
        rows = [r for r in rows if (r.date[:4] if r.date else "undated") == year]
    if place:
        rows = [r for r in rows if (r.city or r.country_iso3 or "unplaced") == place]
    key, reverse = _sort_key(sort)
    rows.sort(key=lambda r: (key(r), r.id), reverse=reverse)  # type: ignore[operator]
    filters = {k: v for k, v in (("kind", kind), ("year", year), ("place", place)) if v}
    listing = Listing(page_slice(rows, page=page, per_page=per_page), len(rows), page,
                      per_page, sort, filters)
    return DocumentListing(listing, kinds, years, places)


def _targets(session: Session, sources: list[Source]) -> dict[tuple[str, int], tuple[str, str]]:
    """Map (record_type, record_id) to the page (kind, key) that shows the record."""
    ids: dict[str, set[int]] = {}
    for s in sources:
        ids.setdefault(s.record_type, set()).add(s.record_id)
    out: dict[tuple[str, int], tuple[str, str]] = {}
    actors = dict(session.execute(select(Actor.id, Actor.key).where(
        Actor.id.in_(ids.get("actor", set())))).all())
    out.update({("actor", i): ("partner", k) for i, k in actors.items()})
    parts = session.execute(select(Participation.id, Participation.meeting_id).where(
        Participation.id.in_(ids.get("participation", set())))).all()
    out.update({("participation", i): ("meeting", str(m)) for i, m in parts})
    roles = session.execute(select(PersonRole.id, Actor.key).join(
        Actor, Actor.id == PersonRole.actor_id).where(
        PersonRole.id.in_(ids.get("person_role", set())))).all()
    out.update({("person_role", i): ("partner", k) for i, k in roles})
    for kind in ("meeting", "commitment", "resolution"):
        out.update({(kind, i): (kind, str(i)) for i in ids.get(kind, set())})
    return out


def document_detail(session: Session, doc_id: int) -> DocumentDetail:
    """Return one document with its text and every fact extracted from it.

    Raises :class:`coalition.errors.NotFound` for an unknown id.
    """
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id}")
    sources = list(session.scalars(select(Source).where(Source.document_id == doc_id)
                                   .order_by(Source.start, Source.end.desc(), Source.id)))
    targets = _targets(session, sources)
    facts = [FactSpan(s.start, s.end, s.record_type, s.record_id,
                      *targets.get((s.record_type, s.record_id), ("document", str(doc_id))),
                      s.quote)
             for s in sources]
    date = document_dates(session, [doc_id]).get(doc_id)
    return DocumentDetail(doc.id, document_title(doc.id, doc.title, doc.text[:200]), doc.kind,
                          date, doc.city, doc.country_iso3, doc.source, doc.media_type,
                          doc.text, facts,
                          sorted({f.record_id for f in facts if f.record_type == "resolution"}))

"""Read documents: the list with facets (kind, date, place), dates, and one document's facts.

A document's date is its own (``issued_on``) when the extractor found one, else the date of
the latest dated meeting it mentions (a report is written after what it reports), else None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.store.queries import cache
from coalition.store.queries.common import (
    Listing,
    clamp_limit,
    count_of,
    document_title,
    head_of,
    keyset_page,
)
from coalition.store.queries.merged_view import shown_meetings
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
    shown = shown_meetings(session)
    if shown:  # a document mentioning a meeting the viewer is shown otherwise: its dates
        redo = stmt.with_only_columns(Source.document_id, Meeting.id, Meeting.start).where(
            Source.document_id.in_(select(Source.document_id).where(
                Source.record_type == "meeting", Source.record_id.in_(sorted(shown)))))
        dates: dict[int, list[str]] = {}
        for doc_id, meeting_id, start in session.execute(redo.group_by(None)):
            start = shown[meeting_id].start if meeting_id in shown else start
            dates.setdefault(doc_id, []).extend([start] if start else [])
        for doc_id, starts in dates.items():
            latest[doc_id] = max(starts, default=None)
    return {doc_id: own[doc_id] or latest.get(doc_id) for doc_id in own}


def primary_meetings(session: Session, ids: list[int] | None = None) -> dict[int, int]:
    """Return each document's (all, or those in ``ids``) own meeting: the one held where it
    was issued, else its first.

    >>> # primary_meetings(session)[brussels_statement_id] == brussels_plenary_id
    """
    stmt = (select(Source.document_id, Meeting.id, Meeting.city, Document.city,
                   func.min(Source.start))
            .join(Meeting, Meeting.id == Source.record_id)
            .join(Document, Document.id == Source.document_id)
            .where(Source.record_type == "meeting")
            .group_by(Source.document_id, Meeting.id, Meeting.city, Document.city))
    if ids is not None:
        stmt = stmt.where(Source.document_id.in_(ids))
    best: dict[int, tuple[int, int, int]] = {}
    for doc_id, meeting_id, city, doc_city, first in session.execute(stmt):
        rank = (0 if city and doc_city and city == doc_city else 1, int(first), meeting_id)
        if doc_id not in best or rank < best[doc_id]:
            best[doc_id] = rank
    return {doc_id: rank[2] for doc_id, rank in best.items()}


def primary_meeting_expr(document_id: Any) -> Any:
    """Return the SQL expression of the own meeting of the document ``document_id`` (the
    same choice as :func:`primary_meetings`, for one document per row)."""
    same_city = case((and_(Meeting.city.is_not(None), Meeting.city != "",
                           Meeting.city == Document.city), 0), else_=1)
    return (select(Meeting.id)
            .join(Source, and_(Source.record_id == Meeting.id, Source.record_type == "meeting"))
            .join(Document, Document.id == Source.document_id)
            .where(Source.document_id == document_id)
            .group_by(Meeting.id, Meeting.city, Document.city)
            .order_by(same_city, func.min(Source.start), Meeting.id).limit(1)
            .scalar_subquery())


def dated_expr() -> Any:
    """Return the SQL expression of a document's date (its own, else its latest meeting's)."""
    latest = (select(func.max(Meeting.start))
              .join(Source, and_(Source.record_id == Meeting.id, Source.record_type == "meeting"))
              .where(Source.document_id == Document.id, Meeting.start.is_not(None))
              .correlate(Document).scalar_subquery())
    return func.coalesce(Document.issued_on, latest)


def _place_expr() -> Any:
    return func.coalesce(Document.city, Document.country_iso3, "unplaced")


def _sort_keys(sort: str) -> tuple[str, list[Any], bool]:
    """Return the sort's name, its SQL keys (never NULL, the id last) and its direction."""
    facts = (select(func.count()).where(Source.document_id == Document.id)
             .correlate(Document).scalar_subquery())
    keys: dict[str, list[Any]] = {
        "date": [func.coalesce(dated_expr(), "")],
        "title": [func.lower(func.coalesce(Document.title, head_of(Document.text)))],
        "kind": [Document.kind],
        "place": [func.coalesce(Document.city, ""), func.coalesce(Document.country_iso3, "")],
        "facts": [facts], "id": []}
    name = sort.lstrip("-")
    if name not in keys:
        name, sort = "date", "date"
    return sort, [*keys[name], Document.id], sort.startswith("-")


def _facets(session: Session) -> tuple[list[Facet], list[Facet], list[Facet]]:
    """Return the kind, year and place facets of the whole collection (SQL GROUP BYs)."""
    year = func.coalesce(func.substr(dated_expr(), 1, 4), "undated")
    out = []
    for expr in (Document.kind, year, _place_expr()):
        stmt = select(expr, func.count()).group_by(expr)
        out.append([Facet(str(v), int(n)) for v, n in sorted(session.execute(stmt).all())])
    return out[0], out[1], out[2]


def _document_rows(session: Session, ids: list[int]) -> list[DocumentRow]:
    """Return the list rows of ``ids``, in that order (dates and fact counts of these only)."""
    if not ids:
        return []
    dates = document_dates(session, ids)
    counts = dict(session.execute(select(Source.document_id, func.count())
                                  .where(Source.document_id.in_(ids))
                                  .group_by(Source.document_id)).all())
    stmt = select(Document.id, Document.title, head_of(Document.text), Document.kind,
                  Document.city, Document.country_iso3, Document.size_bytes
                  ).where(Document.id.in_(ids))
    rows = {i: DocumentRow(i, document_title(i, title, head), kind, dates.get(i), city, iso3,
                           size, int(counts.get(i, 0)))
            for i, title, head, kind, city, iso3, size in session.execute(stmt)}
    return [rows[i] for i in ids if i in rows]


def list_documents(session: Session, *, kind: str | None = None, year: str | None = None,
                   place: str | None = None, sort: str = "date", page: int = 1,
                   per_page: int = 50, after: str | None = None,
                   audience_key: str | None = None) -> DocumentListing:
    """Return a page of documents, filtered by kind, year and place, with facets.

    Filtering, sorting and the page are SQL (``after``: the keyset cursor of the previous
    page's ``next``); the facets of the whole collection are cached until the next write.

    >>> # list_documents(session, kind="joint_statement").listing.total
    """
    stmt = select(Document.id)
    if kind:
        stmt = stmt.where(Document.kind == kind)
    if year:
        stmt = stmt.where(dated_expr().is_(None) if year == "undated"
                          else func.substr(dated_expr(), 1, 4) == year)
    if place:
        stmt = stmt.where(_place_expr() == place)
    sort, keys, descending = _sort_keys(sort)
    found, cursor = keyset_page(session, stmt, keys, sort=sort, descending=descending,
                                after=after, page=page, per_page=per_page)
    kinds, years, places = cache.cached(session, "document_facets", (),
                                        lambda: _facets(session), audience_key=audience_key)
    filters = {k: v for k, v in (("kind", kind), ("year", year), ("place", place)) if v}
    listing = Listing(_document_rows(session, [i for (i,) in found]),
                      count_of(session, stmt), page, clamp_limit(per_page), sort, filters,
                      cursor)
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

"""Full-text search over documents and facts, one function per dialect.

SQLite uses the FTS5 tables ``documents_fts`` and ``commitments_fts`` (migration 0002, kept
in sync by triggers); PostgreSQL uses ``to_tsvector``/``websearch_to_tsquery`` over the same
expressions as the GIN indexes of that migration, and ``ts_headline`` for snippets. Snippets
come back as :class:`Piece` lists (text, hit?) so the web layer escapes every piece itself.
Actors and meetings match by name (case-insensitive substring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from coalition.store.queries.common import document_title
from coalition.store.queries.documents import document_dates
from coalition.store.tables import Actor, Document, Meeting

START, STOP = "\x02", "\x03"
SEARCH_TABLES = ("documents_fts", "commitments_fts")
SEARCH_INDEXES = ("ix_documents_search", "ix_commitments_search")
_PG_DOC = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
_PG_HEADLINE = (f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, "
                "MaxFragments=2, FragmentDelimiter=\" … \"")


@dataclass(frozen=True)
class Piece:
    """A piece of a snippet; ``hit`` pieces matched the query."""

    text: str
    hit: bool


@dataclass(frozen=True)
class DocumentHit:
    """A document that matches, with a highlighted snippet."""

    id: int
    title: str
    kind: str
    date: str | None
    snippet: list[Piece]


@dataclass(frozen=True)
class FactHit:
    """A fact (commitment, partner or meeting) that matches."""

    record_type: str  # commitment | partner | meeting
    key: str
    label: str
    snippet: list[Piece]


@dataclass(frozen=True)
class SearchResults:
    """The documents and facts that match a query."""

    query: str
    total_documents: int
    documents: list[DocumentHit]
    facts: list[FactHit]


def is_search_object(name: str | None) -> bool:
    """Return True for the search tables and indexes that ``tables.py`` does not declare.

    >>> is_search_object("documents_fts_data"), is_search_object("documents")
    (True, False)
    """
    return bool(name) and (str(name).startswith(SEARCH_TABLES) or name in SEARCH_INDEXES)


def pieces(marked: str) -> list[Piece]:
    r"""Split text marked with START/STOP characters into pieces.

    >>> pieces("a \x02b\x03 c")
    [Piece(text='a ', hit=False), Piece(text='b', hit=True), Piece(text=' c', hit=False)]
    """
    out, hit = [], False
    for part in re.split(f"([{START}{STOP}])", marked):
        if part in (START, STOP):
            hit = part == START
        elif part:
            out.append(Piece(part, hit))
    return out


def fts5_query(q: str) -> str:
    """Turn what a person typed into a safe FTS5 query: quoted phrases and words, ANDed.

    >>> fts5_query('foreign "terrorist fighters" OR x*')
    '"foreign" "terrorist fighters" OR "x"'
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
        if word == "OR" and parts:
            parts.append("OR")
            continue
        words = re.findall(r"\w+", phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def _documents_sqlite(session: Session, q: str, limit: int, offset: int
                      ) -> tuple[int, list[tuple[int, str | None, str, str, str]]]:
    match = fts5_query(q)
    if not match:
        return 0, []
    total = session.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts "
                                 "MATCH :q"), {"q": match}).scalar_one()
    rows = session.execute(text(
        "SELECT d.id, d.title, substr(d.text, 1, 200), d.kind, "
        "snippet(documents_fts, -1, char(2), char(3), ' … ', 24) "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH :q ORDER BY rank, d.id LIMIT :limit OFFSET :offset"),
        {"q": match, "limit": limit, "offset": offset}).all()
    return int(total), list(rows)


def _documents_postgresql(session: Session, q: str, limit: int, offset: int
                          ) -> tuple[int, list[tuple[int, str | None, str, str, str]]]:
    params = {"q": q, "limit": limit, "offset": offset, "opts": _PG_HEADLINE}
    total = session.execute(text(
        f"SELECT count(*) FROM documents d WHERE {_PG_DOC} @@ websearch_to_tsquery('english', :q)"),
        params).scalar_one()
    rows = session.execute(text(
        "SELECT d.id, d.title, substr(d.text, 1, 200), d.kind, "
        "ts_headline('english', d.text, query, :opts) "
        "FROM documents d, websearch_to_tsquery('english', :q) AS query "
        f"WHERE {_PG_DOC} @@ query ORDER BY ts_rank({_PG_DOC}, query) DESC, d.id "
        "LIMIT :limit OFFSET :offset"), params).all()
    return int(total), list(rows)


def _commitments_sqlite(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    match = fts5_query(q)
    if not match:
        return []
    return list(session.execute(text(
        "SELECT rowid, highlight(commitments_fts, 0, char(2), char(3)) FROM commitments_fts "
        "WHERE commitments_fts MATCH :q ORDER BY rank, rowid LIMIT :limit"),
        {"q": match, "limit": limit}).all())


def _commitments_postgresql(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    opts = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    return list(session.execute(text(
        "SELECT c.id, ts_headline('english', c.text, query, :opts) "
        "FROM commitments c, websearch_to_tsquery('english', :q) AS query "
        "WHERE to_tsvector('english', c.text) @@ query "
        "ORDER BY ts_rank(to_tsvector('english', c.text), query) DESC, c.id LIMIT :limit"),
        {"q": q, "opts": opts, "limit": limit}).all())


def _named(session: Session, q: str, limit: int) -> list[FactHit]:
    like = f"%{q.strip()}%"
    hits = [FactHit("partner", key, name, [Piece(name, True)]) for key, name in session.execute(
        select(Actor.key, Actor.name).where(or_(func.lower(Actor.name).like(like.lower()),
                                                 Actor.key == q.strip().upper()))
        .order_by(Actor.name).limit(limit))]
    hits += [FactHit("meeting", str(i), name, [Piece(name, True)]) for i, name in session.execute(
        select(Meeting.id, Meeting.name).where(func.lower(Meeting.name).like(like.lower()))
        .order_by(Meeting.start).limit(limit))]
    return hits


def search(session: Session, q: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    """Search documents and facts for ``q``; return hits with highlighted snippets.

    >>> # search(session, "foreign fighters").documents[0].snippet
    """
    q = q.strip()
    if not q:
        return SearchResults(q, 0, [], [])
    pg = session.get_bind().dialect.name == "postgresql"
    total, rows = (_documents_postgresql if pg else _documents_sqlite)(session, q, limit, offset)
    dates = document_dates(session, [r[0] for r in rows]) if rows else {}
    docs = [DocumentHit(i, document_title(i, title, head), kind, dates.get(i), pieces(snip))
            for i, title, head, kind, snip in rows]
    commitments = (_commitments_postgresql if pg else _commitments_sqlite)(session, q, limit)
    facts = [FactHit("commitment", str(i), f"Commitment {i}", pieces(snip))
             for i, snip in commitments]
    return SearchResults(q, total, docs, facts + _named(session, q, limit))


def search_like(session: Session, q: str, *, limit: int = 20) -> tuple[int, list[int]]:
    """Count the documents whose text contains ``q`` and return the first ids (a LIKE scan:
    the baseline the benchmark compares full-text search with)."""
    where = Document.text.like(f"%{q}%")
    total = session.execute(select(func.count()).where(where)).scalar_one()
    ids = session.scalars(select(Document.id).where(where).order_by(Document.id).limit(limit))
    return int(total), list(ids)

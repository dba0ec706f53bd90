"""Full-text search over documents and facts, one function per dialect.

SQLite uses the FTS5 tables ``documents_fts`` and ``commitments_fts`` (migration 0002, kept
in sync by triggers); PostgreSQL matches and ranks ``websearch_to_tsquery`` against the
stored, GIN-indexed ``search_vector`` columns (migration 0010), and uses ``ts_headline`` for
the snippets of the page shown. Snippets come back as :class:`Piece` lists (text, hit?) so
the web layer escapes every piece itself.

Work per query is bounded however many documents match (issue #7): both dialects rank only
the ``MATCH_LIMIT`` most recently stored matches (found through the index in id order, a
cheap read) and count up to that many. At 100,000 documents a common word matched 40,366
documents, and ranking them all (reading every match's tsvector) cost ~1 s per request on
PostgreSQL.
Actors and meetings match by name (case-insensitive substring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    String,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.dialects import postgresql  # noqa: F401  (types of func.websearch_to_tsquery)
from sqlalchemy.orm import Session, aliased

from coalition.store.queries.common import document_title
from coalition.store.queries.documents import document_dates
from coalition.store.queries.merged_view import shown_meetings
from coalition.store.tables import Actor, Commitment, Document, Meeting

START, STOP = "\x02", "\x03"
SEARCH_TABLES = ("documents_fts", "commitments_fts")
SEARCH_INDEXES = ("ix_documents_search", "ix_commitments_search",  # PostgreSQL, 0002
                  "ix_documents_search_vector", "ix_commitments_search_vector")  # 0010
SEARCH_COLUMNS = ("search_vector",)  # PostgreSQL's stored tsvectors (migration 0010)
_PG_DOC = "d.search_vector"
MATCH_LIMIT = 1000  # matches ranked and counted per query: the most recently stored
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
    total_documents: int  # at most MATCH_LIMIT
    documents: list[DocumentHit]
    facts: list[FactHit]
    more_documents: bool = False  # True: more than MATCH_LIMIT documents match


def is_search_object(name: str | None) -> bool:
    """Return True for the search tables, indexes and columns that ``tables.py`` does not
    declare.

    >>> is_search_object("documents_fts_data"), is_search_object("documents")
    (True, False)
    """
    return bool(name) and (str(name).startswith(SEARCH_TABLES) or name in SEARCH_INDEXES
                           or name in SEARCH_COLUMNS)


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


# PostgreSQL's English stop words (Snowball): to_tsvector drops them, so FTS5 must too, or
# "until" would find documents on SQLite and none on PostgreSQL.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now""".split())


def fts5_query(q: str) -> str:
    """Turn what a person typed into a safe FTS5 query: quoted phrases and words, ANDed;
    words outside phrases leave out the stop words PostgreSQL ignores.

    >>> fts5_query('foreign "terrorist fighters" OR x* until')
    '"foreign" "terrorist fighters" OR "x"'
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
        if word == "OR" and parts:
            parts.append("OR")
            continue
        words = re.findall(r"\w+", phrase or word)
        if not phrase:  # a phrase keeps its words: they must stand in that order
            words = [w for w in words if w.lower() not in STOP_WORDS]
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


# The queries name the ORM entities, so the viewer's limits (store/visibility.py) apply.
_DOCS_FTS = table("documents_fts", column("rowid"))
_COMMITMENTS_FTS = table("commitments_fts", column("rowid"))
_D = aliased(Document, name="d")
_C = aliased(Commitment, name="c")
_ENGLISH = literal_column("'english'", String)
_PG_QUERY = func.websearch_to_tsquery(_ENGLISH, bindparam("q")).alias("query")
_QUERY = literal_column("query", String)


def _newest(session: Session, hits: Any, order: Any, params: dict[str, str]) -> list[int]:
    """Return the ids of the ``MATCH_LIMIT + 1`` most recently stored of ``hits`` (a SELECT
    of ids), newest first."""
    return list(session.scalars(hits.order_by(order.desc()).limit(MATCH_LIMIT + 1), params))


def _documents_sqlite(session: Session, q: str, limit: int, offset: int
                      ) -> tuple[list[int], list[tuple[int, str | None, str, str, str]]]:
    match = fts5_query(q)
    if not match:
        return [], []
    hits = (select(_D.id).select_from(_DOCS_FTS).join(_D, _D.id == _DOCS_FTS.c.rowid)
            .where(text("documents_fts MATCH :q")))
    newest = _newest(session, hits, _DOCS_FTS.c.rowid, {"q": match})
    if not newest or offset >= MATCH_LIMIT:
        return newest, []
    floor = newest[:MATCH_LIMIT][-1]
    rows = session.execute(
        hits.where(_DOCS_FTS.c.rowid >= floor)
        .add_columns(_D.title, func.substr(_D.text, 1, 200), _D.kind, literal_column(
            "snippet(documents_fts, -1, char(2), char(3), ' … ', 24)"))
        .order_by(text("rank"), _D.id).limit(limit).offset(offset), {"q": match}).all()
    return newest, [tuple(r) for r in rows]  # type: ignore[misc]


def _documents_postgresql(session: Session, q: str, limit: int, offset: int
                          ) -> tuple[list[int], list[tuple[int, str | None, str, str, str]]]:
    params = {"q": q, "opts": _PG_HEADLINE}
    hits = (select(_D.id).select_from(_D).join(_PG_QUERY, true())
            .where(text(f"{_PG_DOC} @@ query")))
    newest = _newest(session, hits, _D.id, params)
    if not newest or offset >= MATCH_LIMIT:
        return newest, []
    score = literal_column(f"ts_rank({_PG_DOC}, query)", Float).label("score")
    ranked = (hits.where(_D.id >= newest[:MATCH_LIMIT][-1]).add_columns(score)
              .order_by(score.desc(), _D.id).limit(limit).offset(offset).subquery())
    rows = session.execute(  # ts_headline parses the text: only the page's documents
        select(ranked.c.id, Document.title, func.substr(Document.text, 1, 200), Document.kind,
               func.ts_headline(_ENGLISH, Document.text,
                                func.websearch_to_tsquery(_ENGLISH, bindparam("q")),
                                bindparam("opts")))
        .join(Document, Document.id == ranked.c.id)
        .order_by(ranked.c.score.desc(), ranked.c.id), params).all()
    return newest, [tuple(r) for r in rows]  # type: ignore[misc]


def _commitments_sqlite(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    match = fts5_query(q)
    if not match:
        return []
    hits = (select(_C.id).select_from(_COMMITMENTS_FTS)
            .join(_C, _C.id == _COMMITMENTS_FTS.c.rowid).where(text("commitments_fts MATCH :q")))
    newest = _newest(session, hits, _COMMITMENTS_FTS.c.rowid, {"q": match})
    if not newest:
        return []
    snippet = literal_column("highlight(commitments_fts, 0, char(2), char(3))", String)
    stmt = (hits.where(_COMMITMENTS_FTS.c.rowid >= newest[:MATCH_LIMIT][-1])
            .add_columns(snippet).order_by(text("rank"), _C.id).limit(limit))
    return [(int(i), str(snip)) for i, snip in session.execute(stmt, {"q": match})]


def _commitments_postgresql(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    opts = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    params = {"q": q, "opts": opts}
    hits = (select(_C.id).select_from(_C).join(_PG_QUERY, true())
            .where(text("c.search_vector @@ query")))
    newest = _newest(session, hits, _C.id, params)
    if not newest:
        return []
    snippet = func.ts_headline(_ENGLISH, _C.text, _QUERY, bindparam("opts"), type_=String)
    stmt = (hits.where(_C.id >= newest[:MATCH_LIMIT][-1]).add_columns(snippet)
            .order_by(text("ts_rank(c.search_vector, query) DESC"), _C.id).limit(limit))
    return [(int(i), str(snip)) for i, snip in session.execute(stmt, params)]


def _named(session: Session, q: str, limit: int) -> list[FactHit]:
    like = f"%{q.strip()}%"
    hits = [FactHit("partner", key, name, [Piece(name, True)]) for key, name in session.execute(
        select(Actor.key, Actor.name).where(or_(func.lower(Actor.name).like(like.lower()),
                                                 Actor.key == q.strip().upper()))
        .order_by(Actor.name).limit(limit))]
    named = dict(session.execute(  # by the name the viewer is shown, never a hidden one
        select(Meeting.id, Meeting.name).where(func.lower(Meeting.name).like(like.lower()))
        .order_by(Meeting.start).limit(limit)).all())
    shown = shown_meetings(session)
    if shown:
        named = {i: name for i, name in named.items() if i not in shown}
        needle = q.strip().lower()
        named.update((i, info.name) for i, info in shown.items() if needle in info.name.lower())
    hits += [FactHit("meeting", str(i), name, [Piece(name, True)])
             for i, name in list(named.items())[:limit]]
    return hits


def search(session: Session, q: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    """Search documents and facts for ``q``; return hits with highlighted snippets.

    >>> # search(session, "foreign fighters").documents[0].snippet
    """
    q = q.strip()
    if not q:
        return SearchResults(q, 0, [], [])
    pg = session.get_bind().dialect.name == "postgresql"
    newest, rows = (_documents_postgresql if pg else _documents_sqlite)(session, q, limit, offset)
    dates = document_dates(session, [r[0] for r in rows]) if rows else {}
    docs = [DocumentHit(i, document_title(i, title, head), kind, dates.get(i), pieces(snip))
            for i, title, head, kind, snip in rows]
    commitments = (_commitments_postgresql if pg else _commitments_sqlite)(session, q, limit)
    facts = [FactHit("commitment", str(i), f"Commitment {i}", pieces(snip))
             for i, snip in commitments]
    return SearchResults(q, min(len(newest), MATCH_LIMIT), docs, facts + _named(session, q, limit),
                         more_documents=len(newest) > MATCH_LIMIT)


def search_like(session: Session, q: str, *, limit: int = 20) -> tuple[int, list[int]]:
    """Count the documents whose text contains ``q`` and return the first ids (a LIKE scan:
    the baseline the benchmark compares full-text search with)."""
    where = Document.text.like(f"%{q}%")
    total = session.execute(select(func.count()).where(where)).scalar_one()
    ids = session.scalars(select(Document.id).where(where).order_by(Document.id).limit(limit))
    return int(total), list(ids)

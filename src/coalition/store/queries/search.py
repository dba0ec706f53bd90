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
Actors and meetings match by name (case-insensitive substring; meetings by the names the viewer
is shown).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    String,
    bindparam,
    column,
    func,
    inspect,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.dialects import postgresql  # noqa: F401  (types of func.websearch_to_tsquery)
from sqlalchemy.orm import Session, aliased

from coalition.store.queries import cache
from coalition.store.queries.common import document_title
from coalition.store.queries.documents import document_dates
from coalition.store.queries.meetings import MeetingRow, meeting_rows
from coalition.store.tables import Actor, Commitment, Document

START, STOP = "\x02", "\x03"
SEARCH_TABLES = ("documents_fts", "commitments_fts")
SEARCH_INDEXES = ("ix_documents_search", "ix_commitments_search",  # PostgreSQL, 0002
                  "ix_documents_search_vector", "ix_commitments_search_vector")  # 0010
SEARCH_COLUMNS = ("search_vector",)  # PostgreSQL's stored tsvectors (migration 0010)
MATCH_LIMIT = 1000  # matches ranked and counted per query: the most recently stored
WINDOW = 2_500  # PostgreSQL: newest rows tested first for the newest matches of a common word
MAX_WINDOW = 200_000  # PostgreSQL: the most newest rows tested before the index is asked
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


_FTS_RANK = literal_column("rank", Float)  # FTS5's bm25: lower is better


def _page(newest: list[tuple[int, float]], limit: int, offset: int) -> list[int]:
    """Return the ids of one page of the ``MATCH_LIMIT`` newest candidates ``(id, score)``,
    the lowest score first."""
    best = sorted(((score, i) for i, score in newest[:MATCH_LIMIT]))
    return [i for _, i in best[offset:offset + limit]]


def _newest_sqlite(session: Session, hits: Any, rowid: Any, match: str
                   ) -> list[tuple[int, float]]:
    """Return ``(id, rank)`` of the ``MATCH_LIMIT + 1`` newest of ``hits``, newest first:
    FTS5 reads its index in rowid order and ranks only the rows it returns."""
    stmt = hits.add_columns(_FTS_RANK).order_by(rowid.desc()).limit(MATCH_LIMIT + 1)
    return [(int(i), float(rank)) for i, rank in session.execute(stmt, {"q": match})]


def _pg_hits(alias: Any, indexed: bool = True) -> Any:
    """The SELECT of the ids of ``alias``'s rows whose stored tsvector matches the query.
    ``indexed=False`` writes the match as a function call, which no index serves, so that a
    range of newest rows is tested in id order (as an operator, the planner, misjudging how
    many rows match "a & b & c", read every match through the GIN index instead: 121 ms
    for 23,618 commitments against ~10 ms for the newest 90,000 in order)."""
    vector = f"{inspect(alias).name}.search_vector"
    match = f"{vector} @@ query" if indexed else f"ts_match_vq({vector}, query)"
    return select(alias.id).select_from(alias).join(_PG_QUERY, true()).where(text(match))


def _newest_postgresql(session: Session, model: type[Document] | type[Commitment],
                       alias: Any, q: str) -> list[tuple[int, float]]:
    """Return ``(id, -ts_rank)`` of the ``MATCH_LIMIT + 1`` newest rows of ``model`` (queried
    as ``alias``) that match, newest first; only those rows' tsvectors are read to rank them."""
    ids = _newest_ids_postgresql(session, _pg_hits(alias), _pg_hits(alias, indexed=False),
                                 model, q)
    if not ids:
        return []
    vector = literal_column(f"{model.__tablename__}.search_vector", String)
    score = func.ts_rank(vector, func.websearch_to_tsquery(_ENGLISH, bindparam("q")),
                         type_=Float)
    rows = session.execute(select(model.id, -score).where(model.id.in_(ids)), {"q": q}).all()
    return sorted(((int(i), float(s)) for i, s in rows), reverse=True)


def _newest_ids_postgresql(session: Session, hits: Any, scan: Any,
                           model: type[Document] | type[Commitment], q: str) -> list[int]:
    """The ids of the ``MATCH_LIMIT + 1`` newest of ``hits``, by one of two routes.

    A word in many rows: its newest matches lie among the newest rows, tested one by one in
    id order (rows stored together lie together on disk). The newest ``WINDOW`` rows are
    tested first; when they hold some matches but too few, the window that should hold
    enough at the same rate (up to ``MAX_WINDOW`` rows) is tested next. At 100,000 documents
    "hawala", in 40% of the documents, took 15 ms this way and 300 ms through the GIN index,
    whose 40,000 matches the planner read by a full scan; in 2.6% of 1.1 million commitments
    it took 7 to 15 ms in a window of 50,000 against 78 to 122 ms through the index (30,000
    scattered rows read for their ids).
    Any other: the matches come from the GIN index and their ids are sorted ("id + 0":
    ordered by the bare primary key, the planner walked it backwards testing every row, 110
    to 150 ms for a word in 4.5% of the documents against 22 to 30 ms this way).
    """
    pk, scanned = hits.selected_columns[0], scan.selected_columns[0]
    wanted = MATCH_LIMIT + 1

    newest = session.scalar(select(func.max(model.id))) or 0

    def newest_of(window: int) -> tuple[int | None, list[int]]:
        """The lowest id of the newest ``window`` ids (None: every row), and the ids of the
        newest matches from there (ids are given in order, so a gap only narrows the window;
        finding the exact ``window``-th row by OFFSET took 13 ms for 57,000 commitments)."""
        lowest = newest - window + 1 if newest - window + 1 > 1 else None
        recent = scan if lowest is None else scan.where(scanned >= lowest)
        return lowest, [int(i) for i in session.scalars(
            recent.order_by(scanned.desc()).limit(wanted), {"q": q})]

    lowest, ids = newest_of(WINDOW)
    if lowest is not None and 0 < len(ids) < wanted:  # enough at the rate seen, and more
        window = int(WINDOW * wanted / len(ids) * 1.5)
        if window <= MAX_WINDOW:
            lowest, ids = newest_of(window)
    if lowest is None or len(ids) == wanted:  # every row was tested, or enough matched
        return ids
    return [int(i) for i in session.scalars(hits.order_by((pk + 0).desc()).limit(wanted),
                                            {"q": q})]


def _documents_sqlite(session: Session, q: str, limit: int, offset: int
                      ) -> tuple[list[tuple[int, float]], list[tuple[int, str | None, str, str,
                                                                   str]]]:
    match = fts5_query(q)
    if not match:
        return [], []
    rowid = _DOCS_FTS.c.rowid
    hits = (select(_D.id).select_from(_DOCS_FTS).join(_D, _D.id == rowid)
            .where(text("documents_fts MATCH :q")))
    newest = _newest_sqlite(session, hits, rowid, match)
    ids = _page(newest, limit, offset)
    shown = {r[0]: tuple(r) for r in session.execute(  # snippets of the page's rows only
        hits.where(rowid.in_(ids)).add_columns(
            _D.title, func.substr(_D.text, 1, 200), _D.kind,
            literal_column("snippet(documents_fts, -1, char(2), char(3), ' … ', 24)")),
        {"q": match})} if ids else {}
    return newest, [shown[i] for i in ids if i in shown]  # type: ignore[misc]


def _documents_postgresql(session: Session, q: str, limit: int, offset: int
                          ) -> tuple[list[tuple[int, float]], list[tuple[int, str | None, str,
                                                                       str, str]]]:
    newest = _newest_postgresql(session, Document, _D, q)
    ids = _page(newest, limit, offset)
    shown = {r[0]: tuple(r) for r in session.execute(  # ts_headline parses each text
        select(Document.id, Document.title, func.substr(Document.text, 1, 200), Document.kind,
               func.ts_headline(_ENGLISH, Document.text,
                                func.websearch_to_tsquery(_ENGLISH, bindparam("q")),
                                bindparam("opts")))
        .where(Document.id.in_(ids)), {"q": q, "opts": _PG_HEADLINE})} if ids else {}
    return newest, [shown[i] for i in ids if i in shown]  # type: ignore[misc]


def _commitments_sqlite(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    match = fts5_query(q)
    if not match:
        return []
    rowid = _COMMITMENTS_FTS.c.rowid
    hits = (select(_C.id).select_from(_COMMITMENTS_FTS).join(_C, _C.id == rowid)
            .where(text("commitments_fts MATCH :q")))
    ids = _page(_newest_sqlite(session, hits, rowid, match), limit, 0)
    snippet = literal_column("highlight(commitments_fts, 0, char(2), char(3))", String)
    shown = {int(i): str(snip) for i, snip in session.execute(
        hits.where(rowid.in_(ids)).add_columns(snippet), {"q": match})} if ids else {}
    return [(i, shown[i]) for i in ids if i in shown]


def _commitments_postgresql(session: Session, q: str, limit: int) -> list[tuple[int, str]]:
    ids = _page(_newest_postgresql(session, Commitment, _C, q), limit, 0)
    opts = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    snippet = func.ts_headline(_ENGLISH, Commitment.text,
                               func.websearch_to_tsquery(_ENGLISH, bindparam("q")),
                               bindparam("opts"), type_=String)
    shown = {int(i): str(snip) for i, snip in session.execute(
        select(Commitment.id, snippet).where(Commitment.id.in_(ids)),
        {"q": q, "opts": opts})} if ids else {}
    return [(i, shown[i]) for i in ids if i in shown]


def _meeting_names(session: Session) -> tuple[str, list[int], list[MeetingRow]]:
    """Return the names the viewer is shown of every meeting, lower-cased and joined by
    newlines, the offset of each in that text, and the rows (date order). Cached per store
    generation and audience: one ``str.find`` over it replaces a LIKE over every name."""
    def compute() -> tuple[str, list[int], list[MeetingRow]]:
        rows = meeting_rows(session)
        names = [row.name.lower().replace("\n", " ") for row in rows]
        offsets, at = [], 0
        for name in names:
            offsets.append(at)
            at += len(name) + 1
        return "\n".join(names), offsets, rows

    return cache.cached(session, "meeting_names", (), compute)


def _named_meetings(session: Session, needle: str, limit: int) -> list[MeetingRow]:
    """Return the first ``limit`` meetings (date order) whose shown name holds ``needle``."""
    text_, offsets, rows = _meeting_names(session)
    found: list[MeetingRow] = []
    at = text_.find(needle) if needle and "\n" not in needle else -1
    while at >= 0 and len(found) < limit:
        n = bisect_right(offsets, at) - 1
        found.append(rows[n])
        at = text_.find(needle, offsets[n + 1] if n + 1 < len(offsets) else len(text_))
    return found


def _named(session: Session, q: str, limit: int) -> list[FactHit]:
    """Partners and meetings whose name holds ``q`` (any case); meetings by the names the
    viewer is shown (a LIKE over 59,290 meeting names, sorted by date, took ~150 ms)."""
    like = f"%{q.strip()}%"
    hits = [FactHit("partner", key, name, [Piece(name, True)]) for key, name in session.execute(
        select(Actor.key, Actor.name).where(or_(func.lower(Actor.name).like(like.lower()),
                                                 Actor.key == q.strip().upper()))
        .order_by(Actor.name).limit(limit))]
    hits += [FactHit("meeting", str(row.id), row.name, [Piece(row.name, True)])
             for row in _named_meetings(session, q.strip().lower(), limit)]
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

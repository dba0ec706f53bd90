"""Save an analysed document: its row, one record per real-world thing, one source per fact.

Records are shared across documents: an actor by key, a person by ``person:<slug>``, a
resolution by number, a meeting by ``coalition.resolve.meetings``, a commitment by its
normalised text, money and metrics by amount/value and normalised quote. Each fact becomes a
``sources`` row pointing at its record, so a second mention adds a source, never a duplicate.
The caller owns the transaction (one file, one transaction); nothing here commits. Saving the
same document twice adds nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.resolve.meetings import (
    MeetingInfo,
    best_match,
    compatible_kinds,
    enrich,
    kinds_compatible,
    meeting_key,
)
from coalition.store.tables import (
    Actor,
    ActorAlias,
    Base,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    Document,
    LineOfEffort,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
    PersonRole,
    Resolution,
    Source,
)
from coalition.store.upsert import (
    EVERY_ROW,
    Key,
    actor_fields,
    append_rows,
    existing_ids,
    existing_rows,
    insert_rows,
    normalize_text,
    slug,
    table_of,
    text_key,
)

log = logging.getLogger(__name__)

# Facts are written in this order so meetings exist before participations and commitments.
ORDER = ("state", "organization", "armed_group", "person", "resolution", "money", "metric",
         "meeting", "participation", "commitment")
TABLES = ("documents", "actors", "actor_aliases", "person_roles", "resolutions", "money_amounts",
          "metric_observations", "meetings", "participations", "commitments",
          "commitment_actors", "commitment_lines", "sources")
# Tables written at once after the facts are read, in this order: model, natural key, has id.
BULK: dict[str, tuple[type[Base], tuple[str, ...], bool]] = {
    "person_roles": (PersonRole, ("actor_id", "role"), True),
    "resolutions": (Resolution, ("number",), False),
    "money_amounts": (MoneyAmount, ("key",), True),
    "metric_observations": (MetricObservation, ("key",), True),
    "participations": (Participation, ("meeting_id", "actor_id", "role"), True),
    "commitments": (Commitment, ("key",), True),
    "commitment_actors": (CommitmentActor, ("commitment_id", "actor_id"), False),
    "commitment_lines": (CommitmentLine, ("commitment_id", "line_of_effort_key"), False),
}
SOURCE_KEY = ("record_type", "record_id", "document_id", "start", "end")


def document_exists(session: Session, sha256: str) -> bool:
    """Return True when a document with this sha256 is stored."""
    return bool(session.scalar(select(exists().where(Document.sha256 == sha256))))


def stored_sha256s(session: Session) -> frozenset[str]:
    """Return the sha256 of every stored document (batch workers skip these early)."""
    return frozenset(session.scalars(select(Document.sha256)))


def save_analysis(session: Session, *, source: SourceDocument, doc: AnalyzedDoc) -> dict[str, int]:
    """Store ``source`` and every fact of ``doc``; return how many rows each table gained.

    >>> # with session_scope(factory) as session:
    >>> #     save_analysis(session, source=source, doc=analyze(source))["meetings"]
    """
    writer = _Writer(session, source, doc)
    writer.run()
    return {table: writer.added[table] for table in TABLES}


class _Writer:
    """One document's write in about twenty statements, however many facts: the document
    row; its actors (one SELECT, one INSERT); its meetings (one SELECT of the candidates
    sharing a place, matched in memory, one INSERT); then each other table at once (one
    INSERT ... ON CONFLICT, after a SELECT of the stored keys on PostgreSQL); then its
    sources in one INSERT. New rows go in in the order the facts name them, so ids and
    values are those of the former fact-by-fact write."""

    def __init__(self, session: Session, source: SourceDocument, doc: AnalyzedDoc) -> None:
        self.session, self.source, self.doc = session, source, doc
        self.added: Counter[str] = Counter()
        self.meetings: dict[str, str] = {}  # the document's meeting names -> record keys
        self.meeting_pool: list[_MeetingRow] | None = None  # candidates, then the new ones
        self.new_meetings: list[_MeetingRow] = []  # not inserted yet, in order
        self.document_id = 0
        self.issued_on: str | None = None
        self.new_document = False  # a new document's sources cannot exist yet
        self.actors: dict[str, Actor] = {}  # by key: stored rows, or new ones not yet inserted
        self.new_actors: list[Actor] = []  # in first-mention order
        self.actor_ids: dict[str, int] = {}
        self.aliases: dict[tuple[str, str], None] = {}  # (actor key, alias), ordered set
        self.pending: dict[str, dict[Key, dict[str, Any]]] = {t: {} for t in BULK}
        self.ids: dict[str, dict[Key, int]] = {t: {} for t in BULK}
        self.commitment_meeting: dict[Key, int] = {}  # the first meeting a commitment names
        self.links: dict[str, dict[tuple[Key, Any], None]] = {
            "commitment_actors": {}, "commitment_lines": {}}
        self.refs: list[tuple[str, str | None, Any, Fact]] = []  # sources, in order
        self.lines: frozenset[str] | None = None  # keys of the lines of effort, loaded once

    def run(self) -> None:
        self._document()
        rank = {kind: n for n, kind in enumerate(ORDER)}
        facts = sorted((f for f in self.doc.facts if f.kind in rank),
                       key=lambda f: (rank[f.kind], f.start, f.end))
        self._save_actors(facts)
        for fact in facts:
            if fact.kind in ("participation", "commitment"):
                self._save_meetings()  # they refer to meetings by id
            getattr(self, f"_{fact.kind}")(fact)
        self._save_meetings()
        for table in BULK:
            if table == "commitment_actors":
                self._link_commitments()
            self._save(table)
        self._save_sources()
        self.session.flush()
        skipped = len(self.doc.facts) - len(facts) - len(self.doc.facts_of("document_meta"))
        log.debug("saved %d facts (%d place/date facts not stored)", len(facts), skipped,
                  extra={"document": self.source.sha256, "stage": "store"})

    def _document(self) -> None:
        metas = sorted(self.doc.facts_of("document_meta"), key=lambda f: f.start)
        meta = metas[0].attrs if metas else {}
        src = self.source
        stored = self.session.execute(select(Document.id, Document.issued_on)
                                      .where(Document.sha256 == src.sha256)
                                      .execution_options(**EVERY_ROW)).first()
        if stored is None:
            row = {"sha256": src.sha256, "title": src.title, "source": src.source,
                   "media_type": src.media_type, "kind": meta.get("kind") or "other",
                   "issued_on": meta.get("date"), "city": meta.get("city"),
                   "country_iso3": meta.get("country_iso3"), "text": src.text,
                   "size_bytes": src.size_bytes or len(src.text.encode("utf-8")),
                   "ingested_at": datetime.now(UTC)}
            ids, created = insert_rows(self.session, Document, ("sha256",), [row])
            self.document_id, self.issued_on = ids[(src.sha256,)], meta.get("date")
            self.new_document = bool(created)
            self._count("documents", len(created))
        else:
            self.document_id, self.issued_on = stored
        for fact in metas:
            self._source("document_meta", None, self.document_id, fact)

    def _count(self, table: str, created: int) -> None:
        self.added[table] += created

    def _source(self, record_type: str, table: str | None, ref: Any, fact: Fact) -> None:
        """Note a source of ``fact``: its record is ``ref`` (an id, or a key of ``table``)."""
        self.refs.append((record_type, table, ref, fact))

    def _want(self, table: str, key: Key, create: dict[str, Any]) -> Key:
        """Note that a row of ``table`` with natural ``key`` is needed (first mention wins)."""
        self.pending[table].setdefault(key, create)
        return key

    def _save(self, table: str) -> None:
        """Insert the pending rows of ``table`` that are not stored yet; note every id."""
        model, columns, has_id = BULK[table]
        wanted = self.pending[table]
        if not wanted:
            return
        # ON CONFLICT DO NOTHING skips the stored rows, but on PostgreSQL a skipped row would
        # use up a sequence number (and shift later ids): there, rows with an id are looked
        # up first. SQLite gives the next rowid to the rows it inserts only.
        pre = has_id and self.session.get_bind().dialect.name == "postgresql"
        stored = existing_ids(self.session, model, columns, wanted) if pre else {}
        if table == "commitments":
            for key, create in wanted.items():
                create["meeting_id"] = self.commitment_meeting.get(key)
        new = [{**dict(zip(columns, key, strict=True)), **create}
               for key, create in wanted.items() if key not in stored]
        ids, created = insert_rows(self.session, model, columns, new, ids=has_id)
        self._count(table, len(created))
        if has_id:
            self.ids[table] = {**stored, **ids}
        if table == "commitments":  # the first meeting named fills a stored one's gap
            gaps = [{"cid": i, "mid": self.commitment_meeting[key]}
                    for key, i in self.ids[table].items()
                    if key not in created and key in self.commitment_meeting]
            if gaps:  # one executemany UPDATE, a no-op where a meeting is already set
                commitments = table_of(Commitment)
                self.session.execute(
                    update(commitments)
                    .where(commitments.c.id == bindparam("cid"), commitments.c.meeting_id.is_(None))
                    .values(meeting_id=bindparam("mid")), gaps)

    def _save_sources(self) -> None:
        rows: dict[tuple[str, int, int, int], dict[str, Any]] = {}
        for record_type, table, ref, fact in self.refs:
            record_id = ref if table is None else self.ids[table][ref]
            key = (record_type, record_id, fact.start, fact.end)
            if key not in rows:
                rows[key] = {
                    "record_type": record_type, "record_id": record_id,
                    "document_id": self.document_id, "start": fact.start, "end": fact.end,
                    "quote": fact.quote, "extractor": fact.extractor,
                    "extractor_version": fact.version, "confidence": fact.confidence,
                    "review_state": "unreviewed", "attrs": _attrs(record_type, fact)}
        if not self.new_document:
            stored = self.session.execute(
                select(Source.record_type, Source.record_id, Source.start, Source.end)
                .where(Source.document_id == self.document_id).execution_options(**EVERY_ROW))
            for record_type, record_id, start, end in stored:
                rows.pop((record_type, record_id, start, end), None)
            _, created = insert_rows(self.session, Source, SOURCE_KEY, list(rows.values()),
                                     ids=False)
            self._count("sources", len(created))
            return
        append_rows(self.session, Source, list(rows.values()))  # a new document's: all new
        self._count("sources", len(rows))

    # --- actors -------------------------------------------------------------------------

    def _save_actors(self, facts: list[Fact]) -> None:
        """Create or update every actor the facts name, in the order a fact-by-fact write
        would, then their aliases: one SELECT and one INSERT each."""
        mentions = list(self._actor_mentions(facts))
        stored = existing_rows(self.session, Actor, ("key",), ((m[0],) for m in mentions))
        self.actors = {key: actor for (key,), actor in stored.items()}
        for key, name, alias, person in mentions:
            actor = self._actor(key, name, alias)
            if person is not None:
                assert name is not None
                if len(name) > len(actor.name):
                    actor.name = name
                if actor.iso3 is None and person.attrs.get("country_iso3"):
                    actor.iso3 = person.attrs["country_iso3"]
        ids, created = insert_rows(self.session, Actor, ("key",), [
            {"key": a.key, "kind": a.kind, "name": a.name, "iso3": a.iso3}
            for a in self.new_actors])
        self._count("actors", len(created))
        self.actor_ids = {key: actor.id for (key,), actor in stored.items()}
        self.actor_ids.update({key: i for (key,), i in ids.items()})
        aliases: dict[Key, dict[str, Any]] = {}
        for key, alias in self.aliases:
            alias = " ".join(alias.split())[:300]
            if alias:
                aliases.setdefault((self.actor_ids[key], alias), {})
        _, created = insert_rows(self.session, ActorAlias, ("actor_id", "alias"), [
            {"actor_id": k[0], "alias": k[1]} for k in aliases], ids=False)
        self._count("actor_aliases", len(created))

    def _actor_mentions(self, facts: list[Fact]) -> Iterator[
            tuple[str, str | None, str | None, Fact | None]]:
        """Yield ``(key, name, alias, person fact)`` for every actor mention, in write order."""
        meetings = {name for f in facts if f.kind == "meeting" for name in _meeting_names(f)}
        for fact in facts:
            a = fact.attrs
            if fact.kind == "state":
                name = fact.quote.strip() if a.get("form", "name") == "name" else None
                yield a["iso3"], name, fact.quote, None
            elif fact.kind in ("organization", "armed_group"):
                yield a["key"], fact.quote.strip(), fact.quote, None
            elif fact.kind == "person":
                name = _person_name(fact)
                yield _person_key(fact, name), name, name, fact
            elif fact.kind == "participation" and _names_meeting(fact, meetings):
                yield str(a["member"]), None, None, None
            elif fact.kind == "commitment":
                for key in a.get("actors") or []:
                    yield str(key), None, None, None

    def _actor(self, key: str, name: str | None, alias: str | None) -> Actor:
        actor = self.actors.get(key)
        if actor is None:
            actor = Actor(**actor_fields(key, name))  # inserted with the others
            self.actors[key] = actor
            self.new_actors.append(actor)
        if name and actor.name == actor.key:
            actor.name = name  # a real name replaces the key placeholder
        if alias:
            self.aliases.setdefault((key, alias))
        return actor

    def _state(self, fact: Fact) -> None:
        self._source("actor", None, self.actor_ids[fact.attrs["iso3"]], fact)

    def _organization(self, fact: Fact) -> None:
        self._source("actor", None, self.actor_ids[fact.attrs["key"]], fact)

    _armed_group = _organization

    def _person(self, fact: Fact) -> None:
        actor_id = self.actor_ids[_person_key(fact, _person_name(fact))]
        role = fact.attrs.get("role")
        if role:
            key = self._want("person_roles", (actor_id, str(role)[:300]),
                             {"document_id": self.document_id})
            self._source("person_role", "person_roles", key, fact)
        self._source("actor", None, actor_id, fact)

    # --- numbers ------------------------------------------------------------------------

    def _resolution(self, fact: Fact) -> None:
        number = int(fact.attrs["number"])
        self._want("resolutions", (number,), {"body": fact.attrs.get("body") or "UNSC"})
        self._source("resolution", None, number, fact)

    def _money(self, fact: Fact) -> None:
        a = fact.attrs
        amount, currency, per = float(a["amount"]), str(a["currency"]), a.get("per")
        key = self._want("money_amounts", (text_key(amount, currency, per,
                                                    normalize_text(fact.quote)),),
                         {"amount": amount, "currency": currency, "per": per,
                          "text": fact.quote})
        self._source("money", "money_amounts", key, fact)

    def _metric(self, fact: Fact) -> None:
        a = fact.attrs
        value, unit, what = float(a["value"]), str(a.get("unit") or "count"), a.get("what")
        key = self._want("metric_observations", (text_key(
            value, unit, normalize_text(what), normalize_text(fact.quote)),), {
            "value": value, "unit": unit, "what": what, "text": fact.quote,
            "observed_on": self.issued_on})
        self._source("metric", "metric_observations", key, fact)

    # --- meetings and what hangs off them ----------------------------------------------

    def _meeting(self, fact: Fact) -> None:
        a = fact.attrs
        info = _meeting_info(fact)
        key = meeting_key(info)
        if self.meeting_pool is None:
            self.meeting_pool = self._meeting_candidates(
                [_meeting_info(f) for f in self.doc.facts if f.kind == "meeting"])
        pool = self.meeting_pool
        meeting = best_match(info, [(m, m.info) for m in pool
                                    if kinds_compatible(m.info.kind, info.kind)])
        if meeting is not None:
            meeting.enrich(info)
        else:
            meeting = next((m for m in pool if m.key == key), None)
        if meeting is None:  # a new meeting, a candidate for the next mentions: inserted later
            meeting = _MeetingRow(key, info)
            pool.append(meeting)
            self.new_meetings.append(meeting)
        self.meetings[str(a.get("key") or info.name)] = meeting.key
        self.meetings.setdefault(normalize_text(info.name), meeting.key)
        self._source("meeting", "meetings", (meeting.key,), fact)

    def _meeting_candidates(self, infos: list[MeetingInfo]) -> list[_MeetingRow]:
        """Return, in id order, the stored meetings that may be one of ``infos``'s, through
        the indexes on key, city, country and kind (never every meeting): those keyed alike,
        and those of a compatible kind and date in the same city, or in the same country
        where one side has no city. ``best_match`` decides among them.

        Each condition is one of a few statements of fixed shape (`_candidates_of`),
        compiled once and run with the mention's values: one statement OR-ing every
        mention's conditions had a new shape for most documents, and compiling it cost
        more than running it. A city is compared by its raw spelling and its usual case
        variants (the extractor gives the gazetteer's spelling); a stored spelling differing
        in punctuation is found only through its country. Rows, not ORM objects: an undated
        mention's candidates are every meeting of its city and kind, hundreds in a large
        store.
        """
        found: dict[int, _MeetingRow] = {}

        def read(place: str, of_kind: bool, dated: bool, **params: Any) -> None:
            stmt = _candidates_of(place, of_kind=of_kind, dated=dated)
            for meeting_id, key, *values in self.session.execute(stmt, params):
                if meeting_id not in found:
                    found[meeting_id] = _MeetingRow(key, MeetingInfo(*values), meeting_id)

        read("key", False, False, keys=sorted({meeting_key(info) for info in infos}))
        for info in infos:  # indexes: (city, kind), (country_iso3, kind), (.., city, kind)
            kinds = compatible_kinds(info.kind)
            bounds = _date_bounds(info)
            alike: dict[str, Any] = {"of_kind": kinds is not None, "dated": bounds is not None,
                                     **(bounds or {})}
            if kinds is not None:
                alike["kinds"] = sorted(kinds)
            if info.city:
                city = info.city
                spellings = {city, city.lower(), city.title(), city.upper(), city.strip()}
                read("city", cities=sorted(spellings), **alike)
            if info.country_iso3 and not info.city:
                read("country", country=info.country_iso3, **alike)
            elif info.country_iso3:  # the country's meetings without a city: two seeks
                read("country, no city", country=info.country_iso3, **alike)
                read("country, empty city", country=info.country_iso3, **alike)
        return [found[i] for i in sorted(found)]

    def _save_meetings(self) -> None:
        """Insert the new meetings, in order, and update the stored ones a mention enriched
        (once, before anything refers to them)."""
        if "meetings" in self.ids:
            return
        ids, created = insert_rows(self.session, Meeting, ("key",), [
            {"key": m.key, **asdict(m.info), "superseded_by": None} for m in self.new_meetings])
        self._count("meetings", len(created))
        enriched = [{"mid": m.id, **{f: getattr(m.info, f) for f in _ENRICHED}}
                    for m in self.meeting_pool or () if m.id is not None and m.enriched]
        if enriched:
            meetings = table_of(Meeting)
            self.session.execute(update(meetings).where(meetings.c.id == bindparam("mid"))
                                 .values({f: bindparam(f) for f in _ENRICHED}), enriched)
        self.ids["meetings"] = {(m.key,): m.id for m in self.meeting_pool or ()
                                if m.id is not None}
        self.ids["meetings"].update(ids)

    def _meeting_of(self, fact: Fact) -> int | None:
        key, name = fact.attrs.get("meeting_key"), fact.attrs.get("meeting")
        if key and str(key) in self.meetings:
            found: str | None = self.meetings[str(key)]
        else:
            found = self.meetings.get(normalize_text(name)) if name else None
        return None if found is None else self.ids["meetings"][(found,)]

    def _participation(self, fact: Fact) -> None:
        meeting = self._meeting_of(fact)
        if meeting is None:
            log.warning("participation of %s names no meeting of this document",
                        fact.attrs.get("member"), extra={"document": self.source.sha256})
            return
        actor_id = self.actor_ids[str(fact.attrs["member"])]
        key = self._want("participations", (meeting, actor_id, fact.attrs["role"]), {})
        self._source("participation", "participations", key, fact)

    def _commitment(self, fact: Fact) -> None:
        a = fact.attrs
        meeting = self._meeting_of(fact)
        key = self._want("commitments", (text_key(normalize_text(fact.quote)),), {
            "text": fact.quote, "deadline": a.get("deadline"),
            "deadline_text": a.get("deadline_text")})
        if meeting is not None:
            self.commitment_meeting.setdefault(key, meeting)
        for actor in a.get("actors") or []:
            self.links["commitment_actors"].setdefault((key, self.actor_ids[str(actor)]))
        for line in a.get("lines_of_effort") or []:
            if line not in self._lines():
                log.warning("unknown line of effort %r", line)
                continue
            self.links["commitment_lines"].setdefault((key, line))
        self._source("commitment", "commitments", key, fact)

    def _lines(self) -> frozenset[str]:
        if self.lines is None:
            self.lines = frozenset(self.session.scalars(select(LineOfEffort.key)))
        return self.lines

    def _link_commitments(self) -> None:
        """Turn the links noted by commitment key into rows, now that commitments have ids."""
        ids = self.ids["commitments"]
        for table, links in self.links.items():
            for key, value in links:
                self._want(table, (ids[key], value), {})



def _date_bounds(info: MeetingInfo) -> dict[str, str] | None:
    """Return the bounds (``lo``, ``after``) of `_DATED_ALIKE` for the mention's dates, or
    None when it has none: a stored meeting's dates may overlap the mention's at the
    coarser precision (``dates_compatible`` decides exactly) when it is undated, or
    overlaps the mention's months (its years, for a mention dated by years alone).
    """
    start, end = info.start or "", info.end or info.start or ""
    if not (start[:4].isdigit() and end[:4].isdigit()):
        return None
    if len(start) < 7 or len(end) < 7 or not end[5:7].isdigit():  # years only
        return {"lo": start[:4], "after": str(int(end[:4]) + 1)}
    year, month = int(end[:4]), int(end[5:7])
    return {"lo": start[:7], "after": f"{year + month // 12:04d}-{month % 12 + 1:02d}"}


# ISO prefixes compare as strings: a stored start of any precision is at or before the last
# month when it sorts before the month after; a stored end ("2014", "2014-03") runs to the
# end of its year or month, so it is compared with "~" appended (sorting after every digit
# and "-").
_DATED_ALIKE = or_(Meeting.start.is_(None),
                   and_(Meeting.start < bindparam("after"),
                        func.coalesce(Meeting.end, Meeting.start) + "~" >= bindparam("lo")))


_PLACES: dict[str, ColumnElement[bool]] = {
    "key": Meeting.key.in_(bindparam("keys", expanding=True)),
    "city": Meeting.city.in_(bindparam("cities", expanding=True)),
    "country": Meeting.country_iso3 == bindparam("country"),
    "country, no city": and_(Meeting.country_iso3 == bindparam("country"),
                             Meeting.city.is_(None)),
    "country, empty city": and_(Meeting.country_iso3 == bindparam("country"),
                                Meeting.city == ""),
}


@lru_cache(maxsize=None)
def _candidates_of(place: str, *, of_kind: bool, dated: bool) -> Select[Any]:
    """The statement reading the candidate meetings of one place condition (`_PLACES`),
    of the kinds given (``kinds``) and dated alike (``lo``, ``after``) when asked."""
    conditions = [_PLACES[place]]
    if of_kind:
        conditions.append(Meeting.kind.in_(bindparam("kinds", expanding=True)))
    if dated:
        conditions.append(_DATED_ALIKE)
    return (select(Meeting.id, Meeting.key, *(getattr(Meeting, f) for f in _INFO_FIELDS))
            .where(*conditions).execution_options(**EVERY_ROW))


_INFO_FIELDS = tuple(f.name for f in fields(MeetingInfo))  # meeting columns of those names
_ENRICHED = tuple(f for f in _INFO_FIELDS if f != "name")  # a later mention may fill these


@dataclass(slots=True)
class _MeetingRow:
    """A meeting a mention may be merged into: stored (with its id) or new in this write."""

    key: str
    info: MeetingInfo
    id: int | None = None
    enriched: bool = False  # a stored meeting's fields changed: written back on save

    def enrich(self, info: MeetingInfo) -> None:
        """Fill what this meeting lacks from a new mention (:func:`enrich`)."""
        richer = enrich(self.info, info)
        if richer != self.info:
            self.info, self.enriched = richer, True


def _attrs(record_type: str, fact: Fact) -> dict[str, Any] | None:
    """Return what a fact itself says of its record, kept beside its source where a record
    merges what several documents say (a meeting's fields, a commitment's deadline), so that
    a viewer who sees only some of them is shown only what those say
    (:mod:`coalition.store.queries.merged_view`)."""
    if record_type == "meeting":
        return asdict(_meeting_info(fact))
    if record_type == "commitment":
        return {"deadline": fact.attrs.get("deadline"),
                "deadline_text": fact.attrs.get("deadline_text")}
    return None


def _person_name(fact: Fact) -> str:
    return str(fact.attrs.get("name") or fact.quote).strip()


def _person_key(fact: Fact, name: str) -> str:
    return f"person:{fact.attrs.get('key') or slug(name)}"


def _meeting_names(fact: Fact) -> tuple[str, str]:
    """Return the two names a meeting fact is known by within its document."""
    name = str(fact.attrs.get("name") or fact.quote)
    return str(fact.attrs.get("key") or name), normalize_text(name)


def _names_meeting(fact: Fact, names: set[str]) -> bool:
    """Return True when ``fact`` names one of the document's meetings (``_meeting_of``)."""
    key, name = fact.attrs.get("meeting_key"), fact.attrs.get("meeting")
    return bool(key and str(key) in names) or bool(name and normalize_text(name) in names)


def _meeting_info(fact: Fact) -> MeetingInfo:
    a = fact.attrs
    return MeetingInfo(name=str(a.get("name") or fact.quote), kind=a.get("kind") or "other",
                       start=a.get("start"), end=a.get("end"), city=a.get("city"),
                       country_iso3=a.get("country_iso3"))

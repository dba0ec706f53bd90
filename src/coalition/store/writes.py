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
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.resolve.meetings import MeetingInfo, best_match, kinds_compatible, meeting_key
from coalition.store.tables import (
    Actor,
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
    actor_by_key,
    add_alias,
    get_or_create,
    normalize_text,
    slug,
    text_key,
)

log = logging.getLogger(__name__)

# Facts are written in this order so meetings exist before participations and commitments.
ORDER = ("state", "organization", "armed_group", "person", "resolution", "money", "metric",
         "meeting", "participation", "commitment")
TABLES = ("documents", "actors", "actor_aliases", "person_roles", "resolutions", "money_amounts",
          "metric_observations", "meetings", "participations", "commitments",
          "commitment_actors", "commitment_lines", "sources")


def document_exists(session: Session, sha256: str) -> bool:
    """Return True when a document with this sha256 is stored."""
    return bool(session.scalar(select(exists().where(Document.sha256 == sha256))))


def save_analysis(session: Session, *, source: SourceDocument, doc: AnalyzedDoc) -> dict[str, int]:
    """Store ``source`` and every fact of ``doc``; return how many rows each table gained.

    >>> # with session_scope(factory) as session:
    >>> #     save_analysis(session, source=source, doc=analyze(source))["meetings"]
    """
    writer = _Writer(session, source, doc)
    writer.run()
    return {table: writer.added[table] for table in TABLES}


class _Writer:
    """One document's write: the document row, then its facts in dependency order."""

    def __init__(self, session: Session, source: SourceDocument, doc: AnalyzedDoc) -> None:
        self.session, self.source, self.doc = session, source, doc
        self.added: Counter[str] = Counter()
        self.meetings: dict[str, Meeting] = {}  # the document's meeting keys -> records
        self.document: Document | None = None
        self.new_document = False  # a new document's sources cannot exist yet: add in bulk
        self.sources: dict[tuple[str, int, int, int], Source] = {}
        self.actors: dict[str, Actor] = {}  # per-write cache of actors by key
        self.aliases: set[tuple[str, str]] = set()

    def run(self) -> None:
        self.document = self._document()
        rank = {kind: n for n, kind in enumerate(ORDER)}
        facts = sorted((f for f in self.doc.facts if f.kind in rank),
                       key=lambda f: (rank[f.kind], f.start, f.end))
        for fact in facts:
            record_type, record_id = getattr(self, f"_{fact.kind}")(fact)
            if record_id is not None:
                self._source(record_type, record_id, fact)
        self.session.add_all(self.sources.values())
        self.session.flush()
        skipped = len(self.doc.facts) - len(facts) - len(self.doc.facts_of("document_meta"))
        log.debug("saved %d facts (%d place/date facts not stored)", len(facts), skipped,
                  extra={"document": self.source.sha256, "stage": "store"})

    def _count(self, table: str, created: bool) -> None:
        self.added[table] += int(created)

    def _document(self) -> Document:
        metas = sorted(self.doc.facts_of("document_meta"), key=lambda f: f.start)
        meta = metas[0].attrs if metas else {}
        src = self.source
        document, created = get_or_create(self.session, Document, lookup={"sha256": src.sha256},
                                          create={
            "title": src.title, "source": src.source, "media_type": src.media_type,
            "kind": meta.get("kind") or "other", "issued_on": meta.get("date"),
            "city": meta.get("city"), "country_iso3": meta.get("country_iso3"),
            "text": src.text, "size_bytes": src.size_bytes or len(src.text.encode("utf-8")),
            "ingested_at": datetime.now(UTC)})
        self._count("documents", created)
        self.document = document
        self.new_document = created
        for fact in metas:
            self._source("document_meta", document.id, fact)
        return document

    def _source(self, record_type: str, record_id: int, fact: Fact) -> None:
        assert self.document is not None
        if self.new_document:
            key = (record_type, record_id, fact.start, fact.end)
            if key not in self.sources:
                self.sources[key] = Source(
                    record_type=record_type, record_id=record_id, document_id=self.document.id,
                    start=fact.start, end=fact.end, quote=fact.quote, extractor=fact.extractor,
                    extractor_version=fact.version, confidence=fact.confidence,
                    review_state="unreviewed")
                self._count("sources", True)
            return
        _, created = get_or_create(self.session, Source, lookup={
            "record_type": record_type, "record_id": record_id,
            "document_id": self.document.id, "start": fact.start, "end": fact.end}, create={
            "quote": fact.quote, "extractor": fact.extractor,
            "extractor_version": fact.version, "confidence": fact.confidence,
            "review_state": "unreviewed"})
        self._count("sources", created)

    # --- actors -------------------------------------------------------------------------

    def _actor(self, key: str, name: str | None, alias: str | None) -> Actor:
        actor = self.actors.get(key)
        if actor is None:
            actor, created = actor_by_key(self.session, key, name=name)
            self._count("actors", created)
            self.actors[key] = actor
        if name and actor.name == actor.key:
            actor.name = name  # a real name replaces the key placeholder
        if alias and (key, alias) not in self.aliases:
            self.aliases.add((key, alias))
            self._count("actor_aliases", add_alias(self.session, actor, alias))
        return actor

    def _state(self, fact: Fact) -> tuple[str, int]:
        name = fact.quote.strip() if fact.attrs.get("form", "name") == "name" else None
        return "actor", self._actor(fact.attrs["iso3"], name, fact.quote).id

    def _organization(self, fact: Fact) -> tuple[str, int]:
        return "actor", self._actor(fact.attrs["key"], fact.quote.strip(), fact.quote).id

    _armed_group = _organization

    def _person(self, fact: Fact) -> tuple[str, int]:
        name = str(fact.attrs.get("name") or fact.quote).strip()
        actor = self._actor(f"person:{fact.attrs.get('key') or slug(name)}", name, name)
        if len(name) > len(actor.name):
            actor.name = name
        if actor.iso3 is None and fact.attrs.get("country_iso3"):
            actor.iso3 = fact.attrs["country_iso3"]
        role = fact.attrs.get("role")
        if role:
            assert self.document is not None
            person_role, created = get_or_create(
                self.session, PersonRole, lookup={"actor_id": actor.id, "role": str(role)[:300]},
                create={"document_id": self.document.id})
            self._count("person_roles", created)
            self._source("person_role", person_role.id, fact)
        return "actor", actor.id

    # --- numbers ------------------------------------------------------------------------

    def _resolution(self, fact: Fact) -> tuple[str, int]:
        number = int(fact.attrs["number"])
        _, created = get_or_create(self.session, Resolution, lookup={"number": number},
                                   create={"body": fact.attrs.get("body") or "UNSC"})
        self._count("resolutions", created)
        return "resolution", number

    def _money(self, fact: Fact) -> tuple[str, int]:
        a = fact.attrs
        amount, currency, per = float(a["amount"]), str(a["currency"]), a.get("per")
        key = text_key(amount, currency, per, normalize_text(fact.quote))
        row, created = get_or_create(self.session, MoneyAmount, lookup={"key": key}, create={
            "amount": amount, "currency": currency, "per": per, "text": fact.quote})
        self._count("money_amounts", created)
        return "money", row.id

    def _metric(self, fact: Fact) -> tuple[str, int]:
        a = fact.attrs
        value, unit, what = float(a["value"]), str(a.get("unit") or "count"), a.get("what")
        key = text_key(value, unit, normalize_text(what), normalize_text(fact.quote))
        assert self.document is not None
        row, created = get_or_create(self.session, MetricObservation, lookup={"key": key},
                                     create={"value": value, "unit": unit, "what": what,
                                             "text": fact.quote,
                                             "observed_on": self.document.issued_on})
        self._count("metric_observations", created)
        return "metric", row.id

    # --- meetings and what hangs off them ----------------------------------------------

    def _meeting(self, fact: Fact) -> tuple[str, int]:
        a = fact.attrs
        info = MeetingInfo(name=str(a.get("name") or fact.quote), kind=a.get("kind") or "other",
                           start=a.get("start"), end=a.get("end"), city=a.get("city"),
                           country_iso3=a.get("country_iso3"))
        meeting = self._match_meeting(info)
        if meeting is None:
            meeting, created = get_or_create(self.session, Meeting,
                                             lookup={"key": meeting_key(info)}, create={
                "name": info.name, "kind": info.kind, "start": info.start, "end": info.end,
                "city": info.city, "country_iso3": info.country_iso3})
            self._count("meetings", created)
        else:
            _enrich(meeting, info)
        self.meetings[str(a.get("key") or info.name)] = meeting
        self.meetings.setdefault(normalize_text(info.name), meeting)
        return "meeting", meeting.id

    def _match_meeting(self, info: MeetingInfo) -> Meeting | None:
        rows = self.session.scalars(select(Meeting).order_by(Meeting.id)).all()
        candidates = [(m, _info(m)) for m in rows if kinds_compatible(m.kind, info.kind)]
        return best_match(info, candidates)

    def _meeting_of(self, fact: Fact) -> Meeting | None:
        key, name = fact.attrs.get("meeting_key"), fact.attrs.get("meeting")
        if key and str(key) in self.meetings:
            return self.meetings[str(key)]
        return self.meetings.get(normalize_text(name)) if name else None

    def _participation(self, fact: Fact) -> tuple[str, int | None]:
        meeting = self._meeting_of(fact)
        if meeting is None:
            log.warning("participation of %s names no meeting of this document",
                        fact.attrs.get("member"), extra={"document": self.source.sha256})
            return "participation", None
        actor = self._actor(str(fact.attrs["member"]), None, None)
        row, created = get_or_create(self.session, Participation, lookup={
            "meeting_id": meeting.id, "actor_id": actor.id, "role": fact.attrs["role"]})
        self._count("participations", created)
        return "participation", row.id

    def _commitment(self, fact: Fact) -> tuple[str, int]:
        a = fact.attrs
        meeting = self._meeting_of(fact)
        row, created = get_or_create(self.session, Commitment, lookup={
            "key": text_key(normalize_text(fact.quote))}, create={
            "text": fact.quote, "deadline": a.get("deadline"),
            "deadline_text": a.get("deadline_text"),
            "meeting_id": meeting.id if meeting else None})
        self._count("commitments", created)
        if row.meeting_id is None and meeting is not None:
            row.meeting_id = meeting.id
        for key in a.get("actors") or []:
            actor = self._actor(str(key), None, None)
            _, new = get_or_create(self.session, CommitmentActor,
                                   lookup={"commitment_id": row.id, "actor_id": actor.id})
            self._count("commitment_actors", new)
        for key in a.get("lines_of_effort") or []:
            if self.session.get(LineOfEffort, key) is None:
                log.warning("unknown line of effort %r", key)
                continue
            _, new = get_or_create(self.session, CommitmentLine,
                                   lookup={"commitment_id": row.id, "line_of_effort_key": key})
            self._count("commitment_lines", new)
        return "commitment", row.id


def _info(meeting: Meeting) -> MeetingInfo:
    return MeetingInfo(name=meeting.name, kind=meeting.kind, start=meeting.start,
                       end=meeting.end, city=meeting.city, country_iso3=meeting.country_iso3)


def _enrich(meeting: Meeting, info: MeetingInfo) -> None:
    """Fill what a stored meeting lacks from a new mention (a date, a finer date, a place)."""
    if info.start and (not meeting.start or len(info.start) > len(meeting.start)):
        meeting.start, meeting.end = info.start, info.end
    if not meeting.city and info.city:
        meeting.city = info.city
    if not meeting.country_iso3 and info.country_iso3:
        meeting.country_iso3 = info.country_iso3
    if meeting.kind == "other" and info.kind != "other":
        meeting.kind = info.kind


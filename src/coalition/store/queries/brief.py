"""Assemble briefings on a partner, a meeting or a line of effort, every statement footnoted.

A :class:`Briefing` is a list of sections (key facts, timeline, commitments with compliance,
money, metrics); each item names the footnotes behind it, and each footnote is a source
sentence (document title and quote). Facts are confirmed ones by default; ``facts="all"``
adds unreviewed ones. An item with no source in the scope is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.store.queries.commitments import CommitmentRow, commitment_rows_where
from coalition.store.queries.common import SourceRow
from coalition.store.queries.due import DueRow, due_list
from coalition.store.queries.meetings import meeting_detail
from coalition.store.queries.monitor import metric_series, scoped_sources
from coalition.store.queries.partners import MoneyRow, money_rows, partner_profile
from coalition.store.tables import (
    Actor,
    Commitment,
    CommitmentLine,
    ComplianceAssessment,
    LineOfEffort,
    MoneyAmount,
    Participation,
    Source,
)

NOTES_PER_ITEM = 3
SCORES = {1: "complied", 0: "partly complied", -1: "did not comply"}


@dataclass(frozen=True)
class Note:
    """A footnote: the sentence a statement rests on."""

    n: int
    document_id: int
    document_title: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One statement of a briefing and the numbers of its footnotes."""

    text: str
    notes: list[int]


@dataclass(frozen=True)
class Section:
    """A headed list of statements."""

    heading: str
    items: list[Item]


@dataclass(frozen=True)
class Briefing:
    """A briefing: its title, sections and footnotes, and the fact scope it was built from."""

    kind: str
    subject: str
    title: str
    sections: list[Section]
    notes: list[Note]
    facts: str


@dataclass
class _Builder:
    session: Session
    facts: str
    notes: dict[tuple[int, int, int], Note] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)

    def cite(self, record_type: str, ids: Sequence[int]) -> list[int]:
        sources = scoped_sources(self.session, record_type, ids, self.facts)
        return self.cite_rows(sources)

    def cite_rows(self, sources: Sequence[SourceRow]) -> list[int]:
        out: list[int] = []
        for s in sources:
            key = (s.document_id, s.start, s.end)
            if key not in self.notes:
                self.notes[key] = Note(len(self.notes) + 1, s.document_id, s.document_title,
                                       s.quote, s.start, s.end)
            if self.notes[key].n not in out:
                out.append(self.notes[key].n)
            if len(out) == NOTES_PER_ITEM:
                break
        return out

    def add(self, heading: str, items: list[tuple[str, list[int]]]) -> None:
        self.sections.append(Section(heading, [Item(t, n) for t, n in items if n]))

    def build(self, kind: str, subject: str, title: str) -> Briefing:
        return Briefing(kind, subject, title, self.sections,
                        sorted(self.notes.values(), key=lambda n: n.n), self.facts)


def number(value: float) -> str:
    """Return a figure as people write it.

    >>> number(3200000.0), number(98.5)
    ('3,200,000', '98.5')
    """
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _compliance(session: Session, commitment_id: int, actor_id: int | None) -> str:
    stmt = select(ComplianceAssessment.score, ComplianceAssessment.period).where(
        ComplianceAssessment.commitment_id == commitment_id,
        ComplianceAssessment.superseded_by.is_(None))
    if actor_id is not None:
        stmt = stmt.where(ComplianceAssessment.actor_id == actor_id)
    found = [f"{SCORES.get(s, 'no evidence') if s is not None else 'no evidence'}"
             f"{f' ({p})' if p else ''}" for s, p in session.execute(stmt)]
    return "; ".join(found) if found else "not assessed"


def _commitments(b: _Builder, rows: list[CommitmentRow], actor_id: int | None) -> None:
    due: dict[int, DueRow] = {r.commitment_id: r for r in due_list(b.session, facts=b.facts).rows}
    items = []
    for c in rows:
        d = due.get(c.id)
        when = f" Due {d.due or 'on an unknown date'}: {d.status}." if d else ""
        items.append((f"{c.text}{when} Compliance: {_compliance(b.session, c.id, actor_id)}.",
                      b.cite("commitment", [c.id])))
    b.add("Commitments and compliance", items)


def _money(b: _Builder, rows: list[MoneyRow]) -> None:
    states = dict(b.session.execute(select(MoneyAmount.id, MoneyAmount.state)
                                    .where(MoneyAmount.id.in_([m.id for m in rows]))).all())
    b.add("Money", [(f"{m.amount:,.0f} {m.currency}{f' per {m.per}' if m.per else ''}"
                     f" ({states.get(m.id, 'pledge')}, as written: {m.text})",
                     b.cite("money", [m.id])) for m in rows])


def _metrics(b: _Builder, documents: set[int]) -> None:
    items = []
    for s in metric_series(b.session, facts=b.facts).series:
        for p in s.points:
            own = [src for src in p.sources if src.document_id in documents]
            if own:
                items.append((f"{s.what}: {number(p.value)} {s.unit}"
                              f" ({p.observed_on or 'undated'})", b.cite_rows(own)))
    b.add("Metrics", items)


def _documents_of(session: Session, record_type: str, ids: Sequence[int]) -> set[int]:
    return set(session.scalars(select(Source.document_id).where(
        Source.record_type == record_type, Source.record_id.in_(list(ids)))))


def partner_brief(session: Session, key: str, *, facts: str = "confirmed") -> Briefing:
    """Return the briefing on one partner (ISO3 or organization key).

    >>> # partner_brief(session, "IRQ", facts="all").sections[0].heading
    """
    p = partner_profile(session, key)
    b = _Builder(session, facts)
    actor_id = session.scalar(select(Actor.id).where(Actor.key == p.key))
    assert actor_id is not None
    parts = list(session.execute(select(Participation.id, Participation.meeting_id,
                                        Participation.role)
                                 .where(Participation.actor_id == actor_id)))
    by_meeting = {(mid, role): pid for pid, mid, role in parts}
    dated = [m for m in p.meetings if m.start]
    b.add("Key facts", [
        (f"{p.name} ({p.kind}{', ' + p.iso3 if p.iso3 else ''}).", b.cite("actor", [actor_id])),
        (f"Recorded at {len({m.meeting_id for m in p.meetings})} meeting(s)"
         + (f", first on {dated[0].start} ({dated[0].name})" if dated else "") + ".",
         b.cite("participation", [pid for pid, _, _ in parts])),
        (f"Bound by {len(p.commitments)} commitment(s).",
         b.cite("commitment", [c.id for c in p.commitments]))])
    b.add("Timeline", [(f"{m.start or 'undated'}: {m.role} the {m.name}",
                        b.cite("participation", [by_meeting[(m.meeting_id, m.role)]]))
                       for m in sorted(p.meetings, key=lambda m: (m.start is None,
                                                                  m.start or "", m.name))])
    _commitments(b, commitment_rows_where(
        session, Commitment.id.in_([c.id for c in p.commitments])), actor_id)
    _money(b, p.money)
    _metrics(b, _documents_of(session, "actor", [actor_id]))
    return b.build("partner", p.key, f"Briefing: {p.name}")


def meeting_brief(session: Session, meeting_id: int, *, facts: str = "confirmed") -> Briefing:
    """Return the briefing on one meeting: who came, what was decided, money and figures."""
    m = meeting_detail(session, meeting_id)
    b = _Builder(session, facts)
    where = ", ".join(x for x in (m.city, m.country_iso3) if x) or "an unknown place"
    parts: dict[tuple[str, str], int] = {(key, role): pid for pid, key, role in session.execute(
        select(Participation.id, Actor.key, Participation.role)
        .join(Actor, Actor.id == Participation.actor_id)
        .where(Participation.meeting_id == meeting_id))}
    b.add("Key facts", [(f"{m.name}, {m.kind.replace('_', ' ')}, in {where}, "
                         f"{m.start or 'date unknown'}.", b.cite("meeting", [m.id]))])
    b.add("Timeline", [(f"{p.name} {p.role}.",
                        b.cite("participation", [parts.get((p.key, p.role), -1)]))
                       for p in m.participants])
    _commitments(b, m.commitments, None)
    _money(b, m.money)
    _metrics(b, {d.id for d in m.documents})
    return b.build("meeting", str(m.id), f"Briefing: {m.name}")


def line_brief(session: Session, key: str, *, facts: str = "confirmed") -> Briefing:
    """Return the briefing on one line of effort: its commitments, money and figures."""
    line = session.get(LineOfEffort, key)
    if line is None:
        raise NotFound(f"no line of effort {key!r}")
    b = _Builder(session, facts)
    rows = [c for c in commitment_rows_where(session, Commitment.id.in_(
        select(CommitmentLine.commitment_id).where(CommitmentLine.line_of_effort_key == key)))
        if key in c.lines_of_effort]  # the line's current links (superseded ones drop out)
    b.add("Key facts", [(f"{line.name}: {len(rows)} commitment(s) on this line.",
                         b.cite("commitment", [c.id for c in rows]))])
    b.add("Timeline", [(f"{c.meeting_name or 'No meeting known'}: {c.text}",
                        b.cite("commitment", [c.id])) for c in rows])
    _commitments(b, rows, None)
    documents = _documents_of(session, "commitment", [c.id for c in rows])
    money_ids = list(session.scalars(select(Source.record_id).where(
        Source.record_type == "money", Source.document_id.in_(documents))))
    _money(b, money_rows(session, where=MoneyAmount.id.in_(money_ids)))
    _metrics(b, documents)
    return b.build("line-of-effort", key, f"Briefing: {line.name}")

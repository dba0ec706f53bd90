"""Read compliance: current assessments, aggregates with coverage, the heat map, reports,
and suggested evidence.

Averages count only scores (-1, 0, +1); "no evidence available" is counted on its own. The
percentage is ``(average + 1) / 2 * 100``. Coverage is commitments assessed (scored) over
commitments identified: the member/commitment pairs the store binds (``commitment_actors``)
plus any pair someone assessed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.data import load_json
from coalition.errors import NotFound
from coalition.store.queries.common import document_title
from coalition.store.queries.review import sentence_span
from coalition.store.tables import (
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    ComplianceAssessment,
    ComplianceReport,
    Document,
    ReportAssessment,
    Source,
)

Cell = tuple[int, int, int | None]  # actor id, commitment id, score (None: no evidence)


@dataclass(frozen=True)
class Aggregate:
    """The scores of one member, commitment or line of effort, beside their coverage."""

    key: str
    name: str
    identified: int
    assessed: int
    no_evidence: int
    average: float | None
    percent: float | None
    coverage: float | None


@dataclass(frozen=True)
class AssessmentRow:
    """One assessment (current, or as frozen in a report)."""

    id: int
    member: str
    commitment_id: int
    score: int | None
    period: str | None
    rationale: str | None
    evidence: list[dict[str, object]]
    assessor: str | None


@dataclass(frozen=True)
class HeatMap:
    """Members x commitments: each cell is '1', '0', '-1', 'n/e', 'todo' or ''."""

    members: list[str]
    commitments: list[int]
    cells: list[list[str]]


@dataclass(frozen=True)
class ReportRow:
    """A frozen report."""

    id: int
    title: str
    kind: str
    period: str | None
    frozen_at: str


@dataclass(frozen=True)
class Compliance:
    """Everything the compliance page shows, live (report None) or as frozen."""

    report: ReportRow | None
    period: str | None
    overall: Aggregate
    members: list[Aggregate]
    commitments: list[Aggregate]
    lines: list[Aggregate]
    heat: HeatMap
    assessments: list[AssessmentRow]
    reports: list[ReportRow]


@dataclass(frozen=True)
class Suggestion:
    """A stored sentence naming the member that speaks to the commitment's lines."""

    document_id: int
    document_title: str
    start: int
    end: int
    sentence: str
    score: int
    terms: list[str]


def aggregate(key: str, name: str, scores: list[int | None], identified: int) -> Aggregate:
    """Summarise scores (None = no evidence) against the number of pairs identified.

    >>> aggregate("NOR", "Norway", [1, 0, None], 4).percent
    75.0
    """
    scored = [s for s in scores if s is not None]
    avg = sum(scored) / len(scored) if scored else None
    return Aggregate(key, name, identified, len(scored), len(scores) - len(scored),
                     None if avg is None else round(avg, 4),
                     None if avg is None else round((avg + 1) / 2 * 100, 2),
                     round(len(scored) / identified, 4) if identified else None)


def _current(session: Session, period: str | None) -> list[ComplianceAssessment]:
    stmt = select(ComplianceAssessment).where(ComplianceAssessment.superseded_by.is_(None))
    if period:
        stmt = stmt.where(ComplianceAssessment.period == period)
    latest: dict[tuple[int, int], ComplianceAssessment] = {}
    for a in session.scalars(stmt.order_by(ComplianceAssessment.id)):
        latest[(a.actor_id, a.commitment_id)] = a
    return list(latest.values())


def _group(cells: list[Cell], pairs: set[tuple[int, int]], by: dict[tuple[int, int], list[str]],
           names: dict[str, str]) -> list[Aggregate]:
    scores: dict[str, list[int | None]] = defaultdict(list)
    identified: dict[str, int] = defaultdict(int)
    for pair in pairs:
        for key in by.get(pair, []):
            identified[key] += 1
    for actor, commitment, score in cells:
        for key in by.get((actor, commitment), []):
            scores[key].append(score)
    return [aggregate(k, names.get(k, k), scores.get(k, []), identified[k])
            for k in sorted(identified)]


def _rows(session: Session, rows: list[ComplianceAssessment] | list[ReportAssessment],
          keys: dict[int, str]) -> list[AssessmentRow]:
    return [AssessmentRow(r.id if isinstance(r, ComplianceAssessment) else r.assessment_id,
                          keys[r.actor_id], r.commitment_id, r.score, r.period, r.rationale,
                          json.loads(r.evidence) if r.evidence else [], r.assessor)
            for r in rows]


def _report_row(r: ComplianceReport) -> ReportRow:
    return ReportRow(r.id, r.title, r.kind, r.period, r.frozen_at.isoformat())


def list_reports(session: Session) -> list[ReportRow]:
    """Return the frozen reports, newest first."""
    return [_report_row(r) for r in session.scalars(
        select(ComplianceReport).order_by(ComplianceReport.id.desc()))]


def compliance(session: Session, *, period: str | None = None,
               report_id: int | None = None) -> Compliance:
    """Return the live assessments (or a frozen report's) with aggregates and the heat map.

    >>> # compliance(session).overall.percent
    """
    report = session.get(ComplianceReport, report_id) if report_id is not None else None
    if report_id is not None and report is None:
        raise NotFound(f"no report {report_id}")
    rows: list[ComplianceAssessment] | list[ReportAssessment] = (
        list(session.scalars(select(ReportAssessment).where(
            ReportAssessment.report_id == report.id).order_by(ReportAssessment.id)))
        if report is not None else _current(session, period))
    cells: list[Cell] = [(r.actor_id, r.commitment_id, r.score) for r in rows]
    pairs = {(a, c) for a, c in session.execute(
        select(CommitmentActor.actor_id, CommitmentActor.commitment_id))}
    pairs |= {(a, c) for a, c, _ in cells}
    keys = dict(session.execute(select(Actor.id, Actor.key)).all())
    names = {keys[i]: n for i, n in session.execute(select(Actor.id, Actor.name))}
    lines: dict[int, list[str]] = defaultdict(list)
    for cid, line in session.execute(select(CommitmentLine.commitment_id,
                                            CommitmentLine.line_of_effort_key)
                                     .where(CommitmentLine.superseded_at.is_(None))):
        lines[cid].append(line)
    by_member = {p: [keys[p[0]]] for p in pairs}
    by_commitment = {p: [str(p[1])] for p in pairs}
    by_line = {p: lines.get(p[1], []) for p in pairs}
    texts = {str(i): t[:80] for i, t in session.execute(
        select(Commitment.id, Commitment.text).where(Commitment.id.in_({c for _, c in pairs})))}
    overall = aggregate("all", "All members", [s for _, _, s in cells], len(pairs))
    return Compliance(
        _report_row(report) if report else None, report.period if report else period,
        overall, _group(cells, pairs, by_member, names),
        _group(cells, pairs, by_commitment, texts),
        _group(cells, pairs, by_line, {k: k.replace("_", " ") for ps in lines.values()
                                       for k in ps}),
        _heat(cells, pairs, keys), _rows(session, rows, keys), list_reports(session))


def _heat(cells: list[Cell], pairs: set[tuple[int, int]], keys: dict[int, str]) -> HeatMap:
    members = sorted({a for a, _ in pairs}, key=lambda a: keys[a])
    commitments = sorted({c for _, c in pairs})
    scored = {(a, c): "n/e" if s is None else str(s) for a, c, s in cells}
    grid = [[scored.get((a, c), "todo" if (a, c) in pairs else "") for c in commitments]
            for a in members]
    return HeatMap([keys[a] for a in members], commitments, grid)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[tuple[str, re.Pattern[str], int]]]:
    out: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}
    for line, terms in load_json("lines_of_effort_terms.json")["lines"].items():
        out[line] = [(t, re.compile(t), 2) for t in terms.get("strong", [])]
        out[line] += [(t, re.compile(t), 1) for t in terms.get("weak", [])]
    return out


def suggest_evidence(session: Session, *, actor_id: int, commitment_id: int,
                     limit: int = 10) -> list[Suggestion]:
    """Rank the stored sentences naming the member by how much they speak to the
    commitment's lines of effort (strong lexicon terms count 2, weak ones 1)."""
    lines = list(session.scalars(select(CommitmentLine.line_of_effort_key)
                                 .where(CommitmentLine.commitment_id == commitment_id,
                                        CommitmentLine.superseded_at.is_(None))))
    patterns = [p for line in lines for p in _lexicon().get(line, [])]
    seen: set[tuple[int, int]] = set()
    found: list[Suggestion] = []
    stmt = (select(Source.document_id, Source.start, Source.end)
            .where(Source.record_type == "actor", Source.record_id == actor_id,
                   Source.review_state != "rejected")
            .order_by(Source.document_id, Source.start))
    for doc_id, start, end in session.execute(stmt):
        doc = session.get(Document, doc_id)
        assert doc is not None
        lo, hi = sentence_span(doc.text, start, end)
        if (doc_id, lo) in seen:
            continue
        seen.add((doc_id, lo))
        sentence = doc.text[lo:hi]
        hits = [(m.group(0), w) for _, p, w in patterns for m in p.finditer(sentence.lower())]
        if hits:
            found.append(Suggestion(doc_id, document_title(doc_id, doc.title, doc.text[:200]),
                                    lo, hi, sentence, sum(w for _, w in hits),
                                    sorted({t for t, _ in hits})))
    found.sort(key=lambda s: (-s.score, s.document_id, s.start))
    return found[:limit]


def assessment_count(session: Session) -> int:
    """Return how many assessments are stored (current and superseded)."""
    return int(session.scalar(select(func.count()).select_from(ComplianceAssessment)) or 0)

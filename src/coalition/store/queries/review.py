"""Read the review queue: facts (``sources`` rows) by document, each in its sentence.

``review_queue`` gives the facts of one review state (``unreviewed`` by default), grouped by
document, with the words around each span, what the record says now (the fields an analyst
may edit), who extracted it and who reviewed it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.store.queries import cache
from coalition.store.queries.common import document_title, keyset_page
from coalition.store.queries.merged_view import show_meetings, shown_names
from coalition.store.review import EDITABLE, current_value
from coalition.store.tables import Actor, Commitment, Document, Meeting, Participation, Source, User

CONTEXT = 160
QUEUE_LIMIT = 300


@dataclass(frozen=True)
class QueueFact:
    """One fact to review: its span in the sentence, its record, its provenance."""

    id: int
    record_type: str
    record_id: int
    label: str
    before: str
    quote: str
    after: str
    start: int
    end: int
    extractor: str
    extractor_version: str
    confidence: float
    review_state: str
    reviewed_by: str | None
    reviewed_at: str | None
    fields: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueDocument:
    """A document and its facts in the queue."""

    id: int
    title: str
    facts: list[QueueFact]


@dataclass(frozen=True)
class ReviewQueue:
    """The queue: documents with facts in ``state``, and how many facts are in each state."""

    state: str
    documents: list[QueueDocument]
    remaining: int
    counts: dict[str, int]
    next: str | None = None  # the cursor of the next facts (``?after=``), None at the end


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the sentence around ``text[start:end]`` (at most CONTEXT chars
    either side).

    >>> sentence_span("One. Two words here. Three.", 9, 14)
    (5, 20)
    """
    lo = max(0, start - CONTEXT)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start))
    lo = cut + 2 if cut >= 0 and text[cut] == "." else cut + 1 if cut >= 0 else lo
    if end > start and text[end - 1] in ".!?":
        return lo, end  # the span ends its sentence
    hi = min(len(text), end + CONTEXT)
    stop = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i >= 0]
    hi = min(stop) + (1 if text[min(stop)] == "." else 0) if stop else hi
    return lo, hi


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    lo, hi = sentence_span(text, start, end)
    return text[lo:start], text[end:hi]


def _label(session: Session, record_type: str, record_id: int) -> str:
    if record_type == "meeting":
        stored = session.get(Meeting, record_id)
        if stored is None:
            return "meeting"
        m = show_meetings(session, [stored])[0]
        return f"meeting: {m.name} ({m.start or 'no date'}, {m.city or m.country_iso3 or '?'})"
    if record_type == "participation":
        row = session.execute(select(Actor.key, Participation.role, Meeting.id, Meeting.name)
                              .join(Actor, Actor.id == Participation.actor_id)
                              .join(Meeting, Meeting.id == Participation.meeting_id)
                              .where(Participation.id == record_id)).first()
        if row is None:
            return "participation"
        name = shown_names(session, {row[2]: row[3]})[row[2]]
        return f"participation: {row[0]} {row[1]} {name}"
    if record_type == "commitment":
        if session.get(Commitment, record_id) is None:
            return "commitment"
        deadline = current_value(session, "commitment", record_id, "deadline")
        return f"commitment #{record_id}: deadline {deadline or 'none'}"
    if record_type == "actor":
        actor = session.get(Actor, record_id)
        return f"{actor.kind}: {actor.name}" if actor else "actor"
    return f"{record_type} #{record_id}"


def _fields(session: Session, record_type: str, record_id: int) -> dict[str, str | None]:
    return {name: current_value(session, record_type, record_id, name)
            for name in EDITABLE.get(record_type, {})}


def _state_counts(session: Session) -> dict[str, int]:
    counts = Counter(dict(session.execute(select(Source.review_state, func.count())
                                          .group_by(Source.review_state)).all()))
    return {state: int(counts.get(state, 0))
            for state in ("unreviewed", "confirmed", "edited", "rejected")}


def state_counts(session: Session) -> dict[str, int]:
    """Return how many facts are in each review state (cached until the next write)."""
    return cache.cached(session, "review_state_counts", (), lambda: _state_counts(session))


def review_queue(session: Session, *, state: str = "unreviewed", document: int | None = None,
                 limit: int = QUEUE_LIMIT, after: str | None = None) -> ReviewQueue:
    """Return up to ``limit`` facts in ``state``, grouped by document, in reading order;
    ``after`` (the ``next`` of the previous call) continues where that one stopped.

    >>> # review_queue(session).remaining
    """
    stmt = select(Source.id).where(Source.review_state == state)
    if document is not None:
        stmt = stmt.where(Source.document_id == document)
    found, cursor = keyset_page(session, stmt, [Source.document_id, Source.start, Source.id],
                                sort=f"review:{state}", after=after, per_page=limit)
    by_id = {s.id: s for s in session.scalars(
        select(Source).where(Source.id.in_([i for (i,) in found])))}
    users = dict(session.execute(select(User.id, User.name)).all())
    docs: dict[int, QueueDocument] = {}
    for s in (by_id[i] for (i,) in found if i in by_id):
        if s.document_id not in docs:
            d = session.get(Document, s.document_id)
            assert d is not None
            docs[d.id] = QueueDocument(d.id, document_title(d.id, d.title, d.text[:200]), [])
        text = session.get(Document, s.document_id).text  # type: ignore[union-attr]
        before, after = _sentence(text, s.start, s.end)
        docs[s.document_id].facts.append(QueueFact(
            s.id, s.record_type, s.record_id, _label(session, s.record_type, s.record_id),
            before, text[s.start:s.end], after, s.start, s.end, s.extractor,
            s.extractor_version, s.confidence, s.review_state,
            users.get(s.reviewed_by) if s.reviewed_by else None,
            s.reviewed_at.isoformat() if s.reviewed_at else None,
            _fields(session, s.record_type, s.record_id)))
    counts = state_counts(session)
    return ReviewQueue(state, list(docs.values()), counts["unreviewed"], counts, cursor)


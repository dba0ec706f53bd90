"""A random synthetic store for the scale tests: documents, meetings, commitments and their
sources inserted straight through the tables, plus what the lists should answer, computed
here in plain Python from the generated rows (not by the query layer)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coalition.store.tables import (
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    Document,
    Meeting,
    Source,
)

KINDS = ("communique", "joint_statement", "news")
CITIES = ("Brussels", "Rome", None)
LINES = ("finance", "military", "political")


@dataclass
class Synthetic:
    """What was inserted, in the shape the expectations need."""

    docs: dict[int, dict[str, object]] = field(default_factory=dict)
    meetings: dict[int, dict[str, object]] = field(default_factory=dict)
    commitments: dict[int, dict[str, object]] = field(default_factory=dict)
    sources: list[dict[str, object]] = field(default_factory=list)
    lines: dict[int, set[str]] = field(default_factory=dict)  # commitment -> lines of effort
    bound: dict[int, set[str]] = field(default_factory=dict)  # commitment -> actor keys

    def doc_date(self, doc_id: int) -> str | None:
        """A document's own date, else the latest start of the meetings it mentions."""
        own = self.docs[doc_id]["issued_on"]
        starts = [self.meetings[int(str(s["record_id"]))]["start"] for s in self.sources
                  if s["document_id"] == doc_id and s["record_type"] == "meeting"]
        dated = [str(s) for s in starts if s]
        return str(own) if own else max(dated) if dated else None

    def facts(self, doc_id: int) -> int:
        """How many sources the document has."""
        return sum(1 for s in self.sources if s["document_id"] == doc_id)

    def first_source(self, commitment_id: int) -> dict[str, object]:
        """The commitment's source with the lowest id."""
        return min((s for s in self.sources if s["record_type"] == "commitment"
                    and s["record_id"] == commitment_id), key=lambda s: int(str(s["id"])))

    def own_meeting(self, doc_id: int) -> int | None:
        """The meeting held where the document was issued, else the first it mentions."""
        city = self.docs[doc_id]["city"]
        ranks = []
        for s in self.sources:
            if s["document_id"] == doc_id and s["record_type"] == "meeting":
                m = int(str(s["record_id"]))
                same = city is not None and self.meetings[m]["city"] == city
                ranks.append((0 if same else 1, int(str(s["start"])), m))
        return min(ranks)[2] if ranks else None

    def meeting_of(self, commitment_id: int) -> int | None:
        """The commitment's linked meeting, else its first document's own meeting."""
        linked = self.commitments[commitment_id]["meeting_id"]
        if linked is not None:
            return int(str(linked))
        return self.own_meeting(int(str(self.first_source(commitment_id)["document_id"])))


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def build(session: Session, *, documents: int = 60, seed: int = 11) -> Synthetic:
    """Insert a random store of ``documents`` documents; return what was inserted."""
    rng = random.Random(seed)
    out = Synthetic()
    session.execute(insert(Actor), [{"id": i, "key": f"P{i}", "kind": "state",
                                     "name": f"Partner {i}"} for i in range(1, 6)])
    for m in range(1, 9):
        out.meetings[m] = {"id": m, "key": f"m{m}", "name": f"Meeting {chr(72 - m)}",
                           "kind": "conference", "start": _date(rng) if m % 4 else None,
                           "city": rng.choice(CITIES)}
    session.execute(insert(Meeting), list(out.meetings.values()))
    now = datetime.now(UTC)
    for d in range(1, documents + 1):
        text = f"Text {rng.random():.6f} of document {d}. " * 3
        out.docs[d] = {"id": d, "sha256": f"{d:064x}", "source": f"{d}.txt",
                       "media_type": "text/plain", "kind": rng.choice(KINDS),
                       "title": f"Title {rng.randint(0, 999):03d} {d}" if d % 5 else None,
                       "issued_on": _date(rng) if d % 3 else None,
                       "city": rng.choice(CITIES), "country_iso3": rng.choice(("BEL", None)),
                       "text": text, "size_bytes": len(text), "ingested_at": now}
    session.execute(insert(Document), list(out.docs.values()))
    commitment = 0
    for d in out.docs:
        kinds = [("meeting", m) for m in rng.sample(range(1, 9), rng.randint(0, 2))]
        kinds += [("actor", a) for a in rng.sample(range(1, 6), rng.randint(0, 3))]
        if rng.random() < 0.6:
            commitment += 1
            kinds.append(("commitment", commitment))
            out.commitments[commitment] = {
                "id": commitment, "key": f"c{commitment}", "text": f"We commit {d} {rng.random()}",
                "deadline": _date(rng) if rng.random() < 0.5 else None,
                "meeting_id": rng.randint(1, 8) if rng.random() < 0.3 else None}
        for n, (record_type, record_id) in enumerate(rng.sample(kinds, len(kinds))):
            out.sources.append({
                "id": len(out.sources) + 1, "document_id": d, "record_type": record_type,
                "record_id": record_id, "start": n * 10, "end": n * 10 + 5, "quote": "q",
                "extractor": "synthetic", "extractor_version": "1", "confidence": 0.5,
                "review_state": rng.choice(("unreviewed", "unreviewed", "confirmed",
                                            "rejected"))})
    for c in out.commitments:
        out.lines[c] = set(rng.sample(LINES, rng.randint(1, 2)))
        out.bound[c] = {f"P{a}" for a in rng.sample(range(1, 6), rng.randint(0, 2))}
    session.execute(insert(Commitment), list(out.commitments.values()))
    session.execute(insert(CommitmentLine), [{"commitment_id": c, "line_of_effort_key": k}
                                             for c, keys in out.lines.items() for k in keys])
    session.execute(insert(CommitmentActor), [{"commitment_id": c, "actor_id": int(k[1:])}
                                              for c, keys in out.bound.items() for k in keys])
    session.execute(insert(Source), out.sources)
    return out

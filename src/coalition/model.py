"""Frozen records passed between the stages: read -> segment -> extract -> resolve -> store.

A `Fact` cannot exist without its provenance: the document it came from (sha256), the
character span, the quote (``text[start:end]``), the extractor and its version, and a
confidence. Kind-specific payload lives in ``attrs`` (JSON-serialisable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOCUMENT_KINDS = (
    "communique", "joint_statement", "press_release", "remarks", "news",
    "encyclopedia", "testimony", "other",
)
MEETING_KINDS = (
    "ministerial_plenary", "small_group", "working_group", "conference", "summit",
    "pledging_conference", "hearing", "other",
)
PARTICIPATION_ROLES = ("attended", "hosted", "signed", "declined", "absent", "joined")
REVIEW_STATES = ("unreviewed", "confirmed", "edited", "rejected")


@dataclass(frozen=True)
class SourceDocument:
    """A document as read from disk: its text and where it came from."""

    sha256: str
    text: str
    source: str
    media_type: str
    title: str | None = None
    size_bytes: int = 0


@dataclass(frozen=True)
class Segment:
    """A span of the text that extractors read as a unit (a sentence, a heading, a list)."""

    start: int
    end: int
    text: str
    kind: str = "sentence"  # sentence | heading | list | dateline


@dataclass(frozen=True)
class Fact:
    """One extracted fact with its provenance.

    ``kind`` is one of: state, organization, armed_group, person, place, date, resolution,
    money, metric, document_meta, meeting, participation, commitment.
    """

    document: str
    kind: str
    start: int
    end: int
    quote: str
    extractor: str
    version: str
    confidence: float
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.document or not self.extractor or not self.version:
            raise ValueError("a fact needs its document, extractor and version")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")


@dataclass
class AnalyzedDoc:
    """The working state of one document inside the pipeline.

    Components read ``text``, ``segments`` and the facts earlier components assigned, and
    return new facts; they never mutate this object themselves (the pipeline does).
    """

    sha256: str
    text: str
    source: str = ""
    title: str | None = None
    segments: list[Segment] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    tokens: Any = None  # the spaCy Doc over the whole text, shared by matcher-based components

    def facts_of(self, *kinds: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]

    def sentences(self) -> list[Segment]:
        return [s for s in self.segments if s.kind != "list"]

    def segment_at(self, pos: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= pos < seg.end:
                return seg
        return None

    def facts_in(self, start: int, end: int, *kinds: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds and f.start >= start and f.end <= end]

    def fact(self, kind: str, start: int, end: int, extractor: str, version: str,
             confidence: float, /, **attrs: Any) -> Fact:
        """Build a fact on this document; the quote is cut from the text itself."""
        return Fact(self.sha256, kind, start, end, self.text[start:end], extractor, version,
                    confidence, attrs)

"""Frozen records passed between the stages: read -> segment -> extract -> resolve -> store.

A `Fact` cannot exist without its provenance: the document it came from (sha256), the
character span, the quote (``text[start:end]``), the extractor and its version, and a
confidence. Kind-specific payload lives in ``attrs`` (JSON-serialisable).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar, cast

DOCUMENT_KINDS = (
    "communique", "joint_statement", "press_release", "remarks", "news",
    "encyclopedia", "testimony", "other",
)
MEETING_KINDS = (
    "ministerial_plenary", "small_group", "working_group", "conference", "summit",
    "pledging_conference", "hearing", "other",
)
T = TypeVar("T")

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
    _index: _FactIndex | None = field(default=None, init=False, repr=False, compare=False)
    _derived: dict[Callable[[str], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, compute: Callable[[str], T]) -> T:
        """``compute(self.text)``, computed once for this document and shared by the
        components that read it (the dates both the dates and the document components use).
        Kept on the document, not keyed by its text: another document with the same text,
        as a benchmark that repeats its documents has, is read anew."""
        if compute not in self._derived:
            self._derived[compute] = compute(self.text)
        return cast(T, self._derived[compute])

    def facts_of(self, *kinds: str) -> list[Fact]:
        """The facts of these kinds, in the order they were added."""
        return _FactIndex.of(self).of_kinds(kinds)

    def sentences(self) -> list[Segment]:
        return [s for s in self.segments if s.kind != "list"]

    def segment_at(self, pos: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= pos < seg.end:
                return seg
        return None

    def facts_in(self, start: int, end: int, *kinds: str) -> list[Fact]:
        """The facts of these kinds that lie within ``start..end``, in the order added."""
        return _FactIndex.of(self).within(start, end, kinds)

    def fact(self, kind: str, start: int, end: int, extractor: str, version: str,
             confidence: float, /, **attrs: Any) -> Fact:
        """Build a fact on this document; the quote is cut from the text itself."""
        return Fact(self.sha256, kind, start, end, self.text[start:end], extractor, version,
                    confidence, attrs)


class SpanIndex:
    """Some facts sorted by start (then by end, longest first), for span look-ups by
    bisection."""

    def __init__(self, facts: list[Fact]) -> None:
        # By start, then by end backwards: two stable sorts on attributes, no key tuples.
        self.facts = sorted(facts, key=attrgetter("end"), reverse=True)
        self.facts.sort(key=attrgetter("start"))
        self._starts = [f.start for f in self.facts]

    def within(self, start: int, end: int) -> list[Fact]:
        """The facts that lie inside ``start..end``, in text order."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [f for f in self.facts[lo:hi] if f.end <= end]


class _FactIndex:
    """``AnalyzedDoc.facts`` grouped by kind, and by start within a kind, for the lookups
    every component makes (a linear scan of all facts per sentence cost ~4% of extraction).

    Facts are only ever appended while a document is analysed, so the index catches up with
    the facts added since it last looked; a list replaced or shortened is indexed anew.
    """

    def __init__(self, facts: list[Fact]) -> None:
        self.facts = facts
        self.seen = 0
        self.by_kind: dict[str, list[tuple[int, Fact]]] = {}
        self.by_start: dict[str, tuple[list[int], list[tuple[int, Fact]]]] = {}

    @staticmethod
    def of(doc: AnalyzedDoc) -> _FactIndex:
        index = doc._index
        if index is None or index.facts is not doc.facts or index.seen > len(doc.facts):
            index = doc._index = _FactIndex(doc.facts)
        if index.seen < len(index.facts):
            index.catch_up()
        return index

    def catch_up(self) -> None:
        for order in range(self.seen, len(self.facts)):
            fact = self.facts[order]
            self.by_kind.setdefault(fact.kind, []).append((order, fact))
            self.by_start.pop(fact.kind, None)
        self.seen = len(self.facts)

    def of_kinds(self, kinds: tuple[str, ...]) -> list[Fact]:
        if len(kinds) == 1:
            return [f for _, f in self.by_kind.get(kinds[0], ())]
        found = [pair for kind in dict.fromkeys(kinds) for pair in self.by_kind.get(kind, ())]
        found.sort(key=_order)
        return [f for _, f in found]

    def within(self, start: int, end: int, kinds: tuple[str, ...]) -> list[Fact]:
        found: list[tuple[int, Fact]] = []
        for kind in dict.fromkeys(kinds):
            starts, pairs = self._sorted(kind)
            for pair in pairs[bisect_left(starts, start):bisect_right(starts, end)]:
                if pair[1].end <= end:
                    found.append(pair)
        found.sort(key=_order)
        return [f for _, f in found]

    def _sorted(self, kind: str) -> tuple[list[int], list[tuple[int, Fact]]]:
        if kind not in self.by_start:
            pairs = sorted(self.by_kind.get(kind, ()), key=lambda p: (p[1].start, p[0]))
            self.by_start[kind] = ([p[1].start for p in pairs], pairs)
        return self.by_start[kind]


def _order(pair: tuple[int, Fact]) -> int:
    return pair[0]

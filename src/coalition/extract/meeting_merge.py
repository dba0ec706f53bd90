"""Mentions of meetings and their merging: one meeting per event named in a document.

Two mentions are one meeting when no field contradicts (kind, date at the coarser precision,
city, country, proper name); a mention without date or place joins the meeting spoken of
last. The fuller mention wins each field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coalition.model import Fact

NEAR = 400  # characters: how far a mention that shares no field may reach back to a meeting


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


@dataclass
class Mention:
    """One mention of a meeting, with what its clause says about it."""

    anchors: list[tuple[int, int]]
    kind: str
    clause: tuple[int, int]
    verb: bool = False
    plural: bool = False
    date: Fact | None = None
    start: str | None = None
    end: str | None = None
    city: str | None = None
    country: str | None = None
    name: str | None = None
    support: list[tuple[int, int]] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        spans = self.anchors + self.support
        return min(s for s, _ in spans), max(e for _, e in spans)

    def has_info(self) -> bool:
        return bool(self.start or self.city or self.country)

    def distance(self, span: tuple[int, int]) -> int:
        if len(self.anchors) == 1:  # most mentions: no generator
            return gap(self.anchors[0], span)
        return min(gap(a, span) for a in self.anchors)


@dataclass
class Meeting:
    """Mentions merged into one meeting."""

    mentions: list[Mention]
    kind: str
    start: str | None = None
    end: str | None = None
    city: str | None = None
    country: str | None = None
    name: str | None = None
    key: str = ""

    def last(self) -> int:
        return max(m.anchors[0][0] for m in self.mentions)


def _agree(a: str | None, b: str | None, prefix: bool = False) -> bool:
    if not a or not b:
        return True
    if prefix:
        n = min(len(a), len(b))
        return a[:n] == b[:n]
    return a.lower() == b.lower()


# Kinds one meeting may be called by: a working group holds plenaries.
KIND_OVERLAPS = frozenset({frozenset({"working_group", "ministerial_plenary"})})


def _during(start: str | None, end: str | None, day: str | None) -> bool:
    """The day falls inside the dates ``start``..``end`` ("22-23 October" holds the 23rd)."""
    return bool(day and start and end and len(day) == len(start) and start <= day <= end)


def compatible(meeting: Meeting, mention: Mention) -> bool:
    """No field of the mention contradicts the meeting."""
    kinds_ok = ("other" in (meeting.kind, mention.kind) or meeting.kind == mention.kind
                or frozenset({meeting.kind, mention.kind}) in KIND_OVERLAPS)
    names_ok = _names_agree(meeting.name, mention.name)
    dates_ok = (_agree(meeting.start, mention.start, prefix=True)
                or _during(meeting.start, meeting.end, mention.start)
                or (_during(mention.start, mention.end, meeting.start)
                    and all(m.clause != mention.clause for m in meeting.mentions)))
    return (kinds_ok and names_ok and dates_ok
            and _agree(meeting.city, mention.city) and _agree(meeting.country, mention.country))


_NAME_NOISE = re.compile(r"\b(?:\d+|January|February|March|April|May|June|July|August|September|"
                         r"October|November|December|the)\b\s*", re.I)


def _names_agree(a: str | None, b: str | None) -> bool:
    """Two proper names agree when one (without its dates) holds the other."""
    if not a or not b:
        return True
    a, b = _NAME_NOISE.sub("", a).strip().lower(), _NAME_NOISE.sub("", b).strip().lower()
    return a in b or b in a


def _shares(meeting: Meeting, mention: Mention) -> bool:
    pairs = ((meeting.start, mention.start), (meeting.city, mention.city),
             (meeting.country, mention.country), (meeting.name, mention.name))
    return any(a and b for a, b in pairs)


def _absorb(meeting: Meeting, mention: Mention) -> None:
    """Add a mention; the fuller value wins each field (a finer date, a named kind)."""
    meeting.mentions.append(mention)
    if not mention.has_info():
        return
    if mention.start and (len(mention.start) > len(meeting.start or "") or (
            not meeting.end and _during(mention.start, mention.end, meeting.start))):
        meeting.start, meeting.end = mention.start, mention.end  # finer, or the whole range
    meeting.end = meeting.end or mention.end
    meeting.city = meeting.city or mention.city
    meeting.country = meeting.country or mention.country
    meeting.name = meeting.name or mention.name
    if meeting.kind == "other":
        meeting.kind = mention.kind


def merge(mentions: list[Mention]) -> list[Meeting]:
    """Merge mentions (in text order) into meetings; a mention without date or place joins
    the meeting last spoken of, or is dropped. A mention that shares no field with any
    meeting joins the last one spoken of only if that was within ``NEAR`` characters."""
    meetings: list[Meeting] = []
    for mention in sorted(mentions, key=lambda m: m.anchors[0]):
        recent = sorted((m for m in meetings if compatible(m, mention)),
                        key=Meeting.last, reverse=True)
        if not mention.has_info():
            if recent:
                recent[0].mentions.append(mention)
            continue
        near = recent[0] if recent and mention.anchors[0][0] - recent[0].last() <= NEAR else None
        target = next((m for m in recent if _shares(m, mention)), near)
        if target is None:
            target = Meeting([], mention.kind)
            meetings.append(target)
        _absorb(target, mention)
    return meetings

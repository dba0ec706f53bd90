"""Decide whether two meeting mentions are one real-world meeting, and key a new one.

Two mentions are the same meeting when their kinds are compatible, they took place in the
same city (or, lacking a city on either side, the same country) and their dates agree at the
coarser of the two precisions. A mention with no date matches a dated one in the same place:
"the Brussels ministerial plenary" in a second document is the dated plenary of the first.
Pure functions: the store queries the candidates and calls ``best_match``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# Kinds a writer may use for the same event; "other" is compatible with everything.
COMPATIBLE_KINDS = frozenset({
    frozenset({"conference", "pledging_conference"}),
    frozenset({"ministerial_plenary", "conference"}),
})


@dataclass(frozen=True)
class MeetingInfo:
    """What a mention (or a stored meeting) says about a meeting."""

    name: str
    kind: str = "other"
    start: str | None = None
    end: str | None = None
    city: str | None = None
    country_iso3: str | None = None


@lru_cache(maxsize=8192)
def _norm(value: str | None) -> str:
    """Case- and punctuation-blind form of a name or city (cached: a store's candidates
    repeat the same few cities and names mention after mention)."""
    return re.sub(r"[^0-9a-z]+", " ", (value or "").casefold()).strip()


def kinds_compatible(a: str, b: str) -> bool:
    """Return True when two meeting kinds may name the same event.

    >>> kinds_compatible("ministerial_plenary", "other"), kinds_compatible("summit", "hearing")
    (True, False)
    """
    return a == b or "other" in (a, b) or frozenset({a, b}) in COMPATIBLE_KINDS


def compatible_kinds(kind: str) -> frozenset[str] | None:
    """Return every kind compatible with ``kind``, or None when all are ("other").

    >>> sorted(compatible_kinds("pledging_conference") or ())
    ['conference', 'other', 'pledging_conference']
    """
    if kind == "other":
        return None
    return frozenset({kind, "other"}).union(*(pair for pair in COMPATIBLE_KINDS if kind in pair))


def places_compatible(a: MeetingInfo, b: MeetingInfo) -> bool:
    """Same city when both give one, else the same country; unknown places never match."""
    if a.city and b.city:
        return _norm(a.city) == _norm(b.city)
    if a.country_iso3 and b.country_iso3:
        return a.country_iso3 == b.country_iso3
    return False


def _span(info: MeetingInfo) -> tuple[str, str] | None:
    if not info.start:
        return None
    return info.start, info.end or info.start


def dates_compatible(a: MeetingInfo, b: MeetingInfo) -> bool:
    """Return True when the date ranges overlap at the coarser precision (or one is undated).

    >>> dates_compatible(MeetingInfo("x", start="2014-12"), MeetingInfo("y", start="2014-12-03"))
    True
    >>> dates_compatible(MeetingInfo("x", start="2014-12-02"), MeetingInfo("y", start="2014-12-03"))
    False
    """
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return True
    width = min(len(sa[0]), len(sa[1]), len(sb[0]), len(sb[1]))
    a0, a1 = sa[0][:width], sa[1][:width]
    b0, b1 = sb[0][:width], sb[1][:width]
    return a0 <= b1 and b0 <= a1


def same_meeting(a: MeetingInfo, b: MeetingInfo) -> bool:
    """Return True when ``a`` and ``b`` describe one real-world meeting.

    >>> dated = MeetingInfo("First plenary", "ministerial_plenary", "2014-12-03", None,
    ...                     "Brussels", "BEL")
    >>> same_meeting(dated, MeetingInfo("Brussels ministerial", "ministerial_plenary",
    ...                                 city="Brussels"))
    True
    """
    return (kinds_compatible(a.kind, b.kind) and places_compatible(a, b)
            and dates_compatible(a, b))


def _name_overlap(a: str, b: str) -> float:
    ta, tb = set(_norm(a).split()), set(_norm(b).split())
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def best_match(new: MeetingInfo, candidates: Sequence[tuple[T, MeetingInfo]]) -> T | None:
    """Return the candidate that is ``new``'s meeting, preferring dated, same-kind, same-named.

    Candidates are ``(handle, info)`` pairs; the first best one wins on ties, so pass them in
    a stable order (by id).
    """
    best: tuple[tuple[int, int, float], T] | None = None
    for handle, info in candidates:
        if not same_meeting(new, info):
            continue
        score = (int(bool(new.start and info.start)), int(new.kind == info.kind),
                 _name_overlap(new.name, info.name))
        if best is None or score > best[0]:
            best = (score, handle)
    return None if best is None else best[1]


def meeting_key(info: MeetingInfo) -> str:
    """Build the document-independent key of a new meeting record.

    >>> meeting_key(MeetingInfo("Plenary", "ministerial_plenary", "2014-12-03", None, "Brussels"))
    'ministerial_plenary:2014-12-03:brussels:0a91e050'
    """
    place = _norm(info.city or info.country_iso3 or "unplaced").replace(" ", "-")[:40]
    digest = hashlib.sha256(_norm(info.name).encode()).hexdigest()[:8]
    return f"{info.kind[:30]}:{info.start or 'undated'}:{place}:{digest}"


def enrich(known: MeetingInfo, new: MeetingInfo) -> MeetingInfo:
    """Fill what ``known`` lacks from a later mention of the same meeting: a date or a finer
    one, a city, a country, a kind other than "other". The name stays the first one.

    >>> enrich(MeetingInfo("Plenary", start="2014-12"), MeetingInfo("x", start="2014-12-03")).start
    '2014-12-03'
    """
    finer = bool(new.start) and (not known.start or len(new.start or "") > len(known.start))
    return replace(
        known, kind=new.kind if known.kind == "other" else known.kind,
        start=new.start if finer else known.start, end=new.end if finer else known.end,
        city=known.city if known.city or not new.city else new.city,
        country_iso3=known.country_iso3 if known.country_iso3 or not new.country_iso3
        else new.country_iso3)

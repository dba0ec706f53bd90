"""Document component: the document's own date, place of issue and kind (one fact).

Where the date and place come from, in order:

1. a dateline near the top: a city (and maybe ", Country") then a date, on a line of its
   own ("Paris, 3 March 2019") or opening a news item ("Rome, Feb. 2: ...");
2. a line near the top that holds nothing but a date (date only);
3. the first sentence of the body when it tells of a meeting ("On 4 May, ministers met in
   Rome, Italy"): its "in CITY" gives the place, a date in it gives the date.

Encyclopedia articles have no place or date of issue. The date is null when the text gives
no year for it. The kind comes from the weighted cue phrases of
``extract/patterns/document_kinds.jsonl``. The fact's span is the dateline or sentence that
gave the date or place, else the strongest kind cue, else the first segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from coalition.data import load_patterns
from coalition.extract.dates import DateMatch, dates_of
from coalition.extract.places import dateline_lookup, lookup
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact, Segment

COMPONENTS = ("document",)
NAME = "document"
VERSION = rules_version("1")
HEAD_CHARS = 1500
KIND_HEAD_CHARS = 800
TITLE_LINES = 3
TITLE_MAX_CHARS = 160
MIN_SCORE = 1.5
ALL_HEAD, ALL_TAIL = 40_000, 10_000
MAX_LEAD_IN = 40
# A country after the city: capitalised words, "of"/"the"/"and" inside ("Kingdom of Morocco").
_COUNTRY = r"[A-Z][A-Za-z.]*(?:[ \t]+(?:(?:of|the|and)[ \t]+)*[A-Z][A-Za-z.]*){0,4}"
_CITY_BEFORE = re.compile(
    r"(?P<city>[A-Z][A-Za-z.'’]*(?:[ \t-][A-Z][A-Za-z.'’]*){0,3})"
    rf"(?:,[ \t]*(?P<country>{_COUNTRY}))?[ \t]*[,–—-]?[ \t]*$")
_CITY_AFTER = re.compile(  # "March 24, 2022 - Ottawa, Ontario[ - National Defence]"
    r"[ \t]*(?:[-–—|]|--)[ \t]*(?P<city>[A-Z][A-Za-z.'’]*(?:[ \t-][A-Z][A-Za-z.'’]*){0,3})"
    rf"(?:,[ \t]*(?P<country>{_COUNTRY}))?(?:[ \t]+(?:[-–—|]|--)[ \t]+[^\n]{{1,60}})?[ \t]*$")
_CITY_OPENING = re.compile(  # "LYON, France – Police chiefs ...": a dateline without its date
    r"[ \t]*(?P<city>[A-Z][A-Za-z.'’]*(?:[ \t-][A-Z][A-Za-z.'’]*){0,3})"
    rf"(?:,[ \t]*(?P<country>{_COUNTRY}))?[ \t]+(?:[-–—]|--)[ \t]")
_DATELINE_END = re.compile(r"[ \t]*(?:$|:|—|–|--|\(|[ \t]-[ \t])", re.M)
# What may stand before a date alone on its line: a weekday, or a word of publication.
_WEEKDAY = re.compile(r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Updated|Published|Posted"
                      r"|Issued|Released|Dated|Date)[,:]?\s*$", re.IGNORECASE)
_MEETING_VERB = re.compile(
    r"\b(?:met|meet|meets|meeting|held|hold|holds|gathered|convened|assembled|hosted"
    r"|came together|come together|took place)\b", re.IGNORECASE)
_IN_CITY = re.compile(r"\b(?:in|at)\s+$")
_OPENS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ“\"")  # what may follow a dateline's dash


@dataclass(frozen=True)
class KindCue:
    """One compiled row of ``document_kinds.jsonl``."""

    kind: str
    regex: re.Pattern[str]
    where: str
    weight: float
    max_hits: int
    lead: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()  # lower-case; each match holds one
    line_regex: re.Pattern[str] | None = None  # "\n" + regex, for a regex of line starts

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """The regex's matches in text[start:end], as ``regex.finditer`` gives them.

        With ``lead`` literals (one of which opens every match) the regex is only tried
        where one of them occurs, found by ``str.find``, not at every position.
        """
        if self.line_regex is not None and not self.lead:
            yield from self._line_matches(self.line_regex, text, start, end)
            return
        if not self.lead:
            yield from self.regex.finditer(text, start, end)
            return
        nxt: dict[str, int] = {}
        for lit in self.lead:
            # Finding one character is a memchr, many times faster than finding a string: a
            # text without the lead's first character ("=" of "==") is passed at once.
            first = text.find(lit[0], start, end)
            nxt[lit] = -1 if first < 0 else text.find(lit, first, end)
        pos = start
        while True:
            for lit, at in nxt.items():
                if 0 <= at < pos:
                    nxt[lit] = text.find(lit, pos, end)
            found = [at for at in nxt.values() if at >= 0]
            if not found:
                return
            at = min(found)
            m = self.regex.match(text, at, end)
            if m is not None:
                yield m
            pos = max(at + 1, m.end() if m is not None else 0)

    def _line_matches(self, line_regex: re.Pattern[str], text: str, start: int,
                      end: int) -> Iterator[re.Match[str]]:
        """The matches of a regex whose every match opens a line and is not empty.

        sre tries a regex that opens with "^" at every position; with "\n" before it, it
        jumps from newline to newline (a literal prefix), several times faster. The match at
        ``start`` (or where the last match ended) has no newline before it in the search.
        """
        pos = start
        m = self.regex.match(text, pos, end)
        while True:
            if m is None:
                nl = line_regex.search(text, pos, end)
                if nl is None:
                    return
                m = self.regex.match(text, nl.start() + 1, end)  # nl's match, without "\n"
                assert m is not None
            yield m
            pos = m.end()
            m = self.regex.match(text, pos, end)


@dataclass(frozen=True)
class Issue:
    """Date and place of issue found so far, with the span that gave them."""

    start: int
    end: int
    date: DateMatch | None = None
    city: str | None = None
    country_iso3: str | None = None


@lru_cache(maxsize=1)
def kind_cues() -> tuple[KindCue, ...]:
    """The compiled kind cues, in file order."""
    return tuple(KindCue(r["kind"], re.compile(r["regex"], re.M), r.get("where", "all"),
                         float(r["weight"]), int(r.get("max", 1)), tuple(r.get("lead", ())),
                         tuple(r.get("stems", ())),
                         re.compile(f"\n(?:{r['regex']})", re.M) if r.get("line_start") else None)
                 for r in load_patterns("document_kinds.jsonl"))


def _title_end(text: str) -> int:
    """End of the title: the first few non-empty lines, up to the first long one."""
    pos, lines = 0, 0
    while lines < TITLE_LINES and pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if end - pos > TITLE_MAX_CHARS:
            break
        if text[pos:end].strip():
            lines += 1
        pos = end + 1
    return min(pos, len(text))


def _areas(text: str) -> dict[str, list[tuple[int, int]]]:
    """Character ranges read for each ``where``; long texts are read at both ends only."""
    n = len(text)
    every = [(0, n)] if n <= ALL_HEAD + ALL_TAIL else [(0, ALL_HEAD), (n - ALL_TAIL, n)]
    return {"title": [(0, _title_end(text))], "head": [(0, min(n, KIND_HEAD_CHARS))],
            "all": every}


# Not ASCII, yet a case-insensitive regex may take them for ASCII letters (İ, ı, ſ, the Kelvin
# sign): where they occur, a match's lower case need not hold its stem.
_CASE_ODD = ("\u0130", "\u0131", "\u017f", "\u212a")


def _lowered(text: str, start: int, end: int) -> str | None:
    """``text[start:end]`` in lower case for stem tests; None where stems cannot be trusted."""
    area = text[start:end]
    return None if any(c in area for c in _CASE_ODD) else area.lower()


def classify(text: str) -> tuple[str, tuple[int, int] | None]:
    """The document's kind and the span of its strongest cue (None for "other")."""
    areas = _areas(text)
    scores: dict[str, float] = {}
    best_cue: dict[str, tuple[float, int, int]] = {}
    lowered: dict[tuple[int, int], str | None] = {}  # an area in lower case, made on demand
    for cue in kind_cues():
        hits = 0
        for start, end in areas[cue.where]:
            if cue.stems:
                if (start, end) not in lowered:
                    lowered[start, end] = _lowered(text, start, end)
                low = lowered[start, end]
                if low is not None and not any(stem in low for stem in cue.stems):
                    continue  # no match without a stem: the regex need not run
            for m in cue.finditer(text, start, end):
                if hits == 0 and cue.weight > best_cue.get(cue.kind, (0.0, 0, 0))[0]:
                    best_cue[cue.kind] = (cue.weight, m.start(), m.end())
                hits += 1
                if hits >= cue.max_hits:
                    break
            if hits >= cue.max_hits:
                break
        scores[cue.kind] = scores.get(cue.kind, 0.0) + hits * cue.weight
    kind = max(scores, key=lambda k: scores[k], default="other")
    if scores.get(kind, 0.0) < MIN_SCORE:
        return "other", None
    _, start, end = best_cue[kind]
    return kind, (start, end)


_SENTENCE_END = frozenset('.!?"”’)')


def _city_of(name: str, country: str | None, doc: AnalyzedDoc,
             at: int) -> tuple[str, str | None] | None:
    """Canonical city and country of a written name: the dateline gazetteer, else a state
    after it."""
    words = name.split()
    for i in range(len(words)):
        entry = dateline_lookup(" ".join(words[i:]))
        if entry is not None:
            return entry.city, entry.country_iso3
    entry = lookup(country) if country else None  # "UN Headquarters, New York"
    if entry is not None:
        return entry.city, entry.country_iso3
    if country:
        states = [f for f in doc.facts_of("state") if at <= f.start <= at + len(country) + 4]
        if states:
            return name, str(states[0].attrs["iso3"])
    return None


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _dateline(doc: AnalyzedDoc, dates: list[DateMatch]) -> Issue | None:
    """A dateline: "City[, Country], date" closing a line or opening a news item, "date -
    City[, Region]" alone on a line, or a place line right above a line holding the date."""
    text = doc.text
    for date in dates:
        line_start, line_end = _line_bounds(text, date.start)
        found = (_city_then_date(doc, date, line_start) or _date_then_city(doc, date, line_end)
                 or _place_line_above(doc, date, line_start, line_end)
                 or _place_opens_next_line(doc, date, line_start, line_end))
        if found is not None:
            return found
    return None


def _city_then_date(doc: AnalyzedDoc, date: DateMatch, line_start: int) -> Issue | None:
    if not _DATELINE_END.match(doc.text, date.end):
        return None
    m = _CITY_BEFORE.search(doc.text, line_start, date.start)
    if m is None or m.start() - line_start > MAX_LEAD_IN:
        return None
    place = _city_of(m.group("city"), m.group("country"), doc, m.end("city"))
    return Issue(m.start(), date.end, date, place[0], place[1]) if place else None


def _date_then_city(doc: AnalyzedDoc, date: DateMatch, line_end: int) -> Issue | None:
    m = _CITY_AFTER.match(doc.text, date.end, line_end)
    if m is None:
        return None
    place = _city_of(m.group("city"), m.group("country"), doc, m.end("city"))
    return Issue(date.start, m.end(), date, place[0], place[1]) if place else None


def _place_line_above(doc: AnalyzedDoc, date: DateMatch, line_start: int,
                      line_end: int) -> Issue | None:
    """"Washington, D.C." on one line and "July 11, 2018" (or "Tuesday, July 11, 2018") alone
    on the next; the place line may name a venue first ("Villa Borghese, Rome")."""
    text = doc.text
    before = text[line_start:date.start].strip()
    if (before and not _WEEKDAY.match(before)) or text[date.end:line_end].strip():
        return None
    above_end = line_start - 1
    above_start = text.rfind("\n", 0, max(above_end, 0)) + 1
    if above_end <= above_start:
        return None
    m = _CITY_BEFORE.search(text, above_start, above_end)
    if m is None or m.start() - above_start > MAX_LEAD_IN:
        return None
    place = _city_of(m.group("city"), m.group("country"), doc, m.end("city"))
    if place is None and m.group("country"):  # "Venue, City": the last part is the city
        place = _city_of(m.group("country"), None, doc, m.end("country"))
    return Issue(m.start(), date.end, date, place[0], place[1]) if place else None


HEADLINES_BEFORE_OPENING = 3  # a headline, a standfirst, a byline


def _place_opens_next_line(doc: AnalyzedDoc, date: DateMatch, line_start: int,
                           line_end: int) -> Issue | None:
    """"6 March 2019" alone on a line, and the next paragraph opens "LYON, France – ...",
    perhaps after a headline and a byline (short lines that end no sentence)."""
    text = doc.text
    before = text[line_start:date.start].strip()
    if (before and not _WEEKDAY.match(before)) or text[date.end:line_end].strip():
        return None
    nxt = line_end
    for _ in range(HEADLINES_BEFORE_OPENING + 1):
        while nxt < len(text) and text[nxt] in "\r\n":
            nxt += 1
        end = _line_bounds(text, nxt)[1]
        m = _CITY_OPENING.match(text, nxt, end)
        if m is not None:
            place = _city_of(m.group("city").title(), m.group("country"), doc, m.end("city"))
            return Issue(date.start, m.end("city"), date, place[0], place[1]) if place else None
        line = text[nxt:end].strip()
        if not line or len(line) > TITLE_MAX_CHARS or line[-1] in ".!?":
            return None
        nxt = end
    return None


def _date_line(doc: AnalyzedDoc, dates: list[DateMatch]) -> Issue | None:
    """A line near the top that holds a date and nothing else (but maybe a weekday)."""
    for date in dates:
        line_start, line_end = _line_bounds(doc.text, date.start)
        before = doc.text[line_start:date.start].strip()
        after = doc.text[date.end:line_end].strip()
        if not after and (not before or _WEEKDAY.match(before)):
            place = _city_line_below(doc, line_end)
            if place is not None:
                return Issue(date.start, place[2], date, place[0], place[1])
            return Issue(date.start, date.end, date)
    return None


def _city_line_below(doc: AnalyzedDoc, line_end: int) -> tuple[str, str | None, int] | None:
    """"WEDNESDAY, 19 OCTOBER 2016" and "CANBERRA" alone on the next line, or the one after a
    blank line: city, country, end."""
    text = doc.text
    if line_end >= len(text):
        return None
    start, end = _line_bounds(text, line_end + 1)
    if not text[start:end].strip() and end < len(text):
        start, end = _line_bounds(text, end + 1)  # one blank line between
    name = text[start:end].strip()
    if not name or len(name) > 40 or not name[:1].isupper():
        return None
    place = _city_of(name.title() if name.isupper() else name, None, doc, end)
    return (place[0], place[1], end) if place else None


def _capitals_dateline(doc: AnalyzedDoc) -> tuple[str, str | None] | None:
    """City and country of a dateline with no date, its city in capitals, that opens a line
    near the top: "SINJAR - The road ...", "MOSUL, Iraq — Families ..."."""
    text = doc.text
    start = 0
    while start < min(len(text), HEAD_CHARS):
        end = _line_bounds(text, start)[1]
        m = _CITY_OPENING.match(text, start, end)
        if m is not None and m.group("city").isupper() and text[m.end():m.end() + 1] in _OPENS:
            place = _city_of(m.group("city").title(), m.group("country"), doc, m.end("city"))
            if place is not None:
                return place
        start = end + 1
    return None


def _first_sentence(doc: AnalyzedDoc) -> Segment | None:
    for seg in doc.segments:
        if seg.start >= HEAD_CHARS:
            return None
        if (seg.kind == "sentence" and len(seg.text.split()) >= 6
                and seg.text.rstrip()[-1:] in _SENTENCE_END):  # a headline has no full stop
            return seg
    return None


def _opening_meeting(doc: AnalyzedDoc, dates: list[DateMatch]) -> Issue | None:
    """The first body sentence, when it tells of a meeting: its city and its date."""
    seg = _first_sentence(doc)
    if seg is None:
        return None
    verb = _MEETING_VERB.search(seg.text)
    if verb is None:
        return None
    issue = Issue(seg.start, seg.end)
    cities = [f for f in doc.facts_in(seg.start, seg.end, "place")
              if f.start >= seg.start + verb.start()
              and _IN_CITY.search(doc.text, max(seg.start, f.start - 6), f.start)]
    in_seg = [d for d in dates if seg.start <= d.start and d.end <= seg.end]
    city = cities[0] if cities else None
    return Issue(issue.start, issue.end, in_seg[0] if in_seg else None,
                 city.attrs["city"] if city else None,
                 city.attrs["country_iso3"] if city else None)


HEADER_LINES = 3  # the first lines of a document, which a masthead date may end


def _header_date(doc: AnalyzedDoc, dates: list[DateMatch]) -> Issue | None:
    """A date that ends one of the first lines, a header ("Edited Hansard - Thursday,
    June 1, 2017"), not a sentence; a long one may give the city just before the date."""
    text = doc.text
    for date in dates:
        line_start, line_end = _line_bounds(text, date.start)
        if sum(1 for line in text[:line_start].splitlines() if line.strip()) >= HEADER_LINES:
            return None
        line = text[line_start:line_end].strip()
        if text[date.end:line_end].strip() or _MEETING_VERB.search(line):
            continue
        if len(line) <= TITLE_MAX_CHARS // 2:
            return Issue(date.start, date.end, date)
        if len(line) <= TITLE_MAX_CHARS and not line.endswith("."):
            # A long heading ("Oral evidence taken before the Committee at Portcullis House,
            # London, on Wednesday 11 January 2017"): the city among the last parts before
            # the date, when one is.
            for part in reversed(text[line_start:date.start].split(",")[-3:]):
                place = _city_of(part.strip(), None, doc, date.start)
                if place is not None:
                    return Issue(date.start, date.end, date, place[0], place[1])
            return Issue(date.start, date.end, date)
    return None


def find_issue(doc: AnalyzedDoc) -> Issue | None:
    """Date and place of issue, from the dateline, a date line, a header or the opening
    sentence."""
    head = [d for d in dates_of(doc) if d.start < HEAD_CHARS]
    found = _dateline(doc, head) or _date_line(doc, head) or _header_date(doc, head)
    if found is not None and found.city is not None:
        return found
    if found is not None and (caps := _capitals_dateline(doc)) is not None:
        return Issue(found.start, found.end, found.date, *caps)
    opening = _opening_meeting(doc, head)
    if found is None:
        return opening if opening and (opening.city or opening.date) else None
    if opening is None or opening.city is None:
        return found
    return Issue(found.start, found.end, found.date, opening.city, opening.country_iso3)


def _fallback_span(doc: AnalyzedDoc, cue: tuple[int, int] | None) -> tuple[int, int]:
    if cue is not None:
        return cue
    if doc.segments:
        return doc.segments[0].start, doc.segments[0].end
    return 0, 0


def _meta(doc: AnalyzedDoc, start: int, end: int, confidence: float, **attrs: object) -> Fact:
    """Build the fact with ``Fact`` directly: the attr ``kind`` would clash with ``doc.fact``."""
    return Fact(doc.sha256, "document_meta", start, end, doc.text[start:end], NAME, VERSION,
                round(confidence, 2), dict(attrs))


@extractor(NAME, version=VERSION, requires=("segments", "date", "place"),
           assigns=("document_meta",))
def extract_document(doc: AnalyzedDoc) -> list[Fact]:
    """One document_meta fact: date, city, country_iso3 and kind."""
    kind, cue = classify(doc.text)
    issue = None if kind == "encyclopedia" else find_issue(doc)
    if issue is None:
        start, end = _fallback_span(doc, cue)
        return [_meta(doc, start, end, 0.5 if cue else 0.3,
                      date=None, city=None, country_iso3=None, kind=kind)]
    date = issue.date.value if issue.date else None
    confidence = 0.9 if issue.city and date else 0.75
    if issue.date and issue.date.year_inferred:
        confidence -= 0.15
    return [_meta(doc, issue.start, issue.end, confidence,
                  date=date, city=issue.city, country_iso3=issue.country_iso3, kind=kind)]

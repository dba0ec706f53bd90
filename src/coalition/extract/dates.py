"""Dates component: calendar dates, months and years written in the text.

Date spans are found with the regexes of ``extract/patterns/dates.jsonl`` (compiled once),
never by searching running text with a date parser; each span is then parsed here from its
named groups. A date written without its year ("Jan. 23", "20 July") takes the year of the same
day written with a year elsewhere in the text, else of a date that gives a year shortly before
it (``NEAR``), else of the document's own date (a full date in its first lines), else of the
nearest preceding date that gives a year, else the most common year of the text (a date after
"since" opens a past period: it counts for none of these); it is then marked ``year_inferred``
with a lower confidence. A date right after "since" or "until" is marked as a period's
``edge``. A date whose year cannot be inferred yields no fact. Relative words ("today",
"Thursday") are not dates. A bare year counts only in a date-like context ("in 2015", "the 2016
London Conference"), never after a resolution cue ("resolution 2014").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from coalition.data import load_patterns
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("dates",)
NAME = "dates"
VERSION = rules_version("1")
INFERRED_PENALTY = 0.2
NEAR = 600  # characters: a date with a year this close before one without lends it its year
HEADER = 400  # characters: a full date this early is the document's own (dateline, header)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_PLACEHOLDERS = {"<MONTH>": ("m", "MONTH"), "<MONTH2>": ("m2", "MONTH"),
                 "<DAY>": ("d", "DAY"), "<DAY2>": ("d2", "DAY"),
                 "<YEAR>": ("y", "YEAR"), "<YEAR2>": ("y2", "YEAR")}
_RESOLUTION_CUE = re.compile(r"(?:[Rr]esolutions?|UNSCRs?|S/RES/|[Nn]o\.|[Nn]umber)[\s\d,and]*$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Every pattern holds a month name or a year: the patterns run only on windows around these.
# Each alternative opens with a literal and looks behind it for the word boundary, so that
# the regex engine skips fast to the few characters (capitals, "1", "2") that can open one.
_ANCHOR = re.compile("|".join(
    [rf"{m[0]}(?<!\w{m[0]}){m[1:]}" for m in (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")]
    + [r"1(?<!\w1)9\d\d\b", r"2(?<!\w2)0\d\d\b"]))
BEFORE, AFTER = 40, 70  # characters a date pattern may reach before and after its anchor


@dataclass(frozen=True)
class DatePattern:
    """One row of ``dates.jsonl``; its groups are suffixed ``_<index>`` in the joint regex."""

    index: int
    name: str
    confidence: float
    year_only: bool
    groups: tuple[tuple[str, str], ...] = ()  # (name in the row, name in the joint regex)


@dataclass(frozen=True)
class DateGrammar:
    """All date patterns joined into one regex (first listed wins at a position)."""

    patterns: tuple[DatePattern, ...]
    regex: re.Pattern[str]
    edges: tuple[tuple[str, re.Pattern[str]], ...]  # (edge, regex of the words before a date)

    def edge(self, text: str, start: int) -> str | None:
        """The period edge the words before ``start`` make of a date there, if any."""
        for name, rx in self.edges:
            if rx.search(text, max(0, start - 20), start):
                return name
        return None


@dataclass(frozen=True)
class DateMatch:
    """A date span with its parts; ``year`` is None where the text gives none."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    confidence: float = 0.9
    pattern: str = ""
    year_inferred: bool = False
    edge: str | None = None  # "since" 2014, "until" 2030: a period's edge, not an event's day

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def value(self) -> str | None:
        return _iso(self.year, self.month, self.day)

    @property
    def end_value(self) -> str | None:
        if self.end_day is None and self.end_month is None:
            return None
        return _iso(self.end_year, self.end_month, self.end_day)


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _expand(regex: str, macros: dict[str, str]) -> str:
    """Replace ``<MONTH>``-style placeholders by named groups, ``<NAME>`` by a bare macro."""
    for placeholder, (group, macro) in _PLACEHOLDERS.items():
        regex = regex.replace(placeholder, f"(?P<{group}>{macros[macro]})")
    for name, body in macros.items():
        regex = regex.replace(f"<{name}>", f"(?:{body})")
    return regex


@lru_cache(maxsize=1)
def grammar() -> DateGrammar:
    """Compile the rows of ``dates.jsonl`` once into one joint regex."""
    rows = load_patterns("dates.jsonl")
    macros = {r["macro"]: r["regex"] for r in rows if "macro" in r}
    pats: list[DatePattern] = []
    parts: list[str] = []
    for row in (r for r in rows if "macro" not in r and "edge" not in r):
        i = len(pats)
        body = re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", _expand(row["regex"], macros))
        parts.append(f"(?P<p{i}>{body})")
        pats.append(DatePattern(i, row["name"], float(row.get("confidence", 0.9)),
                                bool(row.get("year_only", False))))
    edges = tuple((r["edge"], re.compile(r["regex"], re.IGNORECASE)) for r in rows if "edge" in r)
    regex = re.compile(r"\b(?:" + "|".join(parts) + ")")
    # each pattern's own groups, so that a match reads only those
    pats = [replace(pat, groups=tuple((name.removesuffix(f"_{pat.index}"), name)
                                      for name in regex.groupindex
                                      if name.endswith(f"_{pat.index}")))
            for pat in pats]
    return DateGrammar(tuple(pats), regex, edges)


def _month(text: str | None) -> int | None:
    return _MONTHS.get(text[:3].lower()) if text else None


_NON_DIGITS = re.compile(r"\D")


def _int(text: str | None) -> int | None:
    return int(_NON_DIGITS.sub("", text)) if text else None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or (month is not None and 1 <= day <= _DAYS_IN_MONTH[month - 1])


def _parse(m: re.Match[str], pat: DatePattern) -> DateMatch | None:
    """Read a match's named groups into a DateMatch; None when they form no real date."""
    groups = {name: value for name, full in pat.groups if (value := m.group(full)) is not None}
    year, day = _int(groups.get("y")), _int(groups.get("d"))
    month = _int(groups.get("mn")) or _month(groups.get("m"))
    end_day = _int(groups.get("d2"))
    end_month = _month(groups.get("m2")) or (month if end_day else None)
    end_year = _int(groups.get("y2")) or (year if end_month else None)
    if not (_valid(year, month, day) and _valid(end_year, end_month, end_day)):
        return None
    span: str | int = f"date_{pat.index}" if "date" in groups else 0
    return DateMatch(m.start(span), m.end(span), year, month, day, end_year, end_month,
                     end_day, pat.confidence, pat.name)


def _after_resolution_cue(text: str, start: int) -> bool:
    return bool(_RESOLUTION_CUE.search(text, max(0, start - 40), start))


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around month names and years, cut at whitespace."""
    out: list[tuple[int, int]] = []
    for m in _ANCHOR.finditer(text):
        start, end = max(0, m.start() - BEFORE), m.end() + AFTER
        while end < len(text) and not text[end].isspace():
            end += 1
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, min(end, len(text))))
    return out


def find_dates(text: str) -> list[DateMatch]:
    """Every date span of ``text`` (years possibly missing), in text order, not overlapping."""
    gram = grammar()
    found: list[DateMatch] = []
    for start, end in _windows(text):
        pos = start
        while (m := gram.regex.search(text, pos, end)) is not None:
            if "\n" in m.group():  # no date runs across lines ("No. 20180619-03\nJune 19")
                pos = m.start() + 1
                continue
            pos = m.end()
            pat = gram.patterns[int(str(m.lastgroup)[1:])]
            date = _parse(m, pat)
            if date is None or (pat.year_only and _after_resolution_cue(text, date.start)):
                continue
            if (edge := gram.edge(text, date.start)) is not None:
                date = replace(date, edge=edge)
            found.append(date)
    return found


def infer_years(dates: list[DateMatch]) -> list[DateMatch]:
    """Give each date without a year the year its document suggests (see module doc)."""
    dated = [d for d in dates if d.year is not None]
    by_day: dict[tuple[int | None, int | None], int | None] = {
        (d.month, d.day): d.year for d in dated if d.day}
    # A period's opening year ("since August 2014") is past for the text: it does not vote.
    common = (Counter(d.year for d in dated if d.edge != "since").most_common(1)
              or Counter(d.year for d in dated).most_common(1))
    fallback = common[0][0] if common else None
    own = next((d.year for d in dated if d.start < HEADER and d.day), None)
    out: list[DateMatch] = []
    for date in dates:
        if date.year is not None:
            out.append(date)
            continue
        before = [d for d in dated if d.start < date.start and d.month and d.edge != "since"]
        near = [d for d in before if date.start - d.end <= NEAR]
        year = by_day.get((date.month, date.day)) or (
            near[-1].year if near else own or (before[-1].year if before else fallback))
        if year is None:
            out.append(date)
            continue
        end_year = year if date.end_month else None
        if date.end_month and date.month and date.end_month < date.month:
            end_year = year + 1
        out.append(replace(date, year=year, end_year=end_year, year_inferred=True,
                           confidence=round(date.confidence - INFERRED_PENALTY, 2)))
    return out


def dates_in(text: str) -> tuple[DateMatch, ...]:
    """The dates of ``text`` with their years inferred."""
    return tuple(infer_years(find_dates(text)))


def dates_of(doc: AnalyzedDoc) -> tuple[DateMatch, ...]:
    """The dates of a document, found once for the dates and the document components."""
    return doc.derived(dates_in)


@extractor(NAME, version=VERSION, assigns=("date",))
def extract_dates(doc: AnalyzedDoc) -> list[Fact]:
    """One date fact per date span that has (or can be given) a year.

    Built with ``Fact`` directly: the attr ``end`` would clash with ``doc.fact``'s own.
    """
    return [Fact(doc.sha256, "date", d.start, d.end, doc.text[d.start:d.end], NAME, VERSION,
                 d.confidence, {"value": d.value, "end": d.end_value,
                                "precision": d.precision, "year_inferred": d.year_inferred,
                                "edge": d.edge})
            for d in dates_of(doc) if d.year is not None]

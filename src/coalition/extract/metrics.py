"""Quantities that describe the campaign, its members or its effects.

Counts ("nearly 2,000 airstrikes", "Sixty partners", "3.2 million Syrians"), percentages
("98 percent of the territory", "a 400-percent increase") and measures with a unit
("more than 700 square kilometers"). A count needs a counted noun after the number; dates,
years, durations, times, labels ("Line of Effort 5"), resolution numbers and sums of money
are no metrics. Qualifiers, units, labels and heads live in
``extract/patterns/metrics.jsonl``; numbers come from `coalition.extract.number_grammar`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from coalition.data import load_patterns
from coalition.extract.number_grammar import number_matches, number_pattern, parse_number
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("metrics",)
NAME, VERSION = "metrics", rules_version("1")
MAX_NP_WORDS = 5
YEARS = (1900, 2100)


@dataclass(frozen=True)
class Metric:
    """One quantity found in a text."""

    start: int
    end: int
    value: float
    unit: str
    what: str | None
    approx: str | None


@dataclass(frozen=True)
class _Data:
    units: tuple[tuple[re.Pattern[str], str], ...]
    labels: frozenset[str]
    not_counted: frozenset[str]
    plurals: frozenset[str]
    stops: frozenset[str]
    bare: tuple[tuple[re.Pattern[str], str], ...]  # (what follows a count, what it needs)
    after: tuple[tuple[re.Pattern[str], str], ...]  # (text before a count, what it counts)
    gap: re.Pattern[str] | None  # words between a number and its noun ("or so")


def _texts(kind: str) -> list[str]:
    return [str(row["text"]) for row in load_patterns("metrics.jsonl") if row["kind"] == kind]


@lru_cache(maxsize=1)
def _data() -> _Data:
    rows = load_patterns("metrics.jsonl")
    units = tuple((re.compile(row["pattern"], re.IGNORECASE), str(row["unit"]))
                  for row in rows if row["kind"] == "unit")
    stops = frozenset(STOP_WORDS) - frozenset(_texts("np_word"))
    bare = tuple((re.compile(row["pattern"], re.IGNORECASE),
                  "large" if row.get("large") else "opening" if row.get("opening") else "")
                 for row in rows if row["kind"] == "bare_count")
    after = tuple((re.compile(row["pattern"], re.IGNORECASE), str(row["what"]))
                  for row in rows if row["kind"] == "count_after")
    gaps = [row["pattern"] for row in rows if row["kind"] == "count_gap"]
    gap = re.compile("|".join(gaps), re.IGNORECASE) if gaps else None
    return _Data(units, frozenset(_texts("label")),
                 frozenset(_texts("not_counted") + _texts("month")),
                 frozenset(_texts("plural")), stops, bare, after, gap)


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    """A number and its unit, if any."""
    rows = load_patterns("metrics.jsonl")
    units = "|".join(row["pattern"] for row in rows if row["kind"] == "unit")
    # "two".."nine" alone count only things of the campaign ("six tactical units")
    small = "|".join(_texts("small_number"))
    things = "|".join(_texts("small_counted"))
    counted_small = (rf"(?i:{small})\b(?=\s+(?:[\w/-]+\s+){{0,3}}?"
                     rf"(?P<thing>(?i:{things}))\b)")
    return re.compile(rf"(?P<num>{number_pattern(counted_small)})(?P<unit>(?i:{units}))?")


@lru_cache(maxsize=1)
def _approx() -> re.Pattern[str]:
    """A qualifier right before a number ("nearly", "more than"), matched at a word start."""
    approx = "|".join(r"\s+".join(t.split()) for t in
                      sorted(_texts("approx"), key=len, reverse=True))
    return re.compile(rf"(?i:\b(?P<approx>{approx}))\s+$")


# The first character of a word; opening with ``\w`` lets the regex engine skip fast.
_WORD_START = re.compile(r"\w(?<!\w\w)")
_LAST_WORD = re.compile(r"\w+\Z")  # searched with an end: the word that ends there


@lru_cache(maxsize=1)
def _approx_last() -> re.Pattern[str]:
    """The last word of a qualifier, to fullmatch one word."""
    return re.compile("(?i:" + "|".join(sorted({t.split()[-1] for t in _texts("approx")})) + ")")


def _qualifier(text: str, start: int) -> re.Match[str] | None:
    """The qualifier that ends right before ``start``, the leftmost if several do.

    A qualifier opens a word, so `_approx` is matched at each word start of the stretch in
    turn rather than searched at every character of it.
    """
    if not start or not text[start - 1].isspace():
        return None  # a qualifier is followed by white space
    low = max(0, start - APPROX_CHARS)
    end = low + len(text[low:start].rstrip())
    last = _LAST_WORD.search(text, low, end)
    if last is None or _approx_last().fullmatch(text, last.start(), end) is None:
        return None  # the word before the number ends no qualifier (most often)
    approx = _approx()
    for word in _WORD_START.finditer(text, low, start):
        found = approx.match(text, word.start(), start)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=1)
def _label_or_month() -> re.Pattern[str]:
    """A label word or a month name, to fullmatch one word."""
    labels = "|".join(re.escape(w) for w in _data().labels)
    months = "|".join(re.escape(w) for w in _texts("month"))
    return re.compile(rf"(?i:{labels}|{months})")


_CURRENCY_SYMBOLS = "$€£¥"
BEFORE_CHARS, APPROX_CHARS = 30, 25  # how far back a label or a qualifier is looked for


def _after_label(text: str, start: int) -> bool:
    """Whether the text before ``start`` ends in a label word, a month name (each perhaps
    with a dot) or a currency symbol, then white space: "Line of Effort 5", "Sept. 11", "$ 5".

    Only the last word can be one, so it alone is read (searching the whole stretch before
    every number with a regex cost more than the rest of the component).
    """
    low = max(0, start - BEFORE_CHARS)
    tail = text[low:start].rstrip()
    if not tail:
        return False
    if tail[-1] in _CURRENCY_SYMBOLS:
        return True
    end = len(tail) - 1 if tail[-1] == "." else len(tail)
    word = _LAST_WORD.search(tail, 0, end)
    if word is None or (word.start() == 0 and low > 0 and _is_word_char(text[low - 1])):
        return False  # no word, or one that begins before the stretch
    return _label_or_month().fullmatch(tail, word.start(), end) is not None


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches."""
    return char.isalnum() or char == "_"


# A word of a counted noun phrase: "U.S." and other dotted initials, and model names whose
# later parts hold digits ("F/A-18A Hornets", "CH-146 Griffons").
_WORD = re.compile(r"(?P<sep>\s+|-)(?P<word>(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’]*"
                   r"(?:[-/][A-Za-z0-9]+)*)")
_OF = re.compile(r"\s+of\s+(?:(?:the|its|their|our|his|her|this|that|these|all)\s+)?",
                 re.IGNORECASE)


def _words_after(text: str, pos: int, stops: frozenset[str]) -> list[re.Match[str]]:
    """Up to MAX_NP_WORDS words from ``pos`` on, stopping at punctuation or a stop word."""
    found: list[re.Match[str]] = []
    match = _WORD.match
    while len(found) < MAX_NP_WORDS:
        m = match(text, pos)
        if m is None:
            break
        sep, word = m.group("sep", "word")
        if word == "and" and found and found[-1].group("word")[:1].isupper():
            nxt = match(text, m.end())  # "Australian and New Zealand personnel"
            if nxt is not None and nxt.group("word")[:1].isupper() and "\n" not in sep:
                found.append(m)
                pos = m.end()
                continue
        if word.lower() in stops or "\n" in sep or (sep == "-" and found):
            break
        found.append(m)
        pos = m.end()
    return found


def _is_plural(word: str, data: _Data) -> bool:
    low = word.lower()
    if low in data.plurals:
        return True
    return (len(word) > 3 and low.endswith("s") and not low.endswith(("ss", "us"))
            and not word.isupper())


def _counted(text: str, end: int, data: _Data) -> tuple[int, str] | None:
    """The end and text of the counted noun phrase after a number, or None."""
    if data.gap is not None and (gap := data.gap.match(text, end)):
        end = gap.end()
    words = _words_after(text, end, data.stops)
    if not words:
        return None
    if words[0].group("sep") == "-":
        head = words[0]
        if head.group("word").lower() in data.not_counted:
            return None
        return head.end(), head.group("word")
    heads = [i for i, w in enumerate(words) if _is_plural(w.group("word"), data)]
    if not heads or words[0].group("word").lower() in data.not_counted:
        return None
    last = words[heads[-1]]
    if last.group("word").lower() in data.not_counted:
        return None
    return last.end(), text[words[0].start("word"):last.end()]


def _measured(text: str, end: int, hyphen: bool, data: _Data) -> tuple[int, str | None]:
    """Extend a percentage or measure by "of the X" or, after "400-percent", by its noun."""
    of = _OF.match(text, end)
    if of:
        words = _words_after(text, of.end() - 1, data.stops)[:3]
        if words:
            return words[-1].end(), text[words[0].start("word"):words[-1].end()]
    if hyphen:
        words = _words_after(text, end, data.stops)[:1]
        if words and words[0].group("sep") != "-":
            return words[0].end(), words[0].group("word")
    return end, None


def _is_year(num: str, value: float) -> bool:
    return num.isdigit() and len(num) == 4 and YEARS[0] <= value <= YEARS[1]


def find_metrics(text: str, blocked: list[tuple[int, int]] | None = None) -> Iterator[Metric]:
    """Yield the metrics of ``text``; numbers inside a ``blocked`` span are skipped.

    >>> [(m.value, m.unit, m.what) for m in find_metrics("nearly 2,000 airstrikes hit it")]
    [(2000.0, 'count', 'airstrikes')]
    >>> [m.value for m in find_metrics("On 11 September 2014, Line of Effort 5 met.")]
    []
    """
    data, spans = _data(), sorted(blocked or [])
    starts = [s for s, _ in spans]
    last: Metric | None = None
    what: str | None = None  # what the latest count with a noun counts
    for m in number_matches(text, _matcher()):
        num = m.group("num")
        if _inside(spans, starts, m.start("num")) or _after_label(text, m.start()):
            continue
        value = parse_number(num)
        if value is None:
            continue
        found = _metric(text, m, value, data) or _coordinated(text, m, value, last, what)
        if found is not None:
            last, what = found, found.what or (what if found.unit == "count" else None)
            yield found


# Between a count and a bare number that counts the same ("10,000 strikes in January 2016 and
# 17,000 in January 2017", "14,000 of them in Iraq and 18,000 in Syria", "1,027 strikes were
# conducted in Iraq and 285 in Syria", "87 members, up from 62 in 2015", "1,127 attacks in
# 2022, compared with 746 in 2020", a series by year: "2,450 attacks in 2018, 1,060 in 2020"),
# or the first of its parts ("16,592 strikes: 10,842 in Iraq and 5,750 in Syria").
_COORDINATED = re.compile(
    r"(?:\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+[a-z]+)?"
    r"(?:\s+(?:of\s+them\s+)?(?:in|on|at|by|during|from|for|over|near|across|against)\s+"
    r"[^.;:!?\n]{1,30}?)?"
    r"(?:\s*,?\s*(?:and|or|but|while|whereas|(?:up|down)\s+from|compared\s+(?:with|to))\s+"
    r"|\s*:\s*|(?P<comma>\s*,\s*))"
    r"(?:(?:some|about|around|roughly|nearly|almost|over|"
    r"more\s+than|less\s+than|fewer\s+than|another|a\s+further)\s+)?")

_BY_YEAR = re.compile(r"\s+in\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d\d\b")


def _coordinated(text: str, m: re.Match[str], value: float, last: Metric | None,
                 what: str | None) -> Metric | None:
    """A number with no noun of its own, joined by "and" to a count just before it: a count
    of the same thing (``what``, the latest count's noun: "of them" has none)."""
    what = (last.what or what) if last is not None else None
    if last is None or last.unit != "count" or not what or not 0 < m.start() - last.end <= 60:
        return None
    if _is_year(m.group("num"), value):
        return None
    joined = _COORDINATED.fullmatch(text, last.end, m.start("num"))
    if joined is None or (joined.group("comma") and not _BY_YEAR.match(text, m.end("num"))):
        return None  # a comma alone joins only a series by year
    return Metric(m.start("num"), m.end("num"), value, "count", what, None)


def _metric(text: str, m: re.Match[str], value: float, data: _Data) -> Metric | None:
    qualifier = _qualifier(text, m.start())
    approx = " ".join(qualifier.group("approx").lower().split()) if qualifier else None
    start = qualifier.start("approx") if qualifier else m.start("num")
    if _is_year(m.group("num"), value) and approx is None:
        return None
    unit_text = m.group("unit")
    if unit_text:
        unit = next(u for rx, u in data.units if rx.fullmatch(unit_text))
        end, what = _measured(text, m.end(), unit_text.startswith("-"), data)
        return Metric(start, end, value, unit, what, approx)
    if m.group("thing"):  # "six F/A-18A Hornet aircraft": the look-ahead found the thing
        return Metric(start, m.end("thing"), value, "count", m.group("thing"), approx)
    counted = (_counted(text, m.end("num"), data) or _range_count(text, m.end("num"), data)
               or _bare_count(text, m, value, approx, data))
    if counted is None:
        return None
    end, what = counted
    return Metric(start, end, value, "count", what, approx)


@lru_cache(maxsize=1)
def _range() -> re.Pattern[str]:
    """The rest of a range after its first number: "to 30,000", "and 18,000", "-30,000"."""
    return re.compile(rf"\s*(?:to|and|or|-|–)\s*(?:{number_pattern()})")


def _range_count(text: str, end: int, data: _Data) -> tuple[int, str] | None:
    """The first number of a range counts what the second counts ("20,000 to 30,000 members"):
    the counted noun phrase after the range, with the range in the metric's text."""
    rest = _range().match(text, end)
    return _counted(text, rest.end(), data) if rest is not None else None


def _bare_count(text: str, m: re.Match[str], value: float, approx: str | None,
                data: _Data) -> tuple[int, str | None] | None:
    """A count with no noun after it: "17 of them", "3.2 million remain displaced",
    "bringing its membership to 90"."""
    num_end = m.end("num")
    before = text[max(0, m.start() - 3):m.start()].strip(" \t\n\"“")[-1:]
    # "Sixty-one have been convicted": nothing but a sentence end or quote before the number
    opening = approx is not None or not (before.isalnum() or before in ",;:()")
    for rx, needs in data.bare:
        if (needs == "large" and approx is None and value < 1000) or (
                needs == "opening" and not opening):
            continue
        found = rx.match(text, num_end)
        if found:
            what = found.groupdict().get("what")
            return found.end(), what
    for rx, what in data.after:
        if rx.search(text, max(0, m.start() - 60), m.start()):
            return num_end, what
    return None


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


@extractor(NAME, version=VERSION, requires=("segments", "resolution", "money"),
           assigns=("metric",))
def extract_metrics(doc: AnalyzedDoc) -> list[Fact]:
    """One ``metric`` fact per quantity; resolution numbers, sums and dates are skipped."""
    blocked = [(f.start, f.end) for f in doc.facts_of("resolution", "money", "date")]
    return [doc.fact("metric", q.start, q.end, NAME, VERSION, 0.8, value=q.value,
                     unit=q.unit, what=q.what, approx=q.approx)
            for q in find_metrics(doc.text, blocked)]

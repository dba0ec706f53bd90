"""A small grammar of English numbers, shared by the money and metrics components.

It reads digits ("2,000", "3.2", "7.7 billion"), number words ("Sixty", "twenty-five",
"one million", "a thousand", "two and a half million") and scale abbreviations after digits
("$50m", "2bn"). The words live in ``extract/patterns/numbers.jsonl``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from coalition.data import load_patterns

# A number written in digits must not continue a code, date, time, phone number or word.
# The pattern opens with its first digit (so that the regex engine can skip to digits fast)
# and only then looks behind it.
_DIGITS = (r"\d(?<![\w.,/#@+\-–:]\d)(?<!\d[ \u00a0]\d)(?:\d{0,2}(?:,\d{3})+|\d*)"
           r"(?:\.\d+)?")
_DIGIT_AFTER = r"(?![\w/]|:\d|[.,\-–]\d|\)?[ \u00a0]\d)"


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[float, str]]:
    """Map each number word (lower case) to its value and kind."""
    return {row["word"]: (float(row["value"]), row["kind"]) for row in load_patterns(
        "numbers.jsonl")}


def _alt(kind: str) -> str:
    words = sorted((w for w, (_, k) in number_words().items() if k == kind), key=len,
                   reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def trie_regex(words: set[str] | frozenset[str]) -> str:
    """An alternation of ``words`` factored by common prefixes, which the regex engine
    tries far faster than a flat list: {"ten", "two"} gives ``t(?:en|wo)``.

    >>> trie_regex({"ten", "two", "t"})
    't(?:en|wo)?'
    >>> trie_regex({"o", "one"})
    'o(?:ne)?'
    """
    heads: dict[str, set[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], set()).add(word[1:])
    parts = []
    for head in sorted(heads):
        rests = heads[head]
        tails = {r for r in rests if r}
        if not tails:
            parts.append(re.escape(head))
            continue
        inner = trie_regex(tails)
        if "" in rests:
            inner = f"(?:{inner})?"
        elif len(tails) > 1:
            inner = f"(?:{inner})"
        parts.append(re.escape(head) + inner)
    return "|".join(parts)


@lru_cache(maxsize=4)
def number_pattern(lone_units: str = "") -> str:
    """The regular expression (no groups) of one number phrase, to embed in larger ones.

    Number words match in any case. Unit words ("one".."nine") and "a" count only before
    "hundred" or a scale word, so that "one of them" or "a plan" are no numbers; except where
    ``lone_units`` (a regex, tried after the first word's look-ahead, so at no cost elsewhere)
    matches: "six" in "six tactical units" for metrics.
    """
    unit, teen, ten = _alt("unit"), _alt("teen"), _alt("ten")
    hundred, scale = _alt("hundred"), _alt("scale")
    base = rf"(?:{ten}(?:[\s-]{unit})?|{teen}|{unit})"
    hundreds = rf"(?:{base}|an?)\s+{hundred}(?:\s+(?:and\s+)?{base})?"
    half = r"(?:\s+and\s+a\s+half)?"
    scaled_words = rf"(?:{hundreds}|{base}|an?){half}(?:\s+{scale}\b)+"
    plain_words = rf"(?:{hundreds}|{ten}(?:[\s-]{unit})?|{teen})"
    digit_phrase = rf"{_DIGITS}(?:(?i:\s+{scale}\b)+|{_DIGIT_AFTER})"
    # a case-sensitive look-ahead on the first word keeps the scan fast; the rest is (?i:)
    lone = f"|{lone_units}" if lone_units else ""
    return (rf"(?:{digit_phrase}|\b(?=(?:{_first_word()})\b)"
            rf"(?:(?i:(?:{scaled_words}|{plain_words})\b){lone}))")


_ARTICLES = {"a", "A", "an", "An"}  # open a number only before "hundred" or a scale word


def _number_words_as_written() -> set[str]:
    starts = [w for w, (_, kind) in number_words().items() if kind in ("unit", "teen", "ten")]
    return {v for w in starts for v in (w, w.title(), w.upper())}


@lru_cache(maxsize=1)
def _first_word() -> str:
    """The words a number phrase may open with, as written: lower case, title or upper case."""
    return trie_regex(_number_words_as_written() | _ARTICLES)


@lru_cache(maxsize=1)
def _openings() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The character before where a number phrase may open: a space (by far the most often)
    or another character that is no ASCII letter, digit or "_" (the rest of ``\\W`` and some
    letters, which the grammar then rejects). Each regex opens with that one character, so
    that the regex engine skips fast to it, and looks ahead for a digit, a number word, or an
    article before what alone makes it a number (so that "a plan" is passed over at once)."""
    hundred, scale = _alt("hundred"), _alt("scale")
    words, articles = trie_regex(_number_words_as_written()), trie_regex(_ARTICLES)
    opens = rf"(?=\d|(?:{words})\b|(?:{articles})\s+(?i:{hundred}|{scale}|and\b))"
    return re.compile(f" {opens}"), re.compile(rf"[^0-9A-Za-z_ ]{opens}")


def number_matches(text: str, grammar: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """What ``grammar.finditer(text)`` yields, for a ``grammar`` whose every match opens with
    a number phrase of `number_pattern`; much faster, as ``grammar`` is tried only where a
    number phrase may open (after a non-word character, on a digit or a first number word)
    instead of at every character of the text.

    >>> [m.group() for m in number_matches("Sixty partners, 2,000 airstrikes", re.compile(
    ...     number_pattern()))]
    ['Sixty', '2,000']
    """
    after_space, after_other = _openings()
    # a number phrase opens with a word character: where it does, the one before is the
    # openings' (the end of their match) unless the phrase opens the text
    starts = [0] + [m.end() for m in after_space.finditer(text)]
    starts += [m.end() for m in after_other.finditer(text)]
    return matches_at(text, grammar, starts)


def matches_at(text: str, pattern: re.Pattern[str], starts: Iterable[int]
               ) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, given (in any order, with others) every place
    where one of its matches may open; its matches are never empty."""
    match, pos = pattern.match, 0
    for start in sorted(starts):
        if start >= pos and (found := match(text, start)) is not None:
            yield found
            pos = found.end()


def occurrences(text: str, literals: Iterable[str]) -> list[int]:
    """Where each of ``literals`` occurs in ``text`` (``str.find`` skips to them far faster
    than the regex engine tries an alternation of them at each character)."""
    found = []
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            found.append(at)
            at = text.find(literal, at + 1)
    return found


@lru_cache(maxsize=1)
def abbrev_pattern() -> str:
    """Digits with a scale abbreviation ("50m", "1.2bn", "7.7 bn"), for sums of money."""
    abbrev = _alt("abbrev")
    return rf"{_DIGITS}(?i:{abbrev}|\s(?:bn|mn|mln))\b"


_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_PLAIN = re.compile(r"\d[\d,]*(?:\.\d+)?")
_TOKEN = re.compile(rf"{_PLAIN.pattern}|[a-z]+", re.IGNORECASE)


def parse_number(phrase: str) -> float | None:
    """The value of a number phrase found by `number_pattern` or `abbrev_pattern`.

    >>> parse_number("3.2 million"), parse_number("Sixty"), parse_number("twenty-five")
    (3200000.0, 60.0, 25.0)
    >>> parse_number("two and a half million"), parse_number("a thousand")
    (2500000.0, 1000.0)
    """
    if _PLAIN.fullmatch(phrase):  # most are digits alone: "2,000", "3.2"
        return float(phrase.replace(",", ""))
    words = number_words()
    phrase = _HALF.sub(" half", phrase)
    total = current = 0.0
    seen = False
    for tok in _TOKEN.findall(phrase):
        low = tok.lower()
        if tok[0].isdigit():
            current += float(tok.replace(",", ""))
        elif low in ("a", "an"):
            current += 1.0
        elif low == "half":
            current += 0.5
        elif low == "and":
            continue
        elif low in words:
            value, kind = words[low]
            if kind == "hundred":
                current = (current or 1.0) * value
            elif kind in ("scale", "abbrev"):
                total += (current or 1.0) * value
                current = 0.0
            else:
                current += value
        else:
            return None
        seen = True
    return total + current if seen else None


T = TypeVar("T")


def read_around_cues(text: str, cues: Iterable[re.Match[str]], grammar: re.Pattern[str], *,
                     before: int, after: int, read: Callable[[re.Match[str]], T | None],
                     end_of: Callable[[T], int], opens: re.Pattern[str] | None = None
                     ) -> Iterator[T]:
    """Run the full ``grammar`` only in windows around the cheap ``cues`` (matches of a cue
    regex, in text order); yield what ``read`` makes of each grammar match that covers its
    cue, never two that overlap. Given ``opens``, a regex one character wide that finds
    every place where ``grammar`` may open, the grammar is tried only there and only up to
    the cue (a match that opens after the cue cannot cover it) instead of searched through
    the whole window."""
    seen_end = -1
    for hit in cues:
        if hit.start() < seen_end:
            continue
        window = (max(0, hit.start() - before), min(len(text), hit.end() + after))
        for m in (grammar.finditer(text, *window) if opens is None
                  else _opening_by(hit.start(), text, grammar, opens, *window)):
            if m.start() > hit.start():
                break  # neither it nor any later match covers the cue
            if hit.start() < m.end() and m.end() > seen_end:
                found = read(m)
                if found is not None:
                    seen_end = end_of(found)
                    yield found


def _opening_by(last: int, text: str, grammar: re.Pattern[str], opens: re.Pattern[str],
                low: int, high: int) -> Iterator[re.Match[str]]:
    """The matches of ``grammar.finditer(text, low, high)`` that open at or before ``last``;
    ``grammar`` is tried only where ``opens`` (one character wide) finds it may open, and
    its matches are never empty."""
    match, pos = grammar.match, low
    for place in [m.start() for m in opens.finditer(text, low, last + 1)]:
        if place >= pos and (found := match(text, place, high)) is not None:
            yield found
            pos = found.end()

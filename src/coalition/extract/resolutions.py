"""UN Security Council resolutions cited in a document.

Cues and the bodies whose resolutions are not the Council's live in
``extract/patterns/resolutions.jsonl``. Each cited number becomes one fact whose span is the
number itself: "UNSCRs 1267, 1989 and 2253" gives three facts. A year in brackets after a
number ("817(1993)", "2178 (2014)") is read as the year of adoption, not as a resolution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from coalition.data import load_patterns
from coalition.extract.number_grammar import (
    matches_at,
    occurrences,
    read_around_cues,
    trie_regex,
)
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("resolutions",)
NAME, VERSION = "resolutions", rules_version("1")

_ITEM = r"(?:Nos?\.?\s*)?\d{1,4}(?:\s*\(\d{4}\))?(?![\d/])(?!\.\d)"
_SEP = r"(?:\s*,\s*(?:and\s+|&\s*)?|\s*(?:and|&|or)\s+)"
_NUMBER = re.compile(r"(?<![\d(])(\d{1,4})(?:\s*\(\d{4}\))?")


def _rows(kind: str) -> list[dict[str, Any]]:
    return [row for row in load_patterns("resolutions.jsonl") if row["kind"] == kind]


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    """One regex: a cue group (symbol, explicit or bare) followed by a list of numbers."""
    parts = []
    for kind in ("symbol", "explicit", "bare"):
        alts = "|".join(row["pattern"] for row in _rows(kind))
        space = "" if kind == "symbol" else r"\s*"
        parts.append(rf"(?P<{kind}>\b(?:{alts})){space}")
    cue = "(?:" + "|".join(parts) + ")"
    return re.compile(rf"{cue}(?P<list>{_ITEM}(?:{_SEP}{_ITEM})*)")


@lru_cache(maxsize=1)
def _foreign_before() -> re.Pattern[str]:
    """Matches text ending in another body's name or in an unexpected capitalised word."""
    foreign = "|".join(row["pattern"] for row in _rows("foreign"))
    allowed = "|".join(row["pattern"] for row in _rows("allowed"))
    return re.compile(rf"(?:\b(?:{foreign})|(?<![\w.])(?!(?:{allowed})\s*$)[A-Z][\w.'’-]*)\s*$")


@lru_cache(maxsize=1)
def _limits() -> tuple[int, int]:
    """(largest resolution number, smallest digit count after a bare cue)."""
    max_number = int(_rows("number")[0]["max_number"])
    min_digits = int(_rows("bare")[0].get("min_digits", 1))
    return max_number, min_digits


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """The literal cue words; every citation holds one."""
    return frozenset(str(row["text"]) for row in _rows("cue"))


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    """Literal cue words only."""
    return re.compile(trie_regex(_cue_words()))


WINDOW_BEFORE, WINDOW_AFTER = 30, 200
# A citation opens where a word does: each cue group of `_matcher` opens with \b and a letter.
_WORD_START = re.compile(r"\w(?<!\w\w)")


def _citations(text: str) -> Iterator[re.Match[str]]:
    """Matches of the full grammar, looked for only around the cue words."""
    cues = matches_at(text, _cue(), occurrences(text, _cue_words()))
    yield from read_around_cues(text, cues, _matcher(), before=WINDOW_BEFORE,
                                after=WINDOW_AFTER, read=lambda m: m, end_of=lambda m: m.end(),
                                opens=_WORD_START)


def find_resolutions(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, number) for each Security Council resolution number in ``text``.

    >>> [n for _, _, n in find_resolutions("UNSCRs 1267, 1989 and 2253; UNSCR 817(1993).")]
    [1267, 1989, 2253, 817]
    >>> list(find_resolutions("Arab League Resolution 7804"))
    []
    """
    max_number, min_digits = _limits()
    foreign = _foreign_before()
    for m in _citations(text):
        if m.group("bare") is not None:
            before = text[max(0, m.start() - 40):m.start()]
            if foreign.search(before):
                continue
        for num in _NUMBER.finditer(m.group("list")):
            digits = num.group(1)
            if m.group("bare") is not None and len(digits) < min_digits:
                continue
            if not 1 <= int(digits) <= max_number:
                continue
            start = m.start("list") + num.start(1)
            yield start, start + len(digits), int(digits)


@extractor(NAME, version=VERSION, assigns=("resolution",))
def extract_resolutions(doc: AnalyzedDoc) -> list[Fact]:
    """One ``resolution`` fact per cited Security Council resolution number."""
    return [doc.fact("resolution", start, end, NAME, VERSION, 0.95, number=number, body="UNSC")
            for start, end, number in find_resolutions(doc.text)]

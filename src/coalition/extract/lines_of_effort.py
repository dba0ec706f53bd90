"""Lines-of-effort classifier for commitment sentences.

The lexicon is data (``coalition/data/lines_of_effort_terms.json``): per line of effort a list of
*strong* regexes, which assign the line on their own, and *weak* ones, which assign it only when
no strong term of any line is present (so "support for the Government of Iraq" is ``political``
alone, but not when the sentence is about refugees). Circumstantial clauses ("As military
operations expand, ...", "..., when the parties reach a political settlement") are cut first.
The patterns are lower case and run case-sensitively on the lower-cased sentence (several
times faster than ``re.IGNORECASE`` on long alternations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coalition.data import load_json

LEXICON = "lines_of_effort_terms.json"
LINES = ("military", "foreign_fighters", "finance", "humanitarian_stabilization",
         "counter_messaging", "political")


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicon: one alternation per line of effort and strength."""

    ignore: tuple[re.Pattern[str], ...]
    strong: tuple[tuple[str, re.Pattern[str]], ...]
    weak: tuple[tuple[str, re.Pattern[str]], ...]


def _join(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile the lexicon once."""
    data = load_json(LEXICON)
    strong: list[tuple[str, re.Pattern[str]]] = []
    weak: list[tuple[str, re.Pattern[str]]] = []
    for line in LINES:
        terms = data["lines"].get(line, {})
        for bucket, key in ((strong, "strong"), (weak, "weak")):
            rx = _join(terms.get(key, []))
            if rx is not None:
                bucket.append((line, rx))
    ignore = tuple(re.compile(p) for p in data.get("ignore", []))
    return Lexicon(ignore, tuple(strong), tuple(weak))


def _cut(text: str, lex: Lexicon) -> str:
    """Remove the circumstantial clauses the lexicon tells us to ignore."""
    for rx in lex.ignore:
        text = rx.sub(" ", text, count=1)
    return text


def classify(text: str) -> list[str]:
    """Lines of effort of one sentence, in the canonical order.

    >>> classify("We will keep training local security forces.")
    ['military']
    >>> classify("We offer full support to the Government of Iraq.")
    ['political']
    """
    lex = lexicon()
    body = _cut(text.lower(), lex)
    found = {line for line, rx in lex.strong if rx.search(body)}
    if not found:
        found = {line for line, rx in lex.weak if rx.search(body)}
    return [line for line in LINES if line in found]


def classify_many(texts: list[str]) -> list[str]:
    """Union of the lines of effort of several texts, in the canonical order."""
    found: set[str] = set()
    for text in texts:
        found.update(classify(text))
    return [line for line in LINES if line in found]

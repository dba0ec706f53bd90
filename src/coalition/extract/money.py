"""Exact sums of money with their currency.

The grammar reads a currency symbol or ISO code before the amount ("$7.7 billion",
"US$ 50 million", "EUR 20 million", "£5m") or a currency code or name after it
("50 million euros", "1.5 billion dollars", "10 million USD"), and an optional rate
("per month"). Symbols, codes, names and rates live in ``extract/patterns/money.jsonl``;
numbers come from `coalition.extract.number_grammar`. Vague sums ("tens of millions of dollars")
have no number in front of them and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coalition.data import load_patterns
from coalition.extract.number_grammar import (
    abbrev_pattern,
    matches_at,
    number_pattern,
    occurrences,
    parse_number,
    read_around_cues,
    trie_regex,
)
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("money",)
NAME, VERSION = "money", rules_version("1")


@dataclass(frozen=True)
class Sum:
    """One sum found in a text."""

    start: int
    end: int
    amount: float
    currency: str
    per: str | None
    by_state: dict[str, str] | None = None  # the currency the word is for the state before it
    home: dict[str, str] | None = None  # the currency "$" is in a document of that state


def _rows(kind: str) -> list[dict[str, Any]]:
    return [row for row in load_patterns("money.jsonl") if row["kind"] == kind]


def _phrase(text: str) -> str:
    """A regex for a literal phrase whose spaces may be any run of white space."""
    return r"\s*".join(re.escape(part) for part in text.split(" ")) if text.endswith(
        "$") else r"\s+".join(re.escape(part) for part in text.split(" "))


def _alternation(kind: str) -> str:
    texts = sorted((row["text"] for row in _rows(kind)), key=len, reverse=True)
    return "(?:" + "|".join(_phrase(t) for t in texts) + ")"


@lru_cache(maxsize=1)
def _lookup() -> dict[str, dict[str, Any]]:
    """Normalised symbol, code, name or rate -> its row."""
    return {_norm(row["text"]): row for row in load_patterns("money.jsonl")}


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub("", text).lower()


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    """One regex for the three shapes of a sum, each followed by an optional rate."""
    amount = rf"(?:{abbrev_pattern()}|{number_pattern()})"
    symbol, word = _alternation("symbol"), _alternation("word")
    code = "(?:" + trie_regex({str(row["text"]) for row in _rows("code")}) + ")"
    per = _alternation("per")
    before = rf"(?P<symbol>(?<![\w$]){symbol}|\b{code}(?=[\s\d]))\s*(?P<amount1>{amount})"
    after = rf"(?P<amount2>{amount})\s+(?P<name>{word}\b|{code}\b)"
    rate = rf"(?:\s+(?P<per>{per})\b)?"
    # case-sensitive codes and names; the number words carry their own (?i:) groups
    return re.compile(rf"(?:{before}|{after}){rate}")


def _cue_texts() -> set[str]:
    """Every currency symbol (its last character), code and name (its last word)."""
    cues = {str(row["text"]).split(" ")[-1] for row in _rows("word")}
    cues |= {str(row["text"]) for row in _rows("code")}
    cues |= {str(row["text"])[-1] for row in _rows("symbol")}
    return cues


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    """A fast pre-filter: every currency symbol, code or name (last word), literals only."""
    return re.compile(rf"(?:{trie_regex(_cue_texts())})(?![A-Za-z])")


@lru_cache(maxsize=1)
def _cue_openings() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """Where a cue may open: the lower-case cues as literals to find (leaving out those that
    extend another: "dollars" opens where "dollar" does), and a regex of the other cues
    (codes, symbols), whose first characters are rare."""
    cues = _cue_texts()
    lower = {c for c in cues if c[0].islower()}
    words = tuple(sorted(c for c in lower if not any(c != o and c.startswith(o) for o in lower)))
    return words, re.compile(rf"(?:{trie_regex(cues - lower)})(?![A-Za-z])")


def _cue_hits(text: str) -> Iterator[re.Match[str]]:
    """What ``_cue().finditer(text)`` yields, but faster: the regex engine would try the cue
    at every common lower-case letter ("e", "d", "s"...), whereas ``str.find`` skips fast to
    each lower-case cue word; the cue is then matched only where some cue opens."""
    words, others = _cue_openings()
    starts = occurrences(text, words)
    other = others.search(text)
    while other is not None:  # every place where one opens, even inside another's span
        starts.append(other.start())
        other = others.search(text, other.start() + 1)
    return matches_at(text, _cue(), starts)


WINDOW_BEFORE, WINDOW_AFTER = 90, 40


def find_sums(text: str) -> Iterator[Sum]:
    """Yield every exact sum in ``text``.

    >>> [(s.amount, s.currency, s.per) for s in find_sums("over $2 million per month")]
    [(2000000.0, 'USD', 'month')]
    >>> [(s.amount, s.currency) for s in find_sums("50 million euros and £5m")]
    [(50000000.0, 'EUR'), (5000000.0, 'GBP')]
    """
    yield from read_around_cues(text, _cue_hits(text), _matcher(), before=WINDOW_BEFORE,
                                after=WINDOW_AFTER, read=lambda m: _read(m, text),
                                end_of=lambda found: found.end)


def _read(m: re.Match[str], text: str) -> Sum | None:
    """The sum of one match of the money grammar, or None when it is no sum."""
    lookup = _lookup()
    cue = m.group("symbol") or m.group("name") or ""
    row = lookup.get(_norm(cue))
    phrase = m.group("amount1") or m.group("amount2") or ""
    amount = parse_number(phrase)
    if row is None or amount is None or not _plausible(row, phrase, text, m.end()):
        return None
    per = lookup[_norm(m.group("per"))]["per"] if m.group("per") else None
    end = m.end()
    if m.group("name") and (again := _restated().match(text, end)):  # "dollars, Canadian dollars"
        row, end = lookup[_norm(again.group("again"))], again.end()
    return Sum(m.start(), end, amount, str(row["currency"]), per, row.get("by_state"),
               row.get("home"))


@lru_cache(maxsize=1)
def _restated() -> re.Pattern[str]:
    """A currency name said again, more exactly, right after a sum ("..., Canadian dollars")."""
    return re.compile(rf"\s*,\s*(?P<again>{_alternation('word')})\b")


_SCALED = re.compile(r"[a-z]", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b")


def _plausible(row: dict[str, Any], phrase: str, text: str, end: int) -> bool:
    """Reject names that are not always money ("500 pounds of explosives")."""
    if not row.get("needs_scale"):
        return True
    return bool(_SCALED.search(phrase)) and not _OF_AFTER.match(text, end)


HEAD = 400  # characters where a document says where it is from


def _home(doc: AnalyzedDoc) -> str:
    """The state a document is from: the first city or state named in its head."""
    first = doc.facts_in(0, HEAD, "place", "state")
    if not first:
        return ""
    fact = min(first, key=lambda f: f.start)
    return str(fact.attrs.get("country_iso3") or fact.attrs.get("iso3") or "")


def _currency(doc: AnalyzedDoc, found: Sum, home: str) -> str:
    """The sum's currency; a word several states use ("dinars") takes the one of the state
    named last before the sum in its sentence; a bare "$" in an Australian (Canadian...)
    document is that state's dollar."""
    if found.home and home in found.home:
        return found.home[home]
    if not found.by_state:
        return found.currency
    seg = doc.segment_at(found.start)
    start = seg.start if seg is not None else max(0, found.start - 200)
    states = doc.facts_in(start, found.start, "state")
    iso3 = str(states[-1].attrs.get("iso3")) if states else ""
    return found.by_state.get(iso3, found.currency)


@extractor(NAME, version=VERSION, requires=("segments", "state", "place"), assigns=("money",))
def extract_money(doc: AnalyzedDoc) -> list[Fact]:
    """One ``money`` fact per exact sum; the span is the sum (and its rate), no qualifier."""
    home = _home(doc)
    return [doc.fact("money", s.start, s.end, NAME, VERSION, 0.9, amount=s.amount,
                     currency=_currency(doc, s, home), per=s.per) for s in find_sums(doc.text)]

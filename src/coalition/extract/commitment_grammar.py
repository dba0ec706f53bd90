"""The commitment cue grammar: ``extract/patterns/commitments.jsonl`` compiled once.

All patterns except actor and deadline rows are lower case and run, without
``re.IGNORECASE``, on text lower-cased by `lower` (which keeps every offset).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from coalition.data import load_patterns
from coalition.extract.lines_of_effort import alternatives, letter_first

PATTERNS = "commitments.jsonl"


@dataclass(frozen=True)
class Cue:
    """One cue of the grammar."""

    name: str
    kind: str
    weight: float
    subject: str
    regex: re.Pattern[str]
    keys: frozenset[str]


@dataclass(frozen=True)
class Actor:
    """A subject term and the actor key it stands for."""

    key: str
    regex: re.Pattern[str]
    weak: bool
    speaker_only: bool
    first_person: bool
    antecedent: re.Pattern[str] | None = None
    window: int = 0


@dataclass(frozen=True)
class Grammar:
    """The compiled cue grammar."""

    trigger: re.Pattern[str]
    cues: tuple[Cue, ...]
    negatives: tuple[tuple[re.Pattern[str], float, str], ...]
    stop: re.Pattern[str]
    actors: tuple[Actor, ...]
    enemy: re.Pattern[str]
    skip: re.Pattern[str]
    verb_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    by_key: dict[str, frozenset[int]]
    keyless: frozenset[int]
    trigger_words: re.Pattern[str] | None = None
    _cues_for: dict[frozenset[str], tuple[Cue, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def cues_for(self, words: frozenset[str]) -> tuple[Cue, ...]:
        """The cues, in order, that need no trigger word or have one of ``words`` (memoized:
        sentences share few sets of trigger words)."""
        cues = self._cues_for.get(words)
        if cues is None:
            if len(self._cues_for) >= 4096:
                self._cues_for.clear()
            cues = self._cues_for[words] = tuple(self.cues[i] for i in sorted(
                self.keyless.union(*(self.by_key.get(w, ()) for w in words))))
        return cues

    def triggers(self, low: str) -> Iterator[tuple[int, str]]:
        """(offset, text) of the trigger matches in the lower-cased text ``low``."""
        if self.trigger_words is None:
            for m in self.trigger.finditer(low):
                yield m.start(), m.group(0)
        else:  # see `_after_nonword`: the offset in " " + low of \W is that of the word in low
            for m in self.trigger_words.finditer(" " + low):
                yield m.start(), m.group(1)

    @cached_property
    def largest_negative_sum(self) -> float:
        """The largest sum the negatives can add to a cue's weight (0 unless one is > 0)."""
        return sum(max(weight, 0.0) for _, weight, _ in self.negatives)


def lower(text: str) -> str:
    """Lower-case ``text`` keeping every offset (a character that grows stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _after_nonword(patterns: list[str]) -> re.Pattern[str] | None:
    r"""The alternation of ``patterns`` as ``\W(...)``, to run on the text with a space in front.

    Each alternative must open with ``\b`` and a letter and must not look behind (it could see
    the space in front), else None. A match then starts right after a non-word character,
    which the regex engine finds by skipping over word characters in C instead of trying a
    match at each of them (about twice as fast). Group 1 is the match of the alternation.
    The alternatives are grouped by their first letter, in their order within a letter: at
    any one place the same one matches first.
    """
    by_letter: dict[str, list[str]] = {}
    for alt in (a for pattern in patterns for a in alternatives(pattern)):
        spread = letter_first(alt[2:]) if alt.startswith("\\b") and "(?<" not in alt else None
        if spread is None:
            return None
        for one in spread:
            by_letter.setdefault(one[0], []).append(one[1:])
    try:
        return re.compile(r"\W(" + "|".join(f"{letter}(?:{'|'.join(rests)})"
                                            for letter, rests in by_letter.items()) + ")")
    except re.error:  # e.g. a named group that spreading repeated
        return None


def _rx(row: dict[str, Any]) -> re.Pattern[str]:
    return re.compile(row["pattern"], 0 if row.get("case") else re.IGNORECASE)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Compile the pattern file once."""
    rows = load_patterns(PATTERNS)

    def of(kind: str) -> list[dict[str, Any]]:
        return [r for r in rows if r["type"] == kind]

    def one(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{r['pattern']})" for r in of(kind)))

    cues = tuple(Cue(r["cue"], r["kind"], float(r["weight"]), r.get("subject", "actor"),
                     re.compile(r["pattern"]), frozenset(r.get("keys", ())))
                 for r in of("cue"))
    negatives = tuple((re.compile(r["pattern"]), float(r["weight"]), r.get("where", "any"))
                      for r in of("negative"))
    actors = tuple(Actor(r["actor"], _rx(r), bool(r.get("weak")), bool(r.get("speaker_only")),
                         bool(r.get("first_person")),
                         re.compile(r["antecedent"]) if r.get("antecedent") else None,
                         int(r.get("window", 0))) for r in of("actor"))
    verb_kinds = tuple((r["kind"], re.compile(r["pattern"])) for r in of("verb_kind"))
    by_key: dict[str, set[int]] = {}
    for i, cue in enumerate(cues):
        for key in cue.keys:
            by_key.setdefault(key, set()).add(i)
    return Grammar(one("trigger"), cues, negatives, one("stop"), actors, one("enemy"), one("skip"),
                   verb_kinds, {k: frozenset(v) for k, v in by_key.items()},
                   frozenset(i for i, cue in enumerate(cues) if not cue.keys),
                   _after_nonword([r["pattern"] for r in of("trigger")]))

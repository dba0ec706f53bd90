"""Lines-of-effort classifier for commitment sentences.

The lexicon is data (``coalition/data/lines_of_effort_terms.json``): per line of effort a list of
*strong* regexes, which assign the line on their own, and *weak* ones, which assign it only when
no strong term of any line is present (so "support for the Government of Iraq" is ``political``
alone, but not when the sentence is about refugees). Circumstantial clauses ("As military
operations expand, ...", "..., when the parties reach a political settlement") are cut first.
The patterns are lower case and run case-sensitively on the lower-cased sentence (several
times faster than ``re.IGNORECASE`` on long alternations). Each strength is also compiled
into one scan (`Scan`) that finds every line present in a single pass over the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from coalition.data import load_json

LEXICON = "lines_of_effort_terms.json"
LINES = ("military", "foreign_fighters", "finance", "humanitarian_stabilization",
         "counter_messaging", "political")


@dataclass(frozen=True)
class Scan:
    """The alternations of one strength, as one pass over the sentence.

    Nearly every term of the lexicon opens with ``\\b`` and a letter, so it starts right after
    a non-word character of the sentence with a space in front: ``regex`` matches that
    character (which the regex engine finds by skipping over word characters rather than
    trying each place) and then looks ahead for the terms (without their ``\\b``), grouped by their
    first letter, the common initials first, so that the regex engine passes over the groups
    of other letters at a glance. Each line's terms of a letter form a named group (``groups``
    maps it to the line), so a match tells one line that matches at its position; the other
    lines with terms of that letter are tried there (``rest``). The result is the set of
    lines whose alternation matches anywhere, as ``search`` would tell. The terms that do not
    open with ``\\b`` and a letter (or a group of such terms), or that look behind (they could
    see the space in front), are searched on their own, per line (``extra``); ``regex`` is
    None when no term is left: then each line is searched.
    """

    regex: re.Pattern[str] | None
    groups: dict[str, str]
    rest: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    extra: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def found(self, text: str) -> set[str]:
        """The lines whose alternation matches somewhere in ``text``."""
        if self.regex is None:
            return {line for line, rx in self.lines if rx.search(text)}
        found: set[str] = set()
        padded = " " + text
        for m in self.regex.finditer(padded):
            at = m.end()  # the term's first letter
            name = m.lastgroup
            if name not in self.groups:
                name = next(g for g in self.groups if m.start(g) >= 0)
            found.add(self.groups[name])
            for line, rx in self.rest[padded[at]]:
                if line not in found and rx.match(padded, at):
                    found.add(line)
        for line, rx in self.extra:
            if line not in found and rx.search(text):
                found.add(line)
        return found


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Yield (index, character, group depth after it) for each character of a regex that
    stands outside escapes and character classes."""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (``|`` outside groups and classes)."""
    cuts = [i for i, c, depth in _structure(pattern) if c == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[bounds[k] + 1:bounds[k + 1]] for k in range(len(bounds) - 1)]


_QUANTIFIER = "?*+{"


def letter_first(alt: str) -> list[str] | None:
    """``alt`` as alternatives that each open with a plain letter, or None.

    A leading group is spread over its alternatives ("(?:a|b)c" is "ac|bc", "(?:a)?c" is
    "ac|c"): the same text matches at the same places.
    """
    if len(alt) > 1 and alt[0].isascii() and alt[0].isalpha() and alt[1] not in _QUANTIFIER:
        return [alt]
    if not alt.startswith("(?:"):
        return None
    close = _group_end(alt)
    if close < 0:
        return None
    inner, after = alt[3:close], alt[close + 1:]
    optional = after.startswith("?")
    if optional:
        after = after[1:]
    if after[:1] and after[0] in _QUANTIFIER:
        return None
    out: list[str] = []
    for part in alternatives(inner) + ([""] if optional else []):
        spread = letter_first(part + after)
        if spread is None:
            return None
        out += spread
    return out


def _group_end(pattern: str) -> int:
    """Index of the ")" that closes the group opened at index 0, or -1."""
    return next((i for i, c, depth in _structure(pattern) if c == ")" and depth == 0), -1)


# Letters by how often English words open with them. The regex engine tries the letter
# alternatives of a `Scan` in turn at each word, so the common ones go first (~20% faster).
_INITIALS = "taswcoipfmbdrenulghjkvqzyx"


def _initial_rank(letter: str) -> tuple[int, str]:
    rank = _INITIALS.find(letter)
    return (len(_INITIALS) if rank < 0 else rank), letter


def _scan(lines: tuple[tuple[str, re.Pattern[str]], ...],
          terms: dict[str, list[str]]) -> Scan:
    """Compile the terms of one strength into a `Scan` (see there)."""
    by_letter: dict[str, list[tuple[str, list[str]]]] = {}
    irregular: dict[str, list[str]] = {}
    for line, _ in lines:
        for alt in (a for term in terms[line] for a in alternatives(term)):
            spread = (letter_first(alt[2:]) if alt.startswith("\\b") and "(?<" not in alt
                      else None)
            if spread is None:
                irregular.setdefault(line, []).append(alt)
                continue
            for one in spread:
                bucket = by_letter.setdefault(one[0], [])
                if not bucket or bucket[-1][0] != line:
                    bucket.append((line, []))
                bucket[-1][1].append(one[1:])
    if not by_letter:
        return Scan(None, {}, {}, lines)
    groups: dict[str, str] = {}
    alts: list[str] = []
    rest: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
    for letter, bucket in sorted(by_letter.items(), key=lambda kv: _initial_rank(kv[0])):
        named = []
        for line, rests in bucket:
            groups[name := f"g{len(groups)}"] = line
            named.append(f"(?P<{name}>{'|'.join(rests)})")
        alts.append(f"{letter}(?:{'|'.join(named)})")
        rest[letter] = tuple((line, re.compile(f"{letter}(?:{'|'.join(rests)})"))
                             for line, rests in bucket)
    extra = tuple((line, re.compile("|".join(f"(?:{p})" for p in patterns)))
                  for line, patterns in irregular.items())
    return Scan(re.compile(rf"\W(?=(?:{'|'.join(alts)}))"), groups, rest, lines, extra)


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicon: one alternation per line of effort and strength."""

    ignore: tuple[re.Pattern[str], ...]
    strong: tuple[tuple[str, re.Pattern[str]], ...]
    weak: tuple[tuple[str, re.Pattern[str]], ...]
    strong_scan: Scan
    weak_scan: Scan


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
    terms: dict[str, dict[str, list[str]]] = {"strong": {}, "weak": {}}
    for line in LINES:
        line_terms = data["lines"].get(line, {})
        for bucket, key in ((strong, "strong"), (weak, "weak")):
            rx = _join(line_terms.get(key, []))
            if rx is not None:
                bucket.append((line, rx))
                terms[key][line] = line_terms[key]
    ignore = tuple(re.compile(p) for p in data.get("ignore", []))
    return Lexicon(ignore, tuple(strong), tuple(weak), _scan(tuple(strong), terms["strong"]),
                   _scan(tuple(weak), terms["weak"]))


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
    found = lex.strong_scan.found(body)
    if not found:
        found = lex.weak_scan.found(body)
    return [line for line in LINES if line in found]


def classify_many(texts: list[str]) -> list[str]:
    """Union of the lines of effort of several texts, in the canonical order."""
    found: set[str] = set()
    for text in texts:
        found.update(classify(text))
    return [line for line in LINES if line in found]

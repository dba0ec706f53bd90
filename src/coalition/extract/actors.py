"""Actors component: states, organizations and armed groups named in the text.

One spaCy ``PhraseMatcher`` (attribute LOWER) holds every alias of the gazetteers in
``coalition/data`` (``states.jsonl``, built by ``scripts/build_gazetteer.py``;
``organizations.json``; ``armed_groups.json``; ``state_blockers.json``). Candidate matches are
then checked for case: a short all-capital alias ("US", "UN", "IS") must match exactly and not
sit among other all-capital words (a heading such as "JOIN US"); any other alias needs a
capital wherever the alias has one ("Turkey", not "turkey"). Of overlapping matches the longest
wins, so "Islamic State of Iraq" names the armed group and not Iraq, and a blocker such as
"Kuwait City" names no state.

The checks read tokens as slices of ``doc.text`` by their character offsets (`token_offsets`,
one ``Doc.to_array`` per document, reused by the people component) rather than building spaCy
``Token``/``Span`` objects per match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.attrs import IDX, LENGTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from coalition.data import load_json, load_jsonl
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact
from coalition.segment.tokens import get_tokenizer

COMPONENTS = ("actors",)
NAME = "actors"
VERSION = rules_version("1")

APOSTROPHES = ("'", "\u2019", "\u02bc", "`")
CONFIDENCE = {"name": 0.95, "formal": 0.98, "adjective": 0.85, "acronym": 0.9, "block": 0.0}


@dataclass(frozen=True)
class Alias:
    """One surface form of an actor: what it names and how it must be written."""

    kind: str  # state | organization | armed_group | block
    key: str  # ISO3 code or organization / armed group key ("" for a blocker)
    form: str  # name | formal | adjective | acronym | block
    text: str
    exact: bool  # a short all-capital acronym: compare the text as written
    words: tuple[str, ...] = ()  # the alias as the project's tokenizer splits it
    capitals: tuple[int, ...] = ()  # indices of the words that begin with a capital


@dataclass(frozen=True)
class Gazetteer:
    """The compiled matcher and what each of its labels stands for."""

    matcher: PhraseMatcher
    aliases: dict[int, Alias]
    exact_texts: frozenset[str]


def _is_acronym(text: str) -> bool:
    """True for short all-capital forms ("US", "U.N.", "EU") that must match as written."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(letters) <= 3 and all(c.isupper() for c in letters)


def _variants(text: str) -> Iterator[str]:
    """The alias with each kind of apostrophe ("Da'esh", "Da’esh")."""
    yield text
    if any(a in text for a in APOSTROPHES):
        for apo in APOSTROPHES:
            plain = text
            for other in APOSTROPHES:
                plain = plain.replace(other, apo)
            yield plain


def _state_aliases(rows: Iterable[dict[str, Any]]) -> Iterator[Alias]:
    for row in rows:
        for field, form in (("aliases", "name"), ("formal", "formal"),
                            ("adjectives", "adjective")):
            for text in row.get(field, []):
                shown = "acronym" if _is_acronym(text) else form
                yield Alias("state", row["iso3"], shown, text, _is_acronym(text))


def _keyed_aliases(kind: str, rows: Iterable[dict[str, Any]]) -> Iterator[Alias]:
    for row in rows:
        for text in row["aliases"]:
            form = "acronym" if _is_acronym(text) else "name"
            yield Alias(kind, row["key"], form, text, _is_acronym(text))


def all_aliases() -> list[Alias]:
    """Every alias of the shipped gazetteers, blockers included."""
    out = list(_state_aliases(load_jsonl("states.jsonl")))
    out += _keyed_aliases("organization", load_json("organizations.json"))
    out += _keyed_aliases("armed_group", load_json("armed_groups.json"))
    out += [Alias("block", "", "block", t, False) for t in load_json("state_blockers.json")]
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the matcher once: one label per (alias, spelling)."""
    nlp = get_tokenizer()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    table: dict[int, Alias] = {}
    for alias in all_aliases():
        for text in dict.fromkeys(_variants(alias.text)):
            words = tuple(t.text for t in nlp.make_doc(text))
            capitals = tuple(k for k, w in enumerate(words) if w[:1].isupper())
            spelled = Alias(alias.kind, alias.key, alias.form, text, alias.exact, words,
                            capitals)
            label = f"{spelled.kind}|{spelled.key}|{spelled.form}|{text}"
            table[nlp.vocab.strings.add(label)] = spelled
            matcher.add(label, [nlp.make_doc(text)])
    exact = frozenset(a.text for a in table.values() if a.exact)
    return Gazetteer(matcher, table, exact)


@dataclass(frozen=True)
class TokenOffsets:
    """Character offsets of every token of a Doc, as plain lists (read once per Doc)."""

    starts: list[int]
    ends: list[int]
    array: npt.NDArray[np.int64]  # the starts again, for vectorised lookups


def token_offsets(tokens: Doc) -> TokenOffsets:
    """Start and end character of each token, kept on the Doc (people reads the same Doc
    right after this component)."""
    cached = tokens.user_data.get("coalition_offsets")
    if isinstance(cached, TokenOffsets):
        return cached
    if len(tokens):
        arr = tokens.to_array([IDX, LENGTH]).astype(np.int64)
        firsts = arr[:, 0]
        offsets = TokenOffsets(firsts.tolist(), (firsts + arr[:, 1]).tolist(), firsts)
    else:
        offsets = TokenOffsets([], [], np.zeros(0, dtype=np.int64))
    tokens.user_data["coalition_offsets"] = offsets
    return offsets


def _case_ok(alias: Alias, text: str, offsets: TokenOffsets, start: int, end: int) -> bool:
    """Capitals where the alias has them; acronyms exactly as written."""
    if len(alias.words) != end - start:
        return False
    starts = offsets.starts
    if alias.exact:
        ends = offsets.ends
        for k, want in enumerate(alias.words, start):
            if text[starts[k]:ends[k]] != want:
                return False
        return True
    for k in alias.capitals:
        if not text[starts[start + k]].isupper():
            return False
    return True


def _in_capitals(text: str, offsets: TokenOffsets, start: int, end: int,
                 known: frozenset[str]) -> bool:
    """True when a short acronym sits beside other all-capital words (a shouted heading)."""
    for i in (start - 1, end):
        if 0 <= i < len(offsets.starts):
            word = text[offsets.starts[i]:offsets.ends[i]]
            if len(word) >= 2 and word.isalpha() and word.isupper() and word not in known:
                return True
    return False


Match = tuple[Alias, int, int]  # alias, first token, end token
_START = itemgetter(1)


def _accepted(text: str, offsets: TokenOffsets, gaz: Gazetteer,
              matches: list[tuple[int, int, int]]) -> list[Match]:
    found = []
    aliases = gaz.aliases
    for match_id, start, end in matches:
        alias = aliases[match_id]
        if not _case_ok(alias, text, offsets, start, end):
            continue
        if alias.exact and _in_capitals(text, offsets, start, end, gaz.exact_texts):
            continue
        found.append((alias, start, end))
    return found


def _longest(found: list[Match]) -> list[Match]:
    """Keep the longest non-overlapping matches (ties: the earlier, then the first alias).

    Only matches that overlap compete, so each run of overlapping matches is settled alone.
    """
    kept: list[Match] = []
    group: list[Match] = []
    reach = -1
    for match in sorted(found, key=_START):
        if match[1] >= reach:
            _settle(group, kept)
            group = []
        group.append(match)
        reach = max(reach, match[2])
    _settle(group, kept)
    return kept


def _settle(group: list[Match], kept: list[Match]) -> None:
    """Append to ``kept`` the longest matches of a run of overlapping ones, in text order."""
    if len(group) <= 1:
        kept.extend(group)
        return
    taken: set[int] = set()
    chosen = []
    for alias, start, end in sorted(group, key=lambda p: (p[1] - p[2], p[1])):
        span = range(start, end)
        if not taken.isdisjoint(span):
            continue
        taken.update(span)
        chosen.append((alias, start, end))
    chosen.sort(key=lambda p: p[1])
    kept.extend(chosen)


def _fact(doc: AnalyzedDoc, alias: Alias, start: int, end: int) -> Fact:
    conf = CONFIDENCE[alias.form]
    if alias.kind == "state":
        return doc.fact("state", start, end, NAME, VERSION, conf,
                        iso3=alias.key, form="name" if alias.form == "acronym" else alias.form)
    return doc.fact(alias.kind, start, end, NAME, VERSION, conf, key=alias.key)


def find_actors(doc: AnalyzedDoc) -> list[Fact]:
    """Match the gazetteers over ``doc.tokens`` and return one fact per kept match."""
    tokens: Doc = doc.tokens
    gaz = gazetteer()
    offsets = token_offsets(tokens)
    kept = _longest(_accepted(doc.text, offsets, gaz, gaz.matcher(tokens)))
    starts, ends = offsets.starts, offsets.ends
    return [_fact(doc, alias, starts[start], ends[end - 1])
            for alias, start, end in kept if alias.kind != "block"]


@extractor(NAME, version=VERSION, assigns=("state", "organization", "armed_group"))
def extract_actors(doc: AnalyzedDoc) -> list[Fact]:
    """States (with form), organizations and armed groups named in the document."""
    return find_actors(doc)

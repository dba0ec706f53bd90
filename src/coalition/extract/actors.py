"""Actors component: states, organizations and armed groups named in the text.

One spaCy ``PhraseMatcher`` (attribute LOWER) holds every alias of the gazetteers in
``coalition/data`` (``states.jsonl``, built by ``scripts/build_gazetteer.py``;
``organizations.json``; ``armed_groups.json``; ``state_blockers.json``). Candidate matches are
then checked for case: a short all-capital alias ("US", "UN", "IS") must match exactly and not
sit among other all-capital words (a heading such as "JOIN US"); any other alias needs a
capital wherever the alias has one ("Turkey", not "turkey"). Of overlapping matches the longest
wins, so "Islamic State of Iraq" names the armed group and not Iraq, and a blocker such as
"Kuwait City" names no state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from coalition.data import load_json, load_jsonl
from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact
from coalition.segment.tokens import get_tokenizer

COMPONENTS = ("actors",)
NAME = "actors"
VERSION = "1"

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
            spelled = Alias(alias.kind, alias.key, alias.form, text, alias.exact, words)
            label = f"{spelled.kind}|{spelled.key}|{spelled.form}|{text}"
            table[nlp.vocab.strings.add(label)] = spelled
            matcher.add(label, [nlp.make_doc(text)])
    exact = frozenset(a.text for a in table.values() if a.exact)
    return Gazetteer(matcher, table, exact)


def _case_ok(alias: Alias, span: Span) -> bool:
    """Capitals where the alias has them; acronyms exactly as written."""
    if len(alias.words) != len(span):
        return False
    for want, tok in zip(alias.words, span, strict=True):
        if alias.exact and want != tok.text:
            return False
        if want[:1].isupper() and not tok.text[:1].isupper():
            return False
    return True


def _in_capitals(doc: Doc, span: Span, known: frozenset[str]) -> bool:
    """True when a short acronym sits beside other all-capital words (a shouted heading)."""
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc):
            tok = doc[i]
            if (tok.is_alpha and len(tok.text) >= 2 and tok.text.isupper()
                    and tok.text not in known):
                return True
    return False


def _accepted(doc: Doc, gaz: Gazetteer,
              matches: list[tuple[int, int, int]]) -> list[tuple[Alias, Span]]:
    found = []
    for match_id, start, end in matches:
        alias = gaz.aliases[match_id]
        span = doc[start:end]
        if not _case_ok(alias, span):
            continue
        if alias.exact and _in_capitals(doc, span, gaz.exact_texts):
            continue
        found.append((alias, span))
    return found


def _longest(found: list[tuple[Alias, Span]]) -> list[tuple[Alias, Span]]:
    """Keep the longest non-overlapping matches (ties: the earlier, then the first alias)."""
    taken: set[int] = set()
    kept = []
    for alias, span in sorted(found, key=lambda p: (-(p[1].end - p[1].start), p[1].start)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        kept.append((alias, span))
    return sorted(kept, key=lambda p: p[1].start)


def _fact(doc: AnalyzedDoc, alias: Alias, span: Span) -> Fact:
    conf = CONFIDENCE[alias.form]
    if alias.kind == "state":
        return doc.fact("state", span.start_char, span.end_char, NAME, VERSION, conf,
                        iso3=alias.key, form="name" if alias.form == "acronym" else alias.form)
    return doc.fact(alias.kind, span.start_char, span.end_char, NAME, VERSION, conf,
                    key=alias.key)


def find_actors(doc: AnalyzedDoc) -> list[Fact]:
    """Match the gazetteers over ``doc.tokens`` and return one fact per kept match."""
    tokens: Doc = doc.tokens
    gaz = gazetteer()
    kept = _longest(_accepted(tokens, gaz, gaz.matcher(tokens)))
    return [_fact(doc, alias, span) for alias, span in kept if alias.kind != "block"]


@extractor(NAME, version=VERSION, assigns=("state", "organization", "armed_group"))
def extract_actors(doc: AnalyzedDoc) -> list[Fact]:
    """States (with form), organizations and armed groups named in the document."""
    return find_actors(doc)

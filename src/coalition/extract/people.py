"""People component: named persons with the role the text gives them.

A name is a run of capitalised tokens, with particles ("al-", "bin", "de") inside, that holds
no actor (state, organization, armed group), no title and no word of the non-name list
(``patterns/people_nonname.jsonl``: institutions, places, months, page furniture). A run of two
or more name tokens is a full name unless it is embedded in a larger capitalised phrase
("Syrian Refugee Situation") or follows "the". A single token is a person only when a title
or an honorific anchors it ("General Allen", "Mr. Kerry") or when it is the surname of a
full name found in the same document ("Kerry next went..."), whose key it then shares.

Roles come from the titles of ``patterns/people_titles.jsonl``: the capitalised phrase right
before the name ("U.S. Secretary of State John Kerry", "Prime Minister of Iraq Haider
al-Abadi") or an appositive after it ("Nickolay Mladenov, Special Representative of ...").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from coalition.data import load_patterns
from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("people",)
NAME = "people"
VERSION = "1"

PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von",
                       "der", "la", "le", "ben", "abu"})
ARTICLES = frozenset({"a", "an", "the"})
CONNECTORS = frozenset({"of", "the", "for", "to", "on", "in", "at", "and"})
LEFT_CONNECTORS = frozenset({"of", "the", "for", "to"})
ROLE_STOP = frozenset({",", ".", ";", ":", "(", ")", "\u2013", "\u2014", '"', "\u201c", "\u201d"})
MAX_ROLE_TOKENS = 14
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_CAPITAL = re.compile(r"(?<!\w)[A-Z\u00c0-\u00d6\u00d8-\u00de]")
_APOS = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class Lexicon:
    """The titles, honorifics and non-name words, read once from the pattern files."""

    titles: frozenset[str]  # lowercased title phrases
    title_words: frozenset[str]  # words of capitalised titles ("Secretary", "Prime")
    honorifics: frozenset[str]
    nonname: frozenset[str]
    max_title_len: int


@dataclass
class Candidate:
    """A name found in the text, before resolution."""

    start: int  # token index
    end: int
    tokens: list[str]  # the name tokens (hyphens kept)
    anchored: bool  # a title or honorific stands right before it
    role: str | None
    role_span: tuple[int, int] | None  # character span of the role

    @property
    def words(self) -> list[str]:
        return [t for t in self.tokens if t != "-"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rows = load_patterns("people_titles.jsonl")
    titles = [r["title"] for r in rows if not r.get("honorific")]
    honor = frozenset(r["title"] for r in rows if r.get("honorific"))
    words = frozenset(w for t in titles if t[:1].isupper() for w in t.split())
    nonname = frozenset(r["word"] for r in load_patterns("people_nonname.jsonl"))
    return Lexicon(frozenset(t.lower() for t in titles), words, honor, nonname,
                   max(len(t.split()) for t in titles))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_APOS))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _is_name_word(tok: Token, lex: Lexicon, actor: set[int]) -> bool:
    """A capitalised word that can be part of a person's name."""
    text = tok.text
    if tok.i in actor or text in lex.nonname or text in lex.title_words or text in lex.honorifics:
        return False
    if not text[:1].isupper() or tok.is_stop and text.lower() not in PARTICLES:
        return False
    if len(text) == 2 and text[1] == ".":  # an initial: "R."
        return True
    core = text.replace("\u2019", "").replace("'", "").replace("-", "")
    return core.isalpha() and any(c.islower() for c in core)


def _is_caps_word(tok: Token, actor: set[int]) -> bool:
    return tok.i not in actor and tok.is_alpha and tok.text.isupper() and len(tok.text) > 1


def _run_end(doc: Doc, i: int, lex: Lexicon, actor: set[int], caps: bool) -> int:
    """The end of the name run starting at token ``i`` (particles and hyphens inside)."""
    j = i
    n = len(doc)
    while j < n:
        tok = doc[j]
        if _is_name_word(tok, lex, actor) or (caps and j == i and _is_caps_word(tok, actor)):
            j += 1
            continue
        if j > i and _joins(doc, j, lex, actor):
            j += 1
            continue
        break
    while j > i and (doc[j - 1].text == "-" or doc[j - 1].lower_ in PARTICLES):
        j -= 1
    return j


def _joins(doc: Doc, j: int, lex: Lexicon, actor: set[int]) -> bool:
    """A particle or hyphen that links two parts of one name ("al-Abadi", "bin Laden")."""
    tok = doc[j]
    nxt = doc[j + 1] if j + 1 < len(doc) else None
    if nxt is None:
        return False
    if tok.text == "-":
        return not doc[j - 1].whitespace_ and not tok.whitespace_ and (
            _is_name_word(nxt, lex, actor))
    if tok.lower_ in PARTICLES:
        return _is_name_word(nxt, lex, actor) or (nxt.text == "-" and j + 2 < len(doc)
                                                  and _is_name_word(doc[j + 2], lex, actor))
    return False


def _sentence_start(starts: frozenset[int], i: int, floor: int = 0) -> int:
    """The index of the first token of the sentence holding token ``i`` (not below ``floor``)."""
    while i > floor and i not in starts:
        i -= 1
    return i


def _role_before(doc: Doc, start: int, lex: Lexicon, actor: set[int],
                 starts: frozenset[int]) -> tuple[int, int] | None:
    """The token span of a title phrase that ends right before ``start``.

    The phrase is the capitalised stretch (with "of", "the"... inside) left of the name; it
    must hold a title. Actors before the title stay in the role ("U.S. Secretary of State").
    """
    j = start
    floor = _sentence_start(starts, start, max(0, start - MAX_ROLE_TOKENS))
    while j > floor:
        tok = doc[j - 1]
        if _is_name_word(tok, lex, actor):
            break
        if tok.text[:1].isupper() or tok.i in actor or tok.lower_ in LEFT_CONNECTORS:
            j -= 1
            continue
        break
    while j < start and doc[j].lower_ in LEFT_CONNECTORS:
        j += 1
    words = [t.lower_ for t in doc[j:start]]
    for k in range(len(words)):
        sizes = range(min(lex.max_title_len, len(words) - k), 0, -1)
        if any(" ".join(words[k:k + size]) in lex.titles for size in sizes):
            qualified = all(i in actor or doc[i].lower_ in LEFT_CONNECTORS
                            for i in range(j, j + k))
            return (j if qualified else j + k), start
    return None


def _role_after(doc: Doc, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """An appositive title after the name: ", a Senior Fellow at ...", ", leader of ..."."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    if doc[j].lower_ in ARTICLES:
        j += 1
    words = [t.lower_ for t in doc[j:j + lex.max_title_len]]
    if not any(" ".join(words[:size]) in lex.titles for size in range(1, len(words) + 1)):
        return None
    k = j
    while k < len(doc) and k - j < MAX_ROLE_TOKENS and doc[k].text not in ROLE_STOP:
        tok = doc[k]
        if "\n" in tok.text or (tok.text.islower() and tok.text not in CONNECTORS and k > j):
            break
        k += 1
    return (j, k) if k > j else None


def _embedded(doc: Doc, start: int, end: int, lex: Lexicon, starts: frozenset[int]) -> bool:
    """True when the run sits inside a larger capitalised phrase or follows an article."""
    if start > 0 and start not in starts:
        prev = doc[start - 1]
        if prev.lower_ in ARTICLES or (prev.text[:1].isupper() and prev.is_alpha):
            return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.text[:1].isupper() and nxt.is_alpha and nxt.text not in lex.title_words:
            return True
    return False


def _in_place_list(doc: Doc, start: int, end: int) -> bool:
    """A two-word run between single capitalised words in a comma list ("Nice, X Y, Rome")."""
    before = start >= 3 and doc[start - 1].text == "," and doc[start - 2].text[:1].isupper() \
        and not doc[start - 3].text[:1].isupper()
    after = end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper() \
        and not doc[end + 2].text[:1].isupper()
    return before and after


def _sentence_initial_common(doc: Doc, start: int, lowered: frozenset[str],
                             starts: frozenset[int]) -> bool:
    """The first word of a sentence that the document also uses in lower case."""
    return start in starts and doc[start].lower_ in lowered


def _candidate(doc: Doc, start: int, end: int, lex: Lexicon, actor: set[int],
               lowered: frozenset[str], starts: frozenset[int]) -> Candidate | None:
    tokens = [t.text for t in doc[start:end]]
    prev = doc[start - 1].text if start > 0 else ""
    honorific = prev in lex.honorifics
    title = None if honorific else _role_before(doc, start, lex, actor, starts)
    if title and end - start == 1 and prev not in lex.title_words:
        title = None  # a lone word is anchored only by a title right before it
    role_span = title or _role_after(doc, end, lex)
    anchored = honorific or title is not None
    n_words = sum(1 for t in tokens if t != "-" and t.lower() not in PARTICLES)
    if not anchored:
        if n_words < 2 and role_span is None:
            return Candidate(start, end, tokens, False, None, None) if n_words == 1 else None
        if _embedded(doc, start, end, lex, starts) or _in_place_list(doc, start, end):
            return None
        if _sentence_initial_common(doc, start, lowered, starts):
            return None
    role = None
    span = None
    if role_span:
        phrase = doc[role_span[0]:role_span[1]]
        role, span = phrase.text, (phrase.start_char, phrase.end_char)
    return Candidate(start, end, tokens, anchored, role, span)


def _actor_tokens(doc: AnalyzedDoc) -> set[int]:
    tokens: Doc = doc.tokens
    covered: set[int] = set()
    for fact in doc.facts_of("state", "organization", "armed_group"):
        span = tokens.char_span(fact.start, fact.end, alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def _sentence_starts(doc: Doc) -> frozenset[int]:
    """Indices of the tokens that open a sentence (read once, as an array)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return frozenset({0})
    flags = doc.to_array("SENT_START")
    return frozenset(int(i) for i in (flags == 1).nonzero()[0]) | {0}


def _lowered_words(text: str) -> frozenset[str]:
    """Every all-lowercase word of the text (a capitalised form of one is a common word)."""
    return frozenset(_LOWER_WORD.findall(text))


def _capital_tokens(doc: Doc, text: str) -> Iterator[int]:
    """Indices of the tokens that begin with a capital letter, found by one regex pass."""
    index = dict(zip(doc.to_array("IDX").tolist(), range(len(doc)), strict=True))
    for m in _CAPITAL.finditer(text):
        i = index.get(m.start())
        if i is not None:
            yield i


def find_candidates(doc: AnalyzedDoc) -> list[Candidate]:
    """Every name run in the document, with its anchor and role."""
    tokens: Doc = doc.tokens
    if not len(tokens):
        return []
    lex = lexicon()
    actor = _actor_tokens(doc)
    lowered = _lowered_words(doc.text)
    starts = _sentence_starts(tokens)
    found: list[Candidate] = []
    free = 0
    for i in _capital_tokens(tokens, doc.text):
        if i < free:
            continue
        caps = i > 0 and tokens[i - 1].text in lex.honorifics
        if not (_is_name_word(tokens[i], lex, actor) or (caps and _is_caps_word(tokens[i], actor))):
            continue
        end = _run_end(tokens, i, lex, actor, caps)
        cand = _candidate(tokens, i, end, lex, actor, lowered, starts) if end > i else None
        if cand is not None:
            found.append(cand)
        free = max(end, i + 1)
    return found


def _display(tokens: list[str]) -> str:
    """The name as written, title-cased when the text shouts it ("KERRY")."""
    out = ""
    for tok in tokens:
        word = tok.title() if tok.isupper() and len(tok) > 2 else tok
        out += word if (tok == "-" or out.endswith("-") or not out) else " " + word
    return out


def surname(words: list[str]) -> str:
    """The last word of a name that is not a particle, folded ("Al-Abadi" -> "abadi")."""
    parts = [w for w in words if w.lower() not in PARTICLES and w != "-"] or words
    return _fold(parts[-1]) if parts else ""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")


def _resolve(cands: list[Candidate]) -> list[tuple[Candidate, str, str]]:
    """Give every candidate its (name, key); singles join the full name with their surname."""
    full: dict[str, str] = {}
    for c in cands:
        if len([w for w in c.words if w.lower() not in PARTICLES]) >= 2:
            sur = surname(c.words)
            name = _display(c.tokens)
            if len(name) > len(full.get(sur, "")):
                full[sur] = name
    out = []
    for c in cands:
        sur = surname(c.words)
        multi = len([w for w in c.words if w.lower() not in PARTICLES]) >= 2
        if sur in full:
            name = full[sur]
        elif multi or c.anchored or c.role:
            name = _display(c.tokens)
        else:
            continue
        out.append((c, name, slug(name)))
    return out


def _country(doc: AnalyzedDoc, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    states = doc.facts_in(span[0], span[1], "state")
    return str(states[0].attrs["iso3"]) if states else None


def extract(doc: AnalyzedDoc) -> list[Fact]:
    """Person facts: one per mention, each carrying the resolved name and key."""
    tokens: Doc = doc.tokens
    facts = []
    for cand, name, key in _resolve(find_candidates(doc)):
        start = tokens[cand.start].idx
        end = tokens[cand.end - 1].idx + len(tokens[cand.end - 1].text)
        conf = 0.9 if cand.role else (0.8 if len(cand.words) > 1 else 0.7)
        facts.append(doc.fact("person", start, end, NAME, VERSION, conf, name=name, key=key,
                              role=cand.role, country_iso3=_country(doc, cand.role_span)))
    return facts


@extractor(NAME, version=VERSION, requires=("segments", "state", "organization", "armed_group"),
           assigns=("person",))
def extract_people(doc: AnalyzedDoc) -> list[Fact]:
    """Named people, with role and the key shared by every mention of the same person."""
    return extract(doc)

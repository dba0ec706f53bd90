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
al-Abadi", "Minister for Foreign Trade and Development Cooperation Sigrid Kaag") or an
appositive after it ("Nickolay Mladenov, Special Representative of ..."). A lone word takes a
title only when the phrase ends with a whole title ("Prime Minister Abadi"). Honorifics also
anchor a shouted name ("MR. KERRY", "DR. HELEN MARSDEN" closing a heading); a navigation-bar
item ("Home | Media Library") is no name.

Speed: the rules read tokens as slices of the text by their offsets (shared with the actors
component), only at tokens outside actors that begin with a capital letter, never looping over
every token; the hot rules (the name run, the role phrase before it) slice the text in place
rather than through a method per token, and each rule is asked only where its cue stands (a
comma for an appositive, a title word before a lone word). From the spaCy Doc the component
needs only each token's character offset and length (IDX, LENGTH, via ``token_offsets``) and,
if a sentence boundary is set, SENT_START.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from operator import attrgetter

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from coalition.data import load_patterns
from coalition.extract.actors import token_offsets
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact
from coalition.segment.tokens import get_tokenizer

COMPONENTS = ("people",)
NAME = "people"
VERSION = rules_version("1")

PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von",
                       "der", "la", "le", "ben", "abu"})
ARTICLES = frozenset({"a", "an", "the"})
LOCATIVES = frozenset({"near", "in", "at", "outside", "around", "across", "towards", "toward",
                       "inside", "into"})
CONNECTORS = frozenset({"of", "the", "for", "to", "on", "in", "at", "and"})
LEFT_CONNECTORS = frozenset({"of", "the", "for", "to"})
# Inside a capitalised title phrase ("Minister for Trade and Development Cooperation").
TITLE_AND = frozenset({"and", "&"})
_PHRASE_GLUE = LEFT_CONNECTORS | TITLE_AND  # may join a title phrase, not open it
POSSESSIVE = frozenset({"'s", "\u2019s"})
NAME_GLUE = frozenset({"-", "."})  # tokens inside a name that are not words ("al-", "R.")
MAX_CAPS_NAME = 3  # all-capital words a shouted name may run to ("DR. HELEN MARSDEN")
CAPS_NAME_END = frozenset({",", ":", ";", "(", "|", "\u2013", "\u2014"})  # may close one
ROLE_STOP = frozenset({",", ".", ";", ":", "(", ")", "\u2013", "\u2014", '"', "\u201c", "\u201d"})
MAX_ROLE_TOKENS = 14
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_WORD_CHAR = re.compile(r"\w")
# Capitals that may open a name: A-Z, À-Ö, Ø-Þ (code points, compared as an array).
_CAPITAL_RANGES = ((0x41, 0x5A), (0xC0, 0xD6), (0xD8, 0xDE))
_ASCII_WORD = np.array([chr(c).isalnum() or chr(c) == "_" for c in range(128)])  # \w in ASCII
# A transcript's speaker label: a title and a name in capitals opening a line, then a colon.
# Matched at the text's start and after each newline (searching for the "\n" is much faster
# than trying a multiline "^" at every character).
_SPEAKER_LABEL = r"[ \t]*(?P<label>[A-Z]{2,}\.?(?:[ \t]+[A-Z][A-Z.'’-]+){1,4})[ \t]*:"
_SPEAKER_FIRST = re.compile(_SPEAKER_LABEL)
_SPEAKER_NEXT = re.compile("\n" + _SPEAKER_LABEL)
_LABEL_WORD = re.compile(r"\S+")
_APOS = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class Lexicon:
    """The titles, honorifics and non-name words, read once from the pattern files."""

    titles: frozenset[str]  # lowercased title phrases
    title_words: frozenset[str]  # words of capitalised titles ("Secretary", "Prime")
    honorifics: frozenset[str]
    nonname: frozenset[str]
    max_title_len: int
    first_title_words: frozenset[str]  # a phrase that starts elsewhere cannot be a title


@dataclass(slots=True)
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
        return [t for t in self.tokens if t not in NAME_GLUE]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rows = load_patterns("people_titles.jsonl")
    titles = [r["title"] for r in rows if not r.get("honorific")]
    honor = frozenset(r["title"] for r in rows if r.get("honorific"))
    words = frozenset(w for t in titles if t[:1].isupper() for w in t.split())
    nonname = frozenset(r["word"] for r in load_patterns("people_nonname.jsonl"))
    lowered = frozenset(t.lower() for t in titles)
    return Lexicon(lowered, words, honor, nonname, max(len(t.split()) for t in titles),
                   frozenset(t.split(" ")[0] for t in lowered))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_APOS))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def _name_text(text: str) -> bool:
    """A capitalised word that can be part of a person's name (wherever it stands)."""
    lex = lexicon()
    if text in lex.nonname or text in lex.title_words or text in lex.honorifics:
        return False
    if not text[:1].isupper() or text.lower() in LOCATIVES:
        return False
    if get_tokenizer().vocab[text].is_stop and text.lower() not in PARTICLES:
        return False
    if len(text) == 2 and text[1] == ".":  # an initial: "R."
        return True
    core = text.replace("\u2019", "").replace("'", "").replace("-", "")
    return core.isalpha() and any(c.islower() for c in core)


def _starts_title(words: list[str], k: int, titles: frozenset[str], first: frozenset[str],
                  longest: int) -> bool:
    """True when a title begins at ``words[k]``."""
    head = words[k]
    if head not in first and " " not in head:
        return False
    sizes = range(min(longest, len(words) - k), 0, -1)
    return any(" ".join(words[k:k + size]) in titles for size in sizes)


class _Scan:
    """One document's tokens as plain strings and offsets, with the tests the rules make.

    Tokens are read from the text by their offsets only where a rule looks at them, so the
    cost follows the capitalised words, not every token of the document.
    """

    def __init__(self, doc: AnalyzedDoc) -> None:
        tokens: Doc = doc.tokens
        offsets = token_offsets(tokens)
        self.text = doc.text
        self.starts_char = offsets.starts
        self.ends_char = offsets.ends
        self.array = offsets.array
        self.n = len(offsets.starts)
        self.lex = lexicon()
        self.actor_mask = self._actor_mask(doc)
        self.actor = set(np.flatnonzero(self.actor_mask).tolist())
        self.lone_places = self._lone_places(doc)
        self.starts = _sentence_starts(tokens)
        self.only_first = self.starts == frozenset({0})
        self._lowered: frozenset[str] | None = None

    def _actor_mask(self, doc: AnalyzedDoc) -> npt.NDArray[np.bool_]:
        """Which tokens an actor or place fact covers, in part or whole (token bounds found
        for all facts at once, spans marked by a running sum of +1 at starts, -1 at ends)."""
        facts = doc.facts_of("state", "organization", "armed_group", "place")
        if not facts:
            return np.zeros(self.n, dtype=bool)
        first = np.searchsorted(self.array, [f.start for f in facts], side="right") - 1
        last = np.searchsorted(self.array, [f.end for f in facts], side="left")
        spans = (first >= 0) & (last > first)
        size = self.n + 1
        edges = (np.bincount(first[spans], minlength=size)
                 - np.bincount(last[spans], minlength=size))
        return np.cumsum(edges[:self.n]) > 0

    def _lone_places(self, doc: AnalyzedDoc) -> frozenset[int]:
        """Tokens that are a whole place fact by themselves and no other actor: a city that
        can also be a surname ("Kemal Aydın", "Lloyd Austin")."""
        others = {f.start for f in doc.facts_of("state", "organization", "armed_group")}
        starts = self.array
        lone = set()
        for f in doc.facts_of("place"):
            k = int(np.searchsorted(starts, f.start))
            if (k < self.n and starts[k] == f.start and self.ends_char[k] == f.end
                    and f.start not in others):
                lone.add(k)
        return frozenset(lone)

    def word(self, i: int) -> str:
        return self.text[self.starts_char[i]:self.ends_char[i]]

    def after_title(self, i: int) -> bool:
        """Token ``i`` follows a title word or an honorific ("Ambassador", "Mr.") and is
        followed by a space."""
        return (i > 0 and self.spaced(i) and self.spaced(i - 1)
                and (self.word(i - 1) in self.lex.title_words or self.honorific(i - 1)))

    def lower(self, i: int) -> str:
        return self.text[self.starts_char[i]:self.ends_char[i]].lower()

    def spaced(self, i: int) -> bool:
        """The token is followed by a space (spaCy's ``whitespace_``)."""
        nxt = self.starts_char[i + 1] if i + 1 < self.n else len(self.text)
        return nxt > self.ends_char[i]

    def is_name(self, i: int) -> bool:
        return i not in self.actor and _name_text(self.text[self.starts_char[i]:self.ends_char[i]])

    def honorific(self, i: int) -> bool:
        """An honorific, also as a shouted heading writes it ("DR.", "MR.")."""
        text = self.word(i)
        honorifics = self.lex.honorifics
        if text in honorifics:
            return True
        if text == "." and i > 0 and not self.spaced(i - 1):  # "DR" "." as two tokens
            text = self.word(i - 1) + text
        return text.endswith(".") and text.isupper() and text.capitalize() in honorifics

    def is_caps(self, i: int) -> bool:
        text = self.word(i)
        return i not in self.actor and text.isalpha() and text.isupper() and len(text) > 1

    def lowered(self) -> frozenset[str]:
        """Every all-lowercase word of the text (a capitalised form of one is a common word)."""
        if self._lowered is None:
            self._lowered = frozenset(_LOWER_WORD.findall(self.text))
        return self._lowered

    def sentence_start(self, i: int, floor: int) -> int:
        """The first token of the sentence holding token ``i`` (not below ``floor``)."""
        if self.only_first:
            return max(floor, 0) if i > floor else i
        while i > floor and i not in self.starts:
            i -= 1
        return i

    def run_end(self, i: int, caps: bool) -> int:
        """The end of the name run starting at token ``i`` (particles and hyphens inside)."""
        j = i
        n = self.n
        if caps and self.is_caps(i):
            j = self.caps_end(i)
        text, starts, ends, actor = self.text, self.starts_char, self.ends_char, self.actor
        while j < n:
            if j not in actor and _name_text(text[starts[j]:ends[j]]):  # is_name(j)
                j += 1
                continue
            if j > i and self.joins(j):
                j += 1
                continue
            if j == i + 1 and j in self.lone_places and self.after_title(i) and not caps:
                j += 1  # a title, a given name and a city as surname: "Ambassador Kemal Aydın"
                continue
            break
        while j > i:
            word = text[starts[j - 1]:ends[j - 1]]
            if word != "-" and word.lower() not in PARTICLES:
                break
            j -= 1
        return j

    def caps_end(self, i: int) -> int:
        """The end of a shouted name after an honorific: "DR. HELEN MARSDEN" closing a heading
        line (or before a comma, colon, bracket); elsewhere ("MR. KERRY TOLD REPORTERS") only
        the first word."""
        j = i + 1
        while j < self.n and j - i < MAX_CAPS_NAME and self.is_caps(j) \
                and _name_text(self.word(j).capitalize()):
            j += 1
        if j > i + 1 and j < self.n:
            nxt = self.word(j)
            if "\n" not in nxt and nxt not in CAPS_NAME_END:
                return i + 1
        return j

    def joins(self, j: int) -> bool:
        """A particle or hyphen that links two parts of one name ("al-Abadi", "bin Laden")."""
        if j + 1 >= self.n:
            return False
        text = self.word(j)
        if text == "-":
            return not self.spaced(j - 1) and not self.spaced(j) and self.is_name(j + 1)
        if text.lower() in PARTICLES:
            return self.is_name(j + 1) or (self.word(j + 1) == "-" and j + 2 < self.n
                                           and self.is_name(j + 2))
        if len(text) != 1:  # neither an initial nor its period
            return False
        return self.initial_at(j) or (text == "." and self.initial_at(j - 1))

    def initial_at(self, k: int) -> bool:
        """A middle initial split from its period ("R" "." in "John R. Allen")."""
        text = self.word(k)
        return (len(text) == 1 and text.isupper() and k + 2 < self.n
                and self.word(k + 1) == "." and not self.spaced(k) and self.spaced(k + 1)
                and self.is_name(k + 2))

    def role_before(self, start: int) -> tuple[int, int] | None:
        """The token span of a title phrase that ends right before ``start``.

        The phrase is the capitalised stretch (with "of", "the"... inside) left of the name;
        it must hold a title. Actors before the title stay in the role ("U.S. Secretary of
        State").
        """
        j = start
        floor = self.sentence_start(start, max(0, start - MAX_ROLE_TOKENS))
        text, starts, ends, actor = self.text, self.starts_char, self.ends_char, self.actor
        while j > floor:
            k = j - 1
            word = text[starts[k]:ends[k]]
            if k in actor:
                j = k
                continue
            if _name_text(word):
                break
            lowered = word.lower()
            if word[:1].isupper() or lowered in LEFT_CONNECTORS or (
                    lowered in TITLE_AND and k - 1 >= floor
                    and text[starts[k - 1]:ends[k - 1]][:1].isupper()):
                j = k
                continue
            break
        if j == start:
            return None
        words = [text[starts[i]:ends[i]].lower() for i in range(j, start)]
        lead = 0  # connectors cannot open the phrase
        while lead < len(words) and words[lead] in _PHRASE_GLUE:
            lead += 1
        words = words[lead:]
        j += lead
        lex = self.lex
        for k in range(len(words)):
            if _starts_title(words, k, lex.titles, lex.first_title_words, lex.max_title_len):
                qualified = all(i in actor or words[i - j] in LEFT_CONNECTORS
                                for i in range(j, j + k))
                return (j if qualified else j + k), start
        return None

    def role_after(self, end: int) -> tuple[int, int] | None:
        """An appositive title after the name: ", a Senior Fellow at ...", ", leader of ..."."""
        n = self.n
        if end + 1 >= n or self.word(end) != ",":
            return None
        j = end + 1
        if self.lower(j) in ARTICLES:
            j += 1
        lead = j
        while j < n - 1 and j in self.actor:  # "Ana Soto, Chile's trade minister"
            j += 1
        if j > lead and self.lower(j) in POSSESSIVE:
            j += 1
        lex = self.lex
        words = [self.lower(i) for i in range(j, min(j + lex.max_title_len + 2, n))]
        first = lex.first_title_words
        for lead_words in range(3):  # modifiers before the title: "trade minister"
            if lead_words >= len(words) or (lead_words and not (
                    words[lead_words - 1].isalpha() and words[lead_words - 1] not in CONNECTORS)):
                return None
            rest = words[lead_words:lead_words + lex.max_title_len]
            if rest[0] in first or " " in rest[0]:
                sizes = [size for size in range(1, len(rest) + 1)
                         if " ".join(rest[:size]) in lex.titles]
                if sizes:
                    break
        else:
            return None
        k = j + lead_words + max(sizes)
        while k < n and k - lead < MAX_ROLE_TOKENS:
            text = self.word(k)
            if text in ROLE_STOP:
                break
            if "\n" in text or (text.islower() and text not in CONNECTORS):
                break
            k += 1
        return lead, k

    def role_apposed(self, start: int) -> tuple[int, int] | None:
        """A title set off by a comma before the name, led by the state or body it serves:
        "Chile's trade minister, Ana Soto", "the Iraqi foreign minister, Fuad Hussein"."""
        if start < 3 or self.word(start - 1) != ",":
            return None
        end = start - 1
        titles = self.lex.titles
        floor = max(0, end - self.lex.max_title_len - 1)
        for j in range(end - 1, floor - 1, -1):
            if j in self.actor or self.lower(j) in POSSESSIVE:
                break
            if not self.word(j).isalpha():
                return None
        else:
            return None
        words = [self.lower(i) for i in range(j + 1, end)]
        if not any(" ".join(words[k:]) in titles for k in range(len(words))):
            return None
        if self.lower(j) in POSSESSIVE:
            j -= 1
        if j not in self.actor:
            return None
        while j > 0 and j - 1 in self.actor:
            j -= 1
        return j, end

    def ends_with_title(self, span: tuple[int, int]) -> bool:
        """The role phrase ends with a whole title ("Prime Minister", not "Minister for
        Foreign"), so the word after it can be a lone surname."""
        words = [self.lower(i) for i in range(span[0], span[1])]
        titles = self.lex.titles
        return any(" ".join(words[k:]) in titles
                   for k in range(max(0, len(words) - self.lex.max_title_len), len(words)))

    def in_menu(self, start: int, end: int) -> bool:
        """The run is an item of a navigation bar ("Home | Media Library | Contact")."""
        return (start > 0 and self.word(start - 1) == "|") or (
            end < self.n and self.word(end) == "|")

    def embedded(self, start: int, end: int) -> bool:
        """True when the run sits inside a larger capitalised phrase or follows an article."""
        if start > 0 and start not in self.starts:
            prev = self.word(start - 1)
            if prev.lower() in ARTICLES or (prev[:1].isupper() and prev.isalpha()):
                return True
        if end < self.n:
            nxt = self.word(end)
            if nxt[:1].isupper() and nxt.isalpha() and nxt not in self.lex.title_words:
                return True
        return False

    def in_place_list(self, start: int, end: int) -> bool:
        """A two-word run between single capitalised words in a comma list ("Nice, X Y, Rome")."""
        word = self.word
        before = start >= 3 and word(start - 1) == "," and word(start - 2)[:1].isupper() \
            and not word(start - 3)[:1].isupper()
        after = end + 2 < self.n and word(end) == "," and word(end + 1)[:1].isupper() \
            and not word(end + 2)[:1].isupper()
        return before and after

    def after_locative(self, start: int, end: int) -> bool:
        """The run follows "near", "in", "outside"...: a place ("near Abu Kamal"), unless a
        possessive follows ("in John Smith's view")."""
        if start < 1 or self.lower(start - 1) not in LOCATIVES:
            return False
        return not (end < self.n and self.word(end) in ("'s", "’s"))

    def sentence_initial_common(self, start: int) -> bool:
        """The first word of a sentence that the document also uses in lower case."""
        return start in self.starts and self.lower(start) in self.lowered()

    def candidate(self, start: int, end: int) -> Candidate | None:
        lex = self.lex
        text, starts, ends = self.text, self.starts_char, self.ends_char
        tokens = [text[starts[i]:ends[i]] for i in range(start, end)]
        prev = text[starts[start - 1]:ends[start - 1]] if start > 0 else ""
        # An honorific is one of the list or ends with its period ("MR.", "DR" ".").
        honorific = (prev in lex.honorifics or prev[-1:] == ".") and self.honorific(start - 1)
        # A lone word is anchored only by a whole title right before it ("Prime Minister
        # Abadi"): without a title word there, no phrase need be looked for.
        lone = end - start == 1
        if honorific or (lone and prev not in lex.title_words) or prev.lower() in ARTICLES:
            title = None  # no title before an article: "Director General of the Anti-Money ..."
        else:
            title = self.role_before(start)
            if title and lone and not self.ends_with_title(title):
                title = None
        # An appositive needs a comma after the name, an apposed title one before it.
        after = end < self.n and text[starts[end]:ends[end]] == ","
        role_span = title or (after and self.role_after(end)) or (
            prev == "," and self.role_apposed(start)) or None
        anchored = honorific or title is not None
        n_words = sum(1 for t in tokens if t not in NAME_GLUE and t.lower() not in PARTICLES)
        if not anchored:
            if n_words < 2 and role_span is None:
                return Candidate(start, end, tokens, False, None, None) if n_words == 1 else None
            if self.embedded(start, end) or self.in_place_list(start, end) \
                    or self.in_menu(start, end):
                return None
            if self.sentence_initial_common(start):
                return None
            if self.after_locative(start, end):
                return None
        role = None
        span = None
        if role_span:
            first = self.starts_char[role_span[0]]
            last = self.ends_char[role_span[1] - 1]
            role, span = self.text[first:last], (first, last)
        return Candidate(start, end, tokens, anchored, role, span)

    def capital_tokens(self) -> list[int]:
        """Indices of the tokens outside actors that begin with a capital letter not preceded
        by a word character (the text's code points compared as one array: no Python loop
        per character or token). An actor's token never opens a name run."""
        if not self.n:
            return []
        points = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        firsts = points[self.array]
        capital = np.zeros(self.n, dtype=bool)
        for low, high in _CAPITAL_RANGES:
            capital |= (firsts >= low) & (firsts <= high)
        found = np.flatnonzero(capital & ~self.actor_mask)
        at = self.array[found]
        before = np.where(at > 0, points[np.maximum(at - 1, 0)], 32)  # text start: a space
        plain = before < 128
        keep = plain & ~_ASCII_WORD[np.where(plain, before, 0)]
        for k in np.flatnonzero(~plain).tolist():  # rare: a non-ASCII character before
            keep[k] = not _WORD_CHAR.match(self.text, int(at[k]) - 1)
        return list(found[keep].tolist())

    def speaker_labels(self) -> list[Candidate]:
        """Speakers of a transcript, named in capitals after their title at the start of a
        line: "MAJOR ADRIAN RUIZ:", "COL. WHITCOMB:", "MINISTER OKONJO:"."""
        found = []
        lex = self.lex
        opening = _SPEAKER_FIRST.match(self.text)
        for m in chain([opening] if opening else [], _SPEAKER_NEXT.finditer(self.text)):
            words = list(_LABEL_WORD.finditer(m.group("label")))
            for k in (2, 1):  # the longest title first: "DEPUTY SECRETARY KERRY"
                title = " ".join(w.group() for w in words[:k])
                if len(words) - k not in (1, 2, 3) or not (
                        title.lower() in lex.titles or title.capitalize() in lex.honorifics):
                    continue
                if any(not _name_text(w.group().title()) for w in words[k:]):
                    break
                at = m.start("label")
                first = bisect_left(self.starts_char, at + words[k].start())
                last = bisect_left(self.starts_char, at + words[-1].end())
                tokens = [self.word(i) for i in range(first, last)]
                found.append(Candidate(first, last, tokens, True, title.title(),
                                       (at, at + words[k - 1].end())))
                break
        return found

    def candidates(self) -> list[Candidate]:
        """Every name run, tried at each token that begins with a capital letter, and the
        speakers that transcripts name in capitals."""
        found: list[Candidate] = self.speaker_labels()
        taken = {c.start for c in found}
        free = 0
        text, starts, ends = self.text, self.starts_char, self.ends_char
        for i in self.capital_tokens():
            if i < free:
                continue
            # An honorific lets an all-capital word open the run ("Mr. KERRY").
            caps = False
            word = text[starts[i]:ends[i]]
            if not _name_text(word):
                if not (word.isupper() and i > 0 and self.is_caps(i) and self.honorific(i - 1)):
                    continue
                caps = True
            end = self.run_end(i, caps)
            cand = self.candidate(i, end) if end > i and i not in taken else None
            if cand is not None:
                found.append(cand)
            free = max(end, i + 1)
        return sorted(found, key=attrgetter("start"))


def _sentence_starts(doc: Doc) -> frozenset[int]:
    """Indices of the tokens that open a sentence (read once, as an array); just the first
    token when the Doc has no sentence boundaries (all flags unset)."""
    if not len(doc):
        return frozenset({0})
    flags = doc.to_array("SENT_START")
    return frozenset(np.flatnonzero(flags == 1).tolist()) | {0}


def find_candidates(doc: AnalyzedDoc) -> list[Candidate]:
    """Every name run in the document, with its anchor and role."""
    if not len(doc.tokens):
        return []
    return _Scan(doc).candidates()


def _display(tokens: list[str]) -> str:
    """The name as written, title-cased when the text shouts it ("KERRY")."""
    out = ""
    for tok in tokens:
        word = tok.title() if tok.isupper() and len(tok) > 2 else tok
        out += word if (tok in NAME_GLUE or out.endswith("-") or not out) else " " + word
    return out


def surname(words: list[str]) -> str:
    """The last word of a name that is not a particle, folded ("Al-Abadi" -> "abadi")."""
    parts = [w for w in words if w.lower() not in PARTICLES and w != "-"] or words
    return _fold(parts[-1]) if parts else ""


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _NON_SLUG.sub("-", _fold(name)).strip("-")


def _family_first(tokens: list[str]) -> list[str]:
    """"SAKURADA Kenji": a family name in capitals before a given name (Japanese, Korean,
    Chinese order in many official texts) is put last, where the surname stands."""
    if (len(tokens) == 2 and len(tokens[0]) > 2 and tokens[0].isupper() and tokens[0].isalpha()
            and tokens[1][:1].isupper() and not tokens[1].isupper()):
        return [tokens[1], tokens[0]]
    return tokens


def _resolve(cands: list[Candidate]) -> list[tuple[Candidate, str, str]]:
    """Give every candidate its (name, key); singles join the full name with their surname."""
    full: dict[str, str] = {}
    info = []
    for c in cands:
        tokens = _family_first(c.tokens)
        if tokens is not c.tokens:  # reordered (rare): copy, the scan's candidate stays as found
            c = replace(c, tokens=tokens)
        words = c.words
        parts = [w for w in words if w.lower() not in PARTICLES]  # as surname() reads them
        multi = len(parts) >= 2
        last = parts or words
        sur = _fold(last[-1]) if last else ""
        info.append((c, sur, multi))
        if multi:
            name = _display(c.tokens)
            if len(name) > len(full.get(sur, "")):
                full[sur] = name
    out = []
    slugs: dict[str, str] = {}  # the keys of this document's names, each made once
    for c, sur, multi in info:
        if sur in full:
            name = full[sur]
        elif multi or c.anchored or c.role:
            name = _display(c.tokens)
        else:
            continue
        key = slugs.get(name)
        if key is None:
            key = slugs[name] = slug(name)
        out.append((c, name, key))
    return out


def _country(states: list[Fact], span: tuple[int, int] | None) -> str | None:
    """The first state named inside the role."""
    if span is None:
        return None
    for fact in states:
        if fact.start >= span[0] and fact.end <= span[1]:
            return str(fact.attrs["iso3"])
    return None


def extract(doc: AnalyzedDoc) -> list[Fact]:
    """Person facts: one per mention, each carrying the resolved name and key."""
    resolved = _resolve(find_candidates(doc))
    if not resolved:
        return []
    offsets = token_offsets(doc.tokens)
    states = doc.facts_of("state")
    facts = []
    for cand, name, key in resolved:
        start = offsets.starts[cand.start]
        end = offsets.ends[cand.end - 1]
        conf = 0.9 if cand.role else (0.8 if len(cand.words) > 1 else 0.7)
        facts.append(doc.fact("person", start, end, NAME, VERSION, conf, name=name, key=key,
                              role=cand.role, country_iso3=_country(states, cand.role_span)))
    return facts


@extractor(NAME, version=VERSION,
           requires=("segments", "state", "organization", "armed_group", "place"),
           assigns=("person",))
def extract_people(doc: AnalyzedDoc) -> list[Fact]:
    """Named people, with role and the key shared by every mention of the same person."""
    return extract(doc)

"""Commitments component: sentences in which the coalition or its members undertake to act.

The cue grammar is data (``extract/patterns/commitments.jsonl``): cues (``will``, ``decided
to``, ``reaffirmed their commitment``, ``urge``, ...) with a kind and a weight, negative cues
(observations, conditionals, questions, page furniture), stop verbs ("will succeed"), actor
and enemy subject terms, and deadline expressions. One keyword pass over the whole text finds
candidate sentences; only those are parsed. A cue counts when the subject before it is an
actor (we, participants, the Coalition, a working group, a state or organization fact) and not
the enemy, and when it is not inside a relative clause ("Morocco, which will host ..."); in a
quotation "we" counts only as the subject itself ("we will", "our trainers will") and not in
a quotation the text gives to the enemy, and it binds only a member it names ("we in Germany
will ..."), as the quotation does not say whose "we" it is; a named subject ("Germany will
send", "The CIFG will") binds itself. A decision "that ..." needs a modal and a subject other than
the enemy. The fact span is the whole sentence; lines of effort come from
`coalition.extract.lines_of_effort`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from coalition.extract.commitment_grammar import Actor, Cue, grammar, lower
from coalition.extract.deadlines import base_date, find_deadline
from coalition.extract.lines_of_effort import classify_many
from coalition.extract.number_grammar import trie_regex
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact, Segment, SpanIndex
from coalition.segment.sentences import bulleted, label_end

COMPONENTS = ("commitments",)
NAME = "commitments"
VERSION = rules_version("1")
THRESHOLD = 0.5
ATTRIBUTION = 80  # characters either side of a quotation read for who said it

_CLAUSE_WORDS = ("that", "which", "who", "whom", "and", "but", "while", "when", "whereas",
                 "because", "although", "though", "so", "if", "unless")
_BOUNDARY = re.compile(r"[,;:()\[\]\u2013\u2014]|\s-\s|\b(?:" + "|".join(_CLAUSE_WORDS) + r")\b",
                       re.IGNORECASE)
# The same on lower-cased ASCII text: case-sensitive and factored by prefixes, about twice
# as fast as the case-insensitive flat alternation (outside ASCII the two could differ).
_BOUNDARY_LOWER = re.compile(r"[,;:()\[\]\u2013\u2014]|\s-\s|\b(?:"
                             + trie_regex(frozenset(_CLAUSE_WORDS)) + r")\b")
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_COORDINATORS = frozenset({"and", "but"})
# A chunk after "that"/"who" that opens with a verb is a relative clause ("Members that have not
# yet done so will"), not the subject of a complement ("agreed that the Coalition will").
_RELATIVE_VERB = re.compile(r"\s*(?:have|has|had|are|is|was|were|do|does|did|can|could|wish|"
                            r"wishes|want|wants|already|still|currently)\b", re.IGNORECASE)
# What a decision "that ..." needs: a modal or a subjunctive ("decided that the group be").
_MODAL = re.compile(r"\b(?:will|would|shall|should|must|be|is\s+to|are\s+to|need\s+to)\b")
_CLAUSE_VERB = re.compile(r"\b(?:will|would|shall|should|must|can|could|may|might|is|are|was|"
                          r"were|has|have|had)\b|[,;:()]", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Uu]s|I|[Mm]y)\b")
# "we" or "our <noun>" as the subject right before a cue, at the head of a clause.
_WE_SUBJECT = re.compile(r"(?:^|[,;:\"\u201c(]\s*|\b(?:and|but|so)\s+)"
                         r"(?:we|our(?:\s+[a-z-]+){1,2})\s+(?:[a-z]+ly\s+|also\s+|all\s+)?$")
_PRONOUN_LAST = re.compile(r"\b(?:[Ww]e|I|[Tt]hey)\s*$")  # a subject pronoun right before the cue
_FILLER = frozenset({"also", "further", "jointly", "all", "both", "each", "therefore", "thus",
                     "however", "moreover", "furthermore", "together", "now", "then", "today",
                     "tomorrow", "already", "still", "again", "first", "second", "third",
                     "finally", "lastly", "most", "here", "likewise", "and", "but", "so", "in",
                     "this", "regard", "addition", "particular", "indeed", "hence", "accordingly"})
_PREP = re.compile(r"\b(?:of|in|on|at|for|from|with|by|to|against|about|into|over|under|"
                   r"between|among|across|along|through)\b", re.IGNORECASE)
_QUANT = frozenset({"all", "each", "many", "some", "most", "none", "one", "two", "three",
                    "several", "both", "majority", "number", "members", "any", "every", "few",
                    "representatives", "ministers", "group"})
_ACRONYM_USE = re.compile(r"\(([A-Z][A-Za-z]*(?:\s[A-Z]{1,4})?)\)")
_ACRONYM = re.compile(r"(?:Group|Coalition|Task\s+Force|Cell|Forum|Committee|Council|Centre|"
                      r"Center)\s*$")
_QUOTE = re.compile(r"“[^“”]{1,1500}”|\"[^\"\n]{1,600}\"")
_SOCIAL = re.compile(r"[@#][A-Za-z]\w")
_WORD = re.compile(r"[\w'’.-]+")
_ANY_WORD = re.compile(r"\w")
_ACTOR_FACTS = ("state", "organization")


@dataclass(frozen=True)
class Hit:
    """An accepted cue in a sentence."""

    cue: Cue
    kind: str
    score: float
    actors: tuple[str, ...]
    weak: bool


@dataclass(frozen=True)
class Context:
    """Per-document lookups, built once: quotations, group acronyms, facts by position."""

    doc: AnalyzedDoc
    quotes: tuple[tuple[int, int], ...]
    acronyms: re.Pattern[str] | None
    facts: SpanIndex

    people: dict[str, str]  # person key -> the state their role names, in any mention

    @classmethod
    def of(cls, doc: AnalyzedDoc) -> Context:
        facts = SpanIndex(doc.facts_of(*_ACTOR_FACTS, "armed_group", "meeting", "person",
                                       "money", "place"))
        people = {str(f.attrs["key"]): str(f.attrs["country_iso3"])  # the first mention wins
                  for f in reversed(facts.facts)
                  if f.kind == "person" and f.attrs.get("country_iso3")}
        return cls(doc, _quotes(doc.text), _acronyms(doc.text), facts, people)

    def facts_in(self, start: int, end: int, *kinds: str) -> list[Fact]:
        """Facts of ``kinds`` inside text[start:end], in text order."""
        return [f for f in self.facts.within(start, end) if f.kind in kinds]

    def quoted(self, pos: int) -> bool:
        """True when ``pos`` lies inside a quotation."""
        return self.quotation(pos) is not None

    def quotation(self, pos: int) -> tuple[int, int] | None:
        """The span of the quotation ``pos`` lies inside, if any."""
        i = bisect.bisect_right(self.quotes, (pos, len(self.doc.text) + 1)) - 1
        found = self.quotes[i] if i >= 0 else None
        return found if found is not None and found[0] < pos < found[1] else None

    def enemy_speaks(self, pos: int) -> bool:
        """True when the words that attribute the quotation at ``pos`` name the enemy ("...,"
        a militant commander said)."""
        span = self.quotation(pos)
        if span is None:
            return False
        text = self.doc.text
        before = text[max(0, span[0] - ATTRIBUTION):span[0]].rsplit(".", 1)[-1]
        after = text[span[1]:span[1] + ATTRIBUTION].split(".", 1)[0]
        return grammar().enemy.search(lower(f"{before} {after}")) is not None


# --------------------------------------------------------------------------- subjects

def _subject_chunk(prefix: str, low: str | None = None) -> tuple[int, int] | None:
    """Span (in ``prefix``) of the clause chunk that holds the cue's subject, if any.

    Empty chunks ("..., and decided") hand over to the chunk before; chunks opened by a
    subordinator or preposition are passed over. A cue right after "which"/"who" sits in a
    relative clause and has no subject of its own. ``low``: ``prefix`` lower-cased by
    `lower`, if at hand.
    """
    pos, before, chunks = 0, "", []
    if low is None or not prefix.isascii():
        low = None  # `lower` of a slice could differ from the slice of `lower` outside ASCII
    cuts = _BOUNDARY.finditer(prefix) if low is None else _BOUNDARY_LOWER.finditer(low)
    for m in cuts:
        chunks.append((pos, m.start(), before))
        pos, before = m.end(), m.group(0).strip().lower()
    chunks.append((pos, len(prefix), before))
    if len(chunks) > 2 and chunks[-1][2] in _COORDINATORS and _empty(prefix, *chunks[-1][:2]):
        chunks = _coordinated(chunks)
    last = nearest = True  # nearest: no chunk with words after this one
    for i in range(len(chunks) - 1, -1, -1):
        start, end, opener = chunks[i]
        if (nearest and opener in _RELATIVE and _RELATIVE_VERB.match(prefix, start, end)
                and i and not _empty(prefix, *chunks[i - 1][:2])):
            last = nearest = False
            continue  # "Members that have not yet done so will": the relative clause's antecedent
        if _empty(prefix, start, end):
            if last and opener in _RELATIVE:
                return None
            last = False
            continue
        nearest = False
        if grammar().skip.match(lower(prefix[start:end]) if low is None else low[start:end]):
            pronoun = _PRONOUN_LAST.search(prefix, start, end) if last else None
            if pronoun is None:
                last = False
                continue
            return pronoun.start(), end  # "With our partners we will ...": the pronoun
        return start, end
    return None


def _empty(prefix: str, start: int, end: int) -> bool:
    """True when prefix[start:end] holds no word but fillers ("also", "jointly")."""
    return not any(w.lower() not in _FILLER and not (w.islower() and w.endswith("ly"))
                   for w in _WORD.findall(prefix, start, end))


def _coordinated(chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Chunks for a cue that opens a coordinated verb phrase ("IS cells remain active between
    Iraq and Syria and will try"): its subject is the clause's, so the chunks that "and" joined
    before it are one ("between Iraq and Syria" is no clause of its own)."""
    first = len(chunks) - 2
    while first > 0 and chunks[first][2] == "and":
        first -= 1
    start, _, opener = chunks[first]
    return [*chunks[:first], (start, chunks[-2][1], opener), chunks[-1]]


def _head_end(chunk: str) -> int:
    """End of the chunk's head noun phrase: the first preposition not inside a name."""
    for m in _PREP.finditer(chunk):
        prev = chunk[:m.start()].split()
        if m.group(0).lower() == "of" and prev and (prev[-1][:1].isupper()
                                                    or prev[-1].lower() in _QUANT):
            continue
        return m.start()
    return len(chunk)


# Right before an armed group's name, a body set up against it: "Counter ISIS", "Defeat-ISIS".
_AGAINST = re.compile(r"\b(?:[Cc]ounter|COUNTER|[Dd]efeat|DEFEAT|[Aa]nti|ANTI)[\s-]+$")

Term = tuple[int, int, str, bool, bool]  # start, end, actor key or "ENEMY", weak, first person


def _subject_terms(ctx: Context, start: int, end: int, speaker: bool) -> list[Term]:
    """(start, end, actor key or "ENEMY", weak, first person) of the terms in text[start:end].

    Of overlapping terms the one that starts first (then the longest) wins, so "the United
    States" is USA and not the plural "states".
    """
    text = ctx.doc.text[start:end]
    terms: list[Term] = []
    for actor, found in _grammar_terms(text, speaker):
        if actor is None or _antecedent(ctx, actor, start):
            terms += found
    if ctx.acronyms is not None:
        terms += [(m.start(), m.end(), "COALITION", False, False)
                  for m in ctx.acronyms.finditer(text)]
    for f in ctx.facts_in(start, end, *_ACTOR_FACTS, "armed_group", "person", "place"):
        if f.kind == "person":  # an official speaks for the state their role names
            key = ctx.people.get(str(f.attrs.get("key")))
            if key is None:
                continue
        elif f.kind == "place":  # a capital speaks for its government: "said Ankara would"
            if not f.attrs.get("capital") or ctx.doc.text.startswith(("'s", "’s"), f.end):
                continue  # not "Beirut's signing of the pledge"
            key = f.attrs["country_iso3"]
        elif f.kind == "armed_group":
            if _AGAINST.search(ctx.doc.text, max(0, f.start - 12), f.start):
                continue  # named in a body against it: "the Counter ISIS Finance Group"
            key = "ENEMY"
        else:
            key = f.attrs.get("iso3") or f.attrs.get("key")
        terms.append((f.start - start, f.end - start, str(key), False, False))
    if len(terms) < 2:
        return terms
    kept: list[Term] = []
    reach = -1  # the furthest end of the kept terms
    for term in sorted(terms, key=_term_order):
        if term[0] >= reach:
            kept.append(term)
            reach = max(reach, term[1])
    return kept


def _term_order(term: Term) -> tuple[int, int]:
    return term[0], -term[1]


def _grammar_terms(text: str, speaker: bool) -> tuple[tuple[Actor | None, tuple[Term, ...]], ...]:
    """The terms of the grammar's actors (in order; only those found) and then of the enemy
    (actor None) in a subject ``text``."""
    g = grammar()
    out: list[tuple[Actor | None, tuple[Term, ...]]] = []
    for actor in g.actors:
        # Most actors are absent: one search tells, before any tuple is built.
        if (actor.speaker_only and not speaker) or actor.regex.search(text) is None:
            continue
        out.append((actor, tuple((m.start(), m.end(), actor.key, actor.weak, actor.first_person)
                                 for m in actor.regex.finditer(text))))
    out.append((None, tuple((m.start(), m.end(), "ENEMY", False, False)
                            for m in g.enemy.finditer(lower(text)))))
    return tuple(out)


def _antecedent(ctx: Context, actor: Actor, start: int) -> bool:
    """True when the actor needs no antecedent or one is named shortly before ``start``."""
    if actor.antecedent is None:
        return True
    return actor.antecedent.search(ctx.doc.text, max(0, start - actor.window), start) is not None


def _actors(ctx: Context, seg: Segment, cue_at: int, cue: Cue, low: str | None = None,
            subject: tuple[int, int] | None = None) -> tuple[tuple[str, ...], bool, bool] | None:
    """Actors of the subject before a cue at ``cue_at`` (offset in the segment), whether they
    are all weak and whether the subject speaks in the first person ("we", "our troops"), or
    None. ``low``: the segment's text lower-cased by `lower`, if at hand. ``subject``: the
    span (in the segment) of a subject the cue itself holds, read instead of the text before
    it."""
    if cue.subject == "none":
        return (), False, False
    span = subject
    if span is None:
        prefix = seg.text[:cue_at]
        span = _subject_chunk(prefix, None if low is None else low[:cue_at])
        if span is None:
            at_start = not _ANY_WORD.search(prefix)
            return ((("COALITION",), True, True) if at_start and cue.subject == "actor"
                    else None)
    start = seg.start + span[0]
    chunk = ctx.doc.text[start:seg.start + span[1]]
    chunk_start = start + len(chunk) - len(chunk.lstrip())
    end = start + _head_end(chunk)
    terms = _subject_terms(ctx, chunk_start, end, cue.subject == "speaker")
    if not terms or terms[0][2] == "ENEMY":
        return None
    if cue.subject == "we" and not terms[0][4]:
        return None
    actors = [t for t in terms if t[2] != "ENEMY"]
    if cue.subject == "named" and all(t[3] for t in actors):
        return None  # "They reaffirm our determination": they, the principles, bind no one
    keys = tuple(dict.fromkeys("COALITION" if t[2] == "SPEAKER" else t[2] for t in actors))
    spoken = any(t[4] or t[2] == "SPEAKER" for t in actors) or bool(
        _FIRST_PERSON.search(ctx.doc.text, chunk_start, end))
    return keys, all(t[3] for t in actors), spoken


def _enemy_clause(ctx: Context, seg: Segment, at: int) -> bool:
    """True when the clause that starts at ``at`` (offset in the segment) has the enemy, and
    only the enemy, for its subject: the words before its verb ("Daesh supporters will"), not
    a group named after the enemy ("the Counter ISIS Finance Group will")."""
    verb = _CLAUSE_VERB.search(seg.text, at)
    if verb is None:
        return False
    chunk = seg.text[at:verb.start()]
    start = seg.start + at + len(chunk) - len(chunk.lstrip())
    terms = _subject_terms(ctx, start, start + _head_end(chunk.lstrip()), False)
    return bool(terms) and all(t[2] == "ENEMY" for t in terms)


# --------------------------------------------------------------------------- cues

def _negative(text: str, cue_at: int, fixed: list[bool | None] | None = None) -> float:
    """Sum of the negative weights that apply to a cue at ``cue_at``.

    ``fixed``: per negative, whether it applies when that does not depend on the cue's
    place ("start", "any"); None where not known yet. Filled in as found, so that the cues
    of one sentence share it.
    """
    total = 0.0
    for i, (rx, weight, where) in enumerate(grammar().negatives):
        if where == "before":
            hit = rx.search(text, 0, cue_at) is not None
        elif where == "just_before":
            hit = rx.search(text, 0, cue_at) is not None  # as on text[:cue_at]: "$" at cue_at
        elif fixed is not None and fixed[i] is not None:
            hit = bool(fixed[i])
        else:
            hit = (rx.match(text) if where == "start" else rx.search(text)) is not None
            if fixed is not None:
                fixed[i] = hit
        total += weight if hit else 0.0
    return total


def _stopped(m: re.Match[str]) -> bool:
    """True when the verb after a cue such as "will" predicts rather than undertakes."""
    if "verb" not in m.re.groupindex or m.group("verb") is None:
        return False
    return grammar().stop.match(m.group("verb").lower()) is not None


def _kind(cue: Cue, m: re.Match[str]) -> str:
    """The cue's kind, or the kind its verb names ("will host" is a host commitment)."""
    verb = m.group("verb") if "verb" in m.re.groupindex else None
    for kind, rx in grammar().verb_kinds if verb else ():
        if rx.match(verb or ""):
            return kind
    return cue.kind


def best_hit(ctx: Context, seg: Segment, words: frozenset[str] | None = None) -> Hit | None:
    """The strongest accepted cue of a sentence, or None when it is no commitment.

    ``words``: the trigger words found in the sentence; cues whose keys are absent are skipped.
    """
    best: Hit | None = None
    g = grammar()
    low = lower(seg.text)
    fixed: list[bool | None] = [None] * len(g.negatives)
    bounded = g.largest_negative_sum == 0.0  # no negative raises a score above the cue's weight
    for cue in g.cues if words is None else g.cues_for(words):
        if best is not None and best.score >= 1.0:
            break
        if bounded and (cue.weight < THRESHOLD or (best is not None and cue.weight <= best.score)):
            continue  # no match of this cue could score enough
        for m in cue.regex.finditer(low):
            if _stopped(m):
                continue
            score = cue.weight + _negative(low, m.start(), fixed)
            if score < THRESHOLD or (best is not None and score <= best.score):
                continue
            subject = m.span("subj") if "subj" in m.re.groupindex else None
            found = _actors(ctx, seg, m.start(), cue, low, subject)
            if found is not None and low.endswith("that", 0, m.end()) and (
                    (cue.kind == "decide" and not _MODAL.search(low, m.end()))
                    or _enemy_clause(ctx, seg, m.end())):
                continue  # "agreed that ISIS retains funds", "... that Daesh will keep moving"
            if found is not None and found[2] and ctx.quoted(seg.start + m.start()) and not any(
                    key != "COALITION" for key in found[0]) and (
                    not _WE_SUBJECT.search(low, 0, m.start())
                    or ctx.enemy_speaks(seg.start + m.start())):
                continue  # a quoted "we" must be the subject, and no enemy's
            if found is not None:
                best = Hit(cue, _kind(cue, m), min(score, 1.0), found[0], found[1])
    return best


# --------------------------------------------------------------------------- document

def _quotes(text: str) -> tuple[tuple[int, int], ...]:
    if '"' not in text and "“" not in text:
        return ()
    return tuple(m.span() for m in _QUOTE.finditer(text))


def _acronyms(text: str) -> re.Pattern[str] | None:
    """Acronyms the text defines for groups: "Counter-Finance Working Group (CIFG)"."""
    found = {m.group(1) for m in _ACRONYM_USE.finditer(text)
             if _ACRONYM.search(text, max(0, m.start() - 120), m.start())}
    if not found:
        return None
    alts = "|".join(re.escape(a) for a in sorted(found, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b")


def _social_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that carry an @handle or #hashtag (embedded posts: page furniture)."""
    spans: list[tuple[int, int]] = []
    if "@" not in text and "#" not in text:
        return spans
    for m in _SOCIAL.finditer(text):
        if m.start() and not text[m.start() - 1].isspace():
            continue
        if spans and m.start() < spans[-1][1]:
            continue
        end = text.find("\n", m.start())
        spans.append((text.rfind("\n", 0, m.start()) + 1, len(text) if end < 0 else end))
    return spans


def candidates(doc: AnalyzedDoc, low: str | None = None) -> list[tuple[Segment, frozenset[str]]]:
    """Sentences that hold trigger words, with those words (one regex pass over the
    lower-cased text ``low``)."""
    sents = [s for s in doc.segments if s.kind not in ("heading", "list")]
    starts = [s.start for s in sents]
    ends = [s.end for s in sents]
    picked: dict[int, set[str]] = {}
    where = bisect.bisect_right
    for at, word in grammar().triggers(doc.derived(lower) if low is None else low):
        i = where(starts, at) - 1
        if i >= 0 and at < ends[i]:
            if i in picked:
                picked[i].add(word)
            else:
                picked[i] = {word}
    social = _social_lines(doc.text)
    social_starts = [a for a, _ in social]
    out = []
    for i in sorted(picked):
        j = bisect.bisect_right(social_starts, sents[i].start) - 1
        if j < 0 or sents[i].start >= social[j][1]:
            out.append((sents[i], frozenset(picked[i])))
    return out


def _list_after(doc: AnalyzedDoc, seg: Segment, starts: list[int]) -> list[str]:
    """Texts of the list segments that a sentence ending in ':' introduces (``starts``: the
    starts of the document's segments)."""
    if not seg.text.rstrip().endswith(":"):
        return []
    out: list[str] = []
    first = bisect.bisect_left(starts, seg.end)
    for nxt in doc.segments[first:]:
        if out and not (nxt.text[:1].islower() or bulleted(doc.text, nxt.start)) or len(out) >= 10:
            break
        out.append(nxt.text)
    return out



CONTEXT_SENTENCES = 3  # how far back a money pledge with no line of its own looks for one
LEAD_SEGMENTS = 3  # then the document's title and lead ("... a reconstruction conference")
MAX_ITEMS = 12
# "Participants decided to:", "The following pledges were announced:"
_OPENS_ITEMS = re.compile(r"(?:\b(?:to|will|shall|would)|\bfollowing\s+(?:new\s+)?pledges\b"
                          r"[^.:]{0,60})\s*:\s*$")


def _items(doc: AnalyzedDoc, seg: Segment, starts: list[int]) -> list[Segment]:
    """The items of a list that a sentence ending in "decided to:" opens, each a commitment
    of its own ("Continue to call on ...", "Task the Finance Group to ..."): the lines that
    follow it, up to a blank line (after the first item) that no bullet follows."""
    if not _OPENS_ITEMS.search(seg.text):
        return []
    out: list[Segment] = []
    end = seg.end
    first = bisect.bisect_left(starts, seg.end)
    for nxt in doc.segments[first:first + MAX_ITEMS]:
        gap = doc.text[end:nxt.start]
        if "\n" not in gap or (out and "\n\n" in gap and not bulleted(doc.text, nxt.start)):
            break
        out.append(nxt)
        end = nxt.end
    return out


def _labelled(ctx: Context, item: Segment) -> list[str]:
    """The members an item names as its label, before a colon ("- Japan: JPY 1.5 billion")."""
    colon = label_end(ctx.doc.text, item.start, item.end)
    if colon < 0:
        return []
    found = ctx.facts_in(item.start, colon, *_ACTOR_FACTS)
    return list(dict.fromkeys(str(f.attrs.get("iso3") or f.attrs.get("key")) for f in found))


def _lines(ctx: Context, seg: Segment, starts: list[int]) -> list[str]:
    """The lines of effort a commitment serves. A pledge of money that names none serves the
    lines of the sentences just before it ("pledges for stabilization ... Among these, Japan
    pledged $20 million"), else of the document's title and lead."""
    doc = ctx.doc
    lines = classify_many([seg.text, *_list_after(doc, seg, starts)])
    if lines or not ctx.facts_in(seg.start, seg.end, "money"):
        return lines
    i = bisect.bisect_left(starts, seg.start)
    for prev in reversed(doc.segments[max(0, i - CONTEXT_SENTENCES):i]):
        if lines := classify_many([prev.text]):
            return lines
    return classify_many([s.text for s in doc.segments[:min(i, LEAD_SEGMENTS)]])


def _meeting_key(ctx: Context, seg: Segment) -> str | None:
    inside = ctx.facts_in(seg.start, seg.end, "meeting")
    return str(inside[0].attrs.get("key")) if inside and inside[0].attrs.get("key") else None


@extractor(NAME, version=VERSION, requires=("segments", "money"), assigns=("commitment",))
def extract_commitments(doc: AnalyzedDoc) -> list[Fact]:
    """One commitment fact per sentence in which the coalition or a member undertakes to act."""
    ctx = Context.of(doc)
    base = base_date(doc)
    starts = [s.start for s in doc.segments]
    facts: list[Fact] = []
    done: set[int] = set()
    for seg, words in candidates(doc):
        hit = best_hit(ctx, seg, words)
        if hit is None or seg.start in done:
            continue
        confidence = round(hit.score * (0.8 if hit.weak else 1.0), 3)
        for part in _items(doc, seg, starts) or [seg]:
            done.add(part.start)
            deadline, deadline_text = find_deadline(part.text, base)
            labelled = _labelled(ctx, part) if part is not seg else []  # "- Japan: JPY 5 bn"
            facts.append(doc.fact(
                "commitment", part.start, part.end, NAME, VERSION, confidence,
                lines_of_effort=_lines(ctx, part, starts),
                actors=labelled or list(hit.actors), verb=hit.cue.name,
                cue_kind=hit.kind,
                deadline=deadline, deadline_text=deadline_text,
                meeting_key=_meeting_key(ctx, seg)))
    return facts

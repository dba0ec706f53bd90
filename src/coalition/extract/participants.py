"""Participants: who took part in a meeting, and how (attended, hosted, signed, declined...).

A cue phrase ("at the invitation of", "met with", "did not attend", "the addition of") gives
its role to the states and organizations in the part of the clause it governs: its subject,
the words after it, or the state just before it. A list header ("Coalition partner
participants:") makes every state and organization of the list that follows an attendee.
"All the Ministers, with the exception of X, signed" turns the meeting's attendees into
signatories and X into a state that declined. The speakers that a speech's title lines name
attended. Cues are data: ``patterns/participants.jsonl``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

from coalition.data import load_patterns
from coalition.extract.meetings import lower_text, split_clauses, stem_list
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact, Segment, SpanIndex
from coalition.segment.sentences import bulleted, label_end

NAME = "participants"
VERSION = rules_version("1")
COMPONENTS = ("participants",)
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Cue:
    """A role cue: its regex, role, where its members stand and where its meeting must be."""

    rx: re.Pattern[str]
    role: str
    members: str
    window: int
    meeting: str | None
    stems: tuple[str, ...] = ()
    chain: bool = False
    also: tuple[str, ...] = ()  # more roles its members take (who signed or chaired attended)
    low_rx: re.Pattern[str] | None = None  # the regex for lower-cased text (see `_CASED`)
    requires: tuple[str, ...] = ()  # a clause it matches in holds one of these besides a stem


# A pattern without a capital letter or "(?-i" finds the same spans in the lower-cased text
# without re.I as in the text with it, when each character lower-cases to one character
# and none is one that re.I also equates with an ASCII letter ("ı" with "i", "ſ" with "s");
# case-sensitive matching is cheaper.
_CASED = re.compile(r"\(\?-i|(?<!\\)[A-Z]")
_LOW_UNSAFE = ("ı", "ſ")


@dataclass(frozen=True)
class Grammar:
    cues: tuple[Cue, ...]
    cue_stems: tuple[str, ...]
    trigger_rx: re.Pattern[str]  # any trigger stem: a cue stem that holds no shorter one
    anchored: dict[str, tuple[tuple[str, int], ...]]  # anchor -> (trigger stem, its offset)
    stems_holding: dict[str, tuple[str, ...]]  # trigger stem -> the cue stems that hold it
    cues_listing: dict[str, tuple[int, ...]]  # cue stem -> indexes of the cues that list it
    unstemmed: tuple[int, ...]  # indexes of the cues without stems (they may match anywhere)
    rules: dict[str, re.Pattern[str]]
    exception_window: int
    settings: dict[str, int]

    def cues_for(self, low: str, stems: Iterable[str], exact: bool) -> tuple[Cue, ...]:
        """The cues, in order, that may match a lower-cased clause: those without stems and
        those with a stem in it (``stems``: the cue stems that may be in it), and when
        ``exact`` (the lower-cased clause holds what re.I matches) one they require."""
        found = set(self.unstemmed)
        for stem in stems:
            if stem in low:
                found.update(self.cues_listing[stem])
        cues = (self.cues[i] for i in sorted(found))
        return tuple(c for c in cues
                     if not (exact and c.requires) or any(r in low for r in c.requires))


# Lower-case letters and the space, the most frequent first (in English text).
_FREQUENT = " etaoinsrhldcumfpgwybvkxjqz"


def _frequency(ch: str) -> int:
    """How frequent a character is in English text: higher is more frequent (rank)."""
    return len(_FREQUENT) - _FREQUENT.index(ch) if ch in _FREQUENT else 0


def _anchored_pattern(stems: Iterable[str]) -> tuple[str, dict[str, list[tuple[str, int]]]]:
    """A regex that finds the literal ``stems`` in lower-cased text in one pass, and for
    each anchor character the stems anchored on it (with the anchor's offset in the stem).

    re tries a pattern at every position of the text, except when all its alternatives
    begin with a known character: then it skips in C to the next one. So each stem is
    anchored on a rare character of it (the fewest distinct anchors, the rarest kept):
    an alternative is that character, the rest of the stem, and a look-behind for the
    whole stem. The alternatives that share an anchor are nested by shared prefixes (a
    trie), as re tries alternatives one after the other.
    """
    stems = list(stems)
    anchors = {min(stem, key=_frequency) for stem in stems}
    for ch in sorted(anchors, key=_frequency, reverse=True):  # the most frequent first
        if all(set(stem) & (anchors - {ch}) for stem in stems):
            anchors.discard(ch)  # every stem keeps another anchor
    anchored: dict[str, list[tuple[str, int]]] = {}
    for stem in stems:
        k = min((i for i, ch in enumerate(stem) if ch in anchors),
                key=lambda i: _frequency(stem[i]))
        anchored.setdefault(stem[k], []).append((stem, k))

    def alternation(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + alternation(sub) for ch, sub in sorted(node.items()) if ch]
        alts += [f"(?<={re.escape(stem)})" if k else "" for stem, k in node.get("", [])]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    alts = []
    for anchor, group in sorted(anchored.items()):
        trie: dict[str, Any] = {}
        for stem, k in group:
            node = trie
            for ch in stem[k + 1:]:
                node = node.setdefault(ch, {})
            node.setdefault("", []).append((stem, k))  # the stem ends here
        alts.append(re.escape(anchor) + alternation(trie))
    return "|".join(alts), anchored


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Compile ``participants.jsonl`` once."""
    cues: list[Cue] = []
    rules: dict[str, list[str]] = {}
    settings: dict[str, int] = {}
    exception_window = 40
    for row in load_patterns("participants.jsonl"):
        if row["type"] == "cue":
            stems = tuple(row.get("stems", ()))
            pattern = row["pattern"]
            cues.append(Cue(re.compile(pattern, re.I), row["role"], row["members"],
                            int(row.get("window", 60)), row.get("meeting"), stems,
                            bool(row.get("chain")), tuple(row.get("also", ())),
                            None if _CASED.search(pattern) else re.compile(pattern),
                            tuple(row.get("requires", ()))))
        elif row["type"] == "setting":
            settings[row["name"]] = int(row["value"])
        else:
            rules.setdefault(row["type"], []).append(row["pattern"])
            exception_window = int(row.get("window", exception_window))
    compiled = {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in rules.items()}
    cue_stems = tuple(sorted({s for c in cues for s in c.stems}))
    triggers = stem_list(list(cue_stems))
    pattern, anchored = _anchored_pattern(triggers)
    return Grammar(
        tuple(cues), cue_stems, re.compile(pattern),
        {a: tuple(group) for a, group in anchored.items()},
        {t: tuple(s for s in cue_stems if t in s) for t in triggers},
        {s: tuple(i for i, c in enumerate(cues) if s in c.stems) for s in cue_stems},
        tuple(i for i, c in enumerate(cues) if not c.stems), compiled, exception_window,
        settings)


@dataclass
class Meetings:
    """The meeting facts of the document and where each was mentioned."""

    facts: list[Fact]
    anchors: list[tuple[int, int, Fact]] = field(default_factory=list)  # anchor span, meeting
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, meetings: list[Fact]) -> Meetings:
        facts = sorted(meetings, key=lambda f: f.attrs.get("key", ""))
        anchors = [(m[2], m[3], f) for f in facts for m in f.attrs.get("mentions", [])
                   if len(m) >= 4]
        anchors.sort(key=lambda a: a[0])
        return cls(facts, anchors, [a[0] for a in anchors])

    def at(self, pos: int) -> Fact | None:
        """The meeting spoken of last before ``pos`` (or the first one of the document)."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0:
            return self.anchors[i][2]
        return self.facts[0] if self.facts else None

    def near(self, lo: int, hi: int) -> Fact | None:
        """A meeting with a mention whose cue starts inside ``lo..hi``."""
        i = bisect_left(self.starts, lo)
        return self.anchors[i][2] if i < len(self.starts) and self.starts[i] < hi else None


@dataclass
class State:
    """What the reading of one document has gathered so far."""

    doc: AnalyzedDoc
    members: SpanIndex
    meetings: Meetings
    metas: list[Fact]  # the document_meta facts
    segments: list[Segment]  # sorted by start (they do not overlap)
    low: str  # the lower-cased text
    aligned: bool  # each character of the text lower-cases to one (offsets are the same)
    low_matches: bool  # the cues' ``low_rx`` may read ``low`` (see `_CASED`)
    facts: list[Fact] = field(default_factory=list)
    attendees: dict[str, dict[str, Fact]] = field(default_factory=dict)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def of(cls, doc: AnalyzedDoc) -> State:
        """Gather the facts it reads in one pass over the document's facts."""
        members: list[Fact] = []
        meetings: list[Fact] = []
        metas: list[Fact] = []
        for f in doc.facts:
            if f.kind in ("state", "organization"):
                members.append(f)
            elif f.kind == "meeting":
                meetings.append(f)
            elif f.kind == "document_meta":
                metas.append(f)
        low = doc.derived(lower_text)
        aligned = len(low) == len(doc.text)
        st = cls(doc, SpanIndex(members), Meetings.of(meetings), metas,
                 sorted(doc.segments, key=attrgetter("start")), low, aligned,
                 aligned and not any(ch in low for ch in _LOW_UNSAFE))
        st._starts = [s.start for s in st.segments]
        return st

    def segment_at(self, pos: int) -> Segment | None:
        """The segment that holds ``pos`` (bisection, not a scan of the segments)."""
        i = bisect_right(self._starts, pos) - 1
        return self.segments[i] if i >= 0 and pos < self.segments[i].end else None

    @cached_property
    def own_meeting(self) -> Fact | None:
        """The document's own meeting: held where it was issued, else its first."""
        city = self.metas[0].attrs.get("city") if self.metas else None
        own = [f for f in self.meetings.facts if city and f.attrs.get("city") == city]
        return own[0] if own else (self.meetings.facts[0] if self.meetings.facts else None)

    def add(self, member: Fact, role: str, meeting: Fact | None, cue: tuple[int, int],
            confidence: float = 0.8, attendee: bool = False) -> None:
        """Record one participation; the span joins the member and the cue when they are
        close, and is the cue alone when the member was named in an earlier sentence."""
        code = member_code(member)
        mkey = str(meeting.attrs.get("key")) if meeting is not None else ""
        if code is None or (code, role, mkey) in self.seen:
            return
        self.seen.add((code, role, mkey))
        if attendee:
            self.attendees.setdefault(mkey, {})[code] = member
        start, end = min(member.start, cue[0]), max(member.end, cue[1])
        if end - start > 400:
            start, end = cue
        attrs: dict[str, Any] = {"meeting": meeting.attrs.get("name") if meeting else None,
                                 "meeting_key": meeting.attrs.get("key") if meeting else None,
                                 "member": code, "role": role}
        self.facts.append(self.doc.fact("participation", start, end, NAME, VERSION,
                                        confidence, **attrs))


def member_code(fact: Fact) -> str | None:
    """The ISO3 code of a state or the key of an organization."""
    value = fact.attrs.get("iso3") if fact.kind == "state" else fact.attrs.get("key")
    return str(value) if value else None


def _subject(st: State, clause_start: int, cue_start: int) -> list[Fact]:
    """States and organizations of the clause before the cue that can be its subject."""
    g, text = grammar(), st.doc.text
    start = clause_start
    for b in g.rules["boundary"].finditer(text, clause_start, cue_start):
        start = b.end()
    return [f for f in st.members.within(start, cue_start)
            if not g.rules["blocker"].search(text[max(0, f.start - 20):f.start])
            or g.rules["subject_head"].search(text[max(0, f.start - 40):f.start])]


_CHAIN = re.compile(r"\s*(?:,|and\b|&)?\s*(?:and\s+|together\s+with\s+|as\s+well\s+as\s+"
                    r"|along\s+with\s+|plus\s+)?(?:the\s+)?", re.I)
# From the cue to the first member: a short phrase, no clause after a comma ("by Prince Faisal,
# Saudi Minister" is one; "by 48 delegations, members agreed to ... in Iraq" is not).
_CHAIN_LEAD = re.compile(r"(?:(?!,\s+[a-z])[^;:()]){0,80}")


def _after(st: State, cue_end: int, clause_end: int, window: int,
           chain: bool = False) -> list[Fact]:
    found = st.members.within(cue_end, min(clause_end, cue_end + window))
    if not chain:
        return found
    text, kept = st.doc.text, found[:1]
    if kept and not _CHAIN_LEAD.fullmatch(text, cue_end, kept[0].start):
        return []  # "attended by 48 delegations, members agreed ... in Iraq": not the list
    for f in found[1:]:
        if f.start < kept[-1].end:
            continue
        if not _CHAIN.fullmatch(text, kept[-1].end, f.start):
            break
        kept.append(f)
    return kept


_NOUN_GAP = re.compile(r"(?:\s+[A-Za-z-]+){0,3}\s*")  # "partners", "Foreign Minister"


def _adjacent(st: State, clause_start: int, cue_start: int) -> list[Fact]:
    """The state or organization at the end of the noun phrase right before the cue."""
    before = st.members.within(clause_start, cue_start)
    if not before:
        return []
    gap = cue_start - before[-1].end
    near = gap <= 3 or (gap <= 30 and _NOUN_GAP.fullmatch(st.doc.text, before[-1].end, cue_start))
    return before[-1:] if near else []


def _meeting_for(st: State, cue: Cue, span: tuple[int, int], clause: tuple[int, int]) -> (
        tuple[bool, Fact | None]):
    """Whether the cue's meeting condition holds, and the meeting it speaks of."""
    near = grammar().settings.get("meeting_near", 40)
    if cue.meeting == "after":
        found = st.meetings.near(span[1], min(clause[1], span[1] + near))
        return found is not None, found
    if cue.meeting == "before":
        found = st.meetings.near(max(clause[0], span[0] - near), span[0])
        return found is not None, found
    if cue.meeting == "clause_before":
        found = st.meetings.near(clause[0], span[0])
        return found is not None, found
    if cue.meeting == "clause":
        found = st.meetings.near(*clause)
        return found is not None, found
    return True, st.meetings.near(*clause) or _meeting_of_sentence(st, span[0])


def _meeting_of_sentence(st: State, pos: int) -> Fact | None:
    """The meeting spoken of earlier in the same sentence, else the document's own meeting
    (held where the document was issued, else its first): a meeting named in an earlier
    sentence is not assumed to be the one a later sentence speaks of."""
    seg = st.segment_at(pos)
    last = st.meetings.at(pos)
    if seg is not None and last is not None and any(
            seg.start <= m[2] < pos for m in last.attrs.get("mentions", []) if len(m) >= 4):
        return last
    return st.own_meeting


def _members(st: State, cue: Cue, span: tuple[int, int],
             clause: tuple[int, int]) -> list[tuple[Fact, bool]]:
    """The cue's members, each flagged True when it stands in the subject."""
    found: list[tuple[Fact, bool]] = []
    if cue.members in ("subject", "subject+after"):
        found += [(f, True) for f in _subject(st, clause[0], span[0])]
    if cue.members in ("after", "subject+after"):
        found += [(f, False) for f in _after(st, span[1], clause[1], cue.window, cue.chain)]
    if cue.members == "adjacent":
        found += [(f, True) for f in _adjacent(st, clause[0], span[0])]
    if cue.members == "inside":
        found += [(f, False) for f in st.members.within(*span)]
    return found


def _trigger_hits(low: str) -> list[tuple[int, str]]:
    """Every occurrence of a trigger stem in the lower-cased text, as (start, stem), sorted."""
    g = grammar()
    hits: list[tuple[int, str]] = []
    m = g.trigger_rx.search(low)
    while m is not None:
        pos = m.start()  # an anchor: test each stem anchored on its character
        for stem, k in g.anchored[low[pos]]:
            if pos >= k and low.startswith(stem, pos - k):
                hits.append((pos - k, stem))
        m = g.trigger_rx.search(low, pos + 1)  # the next stem may overlap this one
    hits.sort()
    return hits


def _cue_clauses(st: State) -> Iterator[tuple[tuple[int, int], tuple[Cue, ...]]]:
    """The clauses (sentence parts between ";") that may hold a cue, in text order, each with
    the cues that may match it.

    One pass over the whole text finds the trigger stems (every cue stem holds one): only
    the segments that hold one are read, and a clause only tests the cue stems that hold a
    trigger stem found in its segment.
    """
    g, text, segments = grammar(), st.doc.text, st.segments
    found: dict[int, set[str]] = {}  # segment index -> the trigger stems that start in it
    for pos, trigger in _trigger_hits(st.low):
        i = bisect_right(st._starts, pos) - 1
        if i >= 0 and pos < segments[i].end:
            found.setdefault(i, set()).add(trigger)
    for i, triggers in found.items():
        # When lower-casing changes the length ("İ"), offsets in ``low`` are not offsets in
        # the text: a clause then tests every cue stem, as if no stem had been located.
        stems = ({s for t in triggers for s in g.stems_holding[t]} if st.aligned
                 else g.cue_stems)
        for start, end in split_clauses(segments[i]):
            low = st.low[start:end] if st.aligned else text[start:end].lower()
            cues = g.cues_for(low, stems, st.low_matches)
            if cues:
                yield (start, end), cues


def _read_clause(st: State, clause: tuple[int, int], cues: tuple[Cue, ...]) -> None:
    text = st.doc.text
    for cue in cues:
        if cue.low_rx is not None and st.low_matches:
            matches = cue.low_rx.finditer(st.low, *clause)
        else:
            matches = cue.rx.finditer(text, *clause)
        for m in matches:
            ok, meeting = _meeting_for(st, cue, m.span(), clause)
            if not ok or cue.meeting and grammar().rules["plural_before"].search(
                    text, max(clause[0], m.start() - 30), m.start()):
                continue
            if cue.role == "signed" and _all_signed(st, m.span(), clause, meeting):
                continue
            for member, in_subject in _members(st, cue, m.span(), clause):
                st.add(member, cue.role, meeting, m.span(),
                       attendee=cue.role == "attended" and in_subject)
                for role in cue.also:
                    st.add(member, role, meeting, m.span(), attendee=role == "attended")


def _all_signed(st: State, span: tuple[int, int], clause: tuple[int, int],
                meeting: Fact | None) -> bool:
    """"All the Ministers, with the exception of X, signed": attendees sign, X declines."""
    g, text = grammar(), st.doc.text
    quantifier = g.rules["all_signed"].search(text, clause[0], span[0])
    if quantifier is None:
        return False
    excluded: set[str] = set()
    for exc in g.rules["exception"].finditer(text, quantifier.end(), span[0]):
        for f in st.members.within(exc.end(), min(span[0], exc.end() + g.exception_window)):
            excluded.add(member_code(f) or "")
            st.add(f, "declined", meeting, span)
    mkey = str(meeting.attrs.get("key")) if meeting is not None else ""
    for code, member in list(st.attendees.get(mkey, {}).items()):
        if code not in excluded:
            st.add(member, "signed", meeting, span, confidence=0.7)
    return True


def _read_lists(st: State) -> list[tuple[Fact, Fact | None]]:
    """Each list that follows a header: its members attended the document's main meeting.

    A header is a line with a colon ("Participants:") or a heading line of its own
    ("PARTICIPATING DELEGATIONS"); a note in brackets may stand between it and the list. When
    the header or the note says that all of them signed, the members are returned (with their
    meeting) so that they sign once the clauses have told who declined.
    """
    g, doc, segments = grammar(), st.doc, st.segments
    main = st.meetings.facts[0] if st.meetings.facts else None
    signers: list[tuple[Fact, Fact | None]] = []
    for i, seg in enumerate(segments):
        header = g.rules["header"].search(seg.text) if ":" in seg.text else None
        if header is not None:
            spans = [(seg.start + header.end(), seg.end)]
        elif seg.kind == "heading" and g.rules["list_heading"].search(seg.text):
            spans = []
        else:
            continue
        signed = g.rules["list_signed"].search(seg.text) is not None
        rest = segments[i + 1:i + 1 + g.settings["list_items"]]
        if rest and g.rules["list_note"].match(rest[0].text):
            signed = signed or g.rules["list_signed"].search(rest[0].text) is not None
            rest = rest[1:]
        spans += [(s.start, s.end) for s in rest]
        first = spans[0][0] if header is not None else -1
        for start, end in spans:
            found = st.members.within(start, end)
            if start != first and not (_is_list(doc.text[start:end], found, start)
                                       or _signature_line(doc.text[start:end], found, start)):
                break
            for member in found:
                st.add(member, "attended", main, (member.start, member.end), confidence=0.85,
                       attendee=True)
                if signed:
                    signers.append((member, main))
    return signers


def _read_pledge_lists(st: State) -> None:
    """"Participants made the following announcements:" and then one item per donor: the
    states and organizations that open an item, before its verb or its colon ("- Japan: JPY 1.5
    billion"), attended the main meeting."""
    g, doc, segments = grammar(), st.doc, st.segments
    main = st.meetings.facts[0] if st.meetings.facts else None
    for i, seg in enumerate(segments):
        if ":" not in seg.text or not g.rules["pledge_header"].search(seg.text):
            continue
        for item in segments[i + 1:i + 1 + g.settings["list_items"]]:
            if not bulleted(doc.text, item.start):
                break
            verb = g.rules["item_verb"].search(doc.text, item.start, item.end)
            colon = label_end(doc.text, item.start, item.end)
            end = verb.start() if verb is not None else colon
            if end < 0:
                continue
            for member in st.members.within(item.start, end):
                st.add(member, "attended", main, (member.start, member.end), confidence=0.75,
                       attendee=True)



def _read_join_lists(st: State) -> None:
    """Under a heading of members by year of joining, lines "2015: Afghanistan, Malaysia":
    each member there joined (a line of founders, "2014: 60 founding partners, including the
    European Union", too). A short note may stand between the heading and the lines."""
    g, doc, segments = grammar(), st.doc, st.segments
    for i, seg in enumerate(segments):
        if seg.kind != "heading" or not g.rules["join_heading"].search(seg.text):
            continue
        notes = 0
        for item in segments[i + 1:i + 1 + g.settings["list_items"]]:
            year = g.rules["join_year"].match(doc.text, item.start, item.end)
            if year is None:
                notes += 1
                if notes > 2 or item.kind == "heading":
                    break
                continue
            for member in st.members.within(year.end(), item.end):
                st.add(member, "joined", None, (member.start, member.end), confidence=0.75)


def _sign_lists(st: State, signers: list[tuple[Fact, Fact | None]]) -> None:
    declined = {code for code, role, _ in st.seen if role in ("declined", "absent")}
    for member, meeting in signers:
        if member_code(member) not in declined:
            st.add(member, "signed", meeting, (member.start, member.end), confidence=0.75)


def _signature_line(text: str, found: list[Fact], offset: int) -> bool:
    """"Anna Vos, Minister of Foreign Affairs, Kingdom of the Netherlands": a line of a
    signature block ends with the state or organization."""
    return bool(found) and found[-1].end - offset >= len(text.rstrip(" .;,")) and "," in text


def _is_list(text: str, found: list[Fact], offset: int) -> bool:
    """True when names cover most of the words of ``text``."""
    words = [m.span() for m in _WORDS.finditer(text)]
    if not words or not found:
        return False
    spans = sorted((f.start - offset, f.end - offset) for f in found)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # reach[i]: the furthest end of the names starting at or before i
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)
    covered = 0
    for s, e in words:
        i = bisect_right(starts, s) - 1
        covered += i >= 0 and reach[i] >= e
    return 100 * covered >= grammar().settings.get("list_coverage", 50) * len(words)


TITLE_CHARS = 600  # where the title lines of a speech or press availability stand


def _read_speakers(st: State) -> None:
    """Remarks: the states of the speakers that the title lines name ("Press Availability:
    Foreign Minister Anna Vos of the Netherlands and ...") attended the meeting spoken at."""
    doc, metas = st.doc, st.metas
    if not metas or metas[0].attrs.get("kind") != "remarks" or not st.meetings.facts:
        return
    text = doc.text[:TITLE_CHARS]
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.rstrip()[-1:] in (".", "!", "?") or end >= TITLE_CHARS:
            break  # the body has begun
        if doc.facts_in(start, end, "person"):
            meeting = _meeting_of_sentence(st, end)
            places = doc.facts_in(start, end, "place")
            for member in doc.facts_in(start, end, "state"):
                if any(0 <= member.start - p.end <= 3 for p in places):
                    continue  # "from Baghdad, Iraq": where it was said from, not who spoke
                st.add(member, "attended", meeting, (member.start, member.end), confidence=0.7,
                       attendee=True)


@extractor(NAME, version=VERSION, requires=("meeting", "state", "person", "document_meta"),
           assigns=("participation",))
def extract_participants(doc: AnalyzedDoc) -> list[Fact]:
    """Participation facts: attrs meeting, meeting_key, member (ISO3 or key), role."""
    st = State.of(doc)
    _read_speakers(st)
    signers = _read_lists(st)
    _read_pledge_lists(st)
    _read_join_lists(st)
    for clause, cues in _cue_clauses(st):
        _read_clause(st, clause, cues)
    _sign_lists(st, signers)
    return st.facts

"""Meetings: every meeting, conference, summit or hearing the text places in time or space.

A clause (a sentence cut at ";") that holds a cue (a meeting noun such as "conference", or a
verb such as "met in") yields a mention; the date, place and state facts of the clause give
its start, end, city and country. Mentions of one meeting are merged (kind, date and place
compatible; the fuller mention wins each field); a meeting needs a date or a place. Cues and
the small grammar around them are data: ``extract/patterns/meetings.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

from coalition.data import load_patterns
from coalition.extract.meeting_merge import Meeting, Mention, merge
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact, Segment, SpanIndex

NAME = "meetings"
VERSION = rules_version("1")
COMPONENTS = ("meetings",)
MAX_NAME_CHARS = 80  # longest person mention looked back for when a place is inside one
_DATE_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_KIND_LABEL = {"ministerial_plenary": "ministerial plenary", "small_group": "small group meeting",
               "working_group": "working group meeting", "pledging_conference":
               "pledging conference", "other": "meeting"}


# Each stem of the cue rows with the rows (their indexes) that list it.
StemRows = tuple[tuple[str, tuple[int, ...]], ...]
# A rule's regex, the meeting kinds it is limited to (none: all), and its stems (none: no
# prefilter): lower-case substrings one of which each of its matches holds.
Rule = tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Grammar:
    """The compiled meeting grammar."""

    cue_rows: tuple[tuple[str, str, tuple[str, ...]], ...]  # group name, regex (after \b), stems
    trigger: tuple[str, ...]  # lower-case stems: a clause without one holds no cue
    cue_kinds: dict[str, tuple[str, bool]]  # group name -> (kind, is_verb)
    hints: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]  # regex, kind, stems
    rules: dict[str, tuple[Rule, ...]]
    settings: dict[str, int]

    def rule(self, name: str, text: str, kind: str | None = None, low: str | None = None) -> bool:
        """True when a rule of type ``name`` (limited to ``kind`` if it says so) matches
        ``text``; ``low``, its lower case (as ``ascii_lower`` gives it), lets a rule with stems
        skip its regex when it holds none of them."""
        for rx, kinds, stems in self.rules.get(name, ()):
            if kinds and kind not in kinds:
                continue
            if low is not None and stems and not any(s in low for s in stems):
                continue
            if rx.search(text):
                return True
        return False

    def cues_in(self, low: str, stem_rows: StemRows | None = None) -> re.Pattern[str] | None:
        """The alternation of the cue rows whose stems the lower-cased clause ``low`` holds
        (of ``stem_rows``, if given: those the text may hold at all).

        A row without its stem cannot match, so the result equals the full alternation's on
        this clause; it is several times cheaper than running every row.
        """
        rows = self.stem_rows if stem_rows is None else stem_rows
        groups = tuple(sorted({n for stem, ns in rows if stem in low for n in ns}))
        if not groups:
            return None
        found = self.alternations.get(groups)
        if found is None:
            if len(self.alternations) >= 4096:
                self.alternations.clear()
            # One word boundary before all the rows: checked once per position, not per row.
            found = self.alternations[groups] = re.compile(
                r"\b(?:" + "|".join(self.cue_rows[n][1] for n in groups) + ")", re.I)
        return found

    @cached_property
    def alternations(self) -> dict[tuple[int, ...], re.Pattern[str]]:
        """Compiled alternations by the cue rows they join (few sets of rows recur)."""
        return {}

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """Every stem the grammar looks for: the trigger and the cue rows' own."""
        return self.trigger + tuple(s for _, _, stems in self.cue_rows for s in stems)

    def stem_rows_for(self, found: set[str]) -> StemRows:
        """``stem_rows`` without the stems that hold none of the trigger stems ``found``: a
        text without "meet" holds no "meeting"."""
        return tuple((stem, ns) for stem, ns in self.stem_rows
                     if any(t in found for t in self.stem_triggers[stem]))

    @cached_property
    def stem_triggers(self) -> dict[str, tuple[str, ...]]:
        """For each stem of the cue rows, the trigger stems it holds (one at least)."""
        return {stem: tuple(t for t in self.trigger if t in stem) for stem, _ in self.stem_rows}

    @cached_property
    def stem_rows(self) -> StemRows:
        """Each stem of the cue rows with the rows that list it."""
        rows: dict[str, list[int]] = {}
        for n, (_, _, stems) in enumerate(self.cue_rows):
            for stem in stems:
                rows.setdefault(stem, []).append(n)
        return tuple((stem, tuple(ns)) for stem, ns in rows.items())


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Compile ``meetings.jsonl`` once."""
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    kinds: dict[str, tuple[str, bool]] = {}
    hints: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []
    rules: dict[str, dict[tuple[str, ...], list[dict[str, Any]]]] = {}  # name -> kinds -> rows
    settings: dict[str, int] = {}
    triggers: list[str] = []
    for row in load_patterns("meetings.jsonl"):
        kind = row["type"]
        if kind in ("noun", "verb"):
            group = f"c{len(rows)}"
            stems = tuple(row["stems"])
            rows.append((group, rf"(?P<{group}>(?:{row['pattern']})(?![\w-]))", stems))
            kinds[group] = (row.get("kind", "other"), kind == "verb")
            triggers.extend(stems)
        elif kind == "kind_hint":
            hints.append((re.compile(rf"\b{row['pattern']}\b", re.I), row["kind"],
                          tuple(row.get("stems", ()))))
        elif kind == "setting":
            settings[row["name"]] = int(row["value"])
        elif kind == "trigger":
            triggers.extend(row["stems"])
        else:
            rules.setdefault(kind, {}).setdefault(tuple(row.get("kinds", ())), []).append(row)
    # The rows of a rule that apply to the same kinds are one alternation: one search, not one
    # per row, says whether any of them matches. Its stems are theirs, if each row has some.
    joined = {name: tuple(_joined_rule(kinds, group) for kinds, group in by_kinds.items())
              for name, by_kinds in rules.items()}
    return Grammar(tuple(rows), stem_list(triggers), kinds, tuple(hints), joined, settings)


def _joined_rule(kinds: tuple[str, ...], rows: list[dict[str, Any]]) -> Rule:
    stems = tuple(s for row in rows for s in row.get("stems", ()))
    if not all(row.get("stems") for row in rows):
        stems = ()
    return re.compile("|".join(f"(?:{row['pattern']})" for row in rows), re.I), kinds, stems


def stem_list(stems: list[str]) -> tuple[str, ...]:
    """Lower-case literal stems without duplicates and without stems that hold a shorter one
    (every occurrence of "meeting" is one of "meet")."""
    unique = sorted(set(stems), key=len)
    return tuple(s for n, s in enumerate(unique) if not any(t in s for t in unique[:n]))


# Characters that are not ASCII but whose lower case is not one character (İ) or is an ASCII
# letter (the Kelvin sign), or that a case-insensitive regex takes for an ASCII letter (ı, ſ):
# with them in a text, ``ascii_lower`` would not agree with ``str.lower`` and regexes.
_LOWER_ODD = ("\u0130", "\u212a", "\u0131", "\u017f")


def ascii_lower(text: str) -> str | None:
    """A view of ``text.lower()`` for finding ASCII stems: each ASCII character lower-cased at
    its own index, every other character "?"; None for a text where such a view would not line
    up with ``text.lower()``.

    ``str.lower`` goes through the Unicode tables character by character as soon as a text
    holds one curly quote or dash; this view costs a fraction of that.
    """
    if any(c in text for c in _LOWER_ODD):
        return None
    return text.encode("ascii", "replace").lower().decode("ascii")


def lower_text(text: str) -> str:
    """``text.lower()``, as a function the per-document memo (`AnalyzedDoc.derived`) can key."""
    return text.lower()


def ascii_stems(stems: tuple[str, ...]) -> bool:
    """True when ``ascii_lower`` finds the stems where ``str.lower`` would."""
    return all(s.isascii() and "?" not in s for s in stems)


def cue_segments(segments: list[Segment], low: str,
                 stems: tuple[str, ...]) -> tuple[list[Segment], set[str]]:
    """The segments (sorted by start) in which one of ``stems`` starts, in text order, and the
    stems found in them; ``low`` is the lower-cased text.

    A substring search over the whole text is cheap, so that the cue regexes only run on the
    few segments that may hold a cue.
    """
    starts = [s.start for s in segments]
    hit: set[int] = set()
    found: set[str] = set()
    for stem in stems:
        pos = low.find(stem)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if i < 0 or pos >= segments[i].end:
                pos = low.find(stem, pos + 1)
                continue
            hit.add(i)
            found.add(stem)
            # Another occurrence before the next segment adds nothing: search on from there.
            after = segments[i].end if i + 1 == len(segments) else min(segments[i].end,
                                                                       starts[i + 1])
            pos = low.find(stem, max(pos + 1, after))
    return [segments[i] for i in sorted(hit)], found


def cue_clauses(doc: AnalyzedDoc, stems: tuple[str, ...],
                low: str | None = None) -> Iterator[tuple[int, int]]:
    """Yield, in text order, the clauses (sentence parts between ";") of the segments that
    hold one of ``stems`` (lower case; ``low`` is the lower-cased text if already made)."""
    if low is None:
        low = (doc.derived(ascii_lower) if ascii_stems(stems) else None) or doc.derived(lower_text)
    segments, _ = cue_segments(sorted(doc.segments, key=attrgetter("start")), low, stems)
    for seg in segments:
        yield from split_clauses(seg)


def split_clauses(seg: Segment) -> Iterator[tuple[int, int]]:
    """Cut a segment at semicolons."""
    pos = seg.start
    cut = seg.text.find(";")
    while cut >= 0:
        yield pos, seg.start + cut
        pos = seg.start + cut + 1
        cut = seg.text.find(";", cut + 1)
    yield pos, seg.end


def valid_date(f: Fact) -> bool:
    return isinstance(f.attrs.get("value"), str) and bool(_DATE_VALUE.fullmatch(f.attrs["value"]))



@dataclass(frozen=True)
class Context:
    """What the grammar reads besides the clause: fact indexes and the dateline."""

    doc: AnalyzedDoc
    dates: SpanIndex
    places: SpanIndex
    states: SpanIndex
    enemies: SpanIndex
    dateline: Fact | None
    dateline_place: Fact | None
    meta: Fact | None = None  # the document's own date and place (component "document")
    body_start: int = 0  # where the first sentence of the body starts; before it: the title
    low: str | None = None  # ``ascii_lower`` of the text, when it lines up
    segments: tuple[Segment, ...] = ()  # the document's, sorted by start

    def lower(self, start: int, end: int) -> str:
        """``text[start:end].lower()`` as far as ASCII stems go."""
        return self.low[start:end] if self.low is not None else self.doc.text[start:end].lower()

    def rule(self, name: str, start: int, end: int, kind: str | None = None) -> bool:
        """Whether grammar rule ``name`` matches ``text[start:end]``."""
        return grammar().rule(name, self.doc.text[start:end], kind,
                              self.low[start:end] if self.low is not None else None)


def build_context(doc: AnalyzedDoc, segments: tuple[Segment, ...] | None = None,
                  low: str | None = None) -> Context:
    """The context of ``doc``; ``segments`` (sorted by start) and ``low`` (``ascii_lower`` of
    the text) if already made."""
    # One pass over the facts, each kind kept in document order.
    dates: list[Fact] = []
    places: list[Fact] = []
    states: list[Fact] = []
    enemies: list[Fact] = []
    metas: list[Fact] = []
    people: list[Fact] = []
    lists = {"date": dates, "place": places, "state": states, "organization": states,
             "armed_group": enemies, "document_meta": metas, "person": people}
    for f in doc.facts:
        if (into := lists.get(f.kind)) is not None:
            into.append(f)
    if people:  # a city that is part of a name is no place ("Ambassador Kemal Aydın")
        names = SpanIndex(people)
        places = [p for p in places if not any(
            f.start <= p.start and f.end >= p.end
            for f in names.within(p.start - MAX_NAME_CHARS, p.end))]
    if segments is None:
        segments = tuple(sorted(doc.segments, key=attrgetter("start")))
    if low is None and ascii_stems(grammar().stems):
        low = doc.derived(ascii_lower)
    date_index = SpanIndex([f for f in dates if valid_date(f)])
    place_index = SpanIndex(places)
    dateline, place = find_dateline(segments, date_index, place_index)
    # The title lines end at the dateline, else at the first long sentence.
    head = metas[0].end if metas and metas[0].attrs.get("date") and metas[0].start < 1500 else 0
    body = next((s.start for s in segments
                 if s.kind == "sentence" and len(s.text.split()) >= 8 and s.start >= head),
                len(doc.text))
    return Context(doc, date_index, place_index, SpanIndex(states), SpanIndex(enemies),
                   dateline, place, metas[0] if metas else None, body, low, segments)


def find_dateline(segments: tuple[Segment, ...], dates: SpanIndex,
                  places: SpanIndex) -> tuple[Fact | None, Fact | None]:
    """The date (and place) of a dateline: a date near the start of one of the first segments
    (sorted by start)."""
    for seg in segments[:6]:
        found = [f for f in dates.within(seg.start, seg.end) if f.start - seg.start <= 40]
        if found and found[0].attrs.get("precision", "day") == "day":
            before = places.within(seg.start, found[0].start)
            return found[0], (before[-1] if before else None)
    return None, None


def find_mentions(ctx: Context, start: int, end: int,
                  stem_rows: StemRows | None = None) -> list[Mention]:
    """The mentions of one clause, before they are merged (``stem_rows``: those of the cue
    rows' stems that the document may hold, if known)."""
    g, text = grammar(), ctx.doc.text
    nouns: list[Mention] = []
    verbs: list[Mention] = []
    cues = g.cues_in(ctx.lower(start, end), stem_rows)
    for m in cues.finditer(text, start, end) if cues is not None else ():
        kind, is_verb = g.cue_kinds[m.lastgroup or ""]
        if _excluded(ctx, m.start(), m.end(), start, is_verb):
            continue
        plural = (ctx.rule("plural_after", m.end(), m.end() + 30) if is_verb
                  else m.group().lower().endswith("s"))
        mention = Mention([m.span()], kind, (start, end), is_verb, plural)
        (verbs if is_verb else nouns).append(mention)
    many = next((n for n in nouns + verbs if n.plural), None)
    if many is not None:
        _set_kind(ctx, many)
        if listed := _listed(ctx, start, end, many.kind):
            return listed
    if verbs:
        head = verbs[0]
        apart = [n for n in nouns if _apart(text, head, n)]
        for other in verbs[1:] + [n for n in nouns if n not in apart]:
            head.anchors.extend(other.anchors)
            if head.kind == "other":
                head.kind = other.kind
        mentions = [head, *apart]
    else:
        mentions = nouns
    for mention in mentions:
        _describe(ctx, mention, mentions)
    return [m for m in mentions if not m.plural]


_CLAUSE_BREAK = re.compile(r",\s*(?:following|after|before|since|unlike|as\s+at|and\s+at)\b", re.I)


def _apart(text: str, verb: Mention, noun: Mention) -> bool:
    """A meeting noun after the verb's phrase, past a break ("will be held in Brussels in
    2018, following its most recent meeting in London"), is a meeting of its own."""
    return noun.anchors[0][0] > verb.anchors[0][1] and bool(
        _CLAUSE_BREAK.search(text, verb.anchors[0][1], noun.anchors[0][0]))


_PLACE_THEN_DATE = re.compile(r"\s*,?\s*(?:on|in|from)\s+(?:the\s+)?", re.I)
_DATE_THEN_PLACE = re.compile(r"\s*,?\s*(?:in|at)\s+(?:the\s+)?", re.I)


def _listed(ctx: Context, start: int, end: int, kind: str) -> list[Mention]:
    """"Ministerial meetings took place in Washington on 6 February 2019, in Rome on 28 June
    2021 and ...": a clause that speaks of meetings in the plural and pairs two or more
    cities with dates holds one meeting per pair."""
    text = ctx.doc.text
    places = [p for p in ctx.places.within(start, end) if p.attrs.get("city")]
    dates = [d for d in ctx.dates.within(start, end) if not d.attrs.get("edge")]
    best: list[tuple[Fact, Fact]] = []
    for first, second, glue in ((places, dates, _PLACE_THEN_DATE),
                                (dates, places, _DATE_THEN_PLACE)):
        pairs = [(a, b) for a in first for b in second
                 if 0 <= b.start - a.end <= 12 and glue.fullmatch(text, a.end, b.start)]
        if len(pairs) > len(best):
            best = pairs
    if len(best) < 2:
        return []
    out = []
    for a, b in best:
        place, date = (a, b) if a.kind == "place" else (b, a)
        out.append(Mention([(min(a.start, b.start), max(a.end, b.end))], kind, (start, end),
                           date=date, start=date.attrs["value"], end=date.attrs.get("end"),
                           city=place.attrs.get("city"),
                           country=place.attrs.get("country_iso3"),
                           support=[(place.start, place.end), (date.start, date.end)]))
    return out


def _excluded(ctx: Context, start: int, end: int, clause_start: int, is_verb: bool) -> bool:
    g = grammar()
    if ctx.rule("not_before", max(clause_start, start - 20), start):
        return True
    if ctx.rule("negated", clause_start, start):
        return True
    if is_verb and ctx.rule("vague", end, end + 40):
        return True
    window = max(clause_start, start - g.settings.get("enemy_window", 60))
    return any(ctx.rule("enemy_link", f.end, start)
               and not ctx.rule("enemy_object", max(0, f.start - 30), f.start)
               for f in ctx.enemies.within(window, start))


def _describe(ctx: Context, mention: Mention, rivals: list[Mention]) -> None:
    """Fill a mention's date, place, country, kind and name from its clause."""
    if _this_meeting(ctx, mention):
        _set_from_title(ctx, mention, anywhere=True)
    else:
        _set_date(ctx, mention, rivals)
        _set_place(ctx, mention, rivals)
    if not mention.country:
        mention.country = _country_from_states(ctx, mention)
    _set_deixis(ctx, mention)
    _set_from_title(ctx, mention)
    _set_kind(ctx, mention)
    mention.name = _proper_name(ctx.doc.text, mention)


def _nearest(mention: Mention, rivals: list[Mention], facts: list[Fact]) -> Fact | None:
    """The fact nearest to this mention among those no rival mention is nearer to."""
    best, best_distance = None, 0
    for f in facts:
        span = (f.start, f.end)
        distance = mention.distance(span)
        if (best is None or distance < best_distance) and all(
                distance <= r.distance(span) for r in rivals if r is not mention):
            best, best_distance = f, distance
    return best


def _set_date(ctx: Context, mention: Mention, rivals: list[Mention]) -> None:
    text, block = ctx.doc.text, grammar().settings["date_block_window"]
    dates = [d for d in ctx.dates.within(*mention.clause)
             if not d.attrs.get("edge") and _may_date(text, mention, d)
             and not ctx.rule("date_block", max(0, d.start - block), d.start)]
    date = _nearest(mention, rivals, dates)
    if date is not None:
        mention.date, mention.start, mention.end = date, date.attrs["value"], date.attrs.get("end")
        mention.support.append((date.start, date.end))


_DIGIT = re.compile(r"\d")


def _may_date(text: str, mention: Mention, date: Fact) -> bool:
    """A date before a meeting noun dates it only from inside its noun phrase ("the February
    2016 London Conference"), not across a number ("from 60 in 2014 to 83 by the Rome
    meeting")."""
    if mention.verb or date.end > mention.anchors[0][0]:
        return True
    between = text[date.end:mention.anchors[0][0]]
    return len(between) <= 100 and not _DIGIT.search(between)


def _set_place(ctx: Context, mention: Mention, rivals: list[Mention]) -> None:
    g = grammar()
    window = g.settings.get("place_window", 170)
    places = [p for p in ctx.places.within(*mention.clause)
              if p.attrs.get("city") and mention.distance((p.start, p.end)) <= window
              and not ctx.rule("place_block", max(0, p.start - 30), p.start)]
    place = _nearest(mention, rivals, places)
    if place is not None:
        mention.city, mention.country = place.attrs.get("city"), place.attrs.get("country_iso3")
        mention.support.append((place.start, place.end))


def _country_from_states(ctx: Context, mention: Mention) -> str | None:
    """A state that the clause makes the venue or host of the meeting."""
    first, last = mention.anchors[0], max(mention.anchors, key=lambda a: a[1])
    states = [s for s in ctx.states.within(*mention.clause) if "iso3" in s.attrs]
    for s in states:
        if s.start >= last[1]:
            if (ctx.rule("venue_state", last[1], s.start, mention.kind)
                    or ctx.rule("host_after", last[1], s.start)):
                return _use(mention, s)
        elif s.end <= first[0]:
            if ctx.rule("host_before", s.end, first[0]):
                return _use(mention, s)
            if ctx.rule("possessive_host", s.end, s.end + 40):
                return _use(mention, s)
    return None


def _use(mention: Mention, fact: Fact) -> str:
    mention.support.append((fact.start, fact.end))
    return str(fact.attrs["iso3"])


def _set_deixis(ctx: Context, mention: Mention) -> None:
    """"met today" / "met here" in a dated statement: the dateline's date and place."""
    g = grammar()
    lo = max(mention.clause[0], mention.span[0] - g.settings.get("deictic_window", 40))
    hi = min(mention.clause[1], mention.anchors[0][1] + g.settings.get("deictic_window", 40))
    if ctx.dateline is not None and mention.start in (None, ctx.dateline.attrs["value"]):
        if ctx.rule("today", lo, hi):
            mention.start = ctx.dateline.attrs["value"]
        elif (day := _day_from_dateline(ctx, ctx.dateline, lo, hi)) is not None:
            mention.start, mention.end = day, None
    if not mention.city and ctx.dateline_place is not None and ctx.rule("here", lo, hi):
        mention.city = ctx.dateline_place.attrs.get("city")
        mention.country = mention.country or ctx.dateline_place.attrs.get("country_iso3")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_from_dateline(ctx: Context, dateline: Fact, lo: int, hi: int) -> str | None:
    """The day "yesterday" or "Thursday" in ``text[lo:hi]`` names, counted back from the
    dateline's day; None when it names none (or the dateline gives no day)."""
    g = grammar()
    try:
        issued = dt.date.fromisoformat(str(dateline.attrs["value"]))
    except ValueError:
        return None
    if ctx.rule("day_before", lo, hi):
        return (issued - dt.timedelta(days=1)).isoformat()
    near = ctx.doc.text[lo:hi]
    found = next((rx.search(near) for rx, _, _ in g.rules.get("weekday", ())), None)
    if found is None:
        return None
    back = (issued.weekday() - _WEEKDAYS.index(found.group().lower())) % 7
    return (issued - dt.timedelta(days=back)).isoformat()


_THIS = re.compile(r"\b(?:this|today['’]s|the\s+present)\s+$", re.IGNORECASE)


def _this_meeting(ctx: Context, mention: Mention) -> bool:
    """"this meeting", "today's conference": the meeting the document itself reports on."""
    start = mention.anchors[0][0]
    return ctx.meta is not None and bool(_THIS.search(ctx.doc.text, max(0, start - 20), start))


def _set_from_title(ctx: Context, mention: Mention, anywhere: bool = False) -> None:
    """A meeting named in the title lines ("Remarks at the meeting of ...", "Testimony ...
    hearing"), or called "this meeting", is the one the document reports on: it takes the
    document's date and place."""
    meta = ctx.meta
    in_title = anywhere or mention.span[0] < ctx.body_start
    if meta is None or not in_title or mention.start or mention.city:
        return
    if not (meta.attrs.get("date") or meta.attrs.get("city")):
        return
    mention.start = meta.attrs.get("date")
    mention.city = meta.attrs.get("city")
    mention.country = mention.country or meta.attrs.get("country_iso3")


def _set_kind(ctx: Context, mention: Mention) -> None:
    g, text = grammar(), ctx.doc.text
    lo, hi = mention.clause
    if ctx.rule("group_owner", lo, mention.anchors[0][0], mention.kind):
        mention.kind = "working_group"
        return
    after = mention.anchors[0][1]
    if ctx.rule("small_group_of", after, after + g.settings["hint_window"], mention.kind):
        mention.kind = "small_group"
        return
    if mention.kind != "other":
        return
    if not mention.verb:
        lo, hi = mention.anchors[0][0], min(hi, mention.anchors[0][1] + g.settings["hint_window"])
    low = ctx.low[lo:hi] if ctx.low is not None else None
    for rx, kind, stems in g.hints:
        if low is not None and stems and not any(stem in low for stem in stems):
            continue
        if rx.search(text, lo, hi):
            mention.kind = kind
            return


_NAME_WORD = re.compile(r"(?:[A-Z][\w’'-]*|\d{1,4})$")
_NAME_TAIL = re.compile(r"(?:[ \t]+(?:on|of|for|the|and)\b)*[ \t]+[A-Z][\w’'-]*"
                        r"(?:[ \t]+[A-Z][\w’'-]*)*")  # on its line


def _proper_name(text: str, mention: Mention) -> str | None:
    """A capitalised name around the cue ("the February 2016 London Conference")."""
    start, end = mention.anchors[0]
    if not text[start].isupper() or mention.verb:
        return None
    while True:
        before = text[max(0, start - 30):start].rstrip(" \t")
        word = before.split()[-1] if before.split() and before[-1:] != "\n" else ""
        if not word or not _NAME_WORD.match(word) or word in ("The", "A", "An"):
            break
        start = text.rindex(word, 0, start)
    tail = _NAME_TAIL.match(text, end)
    if tail:
        end = tail.end()
    return text[start:end]



def _label(meeting: Meeting) -> str:
    where = meeting.city or meeting.country or (meeting.start or "")
    return f"{where} {_KIND_LABEL.get(meeting.kind, meeting.kind)}".strip()


def find_meetings(doc: AnalyzedDoc) -> list[Meeting]:
    """All meetings of the document, with their mentions, keyed in text order."""
    g = grammar()
    ordered = tuple(sorted(doc.segments, key=attrgetter("start")))
    view = doc.derived(ascii_lower) if ascii_stems(g.stems) else None
    segments, found = cue_segments(list(ordered), view or doc.derived(lower_text), g.trigger)
    if not segments:
        return []  # no cue: the facts need no indexes
    ctx = build_context(doc, ordered, view)
    stem_rows = g.stem_rows_for(found)
    mentions: list[Mention] = []
    for seg in segments:
        for start, end in split_clauses(seg):
            mentions.extend(find_mentions(ctx, start, end, stem_rows))
    meetings = merge(mentions)
    for n, meeting in enumerate(meetings, 1):
        meeting.name = meeting.name or _label(meeting)
        meeting.key = f"m{n}"
    return meetings


def _fact(doc: AnalyzedDoc, meeting: Meeting) -> Fact:
    best = max(meeting.mentions, key=lambda m: (m.has_info(), len(m.support)))
    start, end = best.span
    filled = sum(1 for v in (meeting.start, meeting.city, meeting.country) if v)
    attrs = {"key": meeting.key, "name": meeting.name, "kind": meeting.kind,
             "start": meeting.start, "end": meeting.end, "city": meeting.city,
             "country_iso3": meeting.country,
             "mentions": [[*m.clause, *m.anchors[0]] for m in meeting.mentions]}
    # Built directly: the attrs "start" and "end" would clash with doc.fact's span arguments.
    return Fact(doc.sha256, "meeting", start, end, doc.text[start:end], NAME, VERSION,
                min(0.95, 0.55 + 0.12 * filled), attrs)


@extractor(NAME, version=VERSION,
           requires=("segments", "date", "place", "state", "document_meta"),
           assigns=("meeting",))
def extract_meetings(doc: AnalyzedDoc) -> list[Fact]:
    """Meeting facts: attrs key, name, kind, start, end, city, country_iso3, mentions."""
    return [_fact(doc, m) for m in find_meetings(doc)]


#!/usr/bin/env python3
"""Write a SYNTHETIC corpus for the benchmarks only: coalition-style documents, never real.

Usage: .venv/bin/python benchmarks/generate_corpus.py OUT_DIR [--count 10000] [--seed 1]

Every file starts with a line saying it is synthetic. The documents imitate the registers of
a coalition's papers (joint statements with a dateline and a participant list, working-group
communiqués, news reports, remarks, press releases with figures) and name real states,
organizations, cities, lines of effort and working groups from the package gazetteers
(``coalition/data``), but every event, pledge, figure and quote is invented by the templates
below. Document ``i`` depends only on ``(seed, i)``, so a corpus is the same for a seed
whatever its size, and documents are written one at a time (memory stays flat at 100,000).
Files go into folders of 1,000 (``00000/``, ``00001/``, ...); about one in ten is HTML.
A hidden ``.synthetic-corpus.json`` records the parameters, so a second run with the same
ones reuses the folder instead of writing it again.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape
from pathlib import Path

from coalition.data import load_json, load_jsonl

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FORBIDDEN = (REPO.parent / "shared", REPO / "tests", REPO / "src")
MARKER = ".synthetic-corpus.json"
PER_FOLDER = 1000
SYNTHETIC_LINE = ("SYNTHETIC BENCHMARK DOCUMENT {n} (seed {seed}) written by "
                  "benchmarks/generate_corpus.py: invented text, not a real statement.")

# Partners drawn most often (ISO3); any other state of the gazetteer appears now and then.
CORE_MEMBERS = (
    "USA GBR FRA DEU ITA NLD BEL DNK NOR SWE FIN ESP PRT POL CZE HUN ROU BGR GRC CAN AUS NZL "
    "JPN KOR SGP MYS IRQ JOR KWT SAU ARE QAT BHR OMN EGY MAR TUN LBN TUR ALB EST LVA LTU SVK "
    "SVN HRV AUT IRL ISL LUX CHE NGA NER TCD CMR KEN SOM AFG BIH MNE MKD GEO MDA UKR PAN"
).split()
# Where meetings are held most often (must be in data/cities.jsonl); any city now and then.
VENUES = (
    "Washington", "New York", "Kuwait City", "Jeddah", "Riyadh", "Doha", "Manama", "Amman",
    "Ankara", "Cairo", "Baghdad", "Erbil", "Beirut", "Tunis", "Rabat", "Marrakech", "Geneva",
    "Munich", "Berlin", "Copenhagen", "The Hague", "Madrid", "Ottawa", "Canberra", "Tokyo",
    "Tampa", "Paris", "London", "Rome", "Brussels", "Abu Dhabi", "Muscat", "Algiers", "Nairobi",
    "Abuja", "Niamey", "Warsaw", "Vienna", "Stockholm", "Oslo", "Helsinki", "Prague",
    "Budapest", "Athens", "Lisbon", "Dublin", "Amsterdam", "Tirana", "Seoul", "Jakarta",
    "Kuala Lumpur", "Wellington", "Sharm el-Sheikh", "Antalya", "Strasbourg", "Bonn")
MONTHS = ("January February March April May June July August September October November "
          "December").split()
SHORT_MONTHS = ("Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.").split()
ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
            "twelfth").split()
NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve").split()
FUNDS = ("the Funding Facility for Stabilization", "the Funding Facility for Expanded "
         "Stabilization", "the UN Mine Action Service in Iraq", "the Iraq Humanitarian Pooled "
         "Fund", "the Syria Recovery Trust Fund", "the Coalition stabilization trust fund",
         "community policing programmes in liberated districts")
REGIONS = ("Nineveh", "Anbar", "Salah al-Din", "Diyala", "Kirkuk province", "Raqqa province",
           "Deir ez-Zor province", "the Middle Euphrates River Valley", "western Anbar",
           "the Hamrin mountains", "the Syrian desert", "the Lake Chad basin", "the Sahel")
REPORTER_FIRST = ("Lena", "Omar", "Priya", "Tomas", "Hana", "Idris", "Maren", "Kofi", "Sara",
                  "Viktor", "Nadia", "Jonas", "Leila", "Marco", "Ayse", "Felix")
REPORTER_LAST = ("Halvorsen", "Quentin", "Abernathy", "Okafor", "Lindqvist", "Ferreira",
                 "Mahmoud", "Castellano", "Brandt", "Yilmaz", "Novak", "Delacroix", "Osei")
OUTLETS = ("Synthetic Wire", "Benchmark Daily", "Placeholder Post", "Sample Gazette")
ROLES = ("Foreign Minister", "Minister of Defence", "Deputy Foreign Minister",
         "Special Envoy for the Coalition", "State Secretary for Foreign Affairs",
         "Minister for International Development", "Political Director")

# Objects of commitments for each line of effort (key of data/lines_of_effort.json).
LINE_OBJECTS: dict[str, tuple[str, ...]] = {
    "military": (
        "training and equipping of the Iraqi security forces",
        "advise-and-assist missions with partner forces in northern Iraq",
        "air operations in support of local ground forces",
        "the training of Peshmerga brigades and federal police units",
        "the mentoring of counter-terrorism service battalions"),
    "foreign_fighters": (
        "screening of travellers for foreign terrorist fighters at border crossings",
        "the exchange of foreign terrorist fighter profiles through INTERPOL",
        "advance passenger information systems at international airports",
        "prosecution and rehabilitation of returning foreign terrorist fighters",
        "watch lists shared among border agencies"),
    "finance": (
        "action against Daesh oil smuggling and extortion networks",
        "supervision of money service businesses and hawala dealers",
        "sanctions designations of Daesh financiers",
        "controls on the trade in looted antiquities",
        "financial intelligence sharing on terrorist financing"),
    "humanitarian_stabilization": (
        "clearance of explosive hazards in liberated towns",
        "restoration of water, electricity and health services in liberated areas",
        "the safe and voluntary return of displaced families",
        "rubble removal and the reopening of schools",
        "stabilization projects requested by local authorities"),
    "counter_messaging": (
        "counter-messaging campaigns against Daesh propaganda",
        "the removal of terrorist content from online platforms",
        "community voices that expose the reality of life under Daesh",
        "strategic communications cells in partner capitals"),
    "political": (
        "national reconciliation and inclusive local governance in Iraq",
        "the UN-facilitated political process for Syria under UNSCR 2254",
        "decentralization and public-sector reform in Iraq",
        "dialogue between Baghdad and the Kurdistan Regional Government"),
}
VERBS = ("expand", "sustain", "step up", "accelerate", "fund", "strengthen", "deepen",
         "broaden", "reinforce", "support")
RESOLUTIONS = (2170, 2178, 2199, 2249, 2253, 2254, 2368, 2379, 2396, 2462)


@dataclass(frozen=True)
class World:
    """The real names the templates draw on, loaded once from the package gazetteers."""

    states: dict[str, str]  # ISO3 -> name
    adjectives: dict[str, str]  # ISO3 -> adjective
    core: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (city, ISO3), plain ASCII names only
    venues: tuple[tuple[str, str], ...]  # the cities of VENUES
    organizations: tuple[str, ...]
    working_groups: tuple[str, ...]
    lines: tuple[tuple[str, int, str], ...]  # key, number, name


@lru_cache(maxsize=1)
def world() -> World:
    """Load the gazetteers (states, cities, organizations, working groups, lines of effort)."""
    states, adjectives = {}, {}
    for row in load_jsonl("states.jsonl"):
        states[row["iso3"]] = row["name"]
        if row.get("adjectives"):
            adjectives[row["iso3"]] = row["adjectives"][0]
    cities = tuple((row["city"], row["country_iso3"]) for row in load_jsonl("cities.jsonl")
                   if row["city"].isascii() and row["country_iso3"] in states)
    return World(
        states=states, adjectives=adjectives,
        core=tuple(k for k in CORE_MEMBERS if k in states),
        cities=cities,
        venues=tuple(c for c in cities if c[0] in VENUES),
        organizations=tuple(o["name"] for o in load_json("organizations.json")),
        working_groups=tuple(w["name"] for w in load_json("working_groups.json")
                             if "/" not in w["name"]),
        lines=tuple((x["key"], x["number"], x["name"]) for x in load_json("lines_of_effort.json")))


class Writer:
    """Draw the pieces of one document from its own random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.w = world()
        self.day = self._date()

    # ----- small pieces -------------------------------------------------------------------
    def _date(self) -> date:
        start = date(2014, 9, 1)
        return start + timedelta(days=self.rng.randrange((date(2026, 12, 31) - start).days))

    def pick(self, items: tuple[str, ...] | list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def member(self) -> str:
        """Return the ISO3 of a partner: mostly a core member, sometimes any state."""
        if self.rng.random() < 0.85:
            return self.pick(self.w.core)
        return self.pick(list(self.w.states))

    def members(self, n: int) -> list[str]:
        keys: list[str] = []
        while len(keys) < n:
            key = self.member()
            if key not in keys:
                keys.append(key)
        return keys

    def name(self, key: str) -> str:
        name = self.w.states[key]
        return f"the {name}" if name.startswith(("United ", "Netherlands", "Philippines")) \
            else name

    def cap(self, text: str) -> str:
        return text[:1].upper() + text[1:]

    def listing(self, names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def long_date(self, d: date) -> str:
        return (f"{d.day} {MONTHS[d.month - 1]} {d.year}" if self.rng.random() < 0.6
                else f"{MONTHS[d.month - 1]} {d.day}, {d.year}")

    def later(self, days_min: int, days_max: int) -> date:
        return self.day + timedelta(days=self.rng.randint(days_min, days_max))

    def deadline(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return f"within {self.pick(('90', '120', '180', 'sixty', 'thirty'))} days"
        if r < 0.55:
            d = self.later(60, 500)
            return f"by {MONTHS[d.month - 1]} {d.year}"
        if r < 0.75:
            return f"by the end of {self.later(30, 700).year}"
        if r < 0.9:
            return f"no later than {self.long_date(self.later(45, 400))}"
        return f"before the next ministerial meeting in {self.later(120, 400).year}"

    def money(self) -> str:
        r = self.rng.random()
        millions = self.rng.choice((1.5, 2, 5, 7.5, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100,
                                    120, 150, 200, 250, 300, 500))
        amount = f"{millions:g}"
        if r < 0.45:
            return f"${amount} million"
        if r < 0.65:
            return f"€{amount} million"
        if r < 0.75:
            return f"£{amount} million"
        if r < 0.85:
            return f"USD {amount} million"
        if r < 0.93:
            return f"US${self.rng.choice((1.1, 1.2, 1.5, 2, 2.3))} billion"
        return f"an additional ${amount} million"

    def line(self) -> tuple[str, int, str]:
        return self.w.lines[self.rng.randrange(len(self.w.lines))]

    def objective(self) -> str:
        key = self.line()[0]
        return self.pick(LINE_OBJECTS.get(key, LINE_OBJECTS["political"]))

    def city(self) -> tuple[str, str]:
        """Return (city, ISO3) of a meeting place: mostly a usual venue, sometimes any city."""
        pool = self.w.venues if self.rng.random() < 0.85 else self.w.cities
        return pool[self.rng.randrange(len(pool))]

    # ----- sentences ----------------------------------------------------------------------
    def commitment(self, we: bool) -> str:
        subject = "We" if we else self.pick(("Partners", "Coalition members", "The Coalition",
                                             "Ministers", "Participants"))
        verb, obj, due = self.pick(VERBS), self.objective(), self.deadline()
        forms = (
            f"{subject} will {verb} {obj} {due}.",
            f"{subject} decided to {verb} {obj} {due}.",
            f"{subject} agreed to {verb} {obj}, with a first progress report {due}.",
            f"{subject} {'are' if we else 'remain'} committed to {verb} {obj} {due}.",
            f"{subject} undertook to {verb} {obj} {due}.",
            f"{subject} will continue to {verb} {obj} in close coordination with the "
            f"Government of Iraq.",
            f"{subject} called on all members to {verb} {obj} {due}.",
        )
        return self.pick(forms)

    def state_commitment(self) -> str:
        key = self.member()
        city, _ = self.city()
        return self.pick((
            f"{self.cap(self.name(key))} will {self.pick(VERBS)} {self.objective()} "
            f"{self.deadline()}.",
            f"{self.cap(self.name(key))} will host the next meeting of the "
            f"{self.pick(self.w.working_groups)} in {city} {self.deadline()}.",
            f"{self.cap(self.name(key))} pledged to {self.pick(VERBS)} {self.objective()}.",
        ))

    def pledge(self) -> str:
        key, fund = self.member(), self.pick(FUNDS)
        adj = self.w.adjectives.get(key, self.w.states[key])
        return self.pick((
            f"{self.cap(self.name(key))} pledged {self.money()} to {fund}.",
            f"The {adj} government announced a contribution of {self.money()} for {fund}.",
            f"{self.cap(self.name(key))} committed {self.money()} to {self.objective()} "
            f"over the coming year.",
            f"Pledges made at the meeting amounted to {self.money()}, including "
            f"{self.money()} from {self.name(key)} for {fund}.",
        ))

    def metric(self) -> str:
        r = self.rng
        return self.pick((
            f"Since the campaign began, Coalition aircraft have conducted {r.randint(800, 34000):,}"
            f" airstrikes against Daesh targets in Iraq and Syria.",
            f"Partner forces have liberated more than {r.randint(5, 110) * 1000:,} square "
            f"kilometres of territory once held by Daesh.",
            f"About {r.randint(20, 98)} percent of the territory Daesh once controlled in Iraq "
            f"has been liberated.",
            f"Some {r.randint(20, 4500) * 1000:,} displaced people have returned to their homes "
            f"in {self.pick(REGIONS)}.",
            f"Coalition trainers have prepared over {r.randint(3, 220) * 1000:,} members of the "
            f"Iraqi security forces.",
            f"Members shared {r.randint(2, 60) * 1000:,} foreign terrorist fighter profiles "
            f"through INTERPOL during the year.",
            f"Deminers cleared {r.randint(2, 90) * 10:,} square kilometres of land and removed "
            f"{r.randint(5, 900) * 100:,} explosive hazards in {self.pick(REGIONS)}.",
        ))

    def observation(self) -> str:
        key, org = self.member(), self.pick(self.w.organizations)
        line = self.line()
        return self.pick((
            f"Ministers reviewed the situation in {self.pick(REGIONS)} and the remaining "
            f"threat posed by Daesh cells.",
            f"Participants welcomed the work of the {self.pick(self.w.working_groups)} and "
            f"its co-leads.",
            f"They noted the close cooperation between the Coalition and the {org}.",
            f"The meeting discussed progress on line of effort {line[1]}, {line[2].lower()}.",
            f"Partners recalled UN Security Council Resolution {self.pick_res()} and stressed "
            f"the importance of implementing it in full.",
            f"The {self.w.adjectives.get(key, 'host')} delegation briefed partners on "
            f"{self.objective()}.",
            f"Members expressed concern at the humanitarian needs in {self.pick(REGIONS)}.",
        ))

    def pick_res(self) -> str:
        return str(RESOLUTIONS[self.rng.randrange(len(RESOLUTIONS))])

    def body_sentence(self, we: bool) -> str:
        r = self.rng.random()
        if r < 0.3:
            return self.commitment(we)
        if r < 0.42:
            return self.state_commitment()
        if r < 0.57:
            return self.pledge()
        if r < 0.75:
            return self.metric()
        return self.observation()

    def paragraph(self, we: bool, n: int | None = None) -> str:
        return " ".join(self.body_sentence(we) for _ in range(n or self.rng.randint(2, 5)))

    # ----- registers ----------------------------------------------------------------------
    def fill(self, lines: list[str], target: int, we: bool, numbered: bool,
             bullets: bool = False) -> None:
        size, k = sum(len(x) + 1 for x in lines), 1
        while size < target:
            text = self.paragraph(we)
            if numbered:
                text = f"{k}. {text}"
            elif bullets:
                text = f"  • {text}"
            lines += [text, ""]
            size += len(text) + 2
            k += 1

    def joint_statement(self, target: int) -> list[str]:
        city, country = self.city()
        host = country if self.rng.random() < 0.7 else self.member()
        n = self.rng.randint(12, 80)
        title = self.pick((
            "Joint Statement of the Ministers of the Global Coalition to Defeat Daesh",
            f"Communiqué of the {self.pick(ORDINALS)} Ministerial Meeting of the Global "
            "Coalition against Daesh",
            "Statement by the Foreign Ministers of the Small Group of the Global Coalition",
            "Chair's Statement on behalf of the Coalition Partners",
        ))
        opening = self.pick((
            f"Foreign ministers and senior officials of {n} Coalition partners met in {city} "
            f"on {self.long_date(self.day)} at the invitation of {self.name(host)} to take "
            "stock of the campaign against Daesh.",
            f"The ministerial meeting of the Global Coalition was held in {city} on "
            f"{self.long_date(self.day)}, hosted by {self.name(host)}, and brought together "
            f"delegations from {n} member states and organizations.",
            f"Ministers of the Global Coalition gathered in {city} on "
            f"{self.long_date(self.day)} under the chairmanship of {self.name(host)} to review "
            "progress along every line of effort.",
        ))
        lines = [title, "", f"{city}, {self.long_date(self.day)}", "", opening, ""]
        present = self.members(self.rng.randint(6, 30))
        if self.rng.random() < 0.5:
            lines += ["Participants:", self.listing([self.name(k) for k in present]) + ".", ""]
        else:
            orgs = [f"the {o}" for o in self.rng.sample(self.w.organizations, 2)]
            lines += [f"The meeting was attended by "
                      f"{self.listing([self.name(k) for k in present] + orgs)}.", ""]
        if self.rng.random() < 0.3:
            lines += [f"{self.cap(self.name(self.member()))} took part in the discussions but "
                      "declined to sign the statement.", ""]
        we = self.rng.random() < 0.5
        self.fill(lines, target - 200, we=we, numbered=self.rng.random() < 0.6)
        nxt, when = self.city()[0], self.later(60, 300)
        lines.append(self.pick((
            f"The next plenary meeting will take place in {nxt} {self.deadline()}.",
            f"Partners look forward to the next meeting of the Small Group in {nxt} in "
            f"{MONTHS[when.month - 1]} {when.year}.",
        )))
        return lines

    def working_group(self, target: int) -> list[str]:
        city, _ = self.city()
        wg = self.pick(self.w.working_groups)
        chairs = [self.name(k) for k in self.members(2)]
        lines = [f"Communiqué of the {wg}", "", f"{city}, {self.long_date(self.day)}", "",
                 f"The {wg} met in {city} on {self.long_date(self.day)}, co-chaired by "
                 f"{self.listing(chairs)}, with representatives of "
                 f"{self.rng.randint(15, 60)} partners and the {self.pick(self.w.organizations)}"
                 ".", ""]
        self.fill(lines, target, we=False, numbered=False, bullets=self.rng.random() < 0.5)
        return lines

    def news(self, target: int) -> list[str]:
        city, _ = self.city()
        key = self.member()
        d = self.day
        head = self.pick((
            f"Coalition partners pledge {self.money()} at {city} talks",
            f"Ministers meet in {city} to review campaign against Daesh",
            f"{self.w.states[key]} to expand support for Iraq, minister says",
        ))
        by = self.pick((f"By {self.pick(REPORTER_FIRST)} {self.pick(REPORTER_LAST)}",
                        f"{self.pick(OUTLETS)} Desk"))
        lines = [head, "", by, "",
                 f"{city}, {SHORT_MONTHS[d.month - 1]} {d.day}: Representatives of "
                 f"{self.rng.randint(10, 70)} countries met in {city} on "
                 f"{self.long_date(d)} to discuss the fight against Daesh, officials said.", ""]
        role = self.pick(ROLES)
        lines += [f"The {role} of {self.name(key)} told reporters that his government would "
                  f"{self.pick(VERBS)} {self.objective()} {self.deadline()}.", ""]
        self.fill(lines, target, we=False, numbered=False)
        return lines

    def remarks(self, target: int) -> list[str]:
        key = self.member()
        city, _ = self.city()
        lines = [f"Remarks by the {self.pick(ROLES)} of {self.name(key)} at the Coalition "
                 f"meeting in {city}", "", "As prepared for delivery", "",
                 f"{city}, {self.long_date(self.day)}", "",
                 f"Thank you. Let me first thank our hosts in {city} for bringing the "
                 "Coalition together today.", "",
                 f"I am announcing today that {self.name(key)} will provide {self.money()} to "
                 f"{self.pick(FUNDS)}.", ""]
        self.fill(lines, target, we=True, numbered=False)
        lines.append("Thank you.")
        return lines

    def press_release(self, target: int) -> list[str]:
        d, (city, _) = self.day, self.city()
        lines = ["Press Release", "", self.pick(("Office of the Spokesperson",
                                                  "Coalition Media Office")), "",
                 f"{city}, {self.long_date(d)}", "",
                 f"Fact sheet: the Global Coalition as of {self.long_date(d)}", ""]
        for _ in range(self.rng.randint(3, 7)):
            lines.append(f"  • {self.metric()}")
        lines.append("")
        self.fill(lines, target, we=False, numbered=False)
        return lines


REGISTERS: tuple[tuple[str, float, Callable[[Writer, int], list[str]]], ...] = (
    ("joint_statement", 0.35, Writer.joint_statement),
    ("news", 0.22, Writer.news),
    ("remarks", 0.15, Writer.remarks),
    ("press_release", 0.14, Writer.press_release),
    ("working_group", 0.14, Writer.working_group),
)


def target_size(rng: random.Random) -> int:
    """Return a body size in characters: mostly 1-6 KB, a few smaller or larger."""
    r = rng.random()
    if r < 0.05:
        return rng.randint(500, 1000)
    if r < 0.85:
        return rng.randint(1000, 6000)
    if r < 0.97:
        return rng.randint(6000, 12000)
    return rng.randint(12000, 30000)


def as_html(lines: list[str], marker: str) -> str:
    """Wrap a document in a small web page with navigation and footer boilerplate."""
    paras = "\n".join(f"<p>{escape(x)}</p>" for x in lines[1:] if x.strip())
    return (f"<!-- {marker} -->\n<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(lines[0])}</title></head>\n<body>\n<nav><a href=\"/\">Home</a> | "
            "<a href=\"/news\">News</a> | <a href=\"/about\">About</a></nav>\n<article>\n"
            f"<h1>{escape(lines[0])}</h1>\n{paras}\n</article>\n<footer>Synthetic benchmark page."
            " This site uses no cookies.</footer>\n</body></html>\n")


def document(seed: int, n: int) -> tuple[str, str, str]:
    """Return (kind, suffix, text) of synthetic document ``n``: a function of (seed, n) only."""
    rng = random.Random(seed * 1_000_003 + n)
    writer = Writer(rng)
    r, acc = rng.random(), 0.0
    kind, make = REGISTERS[-1][0], REGISTERS[-1][2]
    for name, weight, fn in REGISTERS:
        acc += weight
        if r < acc:
            kind, make = name, fn
            break
    lines = make(writer, target_size(rng))
    marker = SYNTHETIC_LINE.format(n=n, seed=seed)
    if rng.random() < 0.1:
        return kind, ".html", as_html(lines, marker)
    return kind, ".txt", marker + "\n" + "\n".join(lines) + "\n"


def check_destination(out: Path) -> None:
    """Refuse folders of the shared corpus and of the source tree; refuse foreign content."""
    resolved = out.resolve()
    for bad in FORBIDDEN:
        if resolved == bad.resolve() or bad.resolve() in resolved.parents:
            raise SystemExit(f"error: {out}: refusing to write a synthetic corpus under {bad}")
    if resolved.exists() and not resolved.is_dir():
        raise SystemExit(f"error: {out}: exists and is not a folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise SystemExit(f"error: {out}: folder is not empty and holds no {MARKER}; "
                         "name an empty or new folder")


def generate(out: Path, count: int, seed: int) -> Iterator[tuple[str, int]]:
    """Write documents 0..count-1 under ``out``; yield (kind, bytes) of each as written."""
    check_destination(out)
    marker = out / MARKER
    wanted = {"count": count, "seed": seed, "generator": 2}
    if marker.exists():
        old = json.loads(marker.read_text(encoding="utf-8"))
        if old == wanted:
            return
        raise SystemExit(f"error: {out}: holds a corpus of {old}, not {wanted}; "
                         "name another folder or remove this one")
    out.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        kind, suffix, text = document(seed, n)
        folder = out / f"{n // PER_FOLDER:05d}"
        if n % PER_FOLDER == 0:
            folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{n:06d}_{kind}{suffix}").write_bytes(data)
        yield kind, len(data)
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def ensure_corpus(out: Path, count: int, seed: int) -> Path:
    """Generate the corpus unless ``out`` already holds this one; return ``out``."""
    for _ in generate(out, count, seed):
        pass
    return out


def main() -> None:
    """Generate the corpus and print how many documents, kinds and bytes it holds."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write (new, empty, or a previous corpus)")
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.count < 1:
        raise SystemExit("error: --count must be at least 1")
    started = time.perf_counter()
    kinds: Counter[str] = Counter()
    total = 0
    for kind, size in generate(args.out, args.count, args.seed):
        kinds[kind] += 1
        total += size
    seconds = time.perf_counter() - started
    if not kinds:
        print(f"{args.out}: already holds this corpus (count {args.count}, seed {args.seed})")
        return
    print(f"{sum(kinds.values())} synthetic documents, {total / 1e6:.1f} MB in {args.out} "
          f"in {seconds:.1f} s ({sum(kinds.values()) / seconds:,.0f} documents/s)")
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())), file=sys.stdout)


if __name__ == "__main__":
    main()

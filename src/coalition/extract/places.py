"""Places component: cities named in the text, with their country, from a gazetteer.

The gazetteer (``coalition/data/cities.jsonl``: city, country_iso3, aliases) is built by
``scripts/build_cities.py``. Names match case-sensitively (so "nice" is no city) with one
spaCy PhraseMatcher over ``doc.tokens``, in their written form and in capitals ("WASHINGTON").
The longest match wins ("Kuwait City" over a shorter name inside it). A city never yields a
state fact: states are the actors component's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from coalition.data import load_jsonl
from coalition.extract.registry import extractor, rules_version
from coalition.model import AnalyzedDoc, Fact
from coalition.segment.tokens import get_nlp

COMPONENTS = ("places",)
NAME = "places"
VERSION = rules_version("1")
CONFIDENCE = 0.9


@dataclass(frozen=True)
class City:
    """One gazetteer entry."""

    city: str
    country_iso3: str
    capital: bool = False  # a state's capital: "Ankara would open credit lines" is Turkey


@dataclass(frozen=True)
class Gazetteer:
    """The city table and the PhraseMatcher built from it (one per process)."""

    by_label: dict[str, City]
    by_name: dict[str, City]
    matcher: PhraseMatcher


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load ``cities.jsonl`` and build the matcher over the pipeline's own vocabulary."""
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_label: dict[str, City] = {}
    by_name: dict[str, City] = {}
    for row in load_jsonl("cities.jsonl"):
        city = City(row["city"], row["country_iso3"], bool(row.get("capital")))
        by_label[city.city] = city
        names = {city.city, *row.get("aliases", [])}
        names |= {n.upper() for n in names}
        for name in names:
            by_name.setdefault(name, city)
        matcher.add(city.city, [nlp.make_doc(n) for n in sorted(names)])
    return Gazetteer(by_label, by_name, matcher)


def lookup(name: str) -> City | None:
    """The gazetteer entry whose name or alias is exactly ``name``, if any."""
    return gazetteer().by_name.get(name.strip())


@lru_cache(maxsize=1)
def _dateline_cities() -> dict[str, City]:
    """The larger list for datelines only (``dateline_cities.jsonl``), by the name a dateline
    writes ("Graz", "Kuwait" for Kuwait City), as written and in capitals."""
    out: dict[str, City] = {}
    for row in load_jsonl("dateline_cities.jsonl"):
        city = City(row["city"], row["country_iso3"])
        out.setdefault(row["name"], city)
        out.setdefault(row["name"].upper(), city)
    return out


def dateline_lookup(name: str) -> City | None:
    """The city a dateline names: the gazetteer's, else any city of 100,000 people or more
    ("GRAZ, 15 November 2019 -"). Only for datelines: in running text such names would be
    too often something else."""
    return lookup(name) or _dateline_cities().get(name.strip())


def find_cities(tokens: Doc) -> list[tuple[int, int, City]]:
    """(start_char, end_char, city) of every city named in ``tokens``, longest match first."""
    gaz = gazetteer()
    spans = filter_spans(gaz.matcher(tokens, as_spans=True))
    return [(s.start_char, s.end_char, gaz.by_label[s.label_]) for s in spans]


@extractor(NAME, version=VERSION, assigns=("place",))
def extract_places(doc: AnalyzedDoc) -> list[Fact]:
    """One place fact per city mention: attrs city (canonical name), country_iso3 and
    capital (whether it is its state's capital)."""
    if doc.tokens is None:
        return []
    return [doc.fact("place", start, end, NAME, VERSION, CONFIDENCE,
                     city=city.city, country_iso3=city.country_iso3, capital=city.capital)
            for start, end, city in find_cities(doc.tokens)]

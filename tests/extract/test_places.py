"""Places component: gazetteer cities with their country; the longest name wins."""

from __future__ import annotations

import pytest

from coalition.model import AnalyzedDoc, SourceDocument
from coalition.pipeline import analyze


def _analyze(text: str) -> AnalyzedDoc:
    return analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                  media_type="text/plain"))


def _places(text: str) -> list[tuple[str, str, str]]:
    doc = _analyze(text)
    facts = sorted(doc.facts_of("place"), key=lambda f: f.start)
    for f in facts:
        assert f.quote == text[f.start:f.end]
    return [(f.quote, f.attrs["city"], f.attrs["country_iso3"]) for f in facts]


@pytest.mark.parametrize(("text", "expected"), [
    ("Delegates flew to Kuwait City for the talks.",
     [("Kuwait City", "Kuwait City", "KWT")]),
    ("The envoy spoke in Washington, D.C. on Monday.",
     [("Washington, D.C.", "Washington", "USA")]),
    ("Officials from Amman and Ankara joined.",
     [("Amman", "Amman", "JOR"), ("Ankara", "Ankara", "TUR")]),
    ("Forces advanced on Raqqa and later Mosul.",
     [("Raqqa", "Raqqa", "SYR"), ("Mosul", "Mosul", "IRQ")]),
    ("PARIS — The minister arrived.", [("PARIS", "Paris", "FRA")]),
    ("The meeting in The Hague ended early.", [("The Hague", "The Hague", "NLD")]),
])
def test_cities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _places(text) == expected


@pytest.mark.parametrize("text", [
    "Kuwait and Jordan pledged support.",
    "It was a nice day for a meeting.",
    "Singapore joined the group.",
])
def test_no_city(text: str) -> None:
    assert _places(text) == []


def test_city_yields_no_state_fact() -> None:
    doc = _analyze("The partners met in Riyadh.")
    places = doc.facts_of("place")
    assert [f.attrs["city"] for f in places] == ["Riyadh"]
    assert not any(f.start == places[0].start for f in doc.facts_of("state"))


def test_a_capital_is_marked_as_one() -> None:
    doc = _analyze("Envoys travelled from Amman to Mosul and then to Ottawa.")
    marked = {f.attrs["city"]: f.attrs["capital"] for f in doc.facts_of("place")}
    assert marked == {"Amman": True, "Mosul": False, "Ottawa": True}

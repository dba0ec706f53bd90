"""Metrics component: counts, percentages and areas; no dates, years, money or labels."""

from __future__ import annotations

import pytest

from coalition.extract.metrics import extract_metrics, find_metrics
from coalition.extract.money import extract_money
from coalition.extract.resolutions import extract_resolutions
from coalition.model import AnalyzedDoc


def _metrics(text: str) -> list[tuple[float, str]]:
    doc = AnalyzedDoc(sha256="c" * 64, text=text)
    doc.facts.extend(extract_resolutions(doc))
    doc.facts.extend(extract_money(doc))
    facts = extract_metrics(doc)
    for f in facts:
        assert f.quote == text[f.start:f.end]
    return [(f.attrs["value"], f.attrs["unit"]) for f in facts]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Jets flew almost 5,000 sorties last year.", 5000, "count"),
    ("Some 300 trainers arrived in Erbil.", 300, "count"),
    ("Delegates from 41 partner states attended.", 41, "count"),
    ("Seventy partners sent ministers.", 70, "count"),
    ("The vote brought membership to 31: a record for the group.", 31, "count"),
    ("Twenty-five members signed the text.", 25, "count"),
    ("Police arrested 75 suspected recruiters.", 75, "count"),
    ("Aid reached 2.1 million displaced Syrians.", 2.1e6, "count"),
    ("As many as half a dozen towns, and up to two million people, were at risk.", 2e6,
     "count"),
    ("Forces retook 60 percent of the city.", 60, "percent"),
    ("Forces retook 60% of the city.", 60, "percent"),
    ("Officials saw a 250-percent rise in reports.", 250, "percent"),
    ("Troops cleared over 1,200 square kilometers of land.", 1200, "km2"),
    ("Near the river, seven strikes hit the depot.", 7, "count"),
    ("Peru sent four KC-30A tanker aircraft.", 4, "count"),
    ("Of the trainees, 35 of them passed the course.", 35, "count"),
    ("Chile brought home 1,200 of its nationals.", 1200, "count"),
    ("Nearly 1.4 million remain displaced in the north.", 1.4e6, "count"),
    ("They asked for 30 or so engineers.", 30, "count"),
    ("The vote brought its membership to 71.", 71, "count"),
    ("Talks went on, bringing the total to 84.", 84, "count"),
    ("Camps hold roughly 9,000 ISIS/Daesh fighters.", 9000, "count"),
    ("More than 4.8 million have gone home.", 4.8e6, "count"),
    ("Of the returnees, most are in work. Sixty-one have been convicted.", 61, "count"),
    ("Some 65 are still in the region.", 65, "count"),
    ("About 1,200 U.K. service personnel are deployed.", 1200, "count"),
    ("Norway sent four F-16AM Falcons to Jordan.", 4, "count"),
    ("The tankers passed over 12 million pounds of jet fuel.", 12e6, "lb"),
])

def test_finds_metrics(text: str, value: float, unit: str) -> None:
    assert _metrics(text) == [(value, unit)]


def test_the_first_number_of_a_range_counts_what_the_second_counts() -> None:
    found = list(find_metrics("Estimates ran from 3,000 to 4,500 fighters, of 40 to 50 groups."))
    assert [(m.value, m.what) for m in found] == [(3000, "fighters"), (4500, "fighters"),
                                                 (40, "groups"), (50, "groups")]
    no_range = "Between 2014 and 2016 the militants fled; talks ran 3 to 4 May."
    assert list(find_metrics(no_range)) == []


@pytest.mark.parametrize("text", [
    "Ministers met on 14 March 2017 in Rome.",
    "The session opened at 10:30 and the partners listened.",
    "Ministers met on March 14, 2017 in Rome.",
    "In 2016, the plan was revised.",
    "They implement UNSCR 2253 and resolution 2368.",
    "The fund received $40 million.",
    "Paragraph 12 sets out the tasks; see Line of Effort 4.",
    "Each member joined one or more lines of effort.",
    "They met one right after the other.",
    "Every single member helped.",
    "The talks began at 10:30 and ended at 3 p.m.",
    "It was the first plenary since 9/11.",
    "Call +1 202 555 0147 for details.",
    "It took three and a half years and 18 months.",
    "Follow #CoalitionProgress for updates.",
    "The Arab League Resolution 7907 passed.",
    "Two other individuals were designated.",
    "Three earlier conferences and two states took note.",
    "In 2014 many had returned home.",
    "The 1267 Committee maintains the list.",
    "Of these, the 12 were released.",
    "In 2019 were good years for the patrols.",
    "The UK gave 15 million pounds to the fund.",
    "Two teachers and three doctors spoke.",
])
def test_ignores_non_metrics(text: str) -> None:
    assert _metrics(text) == []


def test_attrs() -> None:
    [m] = list(find_metrics("Nearly 3,000 foreign fighters returned home."))
    assert (m.value, m.unit, m.what, m.approx) == (3000.0, "count", "foreign fighters",
                                                   "nearly")


@pytest.mark.parametrize(("text", "expected"), [
    ("Patrols passed 4,000 sorties in May 2016 and 6,500 in May 2017.",
     [(4000.0, "sorties"), (6500.0, "sorties")]),
    ("They flew 900 sorties, about 300 of them at night and 600 by day.",
     [(900.0, "sorties"), (300.0, None), (600.0, "sorties")]),
    ("Crews flew 900 sorties. In 2016 and 2017 more crews came.", [(900.0, "sorties")]),
    ("Crews flew 900 sorties and 2017 was calmer.", [(900.0, "sorties")]),
    ("Pilots flew 700 sorties: 450 over Mosul and 250 over Raqqa.",
     [(700.0, "sorties"), (450.0, "sorties"), (250.0, "sorties")]),
    ("Last month 410 sorties were flown over Mosul and 95 over Raqqa.",
     [(410.0, "sorties"), (95.0, "sorties")]),
    ("The fleet has 40 ships, up from 25 in early 2012 and 31 in 2015.",
     [(40.0, "ships"), (25.0, "ships"), (31.0, "ships")]),
    ("Crews flew 1,200 sorties in 2016, compared with 800 in 2014.",
     [(1200.0, "sorties"), (800.0, "sorties")]),
    ("Crews flew 1,200 sorties in 2016, 950 in 2017 and fewer than 90 in 2019.",
     [(1200.0, "sorties"), (950.0, "sorties"), (90.0, "sorties")]),
    ("The fleet has 40 ships, 12 of which are new.", [(40.0, "ships")]),
    ("The fleet has 40 ships, 12 in port.", [(40.0, "ships")]),
    ("About 250 Chilean and Peruvian trainers arrived.",
     [(250.0, "Chilean and Peruvian trainers")]),
    ("Crews flew 90 sorties over Lima and Quito.", [(90.0, "sorties")]),
])
def test_a_bare_number_joined_to_a_count_counts_the_same(
        text: str, expected: list[tuple[float, str | None]]) -> None:
    assert [(m.value, m.what) for m in find_metrics(text)] == expected

"""Dates component: spans, ISO values, ranges, year inference and non-dates."""

from __future__ import annotations

from typing import Any

import pytest

from coalition.model import AnalyzedDoc, SourceDocument
from coalition.pipeline import analyze


def _analyze(text: str) -> AnalyzedDoc:
    return analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                  media_type="text/plain"))


def _dates(text: str) -> list[tuple[str, Any, Any, bool]]:
    doc = _analyze(text)
    facts = doc.facts_of("date")
    for f in facts:
        assert f.quote == text[f.start:f.end]
        assert f.extractor == "dates"
    return [(f.quote, f.attrs["value"], f.attrs["end"], f.attrs["year_inferred"])
            for f in sorted(facts, key=lambda f: f.start)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The envoys gathered on 3 March 2019 in Rome.",
     [("3 March 2019", "2019-03-03", None, False)]),
    ("Talks resumed on April 7, 2017, after a pause.",
     [("April 7, 2017", "2017-04-07", None, False)]),
    ("Officials signed it on Sept. 4, 2015.",
     [("Sept. 4, 2015", "2015-09-04", None, False)]),
    ("A workshop ran from October 3-9, 2016, in Amman.",
     [("October 3-9, 2016", "2016-10-03", "2016-10-09", False)]),
    ("A workshop ran from 3 to 9 October 2016 in Amman.",
     [("3 to 9 October 2016", "2016-10-03", "2016-10-09", False)]),
    ("Elections were held in June 2018.", [("June 2018", "2018-06", None, False)]),
    ("The group was formed in 2013.", [("2013", "2013", None, False)]),
    ("Ministers endorsed the 2017 Rome Declaration.", [("2017", "2017", None, False)]),
    ("The ledger was opened on 2019-05-02.", [("2019-05-02", "2019-05-02", None, False)]),
])
def test_full_dates(text: str, expected: list[tuple[str, Any, Any, bool]]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize("text", [
    "The Council adopted resolution 2049 and resolution 2170 unanimously.",
    "Resolutions 1267, 1989 and 2253 remain in force.",
    "Some 2,000 fighters and 2015 civilians left the town.",
    "We met today and we will meet again on Thursday.",
    "They may march 5 kilometres to the border.",
    "The unit lost 2016 vehicles in 2,016 days.",
])
def test_non_dates(text: str) -> None:
    assert _dates(text) == []


def test_year_inferred_from_preceding_full_date() -> None:
    text = "Talks opened on 2 May 2019 in Rome. A second round began on 9 May."
    assert _dates(text)[-1] == ("9 May", "2019-05-09", None, True)


def test_a_far_earlier_year_yields_to_the_documents_own_date() -> None:
    filler = "The envoys reviewed the campaign and its many partners at length. " * 12
    text = (f"Ottawa, 19 October 2016\n\nThe mission began in August 2014. {filler}"
            "The ministers met in Brussels on 11 February and will meet again.")
    assert _dates(text)[-1] == ("11 February", "2016-02-11", None, True)
    near = "Ottawa, 19 October 2016\n\nThe mission began in August 2014. On 14 September it grew."
    assert _dates(near)[-1] == ("14 September", "2014-09-14", None, True)


def test_year_inferred_from_same_day_written_later() -> None:
    text = "On June 4, the envoys met.\n\nPosted June 4, 2020 by the press office."
    assert _dates(text)[0] == ("June 4", "2020-06-04", None, True)


def test_date_without_any_year_is_skipped() -> None:
    assert _dates("The envoys met on Dec. 5 and again (Dec.6) in Doha.") == []


def test_inferred_date_has_lower_confidence() -> None:
    doc = _analyze("They met on 2 May 2019 and on 9 May.")
    full, partial = sorted(doc.facts_of("date"), key=lambda f: f.start)
    assert partial.confidence < full.confidence
    assert partial.attrs["precision"] == "day"


def test_a_year_after_since_does_not_date_the_dateline() -> None:
    """"since March 2015" opens a past period: the text's own year is the other one."""
    text = ("CAIRO, Oct. 3 (Wire) - Raids have continued since March 2015 and since April 2015, "
            "officials said, in the worst week of 2017.")
    assert _dates(text)[0] == ("Oct. 3", "2017-10-03", None, True)


def test_a_since_date_does_not_give_its_year_to_a_later_date() -> None:
    text = "Aug. 31, 2017 - Strikes have gone on since August 2014. Chiefs meet on Sept. 12."
    assert _dates(text)[-1] == ("Sept. 12", "2017-09-12", None, True)


def test_a_date_in_capitals() -> None:
    want = [("MARCH 3, 2020", "2020-03-03", None, False)]
    assert _dates("TUESDAY, MARCH 3, 2020 -- ROME") == want
    assert _dates("MAY I ASK A QUESTION, MR. CHAIRMAN?") == []


def test_no_date_across_a_line_break() -> None:
    assert _dates("Release No. 20180619-03\nJune 19, 2018\n") == [
        ("June 19, 2018", "2018-06-19", None, False)]


@pytest.mark.parametrize(("text", "edge"), [
    ("Aid has flowed since 2016.", "since"),
    ("The mandate runs until March 2030.", "until"),
    ("Funds are pledged through 2027.", "until"),
    ("Envoys met in Rome in 2016.", None),
])
def test_a_date_right_after_since_or_until_is_a_period_edge(text: str, edge: str | None) -> None:
    assert [f.attrs["edge"] for f in _analyze(text).facts_of("date")] == [edge]


@pytest.mark.parametrize(("text", "value"), [
    ("Posted 23/05/2016 at noon.", "2016-05-23"),
    ("Posted 05/23/2016 at noon.", "2016-05-23"),
    ("Posted 12/11/2019 at noon.", "2019-11-12"),  # day first where both could be a month
    ("Decision 2013/255/CFSP and Regulation No 36/2012 apply.", None),
    ("Updated: 07.11.2018 | 09:30", "2018-11-07"),  # dots and dashes: day first
    ("News item | 4-12-2017 | Oslo", "2017-12-04"),
    ("Release 2.1.2019b and build 3.4.2019.7 are out.", None),
    ("Ranges 12-10-20189 and 31.13.2019 are no dates.", None),
])
def test_numeric_dates(text: str, value: str | None) -> None:
    assert [v for _, v, _, _ in _dates(text)] == ([value] if value else [])

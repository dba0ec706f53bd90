"""Resolutions component: Security Council resolution numbers, one fact per number."""

from __future__ import annotations

import pytest

from coalition.extract.resolutions import extract_resolutions, find_resolutions
from coalition.model import AnalyzedDoc


@pytest.mark.parametrize(("text", "numbers"), [
    ("Members recalled UNSCR 2368 on sanctions.", [2368]),
    ("They applied UNSCRs 1373, 2170 and 2347 in full.", [1373, 2170, 2347]),
    ("Name as provided in UNSCR 845(1993) applies.", [845]),
    ("Under UN Security Council Resolutions 2249 and 2379, states act.", [2249, 2379]),
    ("Security Council Resolution 2347 protects heritage.", [2347]),
    ("The Council adopted resolutions 2118 and 2235 last year.", [2118, 2235]),
    ("A transition under resolution 2254 remains the goal.", [2254]),
    ("See S/RES/2396 (2017) on returnees.", [2396]),
    ("Resolutions 2170 (2014), 2178 (2014), and 2199 (2015) bind all.", [2170, 2178, 2199]),
    ("The Security Council's resolution 2249 was cited.", [2249]),
])
def test_finds_resolutions(text: str, numbers: list[int]) -> None:
    assert [n for _, _, n in find_resolutions(text)] == numbers


@pytest.mark.parametrize("text", [
    "The Arab League Resolution 7907 was welcomed.",
    "A General Assembly resolution 71/248 set up a mechanism.",
    "In 2015, 65 states met; resolution of the dispute took 3 years.",
    "A Human Rights Council resolution 3012 was noted.",
    "The meeting on 12 March 2016 had 40 delegations.",
])
def test_ignores_non_council_numbers(text: str) -> None:
    assert list(find_resolutions(text)) == []


def test_facts_span_the_number() -> None:
    text = "Ministers cited UNSCRs 1267, 1989 and 2253 again."
    doc = AnalyzedDoc(sha256="a" * 64, text=text)
    facts = extract_resolutions(doc)
    assert [f.quote for f in facts] == ["1267", "1989", "2253"]
    for f in facts:
        assert f.quote == text[f.start:f.end]
        assert f.attrs == {"number": int(f.quote), "body": "UNSC"}

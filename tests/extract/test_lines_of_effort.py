"""The lines-of-effort lexicon on sentences of our own."""

from __future__ import annotations

import pytest

from coalition.extract.lines_of_effort import classify


@pytest.mark.parametrize(("sentence", "lines"), [
    ("Members will list the exchange houses that move cash for the group.", ["finance"]),
    ("Our tankers will keep up aerial refuelling for the partners' jets.", ["military"]),
    ("The centre will train independent media in the liberated towns.", ["counter_messaging"]),
    ("Each member will name a focal point for crisis communications.", ["counter_messaging"]),
    ("We will work with banks and payment platforms to stop fundraising drives.", ["finance"]),
    ("States should repatriate their nationals detained in the camps.", ["foreign_fighters"]),
    ("We will help families return home in safety.", ["humanitarian_stabilization"]),
    ("Partners pledged more money for UNICEF.", ["humanitarian_stabilization"]),
    ("We back local voices who speak against hatred.", ["counter_messaging"]),
    ("The group posts its propaganda online.", ["counter_messaging"]),
    ("We will meet again next year.", []),
    ("They will keep the meeting online.", []),
])
def test_lines_of_effort_classify(sentence: str, lines: list[str]) -> None:
    assert classify(sentence) == lines


SCAN_TEXTS = [
    "we will train and equip local security forces and counter the financing of terrorism.",
    "training foreign terrorist fighters; counter-messaging and counter-narratives online.",
    "the safe return of refugees and idps, de-mining and stabilization of liberated areas.",
    "radicalization, deradicalisation and strategic communications against propaganda.",
    "support for the government of iraq and its political reforms, said the ministers.",
    "cooperation", "", "a", "humanitarianhumanitarian counterfinancing",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_one_pass_scan_finds_the_lines_each_alternation_finds(text: str) -> None:
    """The one-pass scan of a strength agrees with searching each line on its own."""
    from coalition.extract.lines_of_effort import lexicon

    lex = lexicon()
    assert lex.strong_scan.regex is not None
    for scan, lines in ((lex.strong_scan, lex.strong), (lex.weak_scan, lex.weak)):
        assert scan.found(text) == {line for line, rx in lines if rx.search(text)}


@pytest.mark.parametrize(("alt", "spread"), [
    ("military\\s+forces", ["military\\s+forces"]),
    ("(?:safe|idp)\\s+return\\b", ["safe\\s+return\\b", "idp\\s+return\\b"]),
    ("(?:de-?)?radical", ["de-?radical", "radical"]),
    ("(?:a|b)+c", None),
    ("[ab]c", None),
    ("\\w+s", None),
])
def test_letter_first(alt: str, spread: list[str] | None) -> None:
    from coalition.extract.lines_of_effort import letter_first

    assert letter_first(alt) == spread

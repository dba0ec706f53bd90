"""The lines-of-effort lexicon on sentences of our own."""

from __future__ import annotations

import pytest

from coalition.extract.lines_of_effort import classify


@pytest.mark.parametrize(("sentence", "lines"), [
    ("Members will list the exchange houses that move cash for the group.", ["finance"]),
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

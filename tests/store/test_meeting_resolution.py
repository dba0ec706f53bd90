"""Which meeting mentions are one real-world meeting (coalition.resolve.meetings)."""

from __future__ import annotations

import pytest

from coalition.resolve.meetings import MeetingInfo, best_match, meeting_key, same_meeting

DATED = MeetingInfo("First plenary", "ministerial_plenary", "2014-12-03", None, "Brussels", "BEL")


@pytest.mark.parametrize(("other", "same"), [
    (MeetingInfo("Brussels plenary", "ministerial_plenary", city="Brussels"), True),
    (MeetingInfo("December plenary", "ministerial_plenary", "2014-12", None, None, "BEL"), True),
    (MeetingInfo("Plenary", "other", "2014", None, "brussels"), True),
    (MeetingInfo("Plenary", "ministerial_plenary", "2014-12-04", None, "Brussels"), False),
    (MeetingInfo("Plenary", "ministerial_plenary", "2014-12-03", None, "Paris", "FRA"), False),
    (MeetingInfo("Plenary", "hearing", "2014-12-03", None, "Brussels"), False),
    (MeetingInfo("Plenary", "ministerial_plenary"), False),
    (MeetingInfo("Conference", "conference", "2014-12-01", "2014-12-05", "Brussels"), True),
])
def test_meetings_same_meeting(other: MeetingInfo, same: bool) -> None:
    assert same_meeting(DATED, other) is same
    assert same_meeting(other, DATED) is same


def test_meetings_best_match_prefers_dated_and_named() -> None:
    undated = MeetingInfo("Brussels plenary", "ministerial_plenary", city="Brussels")
    candidates = [("undated", undated), ("dated", DATED)]
    assert best_match(MeetingInfo("First plenary", "ministerial_plenary", "2014-12-03",
                                  city="Brussels"), candidates) == "dated"
    assert best_match(MeetingInfo("x", "summit", city="Rome"), candidates) is None


def test_meetings_key_is_stable() -> None:
    assert meeting_key(DATED) == meeting_key(DATED)
    assert meeting_key(DATED).startswith("ministerial_plenary:2014-12-03:brussels:")

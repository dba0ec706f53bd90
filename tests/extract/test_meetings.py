"""The meetings component on sentences of our own, with hand-made upstream facts."""

from __future__ import annotations

from typing import Any

import pytest

from coalition.extract.meetings import extract_meetings
from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.pipeline import analyze
from coalition.segment.sentences import segment_text

Spec = tuple[str, str, dict[str, Any]]  # kind, the exact words, attrs


def make_doc(text: str, specs: list[Spec]) -> AnalyzedDoc:
    """A document whose upstream facts sit on the first occurrence of each phrase."""
    doc = AnalyzedDoc(sha256="f" * 64, text=text, segments=segment_text(text))
    for kind, words, attrs in specs:
        start = text.index(words)
        end = start + len(words)
        doc.facts.append(Fact(doc.sha256, kind, start, end, text[start:end], "test", "0", 1.0,
                              attrs))
    return doc


def day(value: str) -> dict[str, Any]:
    return {"value": value, "end": None, "precision": "day", "year_inferred": False}


def city(name: str, iso3: str) -> dict[str, Any]:
    return {"city": name, "country_iso3": iso3}


def meetings(doc: AnalyzedDoc) -> list[dict[str, Any]]:
    found = extract_meetings(doc)
    for fact in found:
        assert doc.text[fact.start:fact.end] == fact.quote
    return [f.attrs for f in found]


CASES: list[tuple[str, list[Spec], list[tuple[str | None, str | None, str | None, str]]]] = [
    ("Defence ministers gathered for a plenary session in Oslo, Norway, to review progress.",
     [("place", "Oslo", city("Oslo", "NOR"))], [(None, "Oslo", "NOR", "ministerial_plenary")]),
    ("Qatar, which hosted a conference on border security on 3 May 2017, shared its findings.",
     [("state", "Qatar", {"iso3": "QAT"}), ("date", "3 May 2017", day("2017-05-03"))],
     [("2017-05-03", None, "QAT", "conference")]),
    ("Partners praised the 4 June Donors Conference for Syria and its generous outcome.",
     [("date", "4 June", day("2018-06-04")), ("state", "Syria", {"iso3": "SYR"})],
     [("2018-06-04", None, None, "pledging_conference")]),
    ("The next meeting of the working group is planned for Rome in March 2019.",
     [("place", "Rome", city("Rome", "ITA")),
      ("date", "March 2019", {"value": "2019-03", "end": None, "precision": "month"})],
     [("2019-03", "Rome", "ITA", "working_group")]),
    ("Envoys will meet regularly to coordinate their work.", [], []),
    ("The minister held a press conference in Amman.", [("place", "Amman", city("Amman", "JOR"))],
     []),
    ("Daesh leaders held a meeting in Raqqa last spring.",
     [("armed_group", "Daesh", {"key": "ISIL"}), ("place", "Raqqa", city("Raqqa", "SYR"))], []),
    ("The attacks in Madrid hardened the resolve of every partner.",
     [("place", "Madrid", city("Madrid", "ESP"))], []),
    ("Several conferences have been held on the subject.", [], []),
    ("Envoys praised the 4 May 2019 ministerial in Lisbon for its clarity.",
     [("date", "4 May 2019", day("2019-05-04")), ("place", "Lisbon", city("Lisbon", "PRT"))],
     [("2019-05-04", "Lisbon", "PRT", "ministerial_plenary")]),
    ("The autumn session in Tunis, hosted by Tunisia, drew forty delegations.",
     [("place", "Tunis", city("Tunis", "TUN")), ("state", "Tunisia", {"iso3": "TUN"})],
     [(None, "Tunis", "TUN", "other")]),
    ("Police chiefs will hold a workshop on border checks in Sofia in June 2018.",
     [("place", "Sofia", city("Sofia", "BGR")),
      ("date", "June 2018", {"value": "2018-06", "end": None, "precision": "month"})],
     [("2018-06", "Sofia", "BGR", "other")]),
    ("The small group met by videoconference in April 2021.",
     [("date", "April 2021", {"value": "2021-04", "end": None, "precision": "month"})],
     [("2021-04", None, None, "small_group")]),
    ("Envoys first convened as a full group at the embassy in Oslo on 2 May 2015.",
     [("place", "Oslo", city("Oslo", "NOR")), ("date", "2 May 2015", day("2015-05-02"))],
     [("2015-05-02", "Oslo", "NOR", "other")]),
    ("Oman hosted ministers in Muscat on 9 March 2017 to discuss border control.",
     [("state", "Oman", {"iso3": "OMN"}), ("place", "Muscat", city("Muscat", "OMN")),
      ("date", "9 March 2017", day("2017-03-09"))],
     [("2017-03-09", "Muscat", "OMN", "other")]),
    ("Briefing the conference, the envoy said 300 projects were done since 2016.",
     [("date", "2016", {"value": "2016", "end": None, "precision": "year", "edge": "since"})],
     []),
    ("Later plenary meetings were held in Lima on 4 May 2019 and in Quito on 9 June 2020.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04")),
      ("place", "Quito", city("Quito", "ECU")), ("date", "9 June 2020", day("2020-06-09"))],
     [("2019-05-04", "Lima", "PER", "ministerial_plenary"),
      ("2020-06-09", "Quito", "ECU", "ministerial_plenary")]),
    ("Aid rose from 60 projects in 2016 to 90 by the Lima meeting.",
     [("place", "Lima", city("Lima", "PER")),
      ("date", "2016", {"value": "2016", "end": None, "precision": "year"})],
     [(None, "Lima", "PER", "other")]),
    ("The Border Security Working Group held its annual plenary in Lima on 4 May 2019.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04"))],
     [("2019-05-04", "Lima", "PER", "working_group")]),
    ("The Lima Conference for the Recovery of the Andes, held in Peru in May 2019, raised funds.",
     [("state", "Peru", {"iso3": "PER"}),
      ("date", "May 2019", {"value": "2019-05", "end": None, "precision": "month"})],
     [("2019-05", None, "PER", "conference")]),
    ("The spokesman briefed reporters via teleconference from Lima.",
     [("place", "Lima", city("Lima", "PER"))], []),
    ("Peru hosted the Political Directors of the group in Lima on 4 May 2019.",
     [("state", "Peru", {"iso3": "PER"}), ("place", "Lima", city("Lima", "PER")),
      ("date", "4 May 2019", day("2019-05-04"))],
     [("2019-05-04", "Lima", "PER", "other")]),
    ("The next meeting will be held in Quito in May 2020, following its last meeting in Lima "
     "in June 2019.",
     [("place", "Quito", city("Quito", "ECU")),
      ("date", "May 2020", {"value": "2020-05", "end": None, "precision": "month"}),
      ("place", "Lima", city("Lima", "PER")),
      ("date", "June 2019", {"value": "2019-06", "end": None, "precision": "month"})],
     [("2020-05", "Quito", "ECU", "other"), ("2019-06", "Lima", "PER", "other")]),
    ("Some 9,000 fighters are held in camps in Lima.",
     [("place", "Lima", city("Lima", "PER"))], []),
    ("Peru hosted a ministerial meeting of the Small Group in Lima on 4 May 2019.",
     [("state", "Peru", {"iso3": "PER"}), ("place", "Lima", city("Lima", "PER")),
      ("date", "4 May 2019", day("2019-05-04"))],
     [("2019-05-04", "Lima", "PER", "small_group")]),
    ("For the session on ports, the minister joined by video link from Quito.",
     [("place", "Quito", city("Quito", "ECU"))], []),
    ("No in-person plenary took place in 2021.",
     [("date", "2021", {"value": "2021", "end": None, "precision": "year"})], []),
    ("In the end no ministerial session was held in Lima that year.",
     [("place", "Lima", city("Lima", "PER"))], []),
    ("The envoys did not meet in Quito after all.", [("place", "Quito", city("Quito", "ECU"))], []),
    ("Since 2019 the ministers have met twice at plenary level: in Lima on 4 May 2019 and in "
     "Quito on 9 June 2020.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04")),
      ("place", "Quito", city("Quito", "ECU")), ("date", "9 June 2020", day("2020-06-09"))],
     [("2019-05-04", "Lima", "PER", "ministerial_plenary"),
      ("2020-06-09", "Quito", "ECU", "ministerial_plenary")]),
    ("It was the first meeting in Lima since the 4 May 2019 floods.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04"))],
     [(None, "Lima", "PER", "other")]),
    ("The meeting took place a week after the bombings of 4 May in Quito.",
     [("place", "Quito", city("Quito", "ECU")), ("date", "4 May", day("2019-05-04"))], []),
    ("It was the first gathering of envoys since the liberation of Quito, in Ecuador, in May "
     "2019.",
     [("place", "Quito", city("Quito", "ECU")),
      ("date", "May 2019", {"value": "2019-05", "end": None, "precision": "month"})], []),
    ("The Andes Focus Group met in Lima on 4 May 2019.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04"))],
     [("2019-05-04", "Lima", "PER", "working_group")]),
    ("The envoys welcomed Peru, which joined the group in May 2019, to its first meeting.",
     [("date", "May 2019", {"value": "2019-05", "end": None, "precision": "month"})], []),
    ("The envoys met on 4 May 2019 at the Lima conference centre.",
     [("place", "Lima", city("Lima", "PER")), ("date", "4 May 2019", day("2019-05-04"))],
     [("2019-05-04", "Lima", "PER", "other")]),
]


@pytest.mark.parametrize(("text", "specs", "want"), CASES)
def test_meeting_sentences(text: str, specs: list[Spec],
                           want: list[tuple[str | None, str | None, str | None, str]]) -> None:
    got = [(m["start"], m["city"], m["country_iso3"], m["kind"]) for m in meetings(
        make_doc(text, specs))]
    assert got == want


def test_a_city_inside_a_name_places_no_meeting() -> None:
    text = "The meeting was chaired by Ambassador Selim Bursa of Turkey."
    specs: list[Spec] = [("place", "Bursa", city("Bursa", "TUR"))]
    assert [m["city"] for m in meetings(make_doc(text, specs))] == ["Bursa"]
    person = ("person", "Selim Bursa", {"name": "Selim Bursa", "key": "selim-bursa"})
    assert meetings(make_doc(text, [*specs, person])) == []


def test_two_mentions_of_one_meeting_merge() -> None:
    text = ("Ministers met in Lisbon, Portugal. The meeting on 2 April 2016 adopted a plan. "
            "They praised the 2 April 2016 meeting for its candour.")
    doc = make_doc(text, [("place", "Lisbon", city("Lisbon", "PRT")),
                          ("date", "2 April 2016", day("2016-04-02"))])
    got = meetings(doc)
    assert len(got) == 1
    assert (got[0]["city"], got[0]["start"]) == ("Lisbon", "2016-04-02")


def test_a_mention_sharing_nothing_joins_only_a_meeting_spoken_of_just_before() -> None:
    text = ("Envoys met on 2 April 2016 in a hall of the old palace. " + "They talked. " * 40
            + "A later meeting in Lisbon drew more envoys.")
    doc = make_doc(text, [("place", "Lisbon", city("Lisbon", "PRT")),
                          ("date", "2 April 2016", day("2016-04-02"))])
    assert [(m["start"], m["city"]) for m in meetings(doc)] == [("2016-04-02", None),
                                                                (None, "Lisbon")]


def test_met_here_today_takes_the_dateline() -> None:
    text = "Rabat, 9 October 2015\n\nThe small group partners met here today to take stock."
    doc = make_doc(text, [("place", "Rabat", city("Rabat", "MAR")),
                          ("date", "9 October 2015", day("2015-10-09"))])
    got = meetings(doc)
    assert [(m["start"], m["city"], m["kind"]) for m in got] == [
        ("2015-10-09", "Rabat", "small_group")]


@pytest.mark.parametrize(("words", "want"), [
    ("a day after", "2017-11-02"), ("yesterday's", "2017-11-02"), ("Tuesday's", "2017-10-31"),
    ("Friday's", "2017-11-03")])
def test_a_meeting_dated_from_the_dateline(words: str, want: str) -> None:
    """3 November 2017 was a Friday: "Tuesday's meeting" was three days earlier."""
    text = f"OSLO, 3 November 2017 (Wire) - Envoys spoke {words} meeting in Oslo on trade."
    doc = make_doc(text, [("place", "Oslo", city("Oslo", "NOR")),
                          ("date", "3 November 2017", day("2017-11-03"))])
    assert [m["start"] for m in meetings(doc)] == [want]


def test_range_and_venue_state() -> None:
    text = ("Planners praised the workshop conference held at Italian headquarters from "
            "3-5 May 2016.")
    doc = make_doc(text, [("state", "Italian", {"iso3": "ITA"}),
                          ("date", "3-5 May 2016", {"value": "2016-05-03", "end": "2016-05-05",
                                                     "precision": "day"})])
    got = meetings(doc)
    assert [(m["start"], m["end"], m["country_iso3"]) for m in got] == [
        ("2016-05-03", "2016-05-05", "ITA")]


def test_anaphoric_place_is_not_taken() -> None:
    text = ("On 8 March 2016 the ministers held a meeting of envoys, among them those who went to "
            "the one in Tunis.")
    doc = make_doc(text, [("date", "8 March 2016", day("2016-03-08")),
                          ("place", "Tunis", city("Tunis", "TUN"))])
    assert [(m["start"], m["city"]) for m in meetings(doc)] == [("2016-03-08", None)]


def test_meetings_title_and_this_meeting_take_the_documents_date_and_place() -> None:
    text = ("Address by the minister at the conference of the maritime partners\n\n"
            "4 June 2021 - Lisbon, Portugal\n\n"
            "I thank the envoy for chairing this meeting with me, and the prime minister for "
            "the letter he sent us from Athens.\n")
    meta = {"date": "2021-06-04", "city": "Lisbon", "country_iso3": "PRT", "kind": "remarks"}
    doc = make_doc(text, [("date", "4 June 2021", day("2021-06-04")),
                          ("place", "Lisbon", city("Lisbon", "PRT")),
                          ("place", "Athens", city("Athens", "GRC"))])
    start = text.index("4 June")
    doc.facts.append(Fact(doc.sha256, "document_meta", start, start + 30,
                          text[start:start + 30], "test", "0", 1.0, meta))
    found = meetings(doc)
    assert [(m["start"], m["city"]) for m in found] == [("2021-06-04", "Lisbon")]


def test_ascii_lower_lines_up_with_str_lower() -> None:
    from coalition.extract.meetings import ascii_lower

    text = "The MEETING’s “Plenary” — Conférence\xa0in Rome"
    view = ascii_lower(text)
    assert view is not None and len(view) == len(text)
    assert all(v == c.lower() for v, c in zip(view, text, strict=True) if c.isascii())
    assert ascii_lower("\u0130stanbul") is None  # İ lowers to two characters


def test_cue_segments_are_the_segments_holding_a_stem() -> None:
    from coalition.extract.meetings import cue_segments

    text = "They met twice. Nothing here. The meeting met again; at the summit. End."
    segments = segment_text(text)
    found, stems = cue_segments(segments, text.lower(), ("met", "summit", "absent"))
    assert found == [s for s in segments if "met" in s.text or "summit" in s.text]
    assert stems == {"met", "summit"}


def test_a_day_of_the_title_joins_the_range_of_the_body() -> None:
    text = ("CO-CHAIRS' NOTE\n\nMeeting of the Andes Working Group\n\nLima, Peru – 4 May 2019\n\n"
            "1. The Andes Working Group met in Lima on 3–4 May 2019 to review border patrols.\n")
    doc = analyze(SourceDocument("f" * 64, text, "test", "text/plain"))
    found = [(m.attrs["name"], m.attrs["start"], m.attrs["end"], m.attrs["city"])
             for m in doc.facts_of("meeting")]
    assert found == [("Meeting of the Andes Working Group", "2019-05-03", "2019-05-04", "Lima")]


def test_two_events_of_one_clause_stay_apart_though_one_day_lies_in_the_others_range() -> None:
    text = ("Ministers held a plenary meeting in Lima on 13 May 2019, alongside the Andes "
            "Reconstruction Conference (12–14 May 2019).")
    doc = analyze(SourceDocument("f" * 64, text, "test", "text/plain"))
    assert len(doc.facts_of("meeting")) == 2

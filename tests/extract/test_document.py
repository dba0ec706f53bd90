"""Document component: the document's own date, place and kind."""

from __future__ import annotations

from typing import Any

import pytest

from coalition.model import AnalyzedDoc, SourceDocument
from coalition.pipeline import analyze


def _analyze(text: str) -> AnalyzedDoc:
    return analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                  media_type="text/plain"))


def _meta(text: str) -> dict[str, Any]:
    metas = _analyze(text).facts_of("document_meta")
    assert len(metas) == 1
    fact = metas[0]
    assert fact.quote == text[fact.start:fact.end]
    return {k: fact.attrs[k] for k in ("date", "city", "country_iso3", "kind")} | {
        "quote": fact.quote}


STATEMENT = (
    "Joint Statement of the Partners Against Piracy\n\n"
    "Rome, 4 May 2019\n\n"
    "1. Participants welcomed the progress made at sea.\n\n"
    "2. Participants decided to meet again next year.\n"
)
NEWS = (
    "Partners gather in Amman to review maritime patrols\n\n"
    "Wire Desk\n\n"
    "Amman, Mar. 3: The envoy said on Tuesday that the patrols had worked, and he said "
    "more ships would follow.\n"
)
OPENING = (
    "Joint Statement on Maritime Security\n\n"
    "On May 4, the partners of the maritime group met in Doha, Qatar to review patrols. "
    "They agreed on new steps.\n\n"
    "Archived in 2019.\n"
)
WIKI = (
    "The maritime group is a partnership of coastal states formed in 2011.\n\n"
    "== History ==\n\nThe group first met on 5 June 2011 in Rome.\n\n"
    "== Members ==\n\nTwelve states take part.\n\n== References ==\n"
)
COMMUNIQUE = (
    "Final Communiqué of the Conference on Maritime Security\n\n"
    "Paris, 12 October 2018\n\nThe participants agreed on a shared plan.\n"
)
MET_IN = (
    "1. Forty partners met at the invitation of the Chair in Brussels, Belgium, for the "
    "annual plenary of the maritime group.\n\n2. Participants noted the progress made.\n"
)


@pytest.mark.parametrize(("text", "expected"), [
    (STATEMENT, {"date": "2019-05-04", "city": "Rome", "country_iso3": "ITA",
                 "kind": "joint_statement", "quote": "Rome, 4 May 2019"}),
    (NEWS, {"date": None, "city": "Amman", "country_iso3": "JOR", "kind": "news",
            "quote": "Amman, Mar. 3"}),
    (OPENING, {"date": "2019-05-04", "city": "Doha", "country_iso3": "QAT",
               "kind": "joint_statement",
               "quote": "On May 4, the partners of the maritime group met in Doha, Qatar to "
                        "review patrols."}),
    (COMMUNIQUE, {"date": "2018-10-12", "city": "Paris", "country_iso3": "FRA",
                  "kind": "communique", "quote": "Paris, 12 October 2018"}),
    (COMMUNIQUE.replace("Paris, 12", "UN Headquarters, Geneva, 12"),
     {"date": "2018-10-12", "city": "Geneva", "country_iso3": "CHE", "kind": "communique",
      "quote": "UN Headquarters, Geneva, 12 October 2018"}),
    (COMMUNIQUE.replace("Paris, 12", "Paris, French Republic, 12"),
     {"date": "2018-10-12", "city": "Paris", "country_iso3": "FRA", "kind": "communique",
      "quote": "Paris, French Republic, 12 October 2018"}),
])
def test_dateline_and_kind(text: str, expected: dict[str, Any]) -> None:
    assert _meta(text) == expected


def test_encyclopedia_has_no_date_or_place() -> None:
    meta = _meta(WIKI)
    assert meta["kind"] == "encyclopedia"
    assert (meta["date"], meta["city"], meta["country_iso3"]) == (None, None, None)


def test_place_from_first_sentence_that_tells_of_a_meeting() -> None:
    meta = _meta(MET_IN)
    assert (meta["date"], meta["city"], meta["country_iso3"], meta["kind"]) == (
        None, "Brussels", "BEL", "joint_statement")


def test_a_first_sentence_opening_with_meeting_gives_the_place() -> None:
    meta = _meta("Fisheries Council\n\nPress release\n\nMeeting in Lisbon today, the Fisheries "
                 "Council added two vessels to the list of those barred from port.\n")
    assert (meta["city"], meta["country_iso3"]) == ("Lisbon", "PRT")


def test_plain_text_is_other() -> None:
    meta = _meta("A short note about the weather in general terms.")
    assert (meta["kind"], meta["date"], meta["city"]) == ("other", None, None)


@pytest.mark.parametrize(("text", "expected"), [
    ("Ministry of Fisheries\nSpeech\n\nThe minister's remarks to the ocean forum\n\n"
     "March 9, 2021 - Ottawa, Ontario\n\nCheck against delivery\n\nThank you all for coming.\n",
     {"date": "2021-03-09", "city": "Ottawa", "country_iso3": "CAN", "kind": "remarks"}),
    ("STATEMENT OF A WITNESS\nBefore the House Committee on Oceans\n\n"
     "100 Harbor Office Building, Washington, D.C.\nMay 2, 2017\n\n"
     "Chairman Smith, Ranking Member Jones, thank you for inviting me today.\n",
     {"date": "2017-05-02", "city": "Washington", "country_iso3": "USA", "kind": "testimony"}),
    ("Official Committee Hansard\n\nSENATE\n\nInquiry into coastal patrols\n\n"
     "TUESDAY, 6 JUNE 2017\n\nCANBERRA\n\nCommittee met at 09:00\n\n"
     "CHAIR: I declare open this hearing into coastal patrols.\n",
     {"date": "2017-06-06", "city": "Canberra", "country_iso3": "AUS", "kind": "testimony"}),
    ("JOINT STATEMENT OF THE CO-CHAIRS OF THE OCEANS WORKING GROUP\n\nLima, 3 June 2018\n\n"
     "1. The Oceans Working Group held its fourth meeting in Lima on 2 and 3 June 2018.\n",
     {"date": "2018-06-03", "city": "Lima", "country_iso3": "PER", "kind": "joint_statement"}),
    ("MEDIA RELEASE\n\nMinister for Fisheries\n\nPatrols extended for a year\n\n14 May 2020\n\n"
     "OTTAWA, Canada – The minister today extended the patrols off the coast by a year.\n",
     {"date": "2020-05-14", "city": "Ottawa", "country_iso3": "CAN", "kind": "press_release"}),
    ("Joint Communiqué of the Fisheries Ministers\n\nRome, 4 May 2019\n\n"
     "1. Ministers welcomed the progress made at sea.\n\n2. Ministers decided to meet again.\n\n"
     "3. Ministers agreed to share catch data.\n\n4. Ministers noted the new patrols.\n",
     {"date": "2019-05-04", "city": "Rome", "country_iso3": "ITA", "kind": "communique"}),
    ("Fisheries news\n\n04/03/2020 18:42\n\nKUWAIT, Mar 4 (KUNA) -- The fisheries group met "
     "in Kuwait today to review patrols.\n",
     {"date": "2020-03-04", "city": "Kuwait City", "country_iso3": "KWT", "kind": "news"}),
    ("Council of Fisheries\nPRESS RELEASE\n23/05/2016\n\nFish stocks: Council backs new patrols "
     "in the northern seas\n\nThe Fisheries Council, meeting in Lisbon on 23 May 2016, "
     "agreed new patrols.\n",
     {"date": "2016-05-23", "city": "Lisbon", "country_iso3": "PRT", "kind": "press_release"}),
    ("Readout of the Fisheries Group Meeting\n\nOFFICE OF THE SPOKESPERSON\n\nMay 2, 2022\n\n"
     "The group met in Oslo on May 1 and agreed new patrols.\n",
     {"date": "2022-05-02", "kind": "press_release"}),
    ("FISHERIES WORKING GROUP\n\nCHAIR'S SUMMARY\n\nOslo, 15 November 2017\n\n"
     "1. Members agreed to share data.\n\n2. Members decided to meet again.\n\n"
     "3. Members welcomed new patrols.\n\n4. Members noted the catch figures.\n",
     {"date": "2017-11-15", "city": "Oslo", "kind": "communique"}),
    ("Press Briefing by Colonel Dale Rook via Teleconference\n\nAug. 31, 2017\n\n"
     "COLONEL ROOK: Good morning. The patrols went well this week.\n",
     {"date": "2017-08-31", "kind": "remarks"}),
    ("STYRIAN EVENING POST\n\nFishers return to the lake\n\nBy Anna Pölzl\n\n"
     "GRAZ, 15 November 2019 — The fishers came back to the lake this week, officials said.\n",
     {"date": "2019-11-15", "city": "Graz", "country_iso3": "AUT", "kind": "news"}),
    ("Fisheries Research Service\n\nThe Lake Patrols: Background\n\nUpdated September 14, 2023\n\n"
     "The patrols began in 2014 and grew over the years.\n",
     {"date": "2023-09-14"}),
    ("COMMONWEALTH OF AUSTRALIA\nProof Committee Hansard\nSENATE\nFISHERIES COMMITTEE\n"
     "WEDNESDAY, 19 OCTOBER 2016\nCANBERRA\n\nCHAIR: We will resume with the patrols.\n",
     {"date": "2016-10-19", "city": "Canberra", "country_iso3": "AUS", "kind": "testimony"}),
    ("Opening Remarks by H.E. the Minister of Fisheries of the Kingdom of Bahrain, at the Manama "
     "Meeting of the Fisheries Partners on Countering Illegal Catch and Protecting Reefs\n\n"
     "Manama, 6 October 2016\n\nExcellencies, ladies and gentlemen, welcome to Manama.\n",
     {"date": "2016-10-06", "city": "Manama", "kind": "remarks"}),
    ("The Lakeside Courier\nSaturday 3 August 2019\n\nNets again: the fishers are back\n\n"
     "By Jonas Berg\n\nGRAZ - Fishers returned to the lake this week, officials said.\n",
     {"date": "2019-08-03", "city": "Graz", "country_iso3": "AUT"}),
    ("ASSEMBLY OF THE REPUBLIC\nVerbatim record - Tuesday, May 4, 2021\n\nFISHERIES\n\n"
     "The minister: The patrols will continue.\n", {"date": "2021-05-04"}),
    ("Fisheries ministers met in Vienna on 4 May 2021 and agreed new patrols.\n\n"
     "Patrols resumed on 9 May 2021.\n", {"date": "2021-05-04", "city": "Vienna"}),
    ("Fisheries Committee\nOral evidence: the lake patrols\nOral evidence taken before the "
     "Fisheries Committee at the Old Boathouse, Vienna, on Tuesday 4 May 2021\n\n"
     "Q1 Chair: Minister, welcome. Where do the patrols stand?\n",
     {"date": "2021-05-04", "city": "Vienna", "country_iso3": "AUT", "kind": "testimony"}),
    ("Government of Canada\n\nNews release\n\nPatrols extended on the lakes\n\n"
     "March 24, 2022 - Ottawa, Ontario - Fisheries and Oceans Canada\n\n"
     "Today the minister extended the lake patrols by three years.\n",
     {"date": "2022-03-24", "city": "Ottawa", "country_iso3": "CAN", "kind": "press_release"}),
    ("Remarks by the Fisheries Minister at a Joint Press Availability\n\n"
     "Old Harbour Pavilion, Lisbon\nThursday, 6 May 2021\n\n"
     "MINISTER COSTA: Good afternoon, and welcome to Lisbon.\n",
     {"date": "2021-05-06", "city": "Lisbon", "country_iso3": "PRT", "kind": "remarks"}),
])
def test_document_datelines_after_the_date_or_above_it(text: str,
                                                        expected: dict[str, Any]) -> None:
    meta = _meta(text)
    assert {k: meta[k] for k in expected} == expected


LEAD_TEXTS = [
    "He said it. Chairman Smith, Ranking Member Jones. We, the Ministers, met.\n== Notes ==\n",
    "unsaid; saidsaid said. told reporters told journalists according to\n==x==\n=== See also ===",
    "Chairman Smith and Ranking Member\nWe, the members\n====\n== References ==  \n",
    "", "said", "==", "Chairman X, Ranking Members",
]


@pytest.mark.parametrize("text", LEAD_TEXTS)
def test_kind_cue_lead_literals_find_what_the_regex_finds(text: str) -> None:
    """A cue's "lead" literals only skip places where its regex cannot match."""
    from coalition.extract.document import kind_cues

    led = [cue for cue in kind_cues() if cue.lead]
    assert led
    for cue in led:
        for start, end in ((0, len(text)), (min(3, len(text)), max(0, len(text) - 2))):
            if start > end:
                continue
            expected = [m.span() for m in cue.regex.finditer(text, start, end)]
            assert [m.span() for m in cue.finditer(text, start, end)] == expected


LINE_TEXTS = [
    "Participants agreed\nMembers noted\n\n  Ministers decided x\nThe Coalition Partners met",
    "1. Members welcomed it\n\nBy John Smith\nNews Desk\nOpening Remarks by X\n",
    "\nMembers noted", "Members noted", "x\n", "", "[1] [citation needed] [[2]] [12a]",
]


@pytest.mark.parametrize("text", LINE_TEXTS)
def test_kind_cues_at_line_starts_and_stems_find_what_the_regex_finds(text: str) -> None:
    """"line_start" cues are only tried at line starts, and "stems" only skip areas where the
    regex cannot match."""
    from coalition.extract.document import kind_cues

    assert any(cue.line_regex is not None for cue in kind_cues())
    for cue in kind_cues():
        for start, end in ((0, len(text)), (min(1, len(text)), len(text))):
            expected = [m.span() for m in cue.regex.finditer(text, start, end)]
            assert [m.span() for m in cue.finditer(text, start, end)] == expected
            if expected and cue.stems:
                assert any(stem in text[start:end].lower() for stem in cue.stems)


def test_a_dateline_in_capitals_without_a_date_gives_the_place() -> None:
    meta = _meta("THE HARBOUR GAZETTE\nFeatures | Sunday, 4 July 2021\n\nFishing fleets return"
                 "\n\nBy A. Writer\n\nLIMA, Peru - The boats came back at dawn, and the quay "
                 "filled again.\n")
    assert (meta["date"], meta["city"], meta["country_iso3"]) == ("2021-07-04", "Lima", "PER")


@pytest.mark.parametrize(("title", "kind"), [
    ("CO-CHAIRS' STATEMENT", "joint_statement"),
    ("Statement of the Co-Chairs of the Fisheries Working Group", "joint_statement"),
    ("Chair's Statement", "communique"),
    ("Co-Chairs' Summary", "communique"),
])
def test_a_statement_of_co_chairs_is_joint_and_a_chairs_is_a_communique(title: str,
                                                                         kind: str) -> None:
    text = (f"{title}\n\nMeeting of the Fisheries Working Group\n\nLima, Peru – 4 May 2021\n\n"
            "1. The Fisheries Working Group met in Lima on 3 and 4 May 2021.\n\n"
            "2. Members agreed to share catch data.\n")
    assert _meta(text)["kind"] == kind

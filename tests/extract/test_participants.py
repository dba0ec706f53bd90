"""The participants component on sentences of our own, with hand-made upstream facts."""

from __future__ import annotations

from typing import Any

import pytest

from coalition.extract.meetings import extract_meetings
from coalition.extract.participants import extract_participants
from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.pipeline import analyze
from coalition.segment.sentences import segment_text

Spec = tuple[str, str, dict[str, Any]]


def make_doc(text: str, specs: list[Spec]) -> AnalyzedDoc:
    """Facts on every occurrence of each phrase; then the meetings component runs."""
    doc = AnalyzedDoc(sha256="e" * 64, text=text, segments=segment_text(text))
    for kind, words, attrs in specs:
        start = text.find(words)
        while start >= 0:
            end = start + len(words)
            doc.facts.append(Fact(doc.sha256, kind, start, end, words, "test", "0", 1.0, attrs))
            start = text.find(words, end)
    doc.facts.extend(extract_meetings(doc))
    return doc


def state(iso3: str) -> dict[str, Any]:
    return {"iso3": iso3}


def pairs(doc: AnalyzedDoc) -> set[tuple[str, str]]:
    found = extract_participants(doc)
    for fact in found:
        assert doc.text[fact.start:fact.end] == fact.quote
        assert fact.attrs["meeting_key"] is None or fact.attrs["meeting"]
    return {(f.attrs["member"], f.attrs["role"]) for f in found}


PLACE = ("place", "Vienna", {"city": "Vienna", "country_iso3": "AUT"})
CASES: list[tuple[str, list[Spec], set[tuple[str, str]]]] = [
    ("Envoys met in Vienna at the invitation of the Spanish foreign minister.",
     [PLACE, ("state", "Spanish", state("ESP"))], {("ESP", "hosted")}),
    ("On the first day, Chile and Peru hosted a meeting in Vienna on maritime security.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "hosted"), ("PER", "hosted")}),
    ("Ghana, which was not invited, and Mali did not attend the meeting in Vienna.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Mali", state("MLI"))],
     {("GHA", "absent"), ("MLI", "absent")}),
    ("In Vienna the partners welcomed the addition of the African Union to the group.",
     [PLACE, ("organization", "African Union", {"key": "AU"})], {("AU", "joined")}),
    ("Chile declined to sign the final text agreed in Vienna.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "declined")}),
    ("Kenya hosts many refugees from Somalia, a ministers' meeting in Vienna was told.",
     [PLACE, ("state", "Kenya", state("KEN")), ("state", "Somalia", state("SOM"))], set()),
    ("Thirty states took part in the Vienna meeting, among them Chile, Peru and the Republic "
     "of Ghana.", [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
                   ("state", "Republic of Ghana", state("GHA"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("Delegations from Mali and Chad were invited to Vienna but could not attend.",
     [PLACE, ("state", "Mali", state("MLI")), ("state", "Chad", state("TCD"))],
     {("MLI", "absent"), ("TCD", "absent")}),
    ("Peru was represented by its ambassador at the meeting in Vienna.",
     [PLACE, ("state", "Peru", state("PER"))], {("PER", "attended")}),
    ("Chile and Peru were admitted as members at the meeting in Vienna.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
    ("Co-chaired by Chile and Peru, the meeting in Vienna ran late.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "hosted"), ("PER", "hosted"), ("CHL", "attended"), ("PER", "attended")}),
    ("The meeting in Vienna drew 30 delegations. Besides the co-leads, those represented "
     "included Chile, the Republic of Peru and Ghana. The members welcomed Uruguay, which "
     "formally joined the group that day.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Republic of Peru", state("PER")),
      ("state", "Ghana", state("GHA")), ("state", "Uruguay", state("URY"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended"), ("URY", "joined")}),
    ("Observers noted the participation of the African Union, the European Union and "
     "the United Nations in the meeting in Vienna.",
     [PLACE, ("organization", "African Union", {"key": "AU"}),
      ("organization", "European Union", {"key": "EU"}),
      ("organization", "United Nations", {"key": "UN"})],
     {("AU", "attended"), ("EU", "attended"), ("UN", "attended")}),
    ("Fighting in Mali was unable to stop the meeting in Vienna.",
     [PLACE, ("state", "Mali", state("MLI"))], set()),
    ("Attending were the Chilean envoy Ana Soto, the Peruvian minister and a delegate of "
     "Ghana at the meeting in Vienna.", [PLACE, ("state", "Chilean", state("CHL")),
                                         ("state", "Peruvian", state("PER")),
                                         ("state", "Ghana", state("GHA"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("The meeting in Vienna, which Chile and Peru co-hosted, ended early.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "hosted"), ("PER", "hosted")}),
    ("The meeting in Vienna, under Chilean and Peruvian co-chairmanship, ended early.",
     [PLACE, ("state", "Chilean", state("CHL")), ("state", "Peruvian", state("PER"))],
     {("CHL", "hosted"), ("PER", "hosted")}),
    ("Ministers meeting in Vienna welcomed Chile and Peru as new members.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
    ("The meeting in Vienna ran two days, with delegations from 30 states and observers from "
     "the African Union.", [PLACE, ("organization", "African Union", {"key": "AU"})],
     {("AU", "attended")}),
    ("At the meeting in Vienna, where Chile and Peru joined, Mali spoke.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Mali", state("MLI"))], {("CHL", "joined"), ("PER", "joined")}),
    ("At the meeting in Vienna the representative of Chile said the camps must close, "
     "Peru's delegate warned of new cells, and Ghana took the floor.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Ghana", state("GHA"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("In Vienna I thanked our Chilean partners, who co-chaired with us, and the Peruvian "
     "Trade Minister, who joined us in person.",
     [PLACE, ("state", "Chilean", state("CHL")), ("state", "Peruvian", state("PER"))],
     {("CHL", "hosted"), ("PER", "attended")}),
    ("Chile and the Republic of Peru signed the Vienna Declaration on 2 May 2021, which "
     "Uruguay refused to sign.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Republic of Peru", state("PER")),
      ("state", "Uruguay", state("URY"))],
     {("CHL", "signed"), ("CHL", "attended"), ("PER", "signed"), ("PER", "attended"),
      ("URY", "declined")}),
    ("Peruvian Minister Rosa Quispe co-chaired the conference in Vienna on 2 May 2021.",
     [PLACE, ("state", "Peruvian", state("PER"))], {("PER", "hosted")}),
    ("Neither Chile nor Peru was invited to the meeting in Vienna.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "absent"), ("PER", "absent")}),
    ("Chile did not send a delegation to the meeting in Vienna.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "absent")}),
    ("The African Union and the United Nations Monitoring Team, set up under resolution 1526 "
     "(2004), took part as observers in the meeting in Vienna.",
     [PLACE, ("organization", "African Union", {"key": "AU"}),
      ("organization", "United Nations", {"key": "UN"})],
     {("AU", "attended"), ("UN", "attended")}),
    ("At the meeting in Vienna the members welcomed the Republic of Chile, the Togolese "
     "Republic and the Republic of Peru as the newest members of the group.",
     [PLACE, ("state", "Republic of Chile", state("CHL")),
      ("state", "Togolese Republic", state("TGO")), ("state", "Republic of Peru", state("PER"))],
     {("CHL", "joined"), ("TGO", "joined"), ("PER", "joined")}),
    ("In Vienna they greeted Chile, which joined the Coalition last week, and Peru, which "
     "joined the talks late.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "attended")}),
    ("Delegates thanked their Austrian hosts for the meeting in Vienna.",
     [PLACE, ("state", "Austrian", state("AUT"))], {("AUT", "hosted")}),
    ("Chile took part in the fighting near Vienna.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("Envoys met in Vienna for a day of talks hosted by the Peruvian foreign ministry.",
     [PLACE, ("state", "Peruvian", state("PER"))], {("PER", "hosted")}),
    ("Envoys met in Vienna. The African Union and the European Union were present, as was Chile.",
     [PLACE, ("organization", "African Union", {"key": "AU"}),
      ("organization", "European Union", {"key": "EU"}), ("state", "Chile", state("CHL"))],
     {("AU", "attended"), ("EU", "attended")}),
    ("Envoys met in Vienna; around the table sat Chile, Peru and the Republic of Ghana.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Republic of Ghana", state("GHA"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("3 May 2019 – Chile and Peru co-host the donors' conference in Vienna, joined by Ghana "
     "and the African Union. Uruguay is welcomed as a new member.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Ghana", state("GHA")), ("organization", "African Union", {"key": "AU"}),
      ("state", "Uruguay", state("URY"))],
     {("CHL", "hosted"), ("PER", "hosted"), ("GHA", "attended"), ("AU", "attended"),
      ("URY", "joined")}),
    ("At the close of the meeting in Vienna, 12 States signed the Vienna Declaration on "
     "Fisheries, among them Chile, Peru and Ghana. Uruguay, which took part, did not "
     "associate itself with the Declaration. Bolivia was neither invited nor represented.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Ghana", state("GHA")), ("state", "Uruguay", state("URY")),
      ("state", "Bolivia", state("BOL"))],
     {("CHL", "signed"), ("CHL", "attended"), ("PER", "signed"), ("PER", "attended"),
      ("GHA", "signed"), ("GHA", "attended"), ("URY", "attended"), ("URY", "declined"),
      ("BOL", "absent")}),
    ("At the meeting in Vienna the minister welcomed the presence of his Chilean and Peruvian "
     "counterparts. Ghana's envoy joined by video link.",
     [PLACE, ("state", "Chilean", state("CHL")), ("state", "Peruvian", state("PER")),
      ("state", "Ghana", state("GHA"))],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("The meeting in Vienna was attended by 40 delegations, and members agreed to aid ports "
     "in Chile and Peru.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))], set()),
    ("Ministers met in Vienna on 2 May 2021. The Chilean minister took part but decided not "
     "to associate Chile with the statement.\n\nSignatories:\n"
     "Ana Ruiz, Minister of Foreign Affairs, Republic of Peru\n"
     "Kofi Mensah, Minister for Foreign Affairs, Republic of Ghana\n",
     [PLACE, ("state", "Chilean", state("CHL")), ("state", "Chile", state("CHL")),
      ("state", "Republic of Peru", state("PER")), ("state", "Republic of Ghana", state("GHA"))],
     {("CHL", "attended"), ("CHL", "declined"), ("PER", "attended"), ("PER", "signed"),
      ("GHA", "attended"), ("GHA", "signed")}),
    ("Welcome to the meeting in Vienna. I greet my friend Ana Ruiz, Minister of the Republic "
     "of Peru, whose presence honours us. I also welcome the ministers and heads of delegation "
     "of Chile, Ghana and the African Union.",
     [PLACE, ("state", "Republic of Peru", state("PER")), ("state", "Chile", state("CHL")),
      ("state", "Ghana", state("GHA")), ("organization", "African Union", {"key": "AU"})],
     {("PER", "attended"), ("CHL", "attended"), ("GHA", "attended"), ("AU", "attended")}),
    ("Chile, which will host the conference in Vienna next year, sent aid.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("Peruvian advisers were present in Vienna in 2016.",
     [PLACE, ("state", "Peruvian", state("PER"))], set()),
    ("The Vienna meeting was a large one: some 40 states were represented, among them Chile, "
     "the Republic of Ghana and Peru.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Republic of Ghana", state("GHA")),
      ("state", "Peru", state("PER"))],
     {("CHL", "attended"), ("GHA", "attended"), ("PER", "attended")}),
    ("In Vienna, ministers and senior officials from Chile, Peru and the Republic of Ghana "
     "took their seats, alongside representatives of the African Union.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Republic of Ghana", state("GHA")),
      ("organization", "African Union", {"key": "AU"})],
     {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended"), ("AU", "attended")}),
    ("Ministers from Chile and Peru later signed a trade deal in Vienna.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))], set()),
    ("The meeting in Vienna brought delegations from 30 states and agencies, among them "
     "Chile and the African Union.",
     [PLACE, ("state", "Chile", state("CHL")), ("organization", "African Union", {"key": "AU"})],
     {("CHL", "attended"), ("AU", "attended")}),
    ("At the Vienna conference, the Chilean envoy told delegates that mines still block roads.",
     [PLACE, ("state", "Chilean", state("CHL"))], {("CHL", "attended")}),
    ("The Peruvian and Ghanaian delegations in Vienna made no new pledges.",
     [PLACE, ("state", "Peruvian", state("PER")), ("state", "Ghanaian", state("GHA"))],
     {("PER", "attended"), ("GHA", "attended")}),
    ("Chile told reporters in Vienna that the talks had stalled.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("Peru will host the ministerial meeting in Vienna on 3 May 2019.",
     [PLACE, ("state", "Peru", state("PER"))], {("PER", "hosted")}),
    ("NATO and the African Union will also be represented at the meeting in Vienna.",
     [PLACE, ("organization", "NATO", {"key": "NATO"}),
      ("organization", "African Union", {"key": "AU"})],
     {("NATO", "attended"), ("AU", "attended")}),
    ("Chile will not be represented at the meeting in Vienna.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "absent")}),
    ("Ghana and Peru have accepted the invitation of the hosts to attend the talks in Vienna.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Peru", state("PER"))],
     {("GHA", "attended"), ("PER", "attended")}),
    ("In Vienna ministers will welcome the Republic of Chile as the coalition's ninetieth member.",
     [PLACE, ("state", "Republic of Chile", state("CHL"))], {("CHL", "joined")}),
    ("When envoys met in Vienna, under Spanish co-chairmanship, Ghana and Chile were welcomed, "
     "bringing membership to 90.",
     [PLACE, ("state", "Spanish", state("ESP")), ("state", "Ghana", state("GHA")),
      ("state", "Chile", state("CHL"))], {("ESP", "hosted"), ("GHA", "joined"), ("CHL", "joined")}),
    ("Peru will keep working with its Andean partners and will host a workshop in Vienna.",
     [PLACE, ("state", "Peru", state("PER")), ("organization", "Andean", {"key": "CAN"})],
     {("PER", "hosted")}),
    ("Three countries joined the group in Vienna that spring: Chile, Peru and Ghana.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
      ("state", "Ghana", state("GHA"))], {("CHL", "joined"), ("PER", "joined"), ("GHA", "joined")}),
    ("Meeting in Vienna, the envoys welcomed Chile and the Republic of Peru; the group grew.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Republic of Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
    ("Meeting in Vienna, the envoys welcomed the Government of Chile's new border plan.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("Meeting in Vienna, the envoys welcomed Chilean efforts and Peru's offer of trainers.",
     [PLACE, ("state", "Chilean", state("CHL")), ("state", "Peru", state("PER"))], set()),
    ("Next week Chile will host in Vienna the annual meeting of the group.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "hosted")}),
    ("Peru will be represented by its ambassador at the meeting in Vienna.",
     [PLACE, ("state", "Peru", state("PER"))], {("PER", "attended")}),
    ("Ghana declined the invitation to the Vienna meeting; Mali has not been invited.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Mali", state("MLI"))],
     {("GHA", "declined"), ("MLI", "absent")}),
    ("At the Vienna meeting the group admitted Chile and Peru, bringing its members to 40.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
    ("In Vienna Ghana and Mali were admitted, raising membership to 42.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Mali", state("MLI"))],
     {("GHA", "joined"), ("MLI", "joined")}),
    ("At the Vienna meeting Chile and Peru brought the total to 44.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
    ("In Vienna the African Union became the first regional body to join.",
     [PLACE, ("organization", "African Union", {"key": "AU"})], {("AU", "joined")}),
    ("Chile's foreign minister, Ana Soto, will attend the meeting in Vienna in person.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "attended")}),
    ("Peru will attend to the needs of the refugees, the envoys in Vienna were told.",
     [PLACE, ("state", "Peru", state("PER"))], set()),
    ("The judge in Vienna admitted Chile's evidence and adjourned until noon.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("Ghana sent no minister to the Vienna talks, and Mali attended.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Mali", state("MLI"))],
     {("MLI", "attended")}),
    ("Ghana, Peru, and Mali attended the Vienna talks.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Peru", state("PER")),
      ("state", "Mali", state("MLI"))],
     {("GHA", "attended"), ("PER", "attended"), ("MLI", "attended")}),
    ("Most donors came to Vienna, and even Chile sent a small delegation.",
     [PLACE, ("state", "Chile", state("CHL"))], {("CHL", "attended")}),
    ("Before the Vienna meeting Chile sent a delegation to Lima to buy grain.",
     [PLACE, ("state", "Chile", state("CHL"))], set()),
    ("The Vienna meeting of 2 May 2019 was hosted jointly by Chile and Peru.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "hosted"), ("PER", "hosted")}),
    ("The Vienna talks drew 30 states. Among them were delegations from Chile and Peru.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "attended"), ("PER", "attended")}),
    ("The Vienna talks opened. Delegations from Chile and Peru set out their plans.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "attended"), ("PER", "attended")}),
    ("The Vienna talks opened. Delegations from Chile and Peru were invited but stayed away "
     "and did not come.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "absent"), ("PER", "absent")}),
    ("Ghana was unable to send a delegation to the Vienna talks.",
     [PLACE, ("state", "Ghana", state("GHA"))], {("GHA", "absent")}),
    ("Austria was proud to host today's meeting here in Vienna.",
     [PLACE, ("state", "Austria", state("AUT"))], {("AUT", "hosted")}),
    ("In Vienna Ghana and Mali joined our discussion on the Sahel as guests.",
     [PLACE, ("state", "Ghana", state("GHA")), ("state", "Mali", state("MLI"))],
     {("GHA", "attended"), ("MLI", "attended")}),
    ("Peru, invited to send an observer to the Vienna talks, declined to attend.",
     [PLACE, ("state", "Peru", state("PER"))], {("PER", "declined")}),
    ("Peru could not attend the Vienna talks.",
     [PLACE, ("state", "Peru", state("PER"))], {("PER", "absent")}),
    ("On the margins of the Vienna summit, Austria convened a core group of three countries: "
     "Chile, Peru and Ghana.",
     [PLACE, ("state", "Austria", state("AUT")), ("state", "Chile", state("CHL")),
      ("state", "Peru", state("PER")), ("state", "Ghana", state("GHA"))],
     {("AUT", "hosted"), ("CHL", "attended"), ("PER", "attended"), ("GHA", "attended")}),
    ("The pact grew out of the Vienna summit, where the ministers of two countries (Chile and "
     "Peru) agreed to form a group.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "attended"), ("PER", "attended")}),
    ("Officials of two countries (Chile and Peru) have sent troops to Vienna.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))], set()),
    ("At the Vienna meeting we heard that Chile and Peru became members in 2015.",
     [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))],
     {("CHL", "joined"), ("PER", "joined")}),
]


@pytest.mark.parametrize(("text", "specs", "want"), CASES)
def test_participant_sentences(text: str, specs: list[Spec], want: set[tuple[str, str]]) -> None:
    assert pairs(make_doc(text, specs)) == want


def test_all_signed_but_one() -> None:
    text = ("The foreign ministers of Chile, Peru and Ghana met with the Spanish minister in "
            "Vienna. All the ministers, except Ghana, signed a joint declaration.")
    doc = make_doc(text, [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
                          ("state", "Ghana", state("GHA")), ("state", "Spanish", state("ESP"))])
    assert pairs(doc) == {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended"),
                          ("ESP", "attended"), ("CHL", "signed"), ("PER", "signed"),
                          ("GHA", "declined")}


def test_list_after_header() -> None:
    text = ("Ministers met in Vienna on security.\n\nList of participants:\n\n"
            "Republic of Chile Peru Ghana European Union\n\nThe chair thanked the staff warmly.")
    doc = make_doc(text, [PLACE, ("state", "Republic of Chile", state("CHL")),
                          ("state", "Peru", state("PER")), ("state", "Ghana", state("GHA")),
                          ("organization", "European Union", {"key": "EU"})])
    assert pairs(doc) == {("CHL", "attended"), ("PER", "attended"), ("GHA", "attended"),
                          ("EU", "attended")}


def test_participants_later_sentence_speaks_of_the_documents_own_meeting() -> None:
    text = ("Ministers met in Vienna for the annual plenary. They praised the conference held "
            "in Oslo in May 2019. Ministers welcomed the attendance by the Chilean minister.")
    doc = make_doc(text, [PLACE, ("place", "Oslo", {"city": "Oslo", "country_iso3": "NOR"}),
                          ("date", "May 2019", {"value": "2019-05", "end": None,
                                                "precision": "month", "year_inferred": False}),
                          ("state", "Chilean", state("CHL"))])
    found = extract_participants(doc)
    assert [(f.attrs["member"], f.attrs["role"]) for f in found] == [("CHL", "attended")]
    meeting = next(m for m in doc.facts_of("meeting") if m.attrs["key"] == found[0].attrs[
        "meeting_key"])
    assert meeting.attrs["city"] == "Vienna"


def test_the_donors_of_a_pledge_list_attended() -> None:
    text = ("Donors met in Vienna on the second day.\n\nParticipants made the following "
            "announcements:\n- Chile pledged EUR 4 million for clinics.\n- Peru will fund two "
            "schools, with help from Mali.\n\nThe meeting closed at noon.")
    specs: list[Spec] = [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
                         ("state", "Mali", state("MLI"))]
    assert pairs(make_doc(text, specs)) == {("CHL", "attended"), ("PER", "attended")}


def test_the_donors_labelled_in_a_pledge_list_attended() -> None:
    text = ("Donors met in Vienna on the second day.\n\nThe following pledges were announced at "
            "the meeting:\n- Chile: EUR 4 million for clinics;\n- Peru: two schools, with help "
            "from Mali.\n\nThe meeting closed at noon.")
    specs: list[Spec] = [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER")),
                         ("state", "Mali", state("MLI"))]
    assert pairs(make_doc(text, specs)) == {("CHL", "attended"), ("PER", "attended")}


@pytest.mark.parametrize(("text", "want"), [
    ("At the close of the Vienna meeting, Chile and Peru signed a memorandum on patrols.",
     {("CHL", "signed"), ("PER", "signed"), ("CHL", "attended"), ("PER", "attended")}),
    ("Chile signed an agreement with Peru on patrols, the Vienna paper reported.", set()),
])
def test_signing_an_agreement_at_a_meeting(text: str, want: set[tuple[str, str]]) -> None:
    specs: list[Spec] = [PLACE, ("state", "Chile", state("CHL")), ("state", "Peru", state("PER"))]
    assert pairs(make_doc(text, specs)) == want


def test_speakers_named_in_the_title_of_remarks_attended() -> None:
    text = ("Press Availability: Foreign Minister Ana Ruiz of Peru and Foreign Minister Kofi "
            "Mensah of Ghana, from Lima, Peru\n\nRemarks to the Press\n\nLima, 3 May 2021\n\n"
            "MINISTER RUIZ: Thank you. We met in Lima today to review the patrols.\n")
    doc = analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                 media_type="text/plain"))
    found = {(f.attrs["member"], f.attrs["role"]) for f in doc.facts_of("participation")}
    assert {("PER", "attended"), ("GHA", "attended")} <= found


def test_one_pass_finds_every_trigger_stem_like_str_find() -> None:
    """The anchored regex finds each occurrence of each trigger stem, overlapping ones too."""
    from coalition.extract.participants import _trigger_hits, grammar

    stems = {stem for group in grammar().anchored.values() for stem, _ in group}
    text = (" ".join(sorted(stems)) + " co-hosted the meeting, didn't sign; wasn’t present. "
            "the presidents met hosts who co-chaired, attended by ministers and officials")
    text = text + " " + text[::-1] + " " + "".join(sorted(stems))  # stems run together
    expected = sorted((i, stem) for stem in stems
                      for i in range(len(text)) if text.startswith(stem, i))
    assert _trigger_hits(text) == expected


def test_cue_regex_on_lower_case_text_finds_the_same_spans() -> None:
    """A cue's ``low_rx`` on the lower-cased text finds what its re.I regex finds."""
    from coalition.extract.participants import grammar

    text = ("Foreign Ministers From Iraq, Jordan And The UAE Took Part, Together With "
            "DELEGATIONS OF Egypt; Kuwait HOSTED The Meeting Which Saudi Arabia CO-CHAIRED. "
            "The U.S. Did Not Sign The Communiqué, And France Was Not Represented. Delegates "
            "From Qatar Said That Oman WELCOMED The Presence Of Observers From Japan.")
    for cue in grammar().cues:
        if cue.low_rx is not None:
            assert ([m.span() for m in cue.low_rx.finditer(text.lower())]
                    == [m.span() for m in cue.rx.finditer(text)]), cue.rx.pattern


LONG_LIST = ("Albania Australia Austria Bahrain Belgium Benin Cameroon Canada Chad Croatia Cyprus "
             "Denmark Djibouti Egypt Estonia Finland France Georgia Germany Ghana Greece Hungary "
             "Iceland Iraq Ireland Italy Japan Jordan Kenya Kuwait Lebanon Libya Luxembourg "
             "Malaysia Mauritania Moldova Morocco Netherlands Nigeria Norway Oman Poland Portugal "
             "Qatar Senegal Singapore Somalia Spain Sweden Togo Tunisia Ukraine").split()


def test_a_list_longer_than_forty_lines_is_read_to_its_end() -> None:
    items = "\n".join(f"• {name}" for name in LONG_LIST)
    text = (f"Ministers of the Coalition met in Lima on 4 May 2025.\n\nPARTICIPANTS\n\n{items}\n\n"
            "Observers: United Nations; African Union\n")
    doc = analyze(SourceDocument("f" * 64, text, "test", "text/plain"))
    attended = {str(f.attrs["member"]) for f in doc.facts_of("participation")
                if f.attrs["role"] == "attended"}
    assert len(LONG_LIST) == 52
    assert {"ALB", "LUX", "TUN", "UKR", "UN", "AU"} <= attended
    assert len(attended) == 52 + 2


def test_members_listed_by_year_of_joining_joined() -> None:
    text = ("The Andes Pact\n\nThe pact was founded in Lima in 2010.\n\n"
            "== Members by year of joining ==\n\nThe list gives the year each member was "
            "welcomed.\n\n2010: Peru, Chile\n2012: Ecuador\n2014: Bolivia, Colombia\n\n"
            "== History ==\n\nIn 2015 Venezuela applied but never joined.\n")
    doc = analyze(SourceDocument("f" * 64, text, "test", "text/plain"))
    joined = {str(f.attrs["member"]) for f in doc.facts_of("participation")
              if f.attrs["role"] == "joined"}
    assert joined == {"PER", "CHL", "ECU", "BOL", "COL"}

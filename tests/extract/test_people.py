"""People component on sentences of our own: names, roles and one key per person."""

from __future__ import annotations

import pytest

from coalition.model import Fact, SourceDocument
from coalition.pipeline import analyze


def people(text: str) -> list[Fact]:
    doc = analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                 media_type="text/plain"))
    found = [f for f in doc.facts if f.kind == "person"]
    for f in found:
        assert f.quote == text[f.start:f.end]
    return found


def names(text: str) -> set[str]:
    return {str(f.attrs["name"]) for f in people(text)}


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Talks were led by U.S. Secretary of State Jane Doerr in Oslo.", "Jane Doerr",
     "U.S. Secretary of State"),
    ("The Prime Minister of Norway Erna Lund opened the session.", "Erna Lund",
     "Prime Minister of Norway"),
    ("Egyptian Foreign Minister Sameh Khalil spoke first.", "Sameh Khalil",
     "Egyptian Foreign Minister"),
    ("We heard Ivan Petrov, Special Representative of the Secretary-General for Libya.",
     "Ivan Petrov", "Special Representative of the Secretary-General for Libya"),
    ("A letter came from Senator Ann Rowe (D-NY).", "Ann Rowe", "Senator"),
    ("Omar al-Harbi, a Senior Fellow at the Institute for Policy, testified.", "Omar al-Harbi",
     "Senior Fellow at the Institute for Policy"),
    ("Minister for Foreign Trade and Development Cooperation Anna Vos spoke.", "Anna Vos",
     "Minister for Foreign Trade and Development Cooperation"),
    ("The chair thanked Ranking Member Tom Lind.", "Tom Lind", "Ranking Member"),
    ("Peru's farm minister, Rosa Quispe, arrived late.", "Rosa Quispe", "Peru's farm minister"),
    ("Rosa Quispe, the Peruvian farm minister, arrived late.", "Rosa Quispe",
     "Peruvian farm minister"),
    ("Rosa Quispe, who met the minister, arrived late.", "Rosa Quispe", None),
    ("Minister Plenipotentiary Ana Rossi led the delegation.", "Ana Rossi",
     "Minister Plenipotentiary"),
    # a city as surname, after a title
    ("The talks were chaired by Ambassador Selim Bursa, who spoke first.", "Selim Bursa",
     "Ambassador"),
])
def test_name_and_role(text: str, name: str, role: str | None) -> None:
    found = {str(f.attrs["name"]): f.attrs["role"] for f in people(text)}
    assert found == {name: role}


@pytest.mark.parametrize("text", [
    "The report, Rule of Terror, was read aloud.",
    "The Coalition Force Command in Tampa will help.",
    "The Syrian Arab Coalition advanced on the town.",
    "See the Related Program below.",
    "The Foundation for Defense of Democracies and the Government of Iraq met.",
    "The State Department and the Kurdistan Regional Government agreed in March.",
    "Participants welcomed the Guiding Principles.",
    "Networks in West Africa and Latin America sent funds.",
    "Home | About the Coalition | Media Library | Contact",
    "> Political Directors meet in Washington",
    "Minister for Foreign Trade spoke.",
    "- Near Tal Hamid, two strikes hit a depot; jets also struck near Umm Qasr.",
    "Envoys met at UN Headquarters in New York.",
    "My Rt Hon. Friend the Home Secretary replied in writing.",
    "Deminers cleared roads near Mosul and Tal Afar last year.",
    "The group competes with Jama'at Nusrat al-Islam wal-Muslimin for recruits.",
    "The Fisheries Partnership: Campaign Metrics, 2015-2020",
    "It hosts the Regional Centre for Combating Extremist Ideology in Lima.",
    '"Losing Mosul cost them dearly," a diplomat said.',
    "She was named Coordinator of the Border Patrol Office last year.",  # an article, no name
    "Location: Harbour Briefing Room, Lima, Peru",
    "By Staff, Andean Times\n\nRamos Trading Company was fined.",
    "She is Director for Crisis Prevention at the ministry.",
])
def test_no_false_people(text: str) -> None:
    assert names(text) == set()


def test_short_mentions_share_the_key() -> None:
    text = ("Prime Minister Haider al-Abadi arrived. Later Prime Minister Abadi spoke, and "
            "Mr. Al-Abadi thanked Carl Berg. Mr.Berg replied; Mr. BERG left.")
    found = people(text)
    keys: dict[str, set[str]] = {}
    for f in found:
        keys.setdefault(str(f.attrs["name"]), set()).add(str(f.attrs["key"]))
    assert keys == {"Haider al-Abadi": {"haider-al-abadi"}, "Carl Berg": {"carl-berg"}}
    assert len(found) == 6


def test_title_anchors_a_lone_surname() -> None:
    assert names("General Ward visited the base.") == {"Ward"}


def test_possessive_is_cut() -> None:
    assert names("It was Osama bin Laden's mentor who spoke.") == {"Osama bin Laden"}


def test_shouted_name_after_honorific() -> None:
    assert names("TESTIMONY OF DR. HELEN MARSDEN\nSenior Fellow") == {"Helen Marsden"}
    assert names("MR. KERRY TOLD REPORTERS THAT HE AGREED.") == {"Kerry"}


def test_middle_initial_stays_in_the_name() -> None:
    found = people("General John R. Allen spoke; later Allen left.")
    assert {str(f.attrs["name"]) for f in found} == {"John R. Allen"}
    assert {str(f.attrs["key"]) for f in found} == {"john-r-allen"}


@pytest.mark.parametrize("digit", ["5", "\u0665"])  # an ASCII and an Arabic-Indic five
def test_capital_glued_to_a_digit_opens_no_name(digit: str) -> None:
    glued = analyze(SourceDocument("c" * 64, f"Talks in {digit}John Kerry went on.", "mem",
                                   "text/plain"))
    apart = analyze(SourceDocument("d" * 64, f"Talks in {digit} John Kerry went on.", "mem",
                                   "text/plain"))
    assert [f.attrs["name"] for f in glued.facts_of("person")] == []
    assert [f.attrs["name"] for f in apart.facts_of("person")] == ["John Kerry"]


def test_an_apposed_office_gives_the_state() -> None:
    for text in ("Peru's farm minister, Rosa Quispe, arrived late.",
                 "Rosa Quispe, Peru's farm minister, arrived late."):
        assert [f.attrs["country_iso3"] for f in people(text)] == ["PER"]


def test_speakers_of_a_transcript_named_in_capitals() -> None:
    text = ("CAPTAIN LENA VOSS: Good morning.\n\nCOL. ROOK: Thank you.\n\n"
            "DEPUTY SECRETARY BLAKE: Hello.\n\nQUESTION: Why?\n\nTHE MODERATOR: Next.\n")
    found = {str(f.attrs["name"]): f.attrs["role"] for f in people(text)}
    assert found == {"Lena Voss": "Captain", "Rook": "Col.", "Blake": "Deputy Secretary"}


def test_speaker_labels_open_a_line_only() -> None:
    text = "  COL. ROOK: Thank you.\nThe notes read MINISTER OKONJO: absent.\n\tCOL. ABEL: Yes.\n"
    found = {str(f.attrs["name"]): f.attrs["role"] for f in people(text)}
    assert found == {"Rook": "Col.", "Abel": "Col."}

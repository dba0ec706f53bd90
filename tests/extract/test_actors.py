"""Actors component on sentences of our own: states, organizations, armed groups."""

from __future__ import annotations

import pytest

from coalition.model import Fact, SourceDocument
from coalition.pipeline import analyze

KINDS = ("state", "organization", "armed_group")


def facts(text: str) -> list[Fact]:
    doc = analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                 media_type="text/plain"))
    found = [f for f in doc.facts if f.kind in KINDS]
    for f in found:
        assert f.quote == text[f.start:f.end]
    return found


def codes(text: str, kind: str) -> set[str]:
    field = "iso3" if kind == "state" else "key"
    return {str(f.attrs[field]) for f in facts(text) if f.kind == kind}


@pytest.mark.parametrize(("text", "want"), [
    ("Delegates from Norway and Chile met in Geneva.", {"NOR", "CHL"}),
    ("The Hashemite Kingdom of Jordan and the Hellenic Republic signed.", {"JOR", "GRC"}),
    ("Envoys of the Republic of Korea and the Republic of Kosovo spoke.", {"KOR", "XKX"}),
    ("Members: Macedonia* Taiwan Georgia", {"MKD", "TWN", "GEO"}),
    ("Iraqi forces and Lebanese troops advanced; Kuwaitis donated.", {"IRQ", "LBN", "KWT"}),
    ("The U.S. and the UK agreed; American and British officials met.", {"USA", "GBR"}),
    ("Fighters were freed from Turkish prisons.", {"TUR"}),
    ("Yemini financiers were named.", {"YEM"}),
    ("The Kazakhs and Uzbeks brought families home.", {"KAZ", "UZB"}),
])
def test_states(text: str, want: set[str]) -> None:
    assert codes(text, "state") == want


@pytest.mark.parametrize(("text", "want"), [
    ("The Islamic State lost ground.", set()),
    ("Fighters of the Islamic State of Iraq and the Levant retreated.", set()),
    ("Ministers gathered in Kuwait City on Monday.", set()),
    ("Tell us what you need and join us.", set()),
    ("JOIN US FOR THE EVENT", set()),
    ("We ate turkey and talked about chad.", set()),
    ("Fishermen around Lake Chad and in the Gulf of Guinea paid the group.", set()),
    ("Funds moved through Latin America and the Niger Delta.", set()),
])
def test_no_false_states(text: str, want: set[str]) -> None:
    assert codes(text, "state") == want


@pytest.mark.parametrize(("text", "want"), [
    ("The UN Security Council and UNAMI briefed the U.N. staff.", {"UN"}),
    ("The European Union, NATO and INTERPOL cooperate.", {"EU", "NATO", "INTERPOL"}),
    ("The Global Counterterrorism Forum and the Financial Action Task Force met.",
     {"GCTF", "FATF"}),
    ("The Arab League and the GCC issued a note; the African Union and the AU agreed.",
     {"ARAB_LEAGUE", "GCC", "AU"}),
    ("The World Bank and the IMF lent money.", {"WORLD_BANK", "IMF"}),
])
def test_organizations(text: str, want: set[str]) -> None:
    assert codes(text, "organization") == want


@pytest.mark.parametrize(("text", "want"), [
    ("Action against ISIL/Daesh’s finances and Da'esh recruits continued.", {"ISIL"}),
    ("Posts tagged #Daesh and ISIS were removed.", {"ISIL"}),
    ("The Islamic State of Iraq and the Levant retreated.", {"ISIL"}),
    ("Donations reached al-Qaeda and the Al Nusrah Front.", {"AL_QAEDA", "AL_NUSRA"}),
    ("Hezbollah, Hamas, the Taliban, Boko Haram and al-Shabaab were listed.",
     {"HEZBOLLAH", "HAMAS", "TALIBAN", "BOKO_HARAM", "AL_SHABAAB"}),
    ("This is what it is.", set()),
])
def test_armed_groups(text: str, want: set[str]) -> None:
    assert codes(text, "armed_group") == want


def test_longest_match_swallows_inner_state() -> None:
    text = "The Islamic State of Iraq and the Levant attacked towns in Iraq."
    found = facts(text)
    states = [f for f in found if f.kind == "state"]
    assert [f.quote for f in states] == ["Iraq"]
    assert states[0].start == text.rindex("Iraq")


def test_state_form() -> None:
    forms = {f.quote: f.attrs["form"] for f in facts("France and the French Republic; French aid.")}
    assert forms == {"France": "name", "French Republic": "formal", "French": "adjective"}


def test_overlapping_matches_elsewhere_do_not_interfere() -> None:
    text = ("Iraq and the Islamic State of Iraq and the Levant; the United States and Kuwait "
            "City; Jordan and the US.")
    assert [f.quote for f in facts(text) if f.kind == "state"] == [
        "Iraq", "United States", "Jordan", "US"]

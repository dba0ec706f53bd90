"""Commitments component: cue grammar, negatives, lines of effort, deadlines, provenance."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.extract.commitment_grammar import lower
from coalition.extract.commitments import _subject_chunk, extract_commitments
from coalition.extract.deadlines import add_offset, find_deadline
from coalition.extract.lines_of_effort import classify
from coalition.model import AnalyzedDoc, Fact
from coalition.segment.sentences import segment_text

SHA = "c" * 64


def run(text: str, facts: list[Fact] | None = None) -> list[Fact]:
    """Run the component alone over ``text`` (with optional earlier facts)."""
    doc = AnalyzedDoc(sha256=SHA, text=text, segments=segment_text(text))
    doc.facts.extend(facts or [])
    return extract_commitments(doc)


def state(text: str, name: str, iso3: str) -> Fact:
    """A state fact for the first occurrence of ``name``, as the actors component makes it."""
    start = text.index(name)
    return Fact(SHA, "state", start, start + len(name), name, "actors", "1", 1.0,
                {"iso3": iso3, "form": "name"})


POSITIVES = [
    ("Ministers decided to set up a new cell on border security.", "decide"),
    ("The partners agreed to pool their intelligence on returning fighters.", "decide"),
    ("We will keep training the army of our partner.", "undertake"),
    ("The coalition will step up its air campaign over the coming weeks.", "undertake"),
    ("We're going to open a second training site in the north.", "undertake"),
    ("Members stand ready to send engineers for demining.", "undertake"),
    ("We must keep up the pressure on the terrorists' finances.", "undertake"),
    ("The allies undertook to expand their support to host communities.", "undertake"),
    ("Participants renewed their firm commitment to a negotiated settlement.", "pledge"),
    ("We remain committed to the lasting defeat of the terrorists.", "pledge"),
    ("The Government will keep funding the mine clearance teams.", "undertake"),
    ("Delegations agreed to name a contact point for border data.", "decide"),
    ("The Focus Group will review the training of judges in the spring.", "undertake"),
    ("Ministers committed to implement the border rules in full.", "pledge"),
    ("Members committed to amplifying the voices of survivors.", "pledge"),
    ("The Council calls on member states to share data on travellers.", "call"),
    ("The European Union committed 180 million euros over two years.", "pledge"),
    ("Donors pledged just over $1 billion to rebuild the towns.", "pledge"),
    ("They pledged new funds for the relief of displaced families.", "pledge"),
    ("We urge every state to tighten controls on the sale of stolen oil.", "call"),
    ("Participants called on all parties to let aid convoys through.", "call"),
    ("The next plenary session will convene in the autumn.", "host"),
    ("Our working group will meet again before the summer.", "host"),
    ("Members also committed to work with the media cell against online recruiting.", "pledge"),
    ("The partners announced EUR 12 million for the repair of clinics.", "pledge"),
    ("The chair will report on progress within six months.", "undertake"),
    ("Officials said the coalition would widen its training of border guards.", "undertake"),
    ("I can announce today that we are giving two more patrol boats.", "pledge"),
    ("We're also going to open a help desk for prosecutors.", "undertake"),
    ("And with our partners we'll keep exposing their lies online.", "undertake"),
    ("The ministry intends to double its grant for mine clearance.", "undertake"),
    ("Participants affirmed their determination to close every escape route.", "pledge"),
    ("Members were asked to name a contact point for the camps by the spring.", "call"),
    ("Donors made a record pledge for the clearing of mines in the old town.", "pledge"),
    ("The envoy told reporters the coalition would send more police trainers.", "undertake"),
    ("Ministers met in Aqaba and Amman and will meet again in June.", "host"),
    ("Delegates agreed that the coalition will share more data on smugglers.", "undertake"),
    ("Members committed to submit their case studies to the chair by May.", "pledge"),
    ("They asked the Border Group, led by Peru and Chile, to report on the checks by June.",
     "call"),
    ("“The Finance Working Group will keep tracing the money,” the chair told reporters.",
     "undertake"),
    ("The U.S. envoy said her government would go on paying for mine clearance.", "undertake"),
    ("We will suspend payments to the firm and resume patrols on the border.", "undertake"),
    ("The coalition confirmed that it will send twenty engineers to the camp.", "undertake"),
    ("Partners that have not yet signed will send their lists to the cell by June.", "undertake"),
    ("That is why the coalition has decided to keep the mission open.", "decide"),
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_positive_cues(text: str, kind: str) -> None:
    facts = run(text)
    assert len(facts) == 1, text
    assert facts[0].attrs["cue_kind"] == kind
    assert facts[0].attrs["actors"]


NEGATIVES = [
    "The first ministerial meeting was held in the capital last spring.",  # past
    "The terrorists will try to regroup in the desert.",  # enemy
    "Daesh will not survive the loss of its last towns.",  # enemy
    "ISIS continues to evolve and to seek new havens.",  # enemy, no cue
    "The ministers noted the progress made on the ground.",  # observation
    "We welcomed the report of the envoy.",  # observation
    "If the truce collapses, we will reconsider our support.",  # conditional
    "Will the partners agree to send more troops?",  # question
    "The campaign will take time and will require patience.",  # prediction, no actor
    "Tomorrow I will travel to the region.",  # the speaker's own plans
    "Jordan, which will host the next meeting, was thanked by all.",  # relative clause
    "“We will crush them all,” a militant leader said in a video.",  # quotation
    "This website uses cookies; we will assume that you accept them.",  # page furniture
    "Officials said the militants would attack again.",  # enemy, reported
    "Together the donors announced a total of $3 billion.",  # a sum, no pledge of one's own
    "Officials said the working group would meet again in May.",  # a meeting, reported
    "Reporters said the winter would be hard for the displaced.",  # no actor
    "The minister said his country would go to the polls in May.",  # going, not undertaking
    "The envoy said that it will be a long winter for the displaced.",  # "it": no actor
    "CHAIR: We will suspend for ten minutes and resume with the second panel.",  # procedure
    "We will resume at two o'clock, and then we'll have time for questions.",  # procedure
    "They reaffirm our shared determination to finish the job.",  # "they": the principles
    "“The alliance, which we joined in May, will grow,” he said.",  # "we" is no subject
    "Journalists were invited to visit the camp.",  # no actor is asked
    "The donors made their pledges in 2015.",  # past
    "Delegates agreed that the terrorists will go on recruiting through closed chat groups.",
    "Delegates agreed that, despite the gains, the border region remains fragile.",
    "Ministers committed to the principles of the charter.",
    "The minister asked reporters to wait outside the hall.",
    "No meeting took place in 2021, although the government had offered to host one.",  # past
    "The partners will object to the new border posts.",  # a reaction foretold
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives(text: str) -> None:
    assert run(text) == [], text


def test_a_coordinated_verb_has_the_clause_subject_not_the_last_noun() -> None:
    text = "Militant cells stay hidden in the hills between Iraq and Syria and will try to strike."
    assert run(text, [state(text, "Iraq", "IRQ"), state(text, "Syria", "SYR")]) == []
    text = "Jordan and Iraq met in Aqaba and will tighten the border checks."
    facts = run(text, [state(text, "Jordan", "JOR"), state(text, "Iraq", "IRQ")])
    assert [f.attrs["actors"] for f in facts] == [["JOR", "IRQ"]]


def test_observation_then_decision_keeps_whole_sentence() -> None:
    text = "Partners noted the steady gains, and decided to widen the police training effort."
    facts = run(text)
    assert [f.quote for f in facts] == [text]


def test_state_subject_gives_iso3() -> None:
    text = "Norway will fund a new demining team in the liberated towns."
    facts = run(text, [state(text, "Norway", "NOR")])
    assert facts and facts[0].attrs["actors"] == ["NOR"]


def place(text: str, name: str, iso3: str, capital: bool) -> Fact:
    start = text.index(name)
    return Fact(SHA, "place", start, start + len(name), name, "places", "1", 1.0,
                {"city": name, "country_iso3": iso3, "capital": capital})


def test_a_capital_that_is_the_subject_speaks_for_its_state() -> None:
    text = "The envoy said Ottawa would fund two more field hospitals."
    facts = run(text, [place(text, "Ottawa", "CAN", True)])
    assert facts and facts[0].attrs["actors"] == ["CAN"]
    other = "The envoy said Mosul would fund two more field hospitals."
    assert run(other, [place(other, "Mosul", "IRQ", False)]) == []
    owned = "Rebels denounced Ottawa's signing of the pledge to send trainers."
    assert run(owned, [place(owned, "Ottawa", "CAN", True)]) == []


@pytest.mark.parametrize("text", [
    "The Counter ISIS Finance Group will tighten scrutiny of money transfer firms.",
    "The Defeat-ISIS Coalition will fund two more demining teams.",
    "Political Directors plan to meet again in the autumn.",
    "The chiefs of defence agreed to keep training the police until 2020.",
])
def test_a_body_named_against_the_enemy_is_no_enemy(text: str) -> None:
    facts = run(text)
    assert [f.attrs["actors"] for f in facts] == [["COALITION"]]
    assert run("ISIS will keep moving money through transfer firms.") == []


@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("Peru offered to host the next meeting of the group in Lima in 2019.", "Peru", "PER"),
    ("Delegates accepted with thanks the offer of Norway to host the next plenary.",
     "Norway", "NOR"),
    ("Delegates accepted with gratitude Norway's offer to host the next plenary in Oslo.",
     "Norway", "NOR"),
])
def test_an_offer_to_host_binds_the_one_who_offers(text: str, name: str, iso3: str) -> None:
    facts = run(text, [state(text, name, iso3)])
    assert [(f.attrs["actors"], f.attrs["cue_kind"]) for f in facts] == [([iso3], "host")]


def person(text: str, name: str, key: str, iso3: str | None, after: int = 0) -> Fact:
    """A person fact on the first ``name`` at or after character ``after``."""
    start = text.index(name, after)
    return Fact(SHA, "person", start, start + len(name), name, "people", "1", 1.0,
                {"name": name, "key": key, "role": None, "country_iso3": iso3})


def test_an_official_speaks_for_the_state_of_their_office() -> None:
    """A surname alone takes the state its full mention's role names."""
    text = ("Chilean Trade Minister Ana Soto opened the talks. "
            "Soto urged partners to open their markets to farmers from the region.")
    facts = run(text, [person(text, "Ana Soto", "ana-soto", "CHL"),
                       person(text, "Soto", "ana-soto", None, text.index("Soto urged"))])
    assert [f.attrs["actors"] for f in facts] == [["CHL"]]


def test_a_quotation_binds_the_member_it_names() -> None:
    text = "“Norway will send two more engineers,” the envoy said."
    facts = run(text, [state(text, "Norway", "NOR")])
    assert [f.attrs["actors"] for f in facts] == [["NOR"]]


def test_a_quoted_we_that_is_the_subject_undertakes() -> None:
    text = ("The minister spoke after the talks. “Our engineers will stay until the bridges are "
            "rebuilt, and we will keep training the border guards,” she told reporters.")
    facts = run(text)
    assert len(facts) == 1 and "Our engineers will stay" in facts[0].quote, facts


def test_state_in_prepositional_phrase_is_not_subject() -> None:
    text = "The urgent needs of families in Norway also call for more aid."
    assert run(text, [state(text, "Norway", "NOR")]) == []


def test_defined_working_group_acronym_is_an_actor() -> None:
    text = ("The Counter-Piracy Working Group (CPWG) met twice. "
            "The CPWG will draft common rules for port inspections.")
    assert [f.attrs["actors"] for f in run(text)] == [["COALITION"]]


LINES = [
    ("We will keep training local security forces in the east.", ["military"]),
    ("We will share information to stop foreign fighters from crossing borders.",
     ["foreign_fighters"]),
    ("We are resolved to cut the group off from oil revenue and the banking system.",
     ["finance"]),
    ("We will continue to support the return of displaced persons to their homes.",
     ["humanitarian_stabilization"]),
    ("We will counter their propaganda on social media.", ["counter_messaging"]),
    ("We call on all parties to join the political process under UN auspices.", ["political"]),
    ("We offer full support to the Government of Iraq.", ["political"]),
    ("We will give funds to the stabilization facility.", ["humanitarian_stabilization"]),
    ("We will continue to work together to defeat the enemy.", []),
    ("As military operations advance, we call for the protection of civilians.",
     ["humanitarian_stabilization"]),
    ("We will prepare to rebuild schools, once the parties reach a political settlement.",
     ["humanitarian_stabilization"]),

    ("We will put forward designations of the group's financiers.", ["finance"]),
    ("We will disrupt the abuse of virtual assets and mobile money.", ["finance"]),
    ("We will fund schooling and health care in the liberated towns.",
     ["humanitarian_stabilization"]),
    ("We will designate a national point of contact for border data.", ["foreign_fighters"]),
    ("We will help families return home and train police in full respect of international "
     "humanitarian law.", ["humanitarian_stabilization"]),
    ("We will bring our nationals back from the camps and support the rehabilitation and "
     "reintegration of returnees.", ["foreign_fighters"]),
    ("We will fund the training of imams and religious guides.", ["counter_messaging"]),
]


@pytest.mark.parametrize(("text", "lines"), LINES)
def test_lines_of_effort(text: str, lines: list[str]) -> None:
    assert classify(text) == lines
    facts = run(text)
    assert facts and facts[0].attrs["lines_of_effort"] == lines


def test_colon_sentence_takes_lines_of_the_following_list() -> None:
    text = ("Ministers decided that their work should follow three tracks:\n\n"
            "Training partner forces; Blocking terrorist financing; and Fighting propaganda.")
    facts = run(text)
    assert len(facts) == 1 and facts[0].quote.endswith("tracks:")
    assert facts[0].attrs["lines_of_effort"] == ["military", "finance", "counter_messaging"]


def test_each_item_after_decided_to_is_a_commitment() -> None:
    text = ("Ministers decided to:\n\nSend trainers to the border police.\n"
            "Fund the demining of farmland.\n\nThe hall was cold.")
    facts = run(text)
    assert [f.quote for f in facts] == ["Send trainers to the border police.",
                                        "Fund the demining of farmland."]
    assert [f.attrs["actors"] for f in facts] == [["COALITION"], ["COALITION"]]


def test_each_donor_of_a_pledge_list_pledges() -> None:
    text = ("The following pledges were announced at the meeting:\n\n"
            "- Norway: NOK 40 million for demining;\n- Chile: an in-kind gift of tents.\n\n"
            "The hall was cold.")
    facts = run(text, [state(text, "Norway", "NOR"), state(text, "Chile", "CHL")])
    assert [(f.quote, f.attrs["actors"], f.attrs["cue_kind"]) for f in facts] == [
        ("Norway: NOK 40 million for demining;", ["NOR"], "pledge"),
        ("Chile: an in-kind gift of tents.", ["CHL"], "pledge")]


def money(text: str, words: str) -> Fact:
    start = text.index(words)
    return Fact(SHA, "money", start, start + len(words), words, "money", "1", 1.0,
                {"amount": 1.0, "currency": "USD"})


def test_a_money_pledge_with_no_line_takes_the_line_of_the_sentences_before() -> None:
    text = ("Donors met to fund the rebuilding of schools and clinics in towns freed last year. "
            "The talks ran late. Peru pledged $20 million.")
    facts = run(text, [state(text, "Peru", "PER"), money(text, "$20 million")])
    assert [f.attrs["lines_of_effort"] for f in facts] == [["humanitarian_stabilization"]]
    text = ("Donors met to fund the rebuilding of schools and clinics in towns freed last year. "
            "The talks ran late. Peru pledged to send two engineers.")
    facts = run(text, [state(text, "Peru", "PER")])  # no money: no line from the context
    assert [f.attrs["lines_of_effort"] for f in facts] == [[]]


def test_a_money_pledge_far_from_any_line_takes_the_line_of_the_documents_lead() -> None:
    text = ("Donors pledge $2 billion for Peru\n\n"
            "LIMA (Wire) - Donors closed a conference on rebuilding the flooded towns.\n\n"
            "The talks ran late. Chile spoke first. Bolivia spoke next. Ecuador said it would "
            "lend $300 million over five years.\n")
    facts = run(text, [state(text, "Ecuador", "ECU"), money(text, "$300 million")])
    assert [f.attrs["lines_of_effort"] for f in facts] == [["humanitarian_stabilization"]]


@pytest.mark.parametrize(("text", "base", "deadline", "deadline_text"), [
    ("The plenary will meet again no later than within 90 days.", date(2015, 3, 1),
     "2015-05-30", "no later than within 90 days"),
    ("The plenary will meet again no later than within 90 days.", None,
     None, "no later than within 90 days"),
    ("We will finish the review by the end of 2017.", None, "2017-12-31", "by the end of 2017"),
    ("We will publish the plan by June 2019.", None, "2019-06-30", "by June 2019"),
    ("We will report within six months.", date(2016, 7, 21), "2017-01-21", "within six months"),
    ("We will keep working.", date(2016, 7, 21), None, None),
])
def test_deadlines(text: str, base: date | None, deadline: str | None,
                   deadline_text: str | None) -> None:
    assert find_deadline(text, base) == (deadline, deadline_text)


def test_month_offset_clamps_to_month_end() -> None:
    assert add_offset(date(2019, 8, 31), 6, "months") == date(2020, 2, 29)


def test_deadline_attrs_on_fact() -> None:
    facts = run("Participants will gather again no later than within 180 days.")
    assert facts[0].attrs["deadline_text"] == "no later than within 180 days"
    assert facts[0].attrs["deadline"] is None  # no document date known
    assert facts[0].attrs["meeting_key"] is None


def test_quote_is_text_slice_and_provenance() -> None:
    text = ("Intro line without cue.\n\n"
            "1. We will continue to train police units.\n"
            "2. Members welcomed the report.")
    facts = run(text)
    assert len(facts) == 1
    f = facts[0]
    assert f.quote == text[f.start:f.end] == "We will continue to train police units."
    assert f.kind == "commitment" and f.extractor == "commitments" and f.version
    assert 0.5 <= f.confidence <= 1.0
    assert f.attrs["verb"] == "will"


_CLAUSE_PIECES = ["We", "The Ministers", "Iraq", ", ", "; ", " - ", " which ", " WHO ", " and ",
                  " So ", " unless ", " whom", " thatch ", " also ", " (the Group) ", " said ",
                  " ſo ", " İf ", " partners", " further", " while"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=12))
def test_subject_chunk_reads_the_lowered_text_alike(pieces: list[str]) -> None:
    prefix = "".join(pieces)
    assert _subject_chunk(prefix, lower(prefix)) == _subject_chunk(prefix)

"""Money component: exact sums with their ISO 4217 currency."""

from __future__ import annotations

import pytest

from coalition.extract.money import extract_money, find_sums
from coalition.model import AnalyzedDoc, SourceDocument
from coalition.pipeline import analyze


@pytest.mark.parametrize(("text", "amount", "currency", "per"), [
    ("Donors gave $3.4 billion to the fund.", 3.4e9, "USD", None),
    ("A further $150 million was pledged.", 1.5e8, "USD", None),
    ("The group earned $3 million per month from oil.", 3e6, "USD", "month"),
    ("Japan offered US$ 25 million in aid.", 2.5e7, "USD", None),
    ("The bank lent USD 40 million.", 4e7, "USD", None),
    ("Brussels added €35 million for schools.", 3.5e7, "EUR", None),
    ("Brussels added EUR 35 million for schools.", 3.5e7, "EUR", None),
    ("London gave £12 million for demining.", 1.2e7, "GBP", None),
    ("Rome added 30 million euros for water.", 3e7, "EUR", None),
    ("Abu Dhabi gave AED 250 million to rebuild.", 2.5e8, "AED", None),
    ("The plan costs 2.5 billion dollars.", 2.5e9, "USD", None),
    ("Seventy million dollars went to police training.", 7e7, "USD", None),
    ("They raised £8m at the event.", 8e6, "GBP", None),
    ("A grant of $750,000 followed.", 7.5e5, "USD", None),
    ("Kuwait gave KD 12 million to the fund.", 1.2e7, "KWD", None),
    ("Muscat committed RO four million to demining.", 4e6, "OMR", None),
    ("Rabat set aside MAD 40 million for imams.", 4e7, "MAD", None),
])
def test_finds_sums(text: str, amount: float, currency: str, per: str | None) -> None:
    sums = list(find_sums(text))
    assert [(s.amount, s.currency, s.per) for s in sums] == [(amount, currency, per)]


@pytest.mark.parametrize("text", [
    "The group took in tens of millions of dollars from smuggling.",
    "Hundreds of millions of euros were lost.",
    "Fighters carried 400 pounds of explosives.",
    "Some 3 million people fled in 2015.",
    "Resolution 2199 targets oil sales.",
])
def test_ignores_vague_or_non_money(text: str) -> None:
    assert list(find_sums(text)) == []


def test_fact_quote_is_the_sum() -> None:
    text = "Qatar pledged nearly $90 million per year to the effort."
    doc = AnalyzedDoc(sha256="b" * 64, text=text)
    [fact] = extract_money(doc)
    assert fact.quote == text[fact.start:fact.end] == "$90 million per year"
    assert fact.attrs == {"amount": 9e7, "currency": "USD", "per": "year"}


@pytest.mark.parametrize(("text", "currency", "quote"), [
    ("Kuwait gave 15 million dinars for clinics.", "KWD", "15 million dinars"),
    ("Iraq spent 15 million dinars on roads.", "IQD", "15 million dinars"),
    ("Qatar, after talks, added 40 million riyals.", "QAR", "40 million riyals"),
    ("Oslo gave 600 million Norwegian crowns.", "NOK", "600 million Norwegian crowns"),
    ("We will give 18.5 million dollars, Canadian dollars, to the fund.", "CAD",
     "18.5 million dollars, Canadian dollars"),
    ("COMMONWEALTH OF AUSTRALIA\nSenate hearing, Canberra\n\nThe patrols cost $12 million.",
     "AUD", "$12 million"),
    ("Washington, 3 May 2019\n\nCanada and Australia gave $12 million.", "USD", "$12 million"),
])
def test_currency_from_the_words_around_the_sum(text: str, currency: str, quote: str) -> None:
    doc = analyze(SourceDocument(sha256="0" * 64, text=text, source="test",
                                 media_type="text/plain"))
    assert [(f.attrs["currency"], f.quote) for f in doc.facts_of("money")] == [(currency, quote)]

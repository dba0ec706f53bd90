"""The flat extraction record: cities as the document spells them."""

from __future__ import annotations

from coalition.model import AnalyzedDoc, Fact
from coalition.resolve.record import to_record


def _fact(doc: AnalyzedDoc, fact_kind: str, words: str, **attrs: object) -> Fact:
    start = doc.text.index(words)
    return Fact(doc.sha256, fact_kind, start, start + len(words), words, "test", "0", 1.0,
                attrs)


def test_meeting_and_document_cities_are_spelled_as_written() -> None:
    doc = AnalyzedDoc(sha256="a" * 64, text="MARRAKESH, 2 May 2022. Envoys met in Marrakesh.")
    doc.facts = [
        _fact(doc, "place", "MARRAKESH", city="Marrakech", country_iso3="MAR"),
        _fact(doc, "place", "Marrakesh", city="Marrakech", country_iso3="MAR"),
        _fact(doc, "document_meta", "MARRAKESH, 2 May 2022", date="2022-05-02",
              city="Marrakech", country_iso3="MAR", kind="news"),
        _fact(doc, "meeting", "met in Marrakesh", name="Marrakech meeting", kind="other",
              start="2022-05-02", end=None, city="Marrakech", country_iso3="MAR"),
    ]
    record = to_record(doc)
    assert record["document"]["city"] == "Marrakesh"
    assert [m["city"] for m in record["meetings"]] == ["Marrakesh"]

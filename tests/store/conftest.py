"""Two short documents, in our own words, that mention the same meeting, person and pledge."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from coalition.model import AnalyzedDoc, Fact, SourceDocument

V = "1"

TEXT_A = (
    "Oslo, 3 December 2014. The partners held their first ministerial plenary in Brussels "
    "on 3 December 2014. Norway and Chile attended the plenary, which Belgium hosted. "
    "Foreign Minister Ingrid Halvorsen of Norway opened the session. "
    "The partners agreed to cut the money reaching the armed group by mid-2015. "
    "Norway set aside $12.5 million for shelters. Nearly 400 trainers are now deployed. "
    "They recalled Resolution 2178 of the United Nations."
)
TEXT_B = (
    "Ministers met again after the Brussels plenary of the coalition. "
    "Ms. Halvorsen said Norway would keep its trainers in place. "
    "The partners agreed to cut the money reaching the armed group by mid-2015."
)
TEXT_C = "A small group of partners met in Lima in May 2016 and Chile attended."

Pair = tuple[SourceDocument, AnalyzedDoc]


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Return the span of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def new_doc(text: str, name: str) -> Pair:
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = SourceDocument(sha, text, f"mem://{name}", "text/plain", title=name,
                            size_bytes=len(text.encode()))
    return source, AnalyzedDoc(sha256=sha, text=text, source=source.source, title=name)


def add(doc: AnalyzedDoc, fact_kind: str, phrase: str, nth: int = 0, /, **attrs: Any) -> None:
    """Add a fact of ``fact_kind`` spanning the ``nth`` occurrence of ``phrase``."""
    start, end = span(doc.text, phrase, nth)
    if not CLASHES & attrs.keys():
        doc.facts.append(doc.fact(fact_kind, start, end, f"test_{fact_kind}", V, 0.9, **attrs))
        return
    # doc.fact() cannot take attrs named like its own parameters (kind, start, end)
    doc.facts.append(Fact(doc.sha256, fact_kind, start, end, doc.text[start:end],
                          f"test_{fact_kind}", V, 0.9, attrs))


CLASHES = {"kind", "start", "end", "extractor", "version", "confidence"}
PLENARY = dict(key="m1", kind="ministerial_plenary", city="Brussels", country_iso3="BEL")
COMMITMENT = "The partners agreed to cut the money reaching the armed group by mid-2015."


def build_a() -> Pair:
    source, doc = new_doc(TEXT_A, "a")
    add(doc, "document_meta", "Oslo, 3 December 2014", date="2014-12-03", city="Oslo",
        country_iso3="NOR", kind="communique")
    add(doc, "date", "3 December 2014", value="2014-12-03", end=None, precision="day",
        year_inferred=False)
    add(doc, "place", "Brussels", city="Brussels", country_iso3="BEL")
    add(doc, "meeting", "first ministerial plenary in Brussels", name="First ministerial plenary",
        start="2014-12-03", end=None, **PLENARY)
    add(doc, "state", "Norway", 0, iso3="NOR", form="name")
    add(doc, "state", "Chile", iso3="CHL", form="name")
    add(doc, "state", "Belgium", iso3="BEL", form="name")
    add(doc, "state", "Norway", 1, iso3="NOR", form="name")
    add(doc, "organization", "United Nations", key="UN")
    add(doc, "participation", "Norway and Chile attended", meeting="First ministerial plenary",
        meeting_key="m1", member="NOR", role="attended")
    add(doc, "participation", "Norway and Chile attended", meeting="First ministerial plenary",
        meeting_key="m1", member="CHL", role="attended")
    add(doc, "participation", "which Belgium hosted", meeting="First ministerial plenary",
        meeting_key="m1", member="BEL", role="hosted")
    add(doc, "person", "Foreign Minister Ingrid Halvorsen", name="Ingrid Halvorsen",
        key="ingrid-halvorsen", role="Foreign Minister", country_iso3="NOR")
    add(doc, "commitment", COMMITMENT, lines_of_effort=["finance"], actors=["COALITION"],
        verb="agreed to", deadline="2015-06", deadline_text="by mid-2015", meeting_key="m1")
    add(doc, "money", "$12.5 million", amount=12_500_000.0, currency="USD", per=None)
    add(doc, "metric", "Nearly 400 trainers", value=400.0, unit="count", what="trainers",
        approx="nearly")
    add(doc, "resolution", "Resolution 2178", number=2178, body="UNSC")
    return source, doc


def build_b() -> Pair:
    source, doc = new_doc(TEXT_B, "b")
    add(doc, "meeting", "Brussels plenary", name="Brussels plenary", start=None, end=None,
        **PLENARY)
    add(doc, "participation", "Norway would keep", meeting="Brussels plenary", meeting_key="m1",
        member="NOR", role="attended")
    add(doc, "person", "Ms. Halvorsen", name="Halvorsen", key="ingrid-halvorsen", role=None,
        country_iso3=None)
    add(doc, "state", "Norway", iso3="NOR", form="name")
    add(doc, "commitment", COMMITMENT, lines_of_effort=["finance"], actors=["COALITION"],
        verb="agreed to", deadline="2015-06", deadline_text="by mid-2015", meeting_key="m1")
    return source, doc


def build_c() -> Pair:
    source, doc = new_doc(TEXT_C, "c")
    add(doc, "meeting", "A small group of partners met in Lima", name="Lima small group",
        key="m1", kind="small_group", start="2016-05", end=None, city="Lima",
        country_iso3="PER")
    add(doc, "state", "Chile", iso3="CHL", form="name")
    add(doc, "participation", "Chile attended", meeting="Lima small group", meeting_key="m1",
        member="CHL", role="attended")
    return source, doc


@pytest.fixture
def doc_a() -> Pair:
    return build_a()


@pytest.fixture
def doc_b() -> Pair:
    return build_b()


@pytest.fixture
def doc_c() -> Pair:
    return build_c()

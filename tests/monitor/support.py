"""Small documents in our own words, stored fact by fact, for the monitoring tests.

Oslo (2 March 2020): Norway, Chile and the European Union attend a ministerial plenary; the
text says 40 partners take part and counts 1,200 airstrikes; the next plenary is due within
90 days; Chile promises training by the end of 2020; Norway pledges USD 5 million.
Lima (15 June 2020): Peru joins the next ministerial plenary; 1,500 airstrikes.
Rome (no date): a plenary with a 180-day cadence.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Engine

from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.writes import save_analysis

CADENCE = "The next plenary will convene within 90 days."
TRAINING = "Chile will finish training the police by 2020-12-31."
PLEDGE = "Norway pledged USD 5 million for stabilization."
TEXT_OSLO = ("Oslo, 2 March 2020. Partners gathered for a ministerial plenary in Oslo. "
             "Norway, Chile and the European Union attended. Some 40 partners now take part. "
             "Since the campaign began, 1,200 airstrikes were carried out. "
             + CADENCE + " " + TRAINING + " " + PLEDGE)
TEXT_LIMA = ("Lima, 15 June 2020. The partners met again at a ministerial plenary in Lima, "
             "and Peru joined the coalition. The total now stands at 1,500 Airstrikes.")
ROME_RULE = "The partners will hold the subsequent plenary within 180 days."
TEXT_ROME = ("Partners also held a ministerial plenary in Rome on a day nobody wrote down. "
             + ROME_RULE)


def _doc(text: str, name: str) -> tuple[SourceDocument, AnalyzedDoc]:
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = SourceDocument(sha, text, f"mem://{name}", "text/plain", title=name,
                            size_bytes=len(text.encode()))
    return source, AnalyzedDoc(sha256=sha, text=text, source=source.source, title=name)


def _add(doc: AnalyzedDoc, kind: str, phrase: str, /, **attrs: Any) -> None:
    start = doc.text.index(phrase)
    doc.facts.append(Fact(doc.sha256, kind, start, start + len(phrase), phrase,
                          f"test_{kind}", "1", 0.9, attrs))


def _meeting(doc: AnalyzedDoc, phrase: str, name: str, city: str, iso3: str,
             start: str | None) -> None:
    _add(doc, "meeting", phrase, name=name, start=start, end=None, key="m", city=city,
         country_iso3=iso3, kind="ministerial_plenary")


def _oslo() -> tuple[SourceDocument, AnalyzedDoc]:
    src, doc = _doc(TEXT_OSLO, "Oslo statement")
    _meeting(doc, "ministerial plenary in Oslo", "Oslo plenary", "Oslo", "NOR", "2020-03-02")
    for member in ("NOR", "CHL", "EU"):
        _add(doc, "participation", "Norway, Chile and the European Union attended",
             meeting_key="m", member=member, role="attended")
    _add(doc, "metric", "40 partners", value=40, unit="count", what="partners")
    _add(doc, "metric", "1,200 airstrikes", value=1200, unit="count", what="airstrikes")
    _add(doc, "commitment", CADENCE, lines_of_effort=[], actors=[], deadline=None,
         deadline_text="within 90 days", meeting_key="m")
    _add(doc, "commitment", TRAINING, lines_of_effort=[], actors=["CHL"],
         deadline="2020-12-31", deadline_text="by 2020-12-31", meeting_key="m")
    _add(doc, "money", "USD 5 million", amount=5_000_000, currency="USD", per=None)
    return src, doc


def _lima() -> tuple[SourceDocument, AnalyzedDoc]:
    src, doc = _doc(TEXT_LIMA, "Lima statement")
    _meeting(doc, "ministerial plenary in Lima", "Lima plenary", "Lima", "PER", "2020-06-15")
    _add(doc, "participation", "Peru joined", meeting_key="m", member="PER", role="joined")
    _add(doc, "metric", "1,500 Airstrikes", value=1500, unit="count", what="Airstrikes")
    return src, doc


def _rome() -> tuple[SourceDocument, AnalyzedDoc]:
    src, doc = _doc(TEXT_ROME, "Rome statement")
    _meeting(doc, "ministerial plenary in Rome", "Rome plenary", "Rome", "ITA", None)
    _add(doc, "commitment", ROME_RULE, lines_of_effort=[], actors=[], deadline=None,
         deadline_text="within 180 days", meeting_key="m")
    return src, doc


def fill(engine: Engine) -> None:
    """Store the three small documents, one transaction each."""
    factory = make_session_factory(engine)
    for source, doc in (_oslo(), _lima(), _rome()):
        with session_scope(factory) as session:
            save_analysis(session, source=source, doc=doc)

"""The pipeline end to end on short texts of our own: provenance on every fact."""

from __future__ import annotations

from coalition.model import SourceDocument
from coalition.pipeline import analyze
from coalition.segment.sentences import segment_text

TEXT = (
    "Paris, 3 March 2019\n\n"
    "1. The partners met in Paris at the invitation of France. They agreed to share more "
    "information on foreign terrorist fighters with INTERPOL.\n\n"
    "2. Ministers will meet again in Rome, Italy, no later than within 90 days.\n"
)


def test_pipeline_every_fact_quotes_its_span() -> None:
    doc = analyze(SourceDocument("a" * 64, TEXT, "test", "text/plain"))
    assert doc.facts
    for fact in doc.facts:
        assert TEXT[fact.start:fact.end] == fact.quote
        assert fact.document == "a" * 64
        assert fact.extractor and fact.version


def test_segment_strips_paragraph_numbers() -> None:
    texts = [s.text for s in segment_text(TEXT)]
    assert "The partners met in Paris at the invitation of France." in texts
    assert not any(t.startswith(("1.", "2.")) for t in texts)


def test_segment_offsets_match_text() -> None:
    for seg in segment_text(TEXT):
        assert TEXT[seg.start:seg.end] == seg.text

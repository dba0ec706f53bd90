"""AnalyzedDoc's fact lookups agree with their plain definitions while facts are added."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.model import AnalyzedDoc, Fact, SpanIndex

KINDS = ("state", "money", "meeting")

spans = st.tuples(st.sampled_from(KINDS), st.integers(0, 40), st.integers(0, 10))


def _fact(doc: AnalyzedDoc, kind: str, start: int, length: int) -> Fact:
    return doc.fact(kind, start, start + length, "test", "1", 1.0)


def _naive_in(doc: AnalyzedDoc, start: int, end: int, *kinds: str) -> list[Fact]:
    return [f for f in doc.facts if f.kind in kinds and f.start >= start and f.end <= end]


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(st.lists(spans, max_size=8), min_size=1, max_size=5),
       window=st.tuples(st.integers(0, 50), st.integers(0, 50)))
def test_lookups_follow_appends(batches: list[list[tuple[str, int, int]]],
                                window: tuple[int, int]) -> None:
    doc = AnalyzedDoc(sha256="d" * 64, text="x" * 60)
    lo, hi = min(window), max(window)
    for batch in batches:
        doc.facts.extend(_fact(doc, *item) for item in batch)
        for kinds in (("state",), ("money", "state"), ("meeting", "money", "meeting")):
            assert doc.facts_of(*kinds) == [f for f in doc.facts if f.kind in kinds]
            assert doc.facts_in(lo, hi, *kinds) == _naive_in(doc, lo, hi, *kinds)
    assert doc.facts_in(lo, hi) == []


@settings(max_examples=60, deadline=None)
@given(items=st.lists(spans, max_size=12),
       window=st.tuples(st.integers(0, 50), st.integers(0, 50)))
def test_span_index_gives_the_facts_inside_in_text_order(
        items: list[tuple[str, int, int]], window: tuple[int, int]) -> None:
    doc = AnalyzedDoc(sha256="d" * 64, text="x" * 60)
    facts = [_fact(doc, *item) for item in items]
    lo, hi = min(window), max(window)
    inside = [f for f in facts if f.start >= lo and f.end <= hi]
    # text order; of two facts at one start the longer first; else the order given
    expected = sorted(inside, key=lambda f: (f.start, -f.end, facts.index(f)))
    assert [id(f) for f in SpanIndex(facts).within(lo, hi)] == [id(f) for f in expected]


def test_a_replaced_list_is_indexed_anew() -> None:
    doc = AnalyzedDoc(sha256="d" * 64, text="x" * 60)
    doc.facts.extend([_fact(doc, "state", 0, 3), _fact(doc, "money", 5, 2)])
    assert [f.start for f in doc.facts_of("state")] == [0]
    doc.facts = [_fact(doc, "state", 9, 1)]
    assert [f.start for f in doc.facts_of("state")] == [9]
    assert [f.start for f in doc.facts_in(0, 20, "state", "money")] == [9]


def test_derived_is_computed_once_per_document_not_per_text() -> None:
    calls: list[str] = []

    def words(text: str) -> int:
        calls.append(text)
        return len(text.split())

    first = AnalyzedDoc(sha256="a" * 64, text="one two three")
    second = AnalyzedDoc(sha256="b" * 64, text="one two three")
    assert first.derived(words) == first.derived(words) == 3
    assert second.derived(words) == 3
    assert calls == ["one two three", "one two three"]

"""One pipeline for `ingest` and `extract`: segment -> extract (registered components)."""

from __future__ import annotations

import logging
from functools import lru_cache

from coalition.extract.registry import Component, load_builtins
from coalition.model import AnalyzedDoc, SourceDocument
from coalition.segment.sentences import segment_text
from coalition.segment.tokens import tokenize

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def components() -> tuple[Component, ...]:
    return tuple(load_builtins())


def analyze(source: SourceDocument) -> AnalyzedDoc:
    """Run every registered component over one document and return it with its facts.

    >>> doc = analyze(SourceDocument("x" * 64, "Iraq met Jordan.", "mem", "text/plain"))
    >>> sorted({f.attrs["iso3"] for f in doc.facts_of("state")})
    ['IRQ', 'JOR']
    """
    doc = AnalyzedDoc(sha256=source.sha256, text=source.text, source=source.source,
                      title=source.title)
    doc.tokens = tokenize(source.text)
    doc.segments = segment_text(source.text)
    for comp in components():
        found = comp(doc)
        doc.facts.extend(found)
        log.debug("%s found %d facts", comp.name, len(found),
                  extra={"document": source.sha256, "stage": comp.name})
    return doc

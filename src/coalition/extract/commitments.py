"""TODO(helper): commitments component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("commitments",)


@extractor("commitments", version="0", assigns=("commitment",))
def extract_commitments(doc: AnalyzedDoc) -> list[Fact]:
    return []

"""TODO(helper): metrics component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("metrics",)


@extractor("metrics", version="0", assigns=("metric",))
def extract_metrics(doc: AnalyzedDoc) -> list[Fact]:
    return []

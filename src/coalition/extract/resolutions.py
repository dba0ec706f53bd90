"""TODO(helper): resolutions component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("resolutions",)


@extractor("resolutions", version="0", assigns=("resolution",))
def extract_resolutions(doc: AnalyzedDoc) -> list[Fact]:
    return []

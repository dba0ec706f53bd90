"""TODO(helper): places component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("places",)


@extractor("places", version="0", assigns=("place",))
def extract_places(doc: AnalyzedDoc) -> list[Fact]:
    return []

"""TODO(helper): actors component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("actors",)


@extractor("actors", version="0", assigns=("state", "organization", "armed_group",))
def extract_actors(doc: AnalyzedDoc) -> list[Fact]:
    return []

"""TODO(helper): meetings component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("meetings",)


@extractor("meetings", version="0", assigns=("meeting",))
def extract_meetings(doc: AnalyzedDoc) -> list[Fact]:
    return []

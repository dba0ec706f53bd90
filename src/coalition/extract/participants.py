"""TODO(helper): participants component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("participants",)


@extractor("participants", version="0", assigns=("participation",))
def extract_participants(doc: AnalyzedDoc) -> list[Fact]:
    return []

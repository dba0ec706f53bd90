"""TODO(helper): people component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("people",)


@extractor("people", version="0", assigns=("person",))
def extract_people(doc: AnalyzedDoc) -> list[Fact]:
    return []

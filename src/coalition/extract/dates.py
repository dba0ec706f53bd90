"""TODO(helper): dates component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("dates",)


@extractor("dates", version="0", assigns=("date",))
def extract_dates(doc: AnalyzedDoc) -> list[Fact]:
    return []

"""TODO(helper): money component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("money",)


@extractor("money", version="0", assigns=("money",))
def extract_money(doc: AnalyzedDoc) -> list[Fact]:
    return []

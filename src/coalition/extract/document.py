"""TODO(helper): document component. Placeholder that finds nothing."""

from __future__ import annotations

from coalition.extract.registry import extractor
from coalition.model import AnalyzedDoc, Fact

COMPONENTS = ("document",)


@extractor("document", version="0", assigns=("document_meta",))
def extract_document(doc: AnalyzedDoc) -> list[Fact]:
    return []

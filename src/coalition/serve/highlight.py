"""Cut a document's text into pieces, each marked with the facts that cover it.

The templates escape every piece (autoescape) and wrap marked pieces in ``<mark>`` linking
to the record; raw document text is never marked safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coalition.store.queries.documents import FactSpan

PAGES = {"partner": "/partners/", "meeting": "/meetings/", "commitment": "/commitments/",
         "resolution": "/search?q=", "document": None}


@dataclass(frozen=True)
class Segment:
    """A run of text: plain (``href`` None and ``kind`` None) or covered by a fact."""

    text: str
    kind: str | None = None
    href: str | None = None
    focus: bool = False
    anchor: str | None = None


def href_of(fact: FactSpan) -> str | None:
    """Return the page of the record behind ``fact`` (None if it has no page).

    >>> href_of(FactSpan(0, 4, "actor", 1, "partner", "IRQ", "Iraq"))
    '/partners/IRQ'
    """
    base = PAGES.get(fact.target)
    return None if base is None else base + fact.target_key


def segments(text: str, facts: Sequence[FactSpan],
             focus: tuple[int, int] | None = None) -> list[Segment]:
    """Cut ``text`` at every fact boundary; each piece takes its innermost covering fact.

    >>> [s.text for s in segments("Iraq met Jordan", [FactSpan(0, 4, "actor", 1, "partner",
    ...                                                         "IRQ", "Iraq")])]
    ['Iraq', ' met Jordan']
    """
    spans = [f for f in facts if 0 <= f.start < f.end <= len(text)]
    cuts = {0, len(text)}
    for f in spans:
        cuts.update((f.start, f.end))
    if focus is not None:
        cuts.update(p for p in focus if 0 <= p <= len(text))
    bounds = sorted(cuts)
    out: list[Segment] = []
    anchored = False
    for a, b in zip(bounds, bounds[1:], strict=False):
        covering = [f for f in spans if f.start <= a and f.end >= b]
        inner = min(covering, key=lambda f: f.end - f.start) if covering else None
        in_focus = focus is not None and focus[0] <= a and b <= focus[1]
        anchor = "focus" if in_focus and not anchored else None
        anchored = anchored or in_focus
        if inner is None:
            out.append(Segment(text[a:b], None, None, in_focus, anchor))
        else:
            out.append(Segment(text[a:b], inner.record_type, href_of(inner), in_focus, anchor))
    return out

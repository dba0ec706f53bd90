"""The registry of pipeline components: order, declarations and requirements."""

from __future__ import annotations

import pytest

from coalition.errors import PipelineError
from coalition.extract.registry import Component, check_registry
from coalition.pipeline import components


def test_registry_snapshot() -> None:
    """Pin the built-in components and their order; change this list on purpose only."""
    assert [c.name for c in components()] == [
        "actors", "places", "people", "dates", "resolutions", "money", "metrics",
        "document", "meetings", "participants", "commitments",
    ]


def test_registry_every_component_is_versioned() -> None:
    for comp in components():
        assert comp.version and comp.version != "0", comp.name
        assert comp.assigns, comp.name


def test_registry_refuses_unmet_requirement() -> None:
    late = Component("late", "1", ("segments", "meeting"), ("x",), lambda doc: [])
    early = Component("early", "1", ("segments",), ("meeting",), lambda doc: [])
    check_registry([early, late])
    with pytest.raises(PipelineError, match="late"):
        check_registry([late, early])

"""The registry of pipeline components: order, declarations and requirements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coalition.errors import PipelineError
from coalition.extract.registry import Component, check_registry, fingerprint, rules_fingerprint
from coalition.model import SourceDocument
from coalition.pipeline import analyze, components


def test_registry_snapshot() -> None:
    """Pin the built-in components and their order; change this list on purpose only."""
    assert [c.name for c in components()] == [
        "actors", "places", "people", "dates", "resolutions", "money", "metrics",
        "document", "meetings", "participants", "commitments",
    ]


def test_registry_every_component_is_versioned() -> None:
    for comp in components():
        assert re.fullmatch(r"[1-9]\d*\+[0-9a-f]{10}", comp.version), comp.name
        assert comp.version.endswith(rules_fingerprint()), comp.name
        assert comp.assigns, comp.name


def test_facts_carry_their_component_version() -> None:
    versions = {c.name: c.version for c in components()}
    doc = analyze(SourceDocument("f" * 64, "Kenya pledged $5 million on 2 May 2016 in Rome.",
                                 "mem", "text/plain"))
    assert {f.extractor for f in doc.facts} >= {"actors", "money", "dates", "places"}
    assert all(f.version == versions[f.extractor] for f in doc.facts)


def test_fingerprint_follows_rule_files_only(tmp_path: Path) -> None:
    (tmp_path / "extract" / "patterns").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    rules = tmp_path / "extract" / "patterns" / "cues.jsonl"
    rules.write_text('{"cue": "pledged"}\n')
    (tmp_path / "data" / "states.jsonl").write_text('{"iso3": "KEN"}\n')
    first = fingerprint(tmp_path)
    (tmp_path / "extract" / "notes.txt").write_text("not a rule file")
    (tmp_path / "serve.py").write_text("# outside the rules")
    assert fingerprint(tmp_path) == first
    rules.write_text('{"cue": "pledges"}\n')
    assert fingerprint(tmp_path) != first


def test_registry_refuses_unmet_requirement() -> None:
    late = Component("late", "1", ("segments", "meeting"), ("x",), lambda doc: [])
    early = Component("early", "1", ("segments",), ("meeting",), lambda doc: [])
    check_registry([early, late])
    with pytest.raises(PipelineError, match="late"):
        check_registry([late, early])

"""Helpers shared by the command-line tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

from corpus_support import SEEDS  # noqa: F401  (re-exported for the CLI tests)

Cli = Callable[..., Result]


def stats_of(cli: Cli, url: str) -> dict[str, int]:
    """Return the store's statistics read through `coalition stats --format json`."""
    result = cli(url, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    counts: dict[str, int] = json.loads(result.stdout)
    return counts

"""Fixtures for the command-line tests: the seed folder and an in-process CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coalition.cli import app
from coalition.settings import get_settings

from .cli_support import SEEDS, Cli


@pytest.fixture
def seeds() -> Path:
    """The folder of the five seed documents (read at run time, never copied into tests)."""
    assert len(list(SEEDS.glob("*.txt"))) == 5, f"seeds missing at {SEEDS}"
    return SEEDS


@pytest.fixture
def cli() -> Cli:
    """Return a function that runs `coalition ARGS...` in-process against store ``url``."""
    runner = CliRunner()

    def run(url: str, *args: str) -> Result:
        get_settings.cache_clear()
        try:
            return runner.invoke(app, list(args), env={"COALITION_DATABASE_URL": url})
        finally:
            get_settings.cache_clear()

    return run

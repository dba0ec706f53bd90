"""`coalition init`, `ingest` and `stats`: repeat-safe ingest, bad files named, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .cli_support import Cli, stats_of


def test_cli_ingest_seeds_twice_stores_five(cli: Cli, store_url: str, seeds: Path) -> None:
    first = cli(store_url, "ingest", str(seeds))
    assert first.exit_code == 0, first.output
    after_first = stats_of(cli, store_url)
    assert after_first["documents"] == 5
    second = cli(store_url, "ingest", str(seeds))
    assert second.exit_code == 0, second.output
    assert stats_of(cli, store_url) == after_first
    assert "skipped" in second.stdout


def test_cli_ingest_names_bad_files(cli: Cli, store_url: str, seeds: Path,
                                   tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(seeds, folder)
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "fake.pdf").write_text("I only pretend to be a PDF.\n")
    result = cli(store_url, "ingest", str(folder))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert len(errors) == 3, result.stderr
    expected = {"blob.txt": "READ002", "empty.txt": "READ001", "fake.pdf": "READ005"}
    for name, code in expected.items():
        assert any(str(folder / name) in line and code in line for line in errors), name
    assert stats_of(cli, store_url)["documents"] == 5


def test_cli_init_then_stats_table(cli: Cli, store_url: str) -> None:
    init = cli(store_url, "init")
    assert init.exit_code == 0, init.output
    assert "store ready" in init.stdout
    assert cli(store_url, "init").exit_code == 0  # repeat-safe
    table = cli(store_url, "stats", "--format", "table")
    assert table.exit_code == 0, table.output
    assert "documents" in table.stdout
    assert json.loads(cli(store_url, "stats", "--format", "json").stdout)["documents"] == 0


def test_cli_stats_rejects_unknown_format(cli: Cli, tmp_path: Path) -> None:
    result = cli(f"sqlite:///{tmp_path / 's.db'}", "stats", "--format", "xml")
    assert result.exit_code == 2


def test_cli_stats_on_missing_store_says_init(cli: Cli, tmp_path: Path) -> None:
    result = cli(f"sqlite:///{tmp_path / 'none.db'}", "stats")
    assert result.exit_code == 1
    assert "coalition init" in result.stderr

"""`coalition backup` and `coalition restore`: a restore brings back the backed-up store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coalition.store import backup as backup_module

from .cli_support import Cli, stats_of


def test_cli_backup_then_restore_gives_back_the_store(cli: Cli, seeds: Path, store_url: str,
                                                      tmp_path: Path) -> None:
    seed_files = sorted(seeds.glob("*.txt"))
    assert cli(store_url, "ingest", *map(str, seed_files[:3])).exit_code == 0
    backed_up = stats_of(cli, store_url)
    dump = tmp_path / "store.backup"
    result = cli(store_url, "backup", str(dump))
    assert result.exit_code == 0, result.output
    assert dump.stat().st_size > 0
    assert cli(store_url, "ingest", str(seed_files[3])).exit_code == 0
    assert stats_of(cli, store_url)["documents"] == backed_up["documents"] + 1
    result = cli(store_url, "restore", str(dump))
    assert result.exit_code == 0, result.output
    assert stats_of(cli, store_url) == backed_up
    assert cli(store_url, "ingest", str(seed_files[3])).exit_code == 0  # the store still works
    assert stats_of(cli, store_url)["documents"] == backed_up["documents"] + 1


def test_cli_restore_refuses_a_file_that_is_no_backup(cli: Cli, store_url: str,
                                                      tmp_path: Path) -> None:
    assert cli(store_url, "init").exit_code == 0
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("not a backup\n")
    result = cli(store_url, "restore", str(bogus))
    assert result.exit_code == 1
    assert "[STORE001]" in result.output and "bogus.backup" in result.output


def test_cli_backup_without_pg_dump_says_so(cli: Cli, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which
    monkeypatch.setattr(backup_module.shutil, "which",
                        lambda name: None if name.startswith("pg_") else real_which(name))
    result = cli("postgresql://nobody@127.0.0.1:1/none", "backup", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert "pg_dump not found on PATH" in result.output

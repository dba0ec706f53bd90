"""`coalition export` and `import`: a round trip through the CLI gives identical exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .cli_support import Cli, stats_of


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_cli_export_import_export_identical(cli: Cli, make_store_url: Callable[[str], str],
                                            kind: str, seeds: Path, tmp_path: Path) -> None:
    source, target = make_store_url(kind), make_store_url(kind)
    assert cli(source, "ingest", str(seeds)).exit_code == 0
    first, second = tmp_path / "first", tmp_path / "second"
    exported = cli(source, "export", str(first))
    assert exported.exit_code == 0, exported.output
    imported = cli(target, "import", str(first))
    assert imported.exit_code == 0, imported.output
    assert cli(target, "export", str(second)).exit_code == 0
    names = sorted(p.name for p in first.iterdir())
    assert names and names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert stats_of(cli, target) == stats_of(cli, source)


def test_cli_import_into_non_empty_store_fails(cli: Cli, store_url: str, seeds: Path,
                                              tmp_path: Path) -> None:
    assert cli(store_url, "ingest", str(seeds / sorted(p.name for p in seeds.iterdir())[0]),
               ).exit_code == 0
    assert cli(store_url, "export", str(tmp_path / "dump")).exit_code == 0
    result = cli(store_url, "import", str(tmp_path / "dump"))
    assert result.exit_code == 1
    assert "not empty" in result.stderr

"""`coalition ingest --backend/--workers/--scheduler`, and two ingest processes at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from coalition.cli import app
from coalition.settings import get_settings
from coalition.store.engine import make_engine
from coalition.store.schema import upgrade
from corpus_support import copy_seeds

TIMEOUT = 240


def run_cli(url: str, *args: str) -> Result:
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, list(args), env={"COALITION_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()


def test_cli_ingest_refuses_bad_backend_options(tmp_path: Path) -> None:
    url, doc = f"sqlite:///{tmp_path / 's.db'}", tmp_path / "a.txt"
    doc.write_text("Iraq met Jordan in Amman.\n")
    cases = {("--backend", "threads"): "unknown backend 'threads'",
             ("--backend", "pool", "--scheduler", "tcp://127.0.0.1:9"): "needs the dask backend",
             ("--scheduler", "tcp://127.0.0.1:9", "--workers", "2"): "not with --scheduler",
             ("--workers", "0"): "--workers"}
    for options, message in cases.items():
        result = run_cli(url, "ingest", str(doc), *options)
        assert result.exit_code == 2, (options, result.output)
        assert message in re.sub(r"[\s│╭╮╰╯─]+", " ", result.stderr), (options, result.stderr)


def test_cli_ingest_serial_backend_stores_and_counts(tmp_path: Path) -> None:
    url, folder = f"sqlite:///{tmp_path / 's.db'}", tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Ministers of Iraq and Jordan met in Amman on 2 May 2019.\n")
    (folder / "b.txt").write_bytes(b"")
    result = run_cli(url, "ingest", str(folder), "--backend", "serial")
    assert result.exit_code == 1
    assert f"FAILED {folder / 'b.txt'}: [READ001]" in result.stderr
    assert "stored" in result.stdout and "Ingest" in result.stdout


def start_serial_ingest(folder: Path, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    return subprocess.Popen([sys.executable, "-m", "coalition.cli", "ingest", str(folder),
                             "--backend", "serial"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_ingest_processes_into_one_sqlite_file(tmp_path: Path) -> None:
    """Both store or skip every file; neither fails with "database is locked"."""
    db = tmp_path / "shared.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    count = copy_seeds(tmp_path / "corpus", 2, "Shared run copy")
    procs = [start_serial_ingest(tmp_path / "corpus", url) for _ in range(2)]
    outputs = [proc.communicate(timeout=TIMEOUT) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents"
                            ).fetchone() == (count, count)

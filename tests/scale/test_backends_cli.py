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


def _stored(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_ctrl_c_stops_the_batch_after_the_file_in_hand(tmp_path: Path) -> None:
    """The first SIGINT ends the batch cleanly (exit 130, no file reported failed); the same
    command then ingests the rest. Before, SQLite turned the interrupt into one failed file
    and the batch went on."""
    import signal
    import time

    db, folder = tmp_path / "s.db", tmp_path / "docs"
    folder.mkdir()
    for n in range(300):
        (folder / f"{n:03d}.txt").write_text(
            f"Amman, {n % 28 + 1} May 2019. Ministers of Iraq and Jordan met in Amman and "
            f"pledged ${n + 1} million for stabilization in Mosul, report {n}.\n" * 20)
    url = f"sqlite:///{db}"
    upgrade(make_engine(url))
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    command = [sys.executable, "-m", "coalition.cli", "ingest", str(folder),
               "--backend", "pool", "--workers", "2"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT
    while _stored(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert "interrupted after" in err.decode() and "FAILED" not in err.decode()
    stopped_at = _stored(db)
    assert 0 < stopped_at < 300
    again = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert _stored(db) == 300

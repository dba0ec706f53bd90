"""Kill `coalition ingest` with SIGKILL mid-way, run it again: the store is whole.

One transaction per file means a kill loses at most the file in flight; the rerun skips
what is stored and adds the rest, without duplicates, and SQLite's integrity check passes.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from coalition.store.engine import make_engine
from coalition.store.queries.stats import stats
from corpus_support import copy_seeds, start_ingest

log = logging.getLogger(__name__)

COPIES = 4  # 20 distinct documents (storing one takes about a second)
KILL_AFTER = 3  # documents stored before the kill
TIMEOUT = 300.0


def documents(url: str) -> int:
    engine = make_engine(url)
    try:
        with sessionmaker(bind=engine)() as session:
            return int(stats(session)["documents"])
    except Exception:  # the schema is not there yet while the first run migrates
        return 0
    finally:
        engine.dispose()


def wait_for_documents(proc: subprocess.Popen[bytes], url: str, count: int) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        stored = documents(url)
        if stored >= count:
            return stored
        time.sleep(0.05)
    raise AssertionError(f"ingest stored fewer than {count} documents (exit {proc.poll()})")


def test_cli_ingest_killed_then_rerun_is_whole(tmp_path: Path) -> None:
    folder, db = tmp_path / "corpus", tmp_path / "kill.db"
    url = f"sqlite:///{db}"
    expected = copy_seeds(folder, COPIES, "Archive copy number")
    proc = start_ingest(folder, url)
    try:
        wait_for_documents(proc, url, KILL_AFTER)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = documents(url)
    assert KILL_AFTER <= before < expected
    rerun = start_ingest(folder, url)
    assert rerun.wait(timeout=TIMEOUT) == 0
    after = documents(url)
    log.info("killed after %d of %d documents; %d after the rerun", before, expected, after)
    assert after == expected
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(DISTINCT sha256), count(*) FROM documents"
                            ).fetchone() == (expected, expected)

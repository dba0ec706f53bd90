"""SIGKILL `coalition ingest` at seeded random moments; after every kill the SQLite store is
sound (integrity and foreign keys), and a final run completes it without duplicates.

The first kill falls at a random moment of start-up (imports, migrations); the others at a
random moment after the run has stored a document of its own, so they hit the writing phase.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from corpus_support import copy_seeds, start_ingest

COPIES = 24  # 120 distinct documents: the last kill must still find work even when this
# process is descheduled for seconds under a loaded CI (with 60, a run once finished first)
KILLS = 5
START_DELAY = (0.2, 1.0)  # seconds from the start of the first run to its SIGKILL
WRITE_DELAY = (0.0, 0.15)  # seconds from a run's first stored document to its SIGKILL
TIMEOUT = 300.0


def check_store(db: Path) -> int:
    """Assert the store is sound; return how many documents it holds (0 before any)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
            return 0
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone()
    assert count == distinct
    return int(count)


def wait_for_progress(proc: subprocess.Popen[bytes], db: Path, before: int) -> None:
    """Wait until the run has stored a document more than ``before`` (or has ended)."""
    deadline = time.monotonic() + TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline:
        if _documents(db) > before:
            return
        time.sleep(0.02)


def _documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # no store, or no schema yet
        return 0


def test_crash_repeated_sigkill_leaves_a_sound_store(tmp_path: Path) -> None:
    folder, db = tmp_path / "corpus", tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    expected = copy_seeds(folder, COPIES, "Filed as crash-test copy")
    rng = random.Random(1857)
    survived, counts = 0, []
    for kill in range(KILLS):
        proc = start_ingest(folder, url)
        if kill == 0:
            time.sleep(rng.uniform(*START_DELAY))
        else:
            wait_for_progress(proc, db, counts[-1])
            time.sleep(rng.uniform(*WRITE_DELAY))
        if proc.poll() is not None:  # finished before the kill: nothing left to interrupt
            break
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        counts.append(check_store(db))
        survived += 1
    final = start_ingest(folder, url)
    assert final.wait(timeout=TIMEOUT) == 0
    assert check_store(db) == expected
    print(f"\nsurvived {survived} SIGKILLs (documents after each: {counts}); "
          f"final run: {expected} documents, no duplicates")
    assert survived == KILLS
    assert counts[1:] == sorted(set(counts[1:])) and counts[1] > counts[0]
    assert counts[-1] < expected

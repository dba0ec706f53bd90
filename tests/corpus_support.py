"""Helpers the test folders share: where the seeds are, a seeded store, copies of the seeds.

The seeds live in ../shared beside the repository (never in it); COALITION_SEEDS overrides.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from coalition.ingest import ingest_many
from coalition.store.engine import make_engine, make_session_factory
from coalition.store.schema import upgrade

SEEDS = Path(os.environ.get("COALITION_SEEDS") or
             Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds")


def pg_schema_url(pg_database: str | None) -> str:
    """Return the URL of a new, empty schema of the session's PostgreSQL test database
    (``pg_database``: None when PostgreSQL is unreachable, and the test is skipped)."""
    if pg_database is None:
        pytest.skip("PostgreSQL is not reachable")
    schema = f"s_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg_database}?options=-csearch_path%3D{schema}"


def seed_store(url: str) -> str:
    """Migrate the store at ``url``, ingest the seeds into it and return the URL."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        reports = ingest_many([SEEDS], make_session_factory(engine))
    finally:
        engine.dispose()
    assert reports and all(r.status == "stored" for r in reports), [r.describe() for r in reports]
    return url


def copy_seeds(folder: Path, copies: int, label: str) -> int:
    """Write every seed ``copies`` times, each with a distinct closing line; return the count."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5, f"seeds missing at {SEEDS}"
    for copy in range(copies):
        for seed in seeds:
            text = seed.read_text(encoding="utf-8") + f"\n{label} {copy}.\n"
            (folder / f"{copy:03d}_{seed.name}").write_text(text, encoding="utf-8")
    return copies * len(seeds)


def start_ingest(folder: Path, url: str) -> subprocess.Popen[bytes]:
    """Start `coalition ingest FOLDER` in its own process (for tests that kill it)."""
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    return subprocess.Popen([sys.executable, "-m", "coalition.cli", "ingest", str(folder)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

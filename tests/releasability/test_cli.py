"""The command line: `ingest --releasable-to/--as`, `group add`, `share`, `user add --partner`,
run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.tables import Document, DocumentRelease, DocumentShare, GroupMember, User
from corpus_support import SEEDS


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COALITION_DATABASE_URL": url, "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-m", "coalition.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_cli_marks_shares_and_refuses_narrowing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    bad = _run(url, "ingest", seed, "--releasable-to", "friends-of-friends")
    assert bad.returncode == 2 and "unknown audience 'friends-of-friends'" in bad.stderr
    stored = _run(url, "ingest", seed, "--releasable-to", "partners:usa,FRA", "--as", "GBR")
    assert stored.returncode == 0, stored.stderr
    assert _run(url, "group", "add", "small-group", "USA", "nld").returncode == 0
    added = _run(url, "user", "add", "gbr", "--role", "analyst", "--password",
                 "long enough secret", "--partner", "gbr")
    assert added.returncode == 0 and "(analyst, GBR)" in added.stdout
    shared = _run(url, "share", "1", "--releasable-to", "small-group")
    assert shared.returncode == 0 and "partners -> small_group" in shared.stdout
    narrowed = _run(url, "share", "1", "--releasable-to", "originator")
    assert narrowed.returncode == 1 and "would narrow" in narrowed.stderr
    missing = _run(url, "share", "99", "--releasable-to", "public")
    assert missing.returncode == 1 and "no document 99" in missing.stderr
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            doc = session.scalars(select(Document)).one()
            assert (doc.audience, doc.originator) == ("small_group", "GBR")
            assert set(session.scalars(select(DocumentRelease.partner_key))) == {"USA", "FRA"}
            assert set(session.scalars(select(GroupMember.partner_key))) == {"USA", "NLD"}
            assert session.scalars(select(User.partner_key)).one() == "GBR"
            [share] = session.scalars(select(DocumentShare)).all()
            assert (share.from_audience, share.to_audience) == ("partners", "small_group")
    finally:
        engine.dispose()

#!/usr/bin/env python3
"""What releasability costs: the read queries as each kind of viewer, beside no viewer.

Usage: .venv/bin/python benchmarks/visibility.py [--copies 4] [--runs 20]

Ingests ``--copies`` copies of the five seeds (each copy's files get a distinct closing line,
so each is a new document) into a fresh SQLite store, marking them in turn public, coalition,
small-group, working-group and originator-only; then times each query ``--runs`` times in a
fresh session as: no viewer (the baseline: what every query cost before issue #9), an
anonymous reader, the secretariat, and a partner in the Small Group. The dashboard cache is
cleared before each run, so the dashboard is computed every time. Prints the median and p95
in ms and the ratio of each viewer's median to the baseline's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from coalition.ingest import ingest_one
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries import cache, commitments, dashboard, documents, meetings, partners
from coalition.store.queries.search import search
from coalition.store.releases import Marking, parse_release, set_group_members
from coalition.store.schema import upgrade
from coalition.store.visibility import ANONYMOUS, SYSTEM, Viewer, bind_viewer

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
MARKINGS = ("public", "coalition", "small-group", "working-group:communications_wg",
            "originator")
VIEWERS = {"none (baseline)": SYSTEM, "anonymous": ANONYMOUS,
           "secretariat": Viewer(account=True, role="viewer"),
           "partner GBR": Viewer(account=True, partner_key="GBR", role="viewer",
                                 groups=frozenset({"small_group"}))}
QUERIES: dict[str, Callable[[Session], object]] = {
    "documents list": lambda s: documents.list_documents(s),
    "commitments list": lambda s: commitments.list_commitments(s),
    "meetings list": lambda s: meetings.list_meetings(s),
    "partners list": lambda s: partners.list_partners(s),
    "commitment detail": lambda s: commitments.commitment_detail(s, 1),
    "search": lambda s: search(s, "foreign fighters"),
    "dashboard": lambda s: dashboard.dashboard(s),
}


def fill(folder: Path, copies: int) -> str:
    """Ingest the marked copies of the seeds; return the store's URL."""
    url = f"sqlite:///{folder / 'store.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    seeds = sorted(SEEDS.glob("*.txt"))
    if len(seeds) != 5:
        sys.exit(f"seeds missing at {SEEDS}")
    n = 0
    for copy in range(copies):
        for seed in seeds:
            path = folder / f"{copy:03d}_{seed.name}"
            path.write_text(seed.read_text(encoding="utf-8") + f"\nCopy {copy}.\n",
                            encoding="utf-8")
            marking = Marking(parse_release(MARKINGS[n % len(MARKINGS)]), "USA")
            ingest_one(path, factory, marking)
            n += 1
    with session_scope(factory) as session:
        set_group_members(session, "small-group", ["GBR", "USA"])
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = fill(Path(tmp), args.copies)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        print(f"{args.copies * 5} documents, {args.runs} runs per cell; ms (median / p95), "
              "x = median / baseline median")
        print(f"{'query':<18}" + "".join(f"{name:>26}" for name in VIEWERS))
        for label, query in QUERIES.items():
            cells, base = [], 0.0
            for viewer in VIEWERS.values():
                times = []
                for _ in range(args.runs):
                    cache.clear()
                    start = time.perf_counter()
                    with session_scope(factory) as session:
                        bind_viewer(session, viewer)
                        query(session)
                    times.append((time.perf_counter() - start) * 1000)
                median = statistics.median(times)
                p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
                base = base or median
                cells.append(f"{median:8.1f} / {p95:7.1f}  x{median / base:4.1f}")
            print(f"{label:<18}" + "".join(f"{c:>26}" for c in cells))
        engine.dispose()


if __name__ == "__main__":
    main()

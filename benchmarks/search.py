#!/usr/bin/env python3
"""Search latency over 10,000 synthetic documents in a SQLite store, beside a LIKE scan.

Usage: .venv/bin/python benchmarks/search.py [--docs 10000] [--runs 30] [--seed 7]
       [--postgres postgresql://user@host/db]

Every document is SYNTHETIC: written by this script from the word lists below (no real
statement, no real event). They are inserted straight into a fresh SQLite store through
``coalition.store.bulk.insert_documents`` (no extraction; the FTS5 triggers of migration
0002 index them). For each query it prints p50/p95 of ``coalition.store.queries.search``
(FTS5 MATCH + count + snippets + fact search) and of ``search_like`` (a LIKE scan over the
same table in the same run), and the ratio. Target: p95 under 200 ms. With ``--postgres``
the store is a new schema of that database (dropped afterwards) instead of a SQLite file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from servers import postgres_schema

from coalition.store.bulk import NewDocument, insert_documents
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries.search import search, search_like
from coalition.store.schema import upgrade

SUBJECTS = ["The partners", "Ministers", "The working group", "Delegations", "The small group",
            "Participants", "The plenary", "Envoys", "The secretariat", "Donors"]
VERBS = ["agreed to strengthen", "pledged to expand", "reviewed", "welcomed progress on",
         "called for renewed", "committed to support", "discussed", "noted concern about",
         "decided to coordinate", "resolved to fund", "postponed", "asked experts to assess"]
ADJECTIVES = ["regional", "urgent", "joint", "local", "maritime", "rural", "municipal",
              "cross-border", "technical", "medical", "judicial", "financial", "civilian",
              "emergency", "provincial", "digital", "veterinary", "coastal", "seasonal", "basic"]
NOUNS = ["border security", "fighter travel", "oil revenue", "police training", "demining",
         "water repairs", "electricity grids", "school reopening", "grain storage",
         "bridge rebuilding", "clinic staffing", "court records", "radio broadcasts",
         "customs checks", "refugee returns", "bank supervision", "rubble clearance",
         "vaccination drives", "road patrols", "prison reform", "housing surveys",
         "aid convoys", "cash transfers", "landmine mapping", "port inspections"]
SYLLABLES = ["ka", "lor", "vin", "ost", "mar", "tel", "qua", "dre", "sen", "bal", "ru", "fex",
             "hol", "zan", "pim", "gor", "tav", "lue", "nir", "cas"]
TAILS = ["before the next plenary", "within 180 days", "over the coming year",
         "with partner governments", "in the affected provinces", "through the trust fund",
         "under national law", "with civil society", "at the request of the host government",
         "as resources allow"]
KINDS = ["communique", "joint_statement", "press_release", "remarks", "news"]


def place_names(rng: random.Random, n: int = 400) -> list[str]:
    """Invent ``n`` place names from syllables (synthetic, not real places)."""
    names = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
             for _ in range(n * 2)}
    return sorted(names)[:n]


def synthetic_text(rng: random.Random, n: int, places: list[str]) -> str:
    """Write one synthetic document of a title line and 8-25 sentences."""
    lines = [f"Synthetic statement {n} from {rng.choice(places)}", ""]
    for _ in range(rng.randint(8, 25)):
        lines.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} "
                     f"{rng.choice(NOUNS)} in {rng.choice(places)} {rng.choice(TAILS)}.")
    return "\n".join(lines)


def queries(places: list[str]) -> list[str]:
    """The queries timed: a rare place, a word pair, a phrase, an OR, a common word."""
    return [places[17], f"{places[3]} demining", '"veterinary vaccination drives"',
            "prison OR rubble", "maritime port inspections", "statement"]


def fill(url: str, docs: int, seed: int) -> float:
    """Create the store and insert ``docs`` synthetic documents; return the seconds taken."""
    rng = random.Random(seed)
    places = place_names(random.Random(seed))
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with session_scope(make_session_factory(engine)) as session:
        insert_documents(session, (NewDocument(
            synthetic_text(rng, n, places), f"synthetic:{n}", kind=rng.choice(KINDS),
            issued_on=f"{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}") for n in range(docs)))
    engine.dispose()
    return time.perf_counter() - started


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return p50 and p95 of ``fn`` in milliseconds over ``runs`` calls (after one warm-up)."""
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


@contextmanager
def store_url(postgres: str | None) -> Iterator[str]:
    """Yield the URL of a new, empty store: a SQLite file, or a new PostgreSQL schema."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    with postgres_schema(postgres, "bench_search") as url:
        yield url


def main() -> None:
    """Fill a store, time every query both ways and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--postgres", metavar="URL", help="fill a new schema of this database")
    args = ap.parse_args()
    with store_url(args.postgres) as url:
        seconds = fill(url, args.docs, args.seed)
        print(f"{args.docs} synthetic documents inserted and indexed in {seconds:.1f} s")
        engine = make_engine(url)
        factory = make_session_factory(engine)
        print(f"{'query':34} {'hits':>6} {'fts p50':>9} {'fts p95':>9} "
              f"{'like p50':>9} {'like p95':>9} {'speed-up':>9}")
        worst = 0.0
        with session_scope(factory) as session:
            for q in queries(place_names(random.Random(args.seed))):
                found = search(session, q)
                more = getattr(found, "more_documents", False)  # absent before the cap
                hits = f"{found.total_documents}{'+' if more else ''}"
                like_q = q.strip('"').split(" OR ")[0]  # LIKE has no OR: the first term
                f50, f95 = timed(partial(search, session, q), args.runs)
                l50, l95 = timed(partial(search_like, session, like_q), args.runs)
                worst = max(worst, f95)
                print(f"{q:34} {hits:>6} {f50:8.1f}ms {f95:8.1f}ms {l50:8.1f}ms {l95:8.1f}ms "
                      f"{l50 / f50:8.1f}x")
        engine.dispose()
        verdict = "met" if worst < 200 else "MISSED"
        print(f"worst FTS p95 {worst:.1f} ms: target < 200 ms {verdict}")


if __name__ == "__main__":
    main()

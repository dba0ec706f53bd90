#!/usr/bin/env python3
"""Ingest throughput of a synthetic corpus per backend, each into its own fresh store.

Usage: .venv/bin/python benchmarks/ingest.py [--count 10000] [--seed 1] [--backends auto]
       .venv/bin/python benchmarks/ingest.py --count 100000 --postgres postgresql://u@host/db

The corpus comes from ``generate_corpus.py`` (synthetic, written once under
``benchmarks/.data/corpus-COUNT-sSEED`` and reused). Each run drives the real command line,
``coalition ingest CORPUS [--backend B --workers N]``, as a subprocess with its own
``COALITION_DATABASE_URL``: a new SQLite file under ``benchmarks/.data/stores`` (kept, for
``http_latency.py``), or with ``--postgres`` a new schema in that database (dropped afterwards
unless ``--keep``). ``--max-seconds S`` interrupts each ingest after S seconds and rates the
documents stored by then (for a shared or slow machine). ``coalition init`` runs first and is
not timed; the timed wall clock includes the command's start (about a second). Runs: serial
(the baseline), the process pool with 2 workers, Dask with 1 and with 2 workers (a
LocalCluster the command starts); backends ``coalition ingest --help`` lacks are reported.

Printed per run: documents/s and MB/s, speed-ups against serial and against Dask with one
worker (target: Dask 2 workers >= 1.7x Dask 1 worker), peak RSS of the coordinating process
and of its worker processes (psutil samples every 0.5 s, cheap beside the work; max of one
worker and max of their sum), the tree's peak RSS from wait4 and its CPU seconds. The machine
may be shared: compare CPU seconds with wall seconds before trusting a speed-up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from generate_corpus import ensure_corpus
from servers import postgres_schema

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
COALITION = Path(sys.executable).with_name("coalition")
SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}


@dataclass(frozen=True)
class Config:
    """One benchmark run: a label, the backend options and its worker count."""

    label: str
    backend: str
    workers: int

    def options(self, offered: set[str]) -> list[str]:
        """Return the ingest options; none for serial when the CLI has no --backend yet."""
        if offered == {"serial"}:
            return []
        if self.backend == "serial":
            return ["--backend", "serial"]
        return ["--backend", self.backend, "--workers", str(self.workers)]


CONFIGS = (Config("serial", "serial", 1), Config("pool-2", "pool", 2),
           Config("dask-1", "dask", 1), Config("dask-2", "dask", 2))


@dataclass(frozen=True)
class Measured:
    """What the timed ingest process did: wall seconds, exit, peaks in bytes, CPU seconds."""

    seconds: float
    exit_code: int
    interrupted: bool
    coordinator_rss: int
    worker_rss_max: int
    worker_rss_sum: int
    tree_maxrss: int
    cpu_seconds: float


@dataclass(frozen=True)
class Result:
    """One run: its configuration, its measures and the documents its store holds after."""

    config: Config
    measured: Measured
    documents: int

    @property
    def rate(self) -> float:
        """Documents stored per wall second."""
        return self.documents / self.measured.seconds


def corpus_bytes(folder: Path) -> tuple[int, int]:
    """Return (files, bytes) of the ingestible files under ``folder`` (hidden ones left out)."""
    files = size = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                files += 1
                size += os.stat(os.path.join(root, name)).st_size
    return files, size


def available_backends() -> set[str]:
    """Return the backends the installed ``coalition ingest`` offers ("serial" always).

    Where ``--backend`` exists, serial is asked for by name (the default may be the pool)."""
    help_text = subprocess.run([str(COALITION), "ingest", "--help"], capture_output=True,
                               text=True, check=True, env={**os.environ, "COLUMNS": "200"}).stdout
    if "--backend" not in help_text:
        return {"serial"}
    return {"serial"} | {b for b in ("pool", "dask") if b in help_text}


@contextmanager
def fresh_store(config: Config, count: int, postgres: str | None, keep: bool) -> Iterator[str]:
    """Yield the URL of a new, empty store for one run."""
    if postgres is None:
        path = DATA / "stores" / f"ingest-{config.label}-{count}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
        yield f"sqlite:///{path}"
        return
    with postgres_schema(postgres, f"bench_{config.label.replace('-', '_')}", keep=keep) as url:
        yield url


def run_cli(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    """Run ``coalition ARGS`` against ``url``; stop with the command's error when it fails."""
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    done = subprocess.run([str(COALITION), *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"error: coalition {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done


def timed_ingest(corpus: Path, options: list[str], url: str, log: Path,
                 max_seconds: float | None) -> Measured:
    """Run the ingest, sampling RSS every 0.5 s; interrupt it after ``max_seconds``.

    An interrupted ingest gets SIGINT (it stops after the file in hand; the store keeps the
    files done), SIGTERM 10 s later, and if it has not ended 30 s later its tree is killed.
    """
    env = {**os.environ, "COALITION_DATABASE_URL": url}
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([str(COALITION), "ingest", str(corpus), *options],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
        watched = psutil.Process(proc.pid)
        coord = wmax = wsum = 0
        interrupted_at: float | None = None
        termed = False
        tree: list[psutil.Process] = []
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                coord = max(coord, watched.memory_info().rss)
                tree = watched.children(recursive=True)
                rss = [c.memory_info().rss for c in tree]
            except psutil.Error:  # a process ended between the listing and the reading
                rss = []
            if rss:
                wmax, wsum = max(wmax, max(rss)), max(wsum, sum(rss))
            elapsed = time.perf_counter() - started
            if max_seconds is not None and interrupted_at is None and elapsed > max_seconds:
                interrupted_at = elapsed
                proc.send_signal(signal.SIGINT)
            elif interrupted_at is not None and elapsed > interrupted_at + 10 and not termed:
                termed = True  # one slow file may outlast SIGINT
                proc.send_signal(signal.SIGTERM)
            elif interrupted_at is not None and elapsed > interrupted_at + 30:
                for p in [watched, *tree]:
                    with contextlib.suppress(psutil.Error):
                        p.kill()
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    return Measured(seconds, os.waitstatus_to_exitcode(status), interrupted_at is not None,
                    coord, wmax, wsum, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime)


def run_one(corpus: Path, config: Config, offered: set[str], count: int,
            postgres: str | None, keep: bool, max_seconds: float | None) -> Result:
    """Ingest the corpus with one configuration into a fresh store and measure it."""
    logs = DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with fresh_store(config, count, postgres, keep) as url:
        run_cli(["init"], url)
        log = logs / f"ingest-{config.label}-{count}.log"
        measured = timed_ingest(corpus, config.options(offered), url, log, max_seconds)
        stats = json.loads(run_cli(["stats", "--format", "json"], url).stdout)
    if measured.exit_code != 0 and not measured.interrupted:
        print(f"  {config.label}: coalition ingest exited {measured.exit_code}; see {log}",
              file=sys.stderr)
    return Result(config, measured, int(stats.get("documents", 0)))


def print_table(results: list[Result], files: int, size: int, skipped: list[str]) -> None:
    """Print the throughput table, the speed-ups and the Dask scaling verdict."""
    base = next((r for r in results if r.config.label == "serial"), None)
    dask1 = next((r for r in results if r.config.label == "dask-1"), None)
    mb = 1024 * 1024
    print(f"{'backend':8} {'workers':>7} {'docs':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} "
          f"{'vs serial':>9} {'vs dask-1':>9} {'coord MB':>8} {'worker MB':>9} "
          f"{'workers MB':>10} {'tree MB':>7} {'CPU s':>7}")
    for r in results:
        m = r.measured
        vs_serial = f"{r.rate / base.rate:8.2f}x" if base and base.rate else f"{'-':>9}"
        vs_dask = f"{r.rate / dask1.rate:8.2f}x" if dask1 and dask1.rate else f"{'-':>9}"
        mbs = size / 1e6 / m.seconds * r.documents / files
        docs = f"{r.documents}{'*' if m.interrupted else ''}"
        print(f"{r.config.backend:8} {r.config.workers:7} {docs:>7} {m.seconds:8.1f} "
              f"{r.rate:8.2f} {mbs:6.3f} {vs_serial} {vs_dask} "
              f"{m.coordinator_rss / mb:8.0f} {m.worker_rss_max / mb:9.0f} "
              f"{m.worker_rss_sum / mb:10.0f} {m.tree_maxrss / mb:7.0f} {m.cpu_seconds:7.0f}")
    if any(r.measured.interrupted for r in results):
        print("* stopped after --max-seconds: rates are over the documents stored by then "
              "(MB/s assumes their mean size)")
    for label in skipped:
        print(f"{label:8} not run: `coalition ingest --help` offers no such backend")
    dask2 = next((r for r in results if r.config.label == "dask-2"), None)
    if dask1 and dask2:
        ratio = dask2.rate / dask1.rate if dask1.rate else float("nan")
        print(f"Dask 2 workers vs 1 worker: {ratio:.2f}x (target >= 1.7x "
              f"{'met' if ratio >= 1.7 else 'MISSED'})")
    print("worker MB: the largest worker process; workers MB: their largest sum; tree MB: "
          "wait4's ru_maxrss over the command and its reaped children")


def main() -> None:
    """Generate (or reuse) the corpus, run every available backend and print the table."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10_000, help="documents (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, help="corpus folder (default benchmarks/.data/...)")
    ap.add_argument("--backends", default="auto",
                    help="comma-separated labels among serial,pool-2,dask-1,dask-2, or auto")
    ap.add_argument("--postgres", metavar="URL", help="ingest into new schemas of this database")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL schemas")
    ap.add_argument("--max-seconds", type=float,
                    help="interrupt each ingest after this long and rate what it stored")
    args = ap.parse_args()
    wanted = [c.label for c in CONFIGS] if args.backends == "auto" else args.backends.split(",")
    unknown = set(wanted) - {c.label for c in CONFIGS}
    if unknown:
        raise SystemExit(f"error: --backends: unknown {sorted(unknown)}")
    if not COALITION.exists():
        raise SystemExit(f"error: {COALITION} not found: run with the project's .venv/bin/python")
    corpus = args.corpus or DATA / f"corpus-{args.count}-s{args.seed}"
    started = time.perf_counter()
    ensure_corpus(corpus, args.count, args.seed)
    files, size = corpus_bytes(corpus)
    print(f"corpus {corpus}: {files} synthetic files, {size / 1e6:.1f} MB "
          f"(ready in {time.perf_counter() - started:.1f} s); store: "
          f"{'PostgreSQL' if args.postgres else 'SQLite'}; {psutil.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    offered = available_backends()
    results, skipped = [], []
    for config in CONFIGS:
        if config.label not in wanted:
            continue
        if config.backend not in offered:
            skipped.append(config.label)
            continue
        print(f"  running {config.label} ...", file=sys.stderr, flush=True)
        results.append(run_one(corpus, config, offered, args.count, args.postgres,
                               args.keep, args.max_seconds))
    print_table(results, files, size, skipped)
    if (psutil.cpu_count() or 1) <= 2:
        print("note: 2 CPUs, possibly shared with other work: figures are provisional")


if __name__ == "__main__":
    main()

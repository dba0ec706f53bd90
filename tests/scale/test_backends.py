"""Batch backends: serial, a process pool and Dask give the same store, in the same order,
and a worker that dies loses only the file it was working on.

The Dask cases run a real LocalCluster on loopback (two worker processes). A file that must
kill its worker carries a marker that ``coalition.ingest`` acts on only when the test-only
environment variable ``COALITION_TEST_KILL_WORKER_ON`` holds it: the worker SIGKILLs itself.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coalition.batch import Backend, DaskBackend, PoolBackend, SerialBackend
from coalition.ingest import KILL_WORKER_ENV, IngestReport, ingest_many
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.schema import upgrade
from coalition.store.transfer import export_store
from corpus_support import SEEDS

from .test_backends_cli import run_cli

MARKER = "zq-poison-pill-for-batch-tests"
CLOCK_COLUMN = "ingested_at"  # the one value that depends on when a file was saved

# Short documents written for these tests (fictional, in our own words).
OWN_DOCUMENTS = {
    "lisbon.txt": "Lisbon, 9 March 2021\n\nForeign ministers of Portugal, Norway and Iraq met "
                  "in Lisbon. They pledged $12 million to restore water networks in Mosul and "
                  "agreed to meet again within 180 days.\n",
    "ottawa.md": "# Ottawa working group\n\nThe Counter-Finance working group met in Ottawa on "
                 "14 June 2022. Canada and Italy co-chaired; Jordan attended. Members committed "
                 "to share sanctions designations with the United Nations.\n",
    "notes.txt": "Press note. Denmark announced 400 additional trainers for the Iraqi security "
                 "forces, and Japan said it would fund demining near Raqqa.\n",
}
POISON = ("Tunis, 3 May 2023\n\nMinisters of Tunisia and Morocco met. "
          f"{MARKER}\n")


def write_corpus(folder: Path, *, poison: bool = False) -> Path:
    """Copy the seeds, add our own documents, a re-encoded duplicate and a bad file."""
    shutil.copytree(SEEDS, folder)
    for name, text in OWN_DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    # the same text as lisbon.txt in UTF-16: one document, the later file in order is skipped
    (folder / "zz_lisbon_utf16.txt").write_text(OWN_DOCUMENTS["lisbon.txt"], encoding="utf-16")
    (folder / "broken.pdf").write_text("this is not a PDF at all\n")
    if poison:
        (folder / "c_poison.txt").write_text(POISON, encoding="utf-8")
    return folder


def ingest(url: str, folder: Path, backend: Backend) -> list[IngestReport]:
    engine = make_engine(url)
    try:
        upgrade(engine)
        return ingest_many([folder], make_session_factory(engine), backend=backend)
    finally:
        engine.dispose()


def export(url: str, directory: Path) -> dict[str, bytes]:
    """Export the store and return every file's bytes, the ingest clock column left out."""
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            paths = export_store(session, directory)
    finally:
        engine.dispose()
    files = {p.name: p.read_bytes() for p in paths}
    files["documents.jsonl"] = _drop_clock_jsonl(files["documents.jsonl"])
    files["documents.csv"] = _drop_clock_csv(files["documents.csv"])
    return files


def _drop_clock_jsonl(data: bytes) -> bytes:
    rows = [json.loads(line) for line in data.decode().splitlines()]
    assert all(CLOCK_COLUMN in row for row in rows)
    return "".join(json.dumps({k: v for k, v in row.items() if k != CLOCK_COLUMN},
                              sort_keys=True, ensure_ascii=False) + "\n" for row in rows).encode()


def _drop_clock_csv(data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode())))
    keep = [i for i, name in enumerate(rows[0]) if name != CLOCK_COLUMN]
    assert len(keep) == len(rows[0]) - 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[i] for i in keep] for row in rows)
    return out.getvalue().encode()


def outcome(reports: list[IngestReport]) -> list[tuple[str, str]]:
    return [(r.path.name, r.status) for r in reports]


@pytest.fixture(scope="module")
def dask_backend() -> Iterator[DaskBackend]:
    """A real Dask LocalCluster on loopback, two worker processes, the kill hook armed.

    The hook stays armed in this process while the cluster lives: its nannies start the
    replacement of a dead worker from this process's environment.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KILL_WORKER_ENV, MARKER)
        backend = DaskBackend(workers=2)
        try:
            yield backend
        finally:
            backend.close()


def test_backends_give_identical_exports(tmp_path: Path, make_store_url: Callable[[str], str],
                                         dask_backend: DaskBackend) -> None:
    folder = write_corpus(tmp_path / "corpus")
    exports, outcomes = {}, {}
    for backend in (SerialBackend(), PoolBackend(2), dask_backend):
        url = make_store_url("sqlite")
        outcomes[backend.name] = outcome(ingest(url, folder, backend))
        exports[backend.name] = export(url, tmp_path / f"export_{backend.name}")
    serial = outcomes["serial"]
    assert sum(status == "stored" for _, status in serial) == 5 + len(OWN_DOCUMENTS)
    assert ("zz_lisbon_utf16.txt", "skipped") in serial and ("broken.pdf", "failed") in serial
    assert serial == outcomes["pool"] == outcomes["dask"]
    assert exports["serial"]["sources.jsonl"].count(b"\n") > 500  # the facts are there
    for name in ("pool", "dask"):
        differing = [f for f in exports["serial"] if exports["serial"][f] != exports[name][f]]
        assert differing == [], f"{name} differs from serial in {differing}"


def test_pool_matches_serial_on_postgresql(tmp_path: Path,
                                           make_store_url: Callable[[str], str]) -> None:
    folder = write_corpus(tmp_path / "corpus")
    urls = {"serial": make_store_url("postgresql"), "pool": make_store_url("postgresql")}
    ingest(urls["serial"], folder, SerialBackend())
    ingest(urls["pool"], folder, PoolBackend(2))
    assert export(urls["serial"], tmp_path / "s") == export(urls["pool"], tmp_path / "p")


def check_only_poison_lost(reports: list[IngestReport], folder: Path) -> None:
    by_name = {r.path.name: r for r in reports}
    poison = by_name.pop("c_poison.txt")
    assert poison.status == "failed"
    assert poison.reason == f"worker died while processing {folder / 'c_poison.txt'}"
    assert by_name.pop("broken.pdf").status == "failed"
    assert by_name.pop("zz_lisbon_utf16.txt").status == "skipped"
    assert {name: r.status for name, r in by_name.items()} == dict.fromkeys(by_name, "stored")
    assert len(by_name) == 5 + len(OWN_DOCUMENTS)


def rerun_stores_poison(url: str, folder: Path) -> None:
    """A re-run (the hook no longer armed) stores the lost file and skips the others."""
    again = {r.path.name: r.status for r in ingest(url, folder, SerialBackend())}
    assert again.pop("c_poison.txt") == "stored"
    assert again.pop("broken.pdf") == "failed"
    assert set(again.values()) == {"skipped"}


def test_pool_worker_killed_loses_only_its_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus(tmp_path / "corpus", poison=True)
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    monkeypatch.setenv(KILL_WORKER_ENV, MARKER)
    check_only_poison_lost(ingest(url, folder, PoolBackend(2, chunk_size=3)), folder)
    monkeypatch.delenv(KILL_WORKER_ENV)
    rerun_stores_poison(url, folder)


def test_dask_worker_killed_loses_only_its_file(tmp_path: Path, dask_backend: DaskBackend,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus(tmp_path / "corpus", poison=True)
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    check_only_poison_lost(ingest(url, folder, dask_backend), folder)
    monkeypatch.delenv(KILL_WORKER_ENV)  # the re-run is serial, in this process
    rerun_stores_poison(url, folder)


def test_cli_ingest_through_a_running_scheduler(tmp_path: Path,
                                                dask_backend: DaskBackend) -> None:
    folder = write_corpus(tmp_path / "corpus")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    address = dask_backend.client.scheduler.address
    result = run_cli(url, "ingest", str(folder), "--scheduler", address)
    assert result.exit_code == 1, result.output  # broken.pdf
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert failed == [f"FAILED {folder / 'broken.pdf'}: [READ005] " + failed[0].split("] ", 1)[1]]
    stats = json.loads(run_cli(url, "stats", "--format", "json").stdout)
    assert stats["documents"] == 5 + len(OWN_DOCUMENTS)

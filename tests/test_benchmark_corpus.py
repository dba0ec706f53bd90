"""The synthetic benchmark corpus (benchmarks/generate_corpus.py): deterministic, marked as
synthetic, sized like the seeds' registers, refused in the wrong folders, and rich enough
that the real extractors find every kind of fact in it."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from coalition.pipeline import analyze
from coalition.read import read_path
from coalition.resolve.record import to_record

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def gen() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("generate_corpus")
    finally:
        sys.path.remove(str(BENCHMARKS))


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_same_seed_same_bytes_other_seed_other_text(gen: ModuleType, tmp_path: Path) -> None:
    gen.ensure_corpus(tmp_path / "a", 40, 11)
    gen.ensure_corpus(tmp_path / "b", 40, 11)
    gen.ensure_corpus(tmp_path / "c", 40, 12)
    a, b, c = (files_of(tmp_path / x) for x in "abc")
    assert len(a) == 40
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    # a document depends on (seed, n) only: a larger corpus starts with the smaller one
    assert gen.document(11, 7) == gen.document(11, 7)
    gen.ensure_corpus(tmp_path / "d", 45, 11)
    assert [p.read_bytes() for p in files_of(tmp_path / "d")[:40]] == [p.read_bytes() for p in a]


def test_every_file_says_it_is_synthetic_and_the_mix_is_realistic(gen: ModuleType) -> None:
    docs = [gen.document(3, n) for n in range(400)]
    for kind, _suffix, text in docs:
        first = text.splitlines()[0]
        assert "SYNTHETIC BENCHMARK DOCUMENT" in first, (kind, first)
    sizes = [len(text.encode()) for _, _, text in docs]
    in_range = sum(1000 <= s <= 6500 for s in sizes) / len(sizes)
    assert in_range > 0.6, f"only {in_range:.0%} of documents are 1-6 KB"
    suffixes = Counter(suffix for _, suffix, _ in docs)
    assert suffixes[".txt"] > suffixes[".html"] > 0
    kinds = Counter(kind for kind, _, _ in docs)
    assert len(kinds) == 5 and min(kinds.values()) >= 20
    years = {int(y) for _, _, t in docs for y in t.split() if y.isdigit() and len(y) == 4}
    assert min(years) == 2014 and max(years) >= 2026


def test_extractors_find_every_kind_of_fact(gen: ModuleType, tmp_path: Path) -> None:
    gen.ensure_corpus(tmp_path, 12, 5)
    found: Counter[str] = Counter()
    for path in files_of(tmp_path):
        record = to_record(analyze(read_path(path)))
        for key in ("meetings", "participants", "commitments", "money", "metrics",
                    "states_mentioned"):
            found[key] += bool(record[key])
        found["dated"] += bool(record["document"]["date"])
    # most documents carry each kind of fact; none of the kinds is missing anywhere
    assert min(found.values()) >= 6, found
    assert found["commitments"] == found["dated"] == 12, found


@pytest.mark.parametrize("where", ["shared", "tests/fixtures", "src"])
def test_refuses_the_shared_corpus_and_the_source_tree(gen: ModuleType, where: str) -> None:
    repo = BENCHMARKS.parent
    target = (repo.parent / "shared" / "x") if where == "shared" else repo / where / "x"
    with pytest.raises(SystemExit, match="refusing to write a synthetic corpus"):
        gen.ensure_corpus(target, 3, 1)
    assert not target.exists()


def test_refuses_a_folder_with_other_files(gen: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match=f"{tmp_path}: folder is not empty"):
        gen.ensure_corpus(tmp_path, 3, 1)
    gen.ensure_corpus(tmp_path / "corpus", 3, 1)
    with pytest.raises(SystemExit, match="holds a corpus of"):
        gen.ensure_corpus(tmp_path / "corpus", 4, 1)

#!/usr/bin/env python3
"""Extraction throughput on the seeds repeated to >= 10 MB, beside a bare regex word pass.

Usage: .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--mb 10]

Prints MB/s and words/s of the full pipeline (segment + every registered component) and of
`re.findall(r"\\w+")` over the same text in the same run, and their ratio. One process, one
core.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from pathlib import Path

from coalition.model import SourceDocument
from coalition.pipeline import analyze, components

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "seeds"


def load_documents(corpus: Path, target_bytes: int) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    docs: list[str] = []
    total = 0
    while total < target_bytes:
        for text in seeds:
            docs.append(text)
            total += len(text.encode("utf-8"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args()
    docs = load_documents(args.corpus, int(args.mb * 1_000_000))
    size_mb = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    components()  # load the registry and its gazetteers outside the timed part
    analyze(SourceDocument("0" * 64, docs[0], "warmup", "text/plain"))

    word = re.compile(r"\w+")
    t0 = time.perf_counter()
    n_words = sum(len(word.findall(d)) for d in docs)
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_facts = 0
    for i, text in enumerate(docs):
        sha = hashlib.sha256(f"{i}".encode()).hexdigest()
        n_facts += len(analyze(SourceDocument(sha, text, "bench", "text/plain")).facts)
    full = time.perf_counter() - t0

    print(f"corpus: {len(docs)} documents, {size_mb:.1f} MB, {n_words:,} words")
    print(f"{'pass':28} {'seconds':>8} {'MB/s':>8} {'words/s':>12}")
    print(f"{'bare regex word pass':28} {bare:8.2f} {size_mb / bare:8.2f} {n_words / bare:12,.0f}")
    print(f"{'coalition pipeline':28} {full:8.2f} {size_mb / full:8.2f} {n_words / full:12,.0f}")
    print(f"facts: {n_facts:,}; pipeline is {full / bare:.1f}x the bare pass")


if __name__ == "__main__":
    main()

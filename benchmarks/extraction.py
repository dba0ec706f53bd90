#!/usr/bin/env python3
"""Extraction throughput on the seeds repeated to >= 10 MB, beside a bare regex word pass.

Usage: .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--mb 10] [--rounds 3] [--stages]
                                                [--floor]

Prints MB/s and words/s of the full pipeline (segment + every registered component) and of
`re.findall(r"\\w+")` over the same text in the same run, and their ratio: each pass is timed
``--rounds`` times, interleaved, and its best time kept (the bare pass takes a tenth of a second
a round, so one timing of it moved the ratio by a third between runs). One process, one
core. ``--stages`` then times each stage (tokenize, segment, every component) in CPU seconds
in a second pass over the same documents: shares less sensitive to other load on the machine.
``--floor`` times the work no design of this pipeline can skip, each as a multiple of the bare
pass: spaCy's own tokenizer (which the project replaced), ours, sentence segmentation, and
building the pipeline's output facts from their finished values.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from coalition.model import AnalyzedDoc, Fact, SourceDocument
from coalition.pipeline import analyze, components
from coalition.segment.sentences import segment_text
from coalition.segment.tokens import tokenize

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "seeds"


def load_documents(corpus: Path, target_bytes: int) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not any(seeds):
        raise SystemExit(f"{corpus}: no .txt documents to repeat (give --corpus)")
    docs: list[str] = []
    total = 0
    while total < target_bytes:
        for text in seeds:
            docs.append(text)
            total += len(text.encode("utf-8"))
    return docs


def stage_seconds(docs: list[str]) -> dict[str, float]:
    """CPU seconds per stage of the pipeline over ``docs`` (the steps of `analyze`)."""
    seconds = {"tokenize": 0.0, "segment": 0.0} | {c.name: 0.0 for c in components()}
    clock = time.process_time
    for i, text in enumerate(docs):
        doc = AnalyzedDoc(sha256=hashlib.sha256(f"{i}".encode()).hexdigest(), text=text)
        t0 = clock()
        doc.tokens = tokenize(text)
        t1 = clock()
        doc.segments = segment_text(text)
        seconds["tokenize"] += t1 - t0
        seconds["segment"] += clock() - t1
        for comp in components():
            t0 = clock()
            doc.facts.extend(comp(doc))
            seconds[comp.name] += clock() - t0
    return seconds


def best_of(rounds: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


def floor_seconds(docs: list[str], rounds: int) -> dict[str, float]:
    """Seconds (best of ``rounds``) of each part of the floor (see the module's docstring)."""
    nlp = spacy.blank("en")
    analyzed = [analyze(SourceDocument(f"{i:064d}", t, "bench", "text/plain"))
                for i, t in enumerate(docs)]
    rows = [[(f.document, f.kind, f.start, f.end, f.extractor, f.version, f.confidence, f.attrs)
             for f in doc.facts] for doc in analyzed]

    def build_facts() -> None:
        for text, facts in zip(docs, rows, strict=True):
            for sha, kind, start, end, extractor, version, confidence, attrs in facts:
                Fact(sha, kind, start, end, text[start:end], extractor, version, confidence, attrs)

    return {
        "spaCy's English tokenizer": best_of(rounds, lambda: [nlp.make_doc(t) for t in docs]),
        "our tokenizer (spaCy Doc)": best_of(rounds, lambda: [tokenize(t) for t in docs]),
        "sentence segmentation": best_of(rounds, lambda: [segment_text(t) for t in docs]),
        f"building the {sum(map(len, rows)):,} facts": best_of(rounds, build_facts),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--stages", action="store_true", help="also time each stage (CPU seconds)")
    ap.add_argument("--floor", action="store_true",
                    help="also time the parts no design can skip, against the bare pass")
    ap.add_argument("--rounds", type=int, default=3,
                    help="time both passes this many times, interleaved, and keep each's best")
    args = ap.parse_args()
    docs = load_documents(args.corpus, int(args.mb * 1_000_000))
    size_mb = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    components()  # load the registry and its gazetteers outside the timed part
    analyze(SourceDocument("0" * 64, docs[0], "warmup", "text/plain"))

    word = re.compile(r"\w+")
    bare = full = float("inf")
    n_words = n_facts = 0
    for _ in range(args.rounds):  # interleaved, so both passes see the same machine
        t0 = time.perf_counter()
        n_words = sum(len(word.findall(d)) for d in docs)
        bare = min(bare, time.perf_counter() - t0)

        t0 = time.perf_counter()
        n_facts = 0
        for i, text in enumerate(docs):
            sha = hashlib.sha256(f"{i}".encode()).hexdigest()
            n_facts += len(analyze(SourceDocument(sha, text, "bench", "text/plain")).facts)
        full = min(full, time.perf_counter() - t0)

    print(f"corpus: {len(docs)} documents, {size_mb:.1f} MB, {n_words:,} words")
    print(f"{'pass':28} {'seconds':>8} {'MB/s':>8} {'words/s':>12}")
    print(f"{'bare regex word pass':28} {bare:8.2f} {size_mb / bare:8.2f} {n_words / bare:12,.0f}")
    print(f"{'coalition pipeline':28} {full:8.2f} {size_mb / full:8.2f} {n_words / full:12,.0f}")
    print(f"facts: {n_facts:,}; pipeline is {full / bare:.1f}x the bare pass")
    if args.floor:
        print(f"{'floor (best of rounds)':28} {'seconds':>8} {'x bare':>8}")
        for name, sec in floor_seconds(docs, args.rounds).items():
            print(f"{name:28} {sec:8.2f} {sec / bare:8.1f}")
    if args.stages:
        seconds = stage_seconds(docs)
        total = sum(seconds.values())
        print(f"{'stage (CPU, second pass)':28} {'seconds':>8} {'share':>8} {'s/MB':>8}")
        for name, sec in sorted(seconds.items(), key=lambda kv: -kv[1]):
            print(f"{name:28} {sec:8.2f} {sec / total:8.1%} {sec / size_mb:8.3f}")
        print(f"{'total':28} {total:8.2f} {1:8.1%} {total / size_mb:8.3f}")


if __name__ == "__main__":
    main()

"""The extraction targets of the Extraction issue, measured by ../shared/eval/score.py.

Two sets: the five seeds (targets: overall >= 0.90, every field >= 0.80) and the project's
own dev corpus of documents written for evaluation (tests/fixtures/dev_corpus; target
overall >= 0.80, the figure asked of documents the extractor was not written against).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coalition.pipeline import analyze
from coalition.read import read_path
from coalition.resolve.record import to_record

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
SETS = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "eval" / "gold"),
    "dev": (ROOT / "tests" / "fixtures" / "dev_corpus" / "docs",
            ROOT / "tests" / "fixtures" / "dev_corpus" / "gold"),
}

Figures = dict[str, dict[str, float]]


def _score(corpus: Path, gold: Path, pred: Path) -> Figures:
    if not SCORE.exists():
        pytest.fail(f"{SCORE} is missing: the shared evaluation is part of the checkout")
    for path in sorted(corpus.glob("*.txt")):
        record = to_record(analyze(read_path(path)))
        (pred / f"{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCORE), "--pred", str(pred), "--gold", str(gold),
                           "--json"], capture_output=True, text=True, check=True)
    result: Figures = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Figures]:
    return {name: _score(corpus, gold, tmp_path_factory.mktemp(name))
            for name, (corpus, gold) in SETS.items()}


def test_score_seeds_overall_meets_target(figures: dict[str, Figures]) -> None:
    assert figures["seeds"]["overall"] >= 0.90, figures["seeds"]


def test_score_seeds_every_field_meets_target(figures: dict[str, Figures]) -> None:
    low = {k: v.get("f1", v.get("accuracy")) for k, v in figures["seeds"].items()
           if k != "overall" and v.get("f1", v.get("accuracy", 1.0)) < 0.80}
    assert not low, low


def test_score_dev_corpus_overall_meets_target(figures: dict[str, Figures]) -> None:
    assert figures["dev"]["overall"] >= 0.80, figures["dev"]

"""Reference data shipped with the package (gazetteers, lines of effort), read via importlib."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_json(name: str, package: str = "coalition.data") -> Any:
    """Load ``name`` (a .json file) from ``package``."""
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_jsonl(name: str, package: str = "coalition.data") -> tuple[dict[str, Any], ...]:
    """Load ``name`` (a .jsonl file, one object a line, ``//`` comment lines allowed)."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise ValueError(f"{package}/{name}:{n}: {err}") from err
    return tuple(rows)


def load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    """Load an extractor's pattern file from ``coalition/extract/patterns``."""
    return load_jsonl(name, "coalition.extract.patterns")

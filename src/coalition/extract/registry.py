"""Registered pipeline components, in the order they run.

Each component is a pure function ``(doc: AnalyzedDoc) -> list[Fact]`` declared with
``@extractor(name, version, requires, assigns)``. ``requires`` names fact kinds (or
``"segments"``) that earlier components must assign; `check_registry` verifies it at
startup. The built-ins are listed in ``BUILTINS`` (the one list, like spaCy's factories).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coalition.errors import PipelineError
from coalition.model import AnalyzedDoc, Fact

ExtractFn = Callable[[AnalyzedDoc], list[Fact]]

# Module paths of the built-in components, in data-flow order.
BUILTINS: tuple[str, ...] = (
    "coalition.extract.actors",
    "coalition.extract.places",
    "coalition.extract.people",
    "coalition.extract.dates",
    "coalition.extract.resolutions",
    "coalition.extract.money",
    "coalition.extract.metrics",
    "coalition.extract.document",
    "coalition.extract.meetings",
    "coalition.extract.participants",
    "coalition.extract.commitments",
)


# What the facts depend on, under the package: code, patterns and gazetteers.
_RULE_FILES = ("extract", "segment", "data", "model.py", "pipeline.py")


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A short hash of every file the extraction reads (``_RULE_FILES``): facts extracted by
    the same code with the same patterns and gazetteers carry the same one."""
    return fingerprint(Path(__file__).resolve().parent.parent)


def fingerprint(package: Path) -> str:
    """The hash of the rule files under ``package`` (their paths and contents)."""
    digest = hashlib.sha256()
    for entry in _RULE_FILES:
        root = package / entry
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".jsonl"):
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def rules_version(major: str) -> str:
    """An extractor's version: its ``major`` (raise it when the meaning of its facts
    changes) and the rules fingerprint, so that a fact tells which rules found it."""
    return f"{major}+{rules_fingerprint()}"


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    fn: ExtractFn

    def __call__(self, doc: AnalyzedDoc) -> list[Fact]:
        return self.fn(doc)


_REGISTRY: dict[str, Component] = {}


def extractor(name: str, *, version: str, requires: tuple[str, ...] = ("segments",),
              assigns: tuple[str, ...]) -> Callable[[ExtractFn], ExtractFn]:
    """Register ``fn`` as a pipeline component; its module lists it in ``COMPONENTS``.

    Usage (in a module named in ``BUILTINS``)::

        COMPONENTS = ("states",)

        @extractor("states", version="1", assigns=("state",))
        def extract_states(doc: AnalyzedDoc) -> list[Fact]: ...
    """

    def register(fn: ExtractFn) -> ExtractFn:
        _REGISTRY[name] = Component(name, version, tuple(requires), tuple(assigns), fn)
        return fn

    return register


def load_builtins() -> list[Component]:
    """Import the built-in modules (which registers them) and return their components in
    order: each module lists its own in ``COMPONENTS``."""
    ordered: list[Component] = []
    for module in BUILTINS:
        names = getattr(importlib.import_module(module), "COMPONENTS", ())
        if not names:
            raise PipelineError(f"{module} declares no COMPONENTS")
        for name in names:
            if name not in _REGISTRY:
                raise PipelineError(f"{module} lists {name!r}, which it does not register")
            ordered.append(_REGISTRY[name])
    check_registry(ordered)
    return ordered


def check_registry(components: list[Component]) -> None:
    """Raise PipelineError when a component requires what no earlier one assigns."""
    available = {"segments"}
    for comp in components:
        missing = [r for r in comp.requires if r not in available]
        if missing:
            raise PipelineError(f"component {comp.name!r} requires {missing}, "
                                "which no earlier component assigns")
        available.update(comp.assigns)

"""`coalition extract`: a SCHEMA.md record for every seed, and for HTML and PDF files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from .cli_support import SEEDS, Cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from test_read_pdf import make_pdf  # noqa: E402

LISTS_OF_STR = ("states_mentioned", "organizations_mentioned", "armed_groups_mentioned")
DICT_LISTS = {
    "meetings": {"name", "start", "end", "city", "country_iso3", "kind"},
    "people_mentioned": {"name", "role"},
    "money": {"amount", "currency", "text"},
    "metrics": {"value", "unit", "text", "what"},
    "commitments": {"text", "lines_of_effort"},
    "participants": {"meeting", "member", "role"},
}
NO_STORE = "sqlite:////nonexistent/never-used.db"


def check_record(record: dict[str, Any]) -> None:
    """Assert that ``record`` has every key of SCHEMA.md with the right types."""
    assert set(record) == {"document", "un_resolutions", *LISTS_OF_STR, *DICT_LISTS}
    document = record["document"]
    assert set(document) == {"date", "city", "country_iso3", "kind"}
    assert all(v is None or isinstance(v, str) for v in document.values())
    assert isinstance(document["kind"], str)
    for key in LISTS_OF_STR:
        assert all(isinstance(v, str) for v in record[key]), key
    assert all(isinstance(n, int) for n in record["un_resolutions"])
    for key, fields in DICT_LISTS.items():
        assert isinstance(record[key], list), key
        for item in record[key]:
            assert set(item) >= fields, (key, item)
    for item in record["money"]:
        assert isinstance(item["amount"], int | float) and isinstance(item["currency"], str)
    for item in record["metrics"]:
        assert isinstance(item["value"], int | float)
    for item in record["commitments"]:
        assert isinstance(item["text"], str) and isinstance(item["lines_of_effort"], list)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_cli_extract_seed_record(cli: Cli, seed: Path) -> None:
    result = cli(NO_STORE, "extract", str(seed), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    check_record(record)
    assert record["states_mentioned"], "every seed names states"


def test_cli_extract_html_and_pdf(cli: Cli, tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text("<html><head><title>Rome</title></head><body><nav>Home</nav><p>"
                    "Ministers of Iraq and Jordan met in Rome on 2 February 2016.</p></body>"
                    "</html>", encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(make_pdf(["Ministers of Iraq and Jordan met in Rome on 2 February 2016."]))
    for path in (html, pdf):
        result = cli(NO_STORE, "extract", str(path))
        assert result.exit_code == 0, result.output
        record = json.loads(result.stdout)
        check_record(record)
        assert {"IRQ", "JOR"} <= set(record["states_mentioned"]), path.name


def test_cli_extract_bad_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("plain text")
    result = cli(NO_STORE, "extract", str(fake))
    assert result.exit_code == 2
    assert str(fake) in result.stderr and "READ005" in result.stderr

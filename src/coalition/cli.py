"""The `coalition` command line. Each command calls a plain function elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Coalition Tracker: a system of record built from a coalition's documents.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """Coalition Tracker. Every command honours COALITION_DATABASE_URL."""


@app.command("extract")
def extract_cmd(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .txt, .md, .html or .pdf file."),
    fmt: str = typer.Option("json", "--format", help="Output format: json."),
) -> None:
    """Print the extraction record of one document (SCHEMA.md) without touching the store."""
    from coalition.errors import ReadError
    from coalition.pipeline import analyze
    from coalition.read import read_path
    from coalition.resolve.record import to_record

    if fmt != "json":
        raise typer.BadParameter("only json is supported", param_hint="--format")
    try:
        source = read_path(path)
    except ReadError as err:
        typer.echo(f"{path}: {err}", err=True)
        raise typer.Exit(2) from err
    typer.echo(json.dumps(to_record(analyze(source)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    app()

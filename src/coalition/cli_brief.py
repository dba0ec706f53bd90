"""`coalition brief partner|meeting|line-of-effort ...`: briefings as html, md or pdf.

``cli.py`` mounts this sub-app; the store is opened through its ``_engine`` helper, imported
when a command runs (so this module stays importable from ``cli.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

brief_app = typer.Typer(help="Write briefings (html, md, pdf), statements footnoted.")
BriefFormatOption = Annotated[str, typer.Option("--format", help="html, md or pdf.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", dir_okay=False, help="File to write (default: print html/md).")]
FactsOption = Annotated[str, typer.Option(
    "--facts", help="confirmed (facts an analyst confirmed or edited) or all.")]


def _write_brief(kind: str, subject: str, fmt: str, output: Path | None, facts: str) -> None:
    """Build one briefing from the store and write it to ``output`` (or stdout)."""
    from coalition.cli import _engine
    from coalition.serve.briefs import build_brief, render_brief
    from coalition.store.engine import make_session_factory, session_scope

    if fmt not in ("html", "md", "pdf") or facts not in ("confirmed", "all"):
        raise typer.BadParameter("--format is html, md or pdf; --facts confirmed or all")
    if fmt == "pdf" and output is None:
        raise typer.BadParameter("a PDF needs --output FILE", param_hint="--output")
    with _engine(upgrade=False) as engine, session_scope(make_session_factory(engine)) as s:
        data = render_brief(build_brief(s, kind, subject, facts=facts),
                            "pdf" if fmt == "pdf" else "md" if fmt == "md" else "html")
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)


@brief_app.command("partner")
def brief_partner_cmd(key: Annotated[str, typer.Argument(help="ISO3 or organization key.")],
                      fmt: BriefFormatOption = "html", output: OutputOption = None,
                      facts: FactsOption = "confirmed") -> None:
    """Write the briefing on one partner."""
    _write_brief("partner", key, fmt, output, facts)


@brief_app.command("meeting")
def brief_meeting_cmd(meeting_id: Annotated[int, typer.Argument(help="The meeting's id.")],
                      fmt: BriefFormatOption = "html", output: OutputOption = None,
                      facts: FactsOption = "confirmed") -> None:
    """Write the briefing on one meeting."""
    _write_brief("meeting", str(meeting_id), fmt, output, facts)


@brief_app.command("line-of-effort")
def brief_line_cmd(key: Annotated[str, typer.Argument(help="e.g. finance, military.")],
                   fmt: BriefFormatOption = "html", output: OutputOption = None,
                   facts: FactsOption = "confirmed") -> None:
    """Write the briefing on one line of effort."""
    _write_brief("line-of-effort", key, fmt, output, facts)

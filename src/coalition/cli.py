"""The `coalition` command line. Each command calls a plain function elsewhere.

Every command that touches the store reads COALITION_DATABASE_URL (see settings.py). Heavy
modules (the pipeline, the store) are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from coalition.cli_brief import brief_app
from coalition.cli_release import (
    OriginatorOption,
    ReleasableOption,
    group_app,
    ingest_marking,
    share_cmd,
)
from coalition.errors import CoalitionError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from coalition.batch import Backend
    from coalition.ingest import IngestReport

app = typer.Typer(help="Coalition Tracker: a system of record built from a coalition's documents.",
                  no_args_is_help=True, add_completion=False)
err_console = Console(stderr=True)
out_console = Console()


@app.callback()
def main(
    log_level: Annotated[str, typer.Option("--log-level",
                                           help="DEBUG, INFO, WARNING or ERROR.")] = "WARNING",
) -> None:
    """Coalition Tracker. Every command honours COALITION_DATABASE_URL."""
    level = log_level.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise typer.BadParameter("use DEBUG, INFO, WARNING or ERROR", param_hint="--log-level")
    logging.basicConfig(level=level, format="%(message)s", force=True,
                        handlers=[RichHandler(console=err_console, show_path=False)])
    if level != "DEBUG":  # trafilatura logs an ERROR for every page it finds empty
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@app.command("extract")
def extract_cmd(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="A .txt, .md, .html or .pdf file.")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: json.")] = "json",
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


@contextmanager
def _engine(*, upgrade: bool) -> Iterator[Engine]:
    """Yield the engine of the configured store (upgraded first if asked); exit 1 on errors."""
    from sqlalchemy.exc import SQLAlchemyError

    from coalition.settings import get_settings
    from coalition.store.engine import make_engine
    from coalition.store.schema import upgrade as upgrade_store

    engine = None
    try:
        engine = make_engine(get_settings().database_url)
        if upgrade:
            upgrade_store(engine)
        yield engine
    except CoalitionError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
    except SQLAlchemyError as err:
        hint = "" if upgrade else " (has `coalition init` been run?)"
        typer.echo(f"error: store {_safe_url()}: {type(err).__name__}: "
                   f"{getattr(err, 'orig', None) or err}{hint}", err=True)
        raise typer.Exit(1) from err
    finally:
        if engine is not None:
            engine.dispose()


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    from coalition.settings import get_settings

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


@app.command("init")
def init_cmd() -> None:
    """Create the store, or bring it to the latest schema, and seed reference data."""
    with _engine(upgrade=True):
        pass
    typer.echo(f"store ready: {_safe_url()}")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(
        exists=True, help="Files and folders (folders are searched recursively).")],
    releasable_to: ReleasableOption = None,
    originator: OriginatorOption = None,
    backend: Annotated[str | None, typer.Option(
        help="serial, pool (local processes) or dask; default: pool, or dask with "
             "--scheduler or --workers.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Start a local Dask cluster of N workers on loopback (with --backend "
                    "pool: N pool processes); default: a pool of one process per core.")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Address of a running Dask scheduler (tcp://HOST:8786); its workers need "
             "this package installed, not the files.")] = None,
) -> None:
    """Read, extract and store documents; exit 1 if any file failed."""
    from coalition.ingest import ingest_many, iter_paths
    from coalition.store.engine import make_session_factory

    files = iter_paths(paths)
    with _backend(backend, workers, scheduler) as batch, _engine(upgrade=True) as engine:
        factory = make_session_factory(engine)
        marking = ingest_marking(factory, releasable_to, originator)
        with _ingest_progress(files) as advance, _first_ctrl_c() as interrupted:
            reports = ingest_many(files, factory, progress=lambda r: advance(r, r.path),
                                  backend=batch, marking=marking, should_stop=interrupted)
    failed = [r for r in reports if r.status == "failed"]
    out_console.print(_summary_table(reports))
    for report in failed:
        typer.echo(f"FAILED {report.path}: {report.reason}", err=True)
    if len(reports) < len(files):
        typer.echo(f"interrupted after {len(reports)} of {len(files)} files; the same "
                   "command goes on with the rest (stored files are skipped)", err=True)
        raise typer.Exit(130)
    if failed:
        raise typer.Exit(1)


@contextmanager
def _first_ctrl_c() -> Iterator[Callable[[], bool]]:
    """Yield a function that says whether Ctrl-C (SIGINT) was pressed; the first press only
    asks the batch to stop after the file in hand, the second interrupts at once.

    Without this, a KeyboardInterrupt raised inside SQLite makes the statement fail as
    "interrupted": the file in hand was reported failed and the batch went on.
    """
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed.is_set
        return

    def on_sigint(signum: int, frame: object) -> None:
        if pressed.is_set():
            raise KeyboardInterrupt
        pressed.set()
        err_console.print("stopping after the file in hand (Ctrl-C again to stop at once)")

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield pressed.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _backend(name: str | None, workers: int | None, scheduler: str | None) -> Iterator[Backend]:
    """Yield the batch backend the options name (closed afterwards); exit 2 on bad options."""
    from coalition.batch import make_backend

    if scheduler is not None and workers is not None:
        raise typer.BadParameter("--workers starts a local cluster: not with --scheduler",
                                 param_hint="--workers")
    name = name or ("dask" if scheduler or workers else "pool")
    try:
        batch = make_backend(name, workers=workers, scheduler=scheduler)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--backend") from err
    except OSError as err:  # the Dask scheduler cannot be reached
        typer.echo(f"error: Dask scheduler {scheduler}: {err}", err=True)
        raise typer.Exit(1) from err
    with batch:
        yield batch


@contextmanager
def _ingest_progress(files: list[Path]) -> Iterator[_Advance]:
    """Show a progress bar over files, bytes and facts; yield the function that advances it."""
    total = sum(p.stat().st_size for p in files if p.is_file())
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TextColumn("{task.fields[files]}/{task.fields[nfiles]} files"),
               TextColumn("{task.fields[facts]} facts"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task("ingest", total=total or None, files=0, nfiles=len(files),
                                 facts=0)
        yield _Advance(progress, task)


class _Advance:
    """Advance the ingest progress bar by one file's report."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress, self.task = progress, task
        self.files = self.facts = 0

    def __call__(self, report: IngestReport, path: Path) -> IngestReport:
        self.files += 1
        self.facts += report.facts
        self.progress.update(self.task, advance=report.bytes, files=self.files,
                             facts=self.facts, description=path.name[:30])
        return report


def _summary_table(reports: list[IngestReport]) -> Table:
    table = Table(title="Ingest")
    for name in ("status", "files", "bytes", "facts"):
        table.add_column(name, justify="left" if name == "status" else "right")
    for status in ("stored", "skipped", "failed"):
        rows = [r for r in reports if r.status == status]
        table.add_row(status, str(len(rows)), str(sum(r.bytes for r in rows)),
                      str(sum(r.facts for r in rows)))
    table.add_row("total", str(len(reports)), str(sum(r.bytes for r in reports)),
                  str(sum(r.facts for r in reports)), style="bold")
    return table


@app.command("stats")
def stats_cmd(
    fmt: Annotated[str, typer.Option("--format", help="Output format: json or table.")] = "table",
) -> None:
    """Print how many records of each kind the store holds."""
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.queries.stats import stats

    if fmt not in ("json", "table"):
        raise typer.BadParameter("use json or table", param_hint="--format")
    with _engine(upgrade=False) as engine, session_scope(make_session_factory(engine)) as s:
        counts = stats(s)
    if fmt == "json":
        typer.echo(json.dumps(counts, indent=1, sort_keys=True))
        return
    table = Table(title=f"Store {_safe_url()}")
    table.add_column("records")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out_console.print(table)


@app.command("export")
def export_cmd(
    directory: Annotated[Path, typer.Argument(file_okay=False,
                                              help="Folder to write the export to.")],
) -> None:
    """Export the whole store to a folder of files."""
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.transfer import export_store

    with _engine(upgrade=False) as engine, session_scope(make_session_factory(engine)) as s:
        export_store(s, directory)
    typer.echo(f"exported {_safe_url()} to {directory}")


@app.command("import")
def import_cmd(
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False,
                                              help="Folder written by `coalition export`.")],
) -> None:
    """Import an export into an empty store (created if missing)."""
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.transfer import import_store

    with _engine(upgrade=True) as engine, session_scope(make_session_factory(engine)) as s:
        loaded = import_store(s, directory)
    typer.echo(f"imported {sum(loaded.values())} rows from {directory} into {_safe_url()}")


@app.command("backup")
def backup_cmd(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The backup file to write.")],
) -> None:
    """Back up the store to FILE (SQLite: online backup; PostgreSQL: pg_dump -Fc)."""
    from coalition.settings import get_settings
    from coalition.store.backup import backup_store

    try:
        backup_store(get_settings().database_url, file)
    except CoalitionError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"backed up {_safe_url()} to {file}")


@app.command("restore")
def restore_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="A file written by `coalition backup`.")],
) -> None:
    """Replace the whole store with the backup in FILE."""
    from coalition.settings import get_settings
    from coalition.store.backup import restore_store

    try:
        restore_store(get_settings().database_url, file)
    except CoalitionError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"restored {_safe_url()} from {file}")


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
    workers: int = typer.Option(1, min=1, help="Server processes sharing the port."),
    keep_alive: int = typer.Option(5, min=1, help="Seconds an idle connection stays "
                                     "open (behind a proxy: more than the proxy's)."),
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs) over the store."""
    from coalition.serve.command import serve_cmd as run_server

    run_server(host, port, reload, workers, keep_alive)


@app.command("export-popolo")
def export_popolo_cmd(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The JSON file to write.")],
    facts: Annotated[str, typer.Option(
        help="confirmed (facts an analyst confirmed or edited) or all.")] = "confirmed",
) -> None:
    """Export people, organizations, memberships and meetings as Popolo JSON."""
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.queries.opendata import write_popolo

    if facts not in ("confirmed", "all"):
        raise typer.BadParameter("use confirmed or all", param_hint="--facts")
    with _engine(upgrade=False) as engine, session_scope(make_session_factory(engine)) as s:
        count = write_popolo(s, file, facts=facts)
    typer.echo(f"wrote {count} Popolo records to {file}")


# --- accounts: `coalition user ...` and `coalition token ...` ---------------------------

user_app = typer.Typer(help="Manage accounts (viewer, analyst, admin).", no_args_is_help=True)
token_app = typer.Typer(help="Issue bearer tokens for scripts.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


@user_app.command("add")
def user_add_cmd(
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    password: Annotated[str | None, typer.Option(
        help="The password (asked for when omitted).")] = None,
    partner: Annotated[str | None, typer.Option(
        help="The partner the account belongs to (an actor key such as IRQ or UN); "
             "omitted: the secretariat.")] = None,
) -> None:
    """Add an account; the password is stored as an Argon2 hash."""
    from coalition.store.accounts import create_user
    from coalition.store.audit import log_change, new_group
    from coalition.store.engine import make_session_factory, session_scope

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _engine(upgrade=True) as engine, session_scope(make_session_factory(engine)) as s:
        account = create_user(s, name=name, role=role, password=str(password),
                              partner_key=partner)
        log_change(s, user=None, action="add_user", record_type="user", record_id=account.id,
                   before=None, after={"id": account.id, "name": name, "role": role,
                                       "partner_key": account.partner_key},
                   group=new_group())
    partner = f", {account.partner_key}" if account.partner_key else ""  # none: secretariat
    typer.echo(f"added {account.name} ({account.role}{partner})")


@user_app.command("list")
def user_list_cmd() -> None:
    """List the accounts and their roles."""
    from coalition.store.accounts import list_accounts
    from coalition.store.engine import make_session_factory, session_scope

    with _engine(upgrade=False) as engine, session_scope(make_session_factory(engine)) as s:
        for account in list_accounts(s):
            partner = f"\t{account.partner_key}" if account.partner_key else ""  # none: secretariat
            typer.echo(f"{account.name}\t{account.role}{partner}")


@token_app.command("create")
def token_create_cmd(
    name: Annotated[str, typer.Argument(help="The account the token acts as.")],
) -> None:
    """Print a new bearer token for NAME (only its hash is stored: keep it safe)."""
    from coalition.store.accounts import account_by_name, create_token
    from coalition.store.audit import log_change, new_group
    from coalition.store.engine import make_session_factory, session_scope

    with _engine(upgrade=True) as engine, session_scope(make_session_factory(engine)) as s:
        account = account_by_name(s, name)
        if account is None:
            typer.echo(f"error: no user {name!r}", err=True)
            raise typer.Exit(1)
        token = create_token(s, user_id=account.id)
        log_change(s, user=None, action="create_token", record_type="user",
                   record_id=account.id, before=None, after={"token_for": name},
                   group=new_group())
    typer.echo(token)


# --- briefings: `coalition brief partner|meeting|line-of-effort ...` (cli_brief.py) -------

app.add_typer(brief_app, name="brief")

# --- releasability: `coalition group ...` and `coalition share ...` (cli_release.py) -----

app.add_typer(group_app, name="group")
app.command("share")(share_cmd)


if __name__ == "__main__":
    app()

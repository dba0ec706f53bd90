"""Releasability on the command line: `ingest --releasable-to/--as`, `coalition group ...`
and `coalition share DOCUMENT_ID --releasable-to ...`.

``cli.py`` mounts these; the store is opened through its ``_engine`` helper, imported when a
command runs (so this module stays importable from ``cli.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from coalition.store.releases import Marking

ReleasableOption = Annotated[str | None, typer.Option(
    "--releasable-to", help="Who may read the documents: public (default), coalition, "
    "small-group, working-group:KEY, partners:USA,GBR or originator. On a document already "
    "stored, a wider audience is a logged share; a narrower one is refused.")]
OriginatorOption = Annotated[str | None, typer.Option(
    "--as", help="The partner uploading them (its originator), e.g. IRQ; omitted: the "
    "secretariat.")]
group_app = typer.Typer(help="Members of the Small Group and of working groups.",
                        no_args_is_help=True)


def ingest_marking(factory: sessionmaker[Session], releasable_to: str | None,
                   originator: str | None) -> Marking | None:
    """Return the marking of an ingest, checked before any file is read (exit 2 if bad)."""
    from coalition.errors import ReleaseError
    from coalition.store.engine import session_scope
    from coalition.store.releases import Marking, Release, parse_release, partner_keys
    from coalition.store.tables import WorkingGroup

    if releasable_to is None and originator is None:
        return None
    try:
        release = parse_release(releasable_to) if releasable_to is not None else Release()
        key = partner_keys([originator])[0] if originator is not None else None
    except ReleaseError as err:
        raise typer.BadParameter(str(err), param_hint="--releasable-to/--as") from err
    if release.group is not None:
        with session_scope(factory) as session:
            if session.get(WorkingGroup, release.group) is None:
                raise typer.BadParameter(f"unknown working group {release.group!r}",
                                         param_hint="--releasable-to")
    return Marking(release, key)


@group_app.command("add")
def group_add_cmd(
    group: Annotated[str, typer.Argument(help="small-group or a working group's key.")],
    partners: Annotated[list[str], typer.Argument(help="Partner keys, e.g. USA GBR.")],
) -> None:
    """Add partners to a group; print its members."""
    _members(group, partners, remove=False)


@group_app.command("remove")
def group_remove_cmd(
    group: Annotated[str, typer.Argument(help="small-group or a working group's key.")],
    partners: Annotated[list[str], typer.Argument(help="Partner keys, e.g. USA GBR.")],
) -> None:
    """Remove partners from a group; print its members."""
    _members(group, partners, remove=True)


def _members(group: str, partners: list[str], *, remove: bool) -> None:
    from coalition.cli import _engine
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.releases import set_group_members

    with _engine(upgrade=True) as engine, session_scope(make_session_factory(engine)) as s:
        members = set_group_members(s, group, partners, remove=remove)
    typer.echo(f"{group}: {' '.join(members) or '(no members)'}")


def share_cmd(
    document_id: Annotated[int, typer.Argument(help="The document's id.")],
    releasable_to: Annotated[str, typer.Option(
        "--releasable-to", help="The wider audience, or partners:KEY,KEY to name partners.")],
) -> None:
    """Widen a document's audience (logged; an audience never narrows); exit 1 if refused."""
    from coalition.cli import _engine
    from coalition.store.engine import make_session_factory, session_scope
    from coalition.store.releases import parse_release, share

    with _engine(upgrade=True) as engine, session_scope(make_session_factory(engine)) as s:
        row = share(s, document_id, parse_release(releasable_to), user=None,
                    check_rights=False)
    typer.echo(f"document {document_id}: {row.from_audience} -> {row.to_audience}"
               + (f" + {', '.join(row.partners)}" if row.partners else ""))

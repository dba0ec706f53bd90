"""`coalition user add/list` and `coalition token create`: accounts and bearer tokens."""

from __future__ import annotations

from sqlalchemy import select

from coalition.store.accounts import account_by_token, authenticate
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.tables import ApiToken, AuditEntry

from .cli_support import Cli


def test_cli_user_add_token_create_and_list(cli: Cli, store_url: str) -> None:
    added = cli(store_url, "user", "add", "ana", "--role", "analyst", "--password",
                "long secret")
    assert added.exit_code == 0, added.output
    assert cli(store_url, "user", "add", "ana", "--role", "viewer", "--password",
               "long secret").exit_code == 1
    assert cli(store_url, "user", "add", "bob", "--role", "boss", "--password",
               "long secret").exit_code == 1
    created = cli(store_url, "token", "create", "ana")
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert cli(store_url, "token", "create", "nobody").exit_code == 1
    assert cli(store_url, "user", "list").stdout.split() == ["ana", "analyst"]
    engine = make_engine(store_url)
    try:
        with session_scope(make_session_factory(engine)) as s:
            account = account_by_token(s, token)
            assert account is not None and account.role == "analyst"
            assert authenticate(s, name="ana", password="long secret") == account
            assert authenticate(s, name="ana", password="wrong secret") is None
            assert token not in {t.token_hash for t in s.scalars(select(ApiToken))}
            assert {e.action for e in s.scalars(select(AuditEntry))} == {"add_user",
                                                                       "create_token"}
    finally:
        engine.dispose()


def test_cli_user_add_prompts_for_the_password(cli: Cli, store_url: str) -> None:
    from typer.testing import CliRunner

    from coalition.cli import app
    from coalition.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["user", "add", "eve", "--role", "admin"],
                                input="long secret\nlong secret\n",
                                env={"COALITION_DATABASE_URL": store_url})
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "added eve (admin)" in result.output

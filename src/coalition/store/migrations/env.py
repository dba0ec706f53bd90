"""Alembic environment: run migrations on the connection ``schema.upgrade`` hands over.

Without a connection in ``config.attributes`` it opens one from the ``sqlalchemy.url`` main
option (set it in code; the package ships no alembic.ini). SQLite uses batch mode so later
migrations can alter tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from coalition.store.engine import make_engine
from coalition.store.queries.search import is_search_object
from coalition.store.tables import Base


def _include_object(obj: object, name: str | None, type_: str, reflected: bool,
                    compare_to: object) -> bool:
    """Leave the full-text search objects of migration 0002 out of autogenerate."""
    return not is_search_object(name)


def run_on(connection: Connection) -> None:
    """Run the pending migrations on ``connection`` inside one transaction."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            run_on(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"),
                      target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()

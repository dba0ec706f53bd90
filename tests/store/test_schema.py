"""The migration creates exactly the schema of tables.py, and seeds reference data once."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries.search import is_search_object
from coalition.store.schema import current_revision, upgrade
from coalition.store.tables import Base, LineOfEffort, WorkingGroup


def _not_search(obj: object, name: str | None, type_: str, reflected: bool,
                compare_to: object) -> bool:
    """Leave out the full-text search objects of migration 0002 (not in tables.py)."""
    return not is_search_object(name)


def test_schema_upgrade_creates_every_table(engine: Engine) -> None:
    names = {n for n in inspect(engine).get_table_names() if not is_search_object(n)}
    assert set(Base.metadata.tables) | {"alembic_version"} == names
    assert current_revision(engine) == "0014"


def test_schema_migration_matches_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True,
                        "include_object": _not_search})
        assert compare_metadata(context, Base.metadata) == []


def test_schema_upgrade_is_idempotent_and_seeds_reference(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        lines = session.scalars(select(LineOfEffort.key)).all()
        groups = {g.key: g for g in session.scalars(select(WorkingGroup))}
    assert sorted(lines) == sorted(["military", "foreign_fighters", "finance",
                                    "humanitarian_stabilization", "counter_messaging",
                                    "political"])
    assert groups["police_training_sub_group"].parent_key == "stabilization_wg"
    assert groups["counter_isil_finance_group"].line_of_effort_key == "finance"
    assert len(groups) == 6

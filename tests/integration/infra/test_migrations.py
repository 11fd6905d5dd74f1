"""The committed Alembic migrations build the schema the models describe."""

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import champions.models  # noqa: F401  (registers every table)
from alembic import command
from champions.demo.seed import seed_demo
from champions.infra.migrations import alembic_config

from ..conftest import TABLES, row_count


def test_upgrade_creates_every_table(engine):
    names = set(inspect(engine).get_table_names())
    assert set(TABLES) <= names
    assert "alembic_version" in names


def test_database_is_at_the_single_head(engine):
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_heads() == tuple(heads)


def test_models_match_migrations(engine):
    """Like `alembic check`: a model change without a migration makes this fail."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(engine, db_url):
    config = alembic_config()
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) & set(TABLES) == set()
    command.upgrade(config, "head")
    assert set(TABLES) <= set(inspect(engine).get_table_names())


def test_the_latest_migration_goes_down_and_up_on_a_database_full_of_data(engine, session, password_hash):
    """On SQLite a batch migration rebuilds tables that other rows reference: it must keep every
    row and every reference (an empty database would not show it)."""
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    session.commit()
    session.close()
    before = {table: row_count(engine, table) for table in TABLES}
    assert before["team"] and before["team_member"] and before["award_entry"]
    config = alembic_config()
    command.downgrade(config, "-1")
    # Tables the latest migration created go with it (and come back empty); every other keeps its rows.
    kept = [table for table in TABLES if table in inspect(engine).get_table_names()]
    command.upgrade(config, "head")
    assert {table: row_count(engine, table) for table in kept} == {table: before[table] for table in kept}
    assert {table: row_count(engine, table) for table in set(TABLES) - set(kept)} == dict.fromkeys(
        set(TABLES) - set(kept), 0
    )
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1

"""Applying the committed Alembic migrations (used by `make run`, the CLI and the tests)."""

from pathlib import Path

from alembic.config import Config

from alembic import command

ROOT = Path(__file__).resolve().parents[2]


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    return config


def migrate() -> None:
    """Bring the database named by REFLEX_DB_URL to the latest revision."""
    command.upgrade(alembic_config(), "head")

"""Engine and sessions for DATABASE_URL (SQLite under var/ by default, or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.startup.settings import sqlalchemy_url

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
MIGRATION_LOCK = 0x5C12EE  # PostgreSQL advisory lock: one process migrates at a time


def database_url(var_dir: Path) -> str:
    """DATABASE_URL, or an SQLite file under var/ (the same rule as Settings.store_url)."""
    return sqlalchemy_url(os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'screening.db'}")


def sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Busy timeout first (the other pragmas may themselves meet a locked file), then WAL and foreign keys."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # wait for a busy database instead of failing
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine (2.0 style); SQLite gets foreign keys, WAL and a busy timeout."""
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)  # no data in errors
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", sqlite_pragmas)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest Alembic revision (or to `revision`, for the migration tests)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # the action server and the notifier may start together
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together, or rolled back on error."""
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session

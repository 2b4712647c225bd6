"""Alembic environment: runs on the connection handed over by bot.store.database.migrate."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from bot.store.schema import Base


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Only our tables: Rasa's `events` may share the database (autogenerate must not drop it)."""
    return type_ != "table" or name in Base.metadata.tables


def run_on(connection: Any) -> None:
    """Run the migrations on this connection."""
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_name=include_name
    )
    with context.begin_transaction():
        context.run_migrations()


handed_over = context.config.attributes.get("connection")
if handed_over is None:  # `alembic` command line: use sqlalchemy.url from the config
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"), future=True)
    with engine.begin() as connection:
        run_on(connection)
else:
    run_on(handed_over)

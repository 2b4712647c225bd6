"""Alembic environment: runs on the connection handed over by bot.store.database.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line: use sqlalchemy.url from the config
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"), future=True)
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()

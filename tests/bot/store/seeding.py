"""Rows the migration tests put in a store at an old revision, and what they look at."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from bot.store.database import MIGRATIONS


def old_screening(db: Connection) -> None:
    """Participant 1 and its screening 1, as any revision since 0001 stores them."""
    db.execute(text("INSERT INTO participants (id, key, channel, created_at) VALUES (1, 'k', 'web', '2026-01-01')"))
    db.execute(
        text(
            "INSERT INTO screenings"
            " (id, participant_id, key, trial_id, channel, started_at, completed_at, outcome)"
            " VALUES (1, 1, 's', 'NCT06561607', 'web', '2026-01-01', '2026-01-01', 'likely_eligible')"
        )
    )


def columns_of(store: Engine, table: str) -> set[str]:
    """The names of a table's columns as the database has them now."""
    with store.connect() as db:
        return {c["name"] for c in MigrationContext.configure(db).impl.dialect.get_columns(db, table)}


def downgrade_to(store: Engine, revision: str) -> None:
    """Run the migrations down to `revision`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.begin() as db:
        config.attributes["connection"] = db
        command.downgrade(config, revision)

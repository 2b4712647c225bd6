"""Migration 0005: who answered (caregiver mode) is a column of screenings; old screenings have none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.store.database import MIGRATIONS, make_engine, migrate
from tests.bot.store.seeding import old_screening


@pytest.fixture
def at_0004(store_url: str) -> Iterator[Engine]:
    """A store migrated to revision 0004, with one screening stored before caregiver mode."""
    store = make_engine(store_url)
    migrate(store, "0004")
    with store.begin() as db:
        old_screening(db)
    yield store
    store.dispose()


def _columns(store: Engine) -> set[str]:
    with store.connect() as db:
        return {c["name"] for c in MigrationContext.configure(db).impl.dialect.get_columns(db, "screenings")}


def test_old_screenings_have_no_answerer_and_new_ones_keep_it(at_0004: Engine) -> None:
    assert "answered_by" not in _columns(at_0004)
    migrate(at_0004)
    assert "answered_by" in _columns(at_0004)
    with at_0004.begin() as db:
        db.execute(
            text(
                "INSERT INTO screenings"
                " (id, participant_id, key, trial_id, channel, started_at, completed_at, outcome, answered_by)"
                " VALUES (2, 1, 't', 'NCT06561607', 'web', '2026-01-02', '2026-01-02', 'needs_review', 'mother')"
            )
        )
        rows = db.execute(text("SELECT id, answered_by FROM screenings ORDER BY id")).all()
    assert [(r.id, r.answered_by) for r in rows] == [(1, None), (2, "mother")]


def test_the_downgrade_drops_the_column(at_0004: Engine) -> None:
    migrate(at_0004)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with at_0004.begin() as db:
        config.attributes["connection"] = db
        command.downgrade(config, "0004")
    assert "answered_by" not in _columns(at_0004)

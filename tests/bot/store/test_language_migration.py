"""Migration 0006: the patient's language on screenings, the navigator's chosen language on accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.store.database import make_engine, migrate
from tests.bot.store.seeding import columns_of, downgrade_to, old_screening


@pytest.fixture
def at_0005(store_url: str) -> Iterator[Engine]:
    """A store migrated to revision 0005, with one screening stored before languages were kept."""
    store = make_engine(store_url)
    migrate(store, "0005")
    with store.begin() as db:
        old_screening(db)
    yield store
    store.dispose()


def test_old_screenings_have_no_language_and_new_ones_keep_it(at_0005: Engine) -> None:
    assert "language" not in columns_of(at_0005, "screenings") | columns_of(at_0005, "navigators")
    migrate(at_0005)
    assert "language" in columns_of(at_0005, "screenings") and "language" in columns_of(at_0005, "navigators")
    with at_0005.begin() as db:
        db.execute(
            text(
                "INSERT INTO screenings"
                " (id, participant_id, key, trial_id, channel, started_at, completed_at, outcome, language)"
                " VALUES (2, 1, 't', 'NCT06561607', 'web', '2026-01-02', '2026-01-02', 'needs_review', 'zh')"
            )
        )
        rows = db.execute(text("SELECT id, language FROM screenings ORDER BY id")).all()
    assert [(r.id, r.language) for r in rows] == [(1, None), (2, "zh")]


def test_the_downgrade_drops_bothcolumns_of(at_0005: Engine) -> None:
    migrate(at_0005)
    downgrade_to(at_0005, "0005")
    assert "language" not in columns_of(at_0005, "screenings") | columns_of(at_0005, "navigators")
    with at_0005.connect() as db:  # the screening stored before is still there
        assert db.execute(text("SELECT outcome FROM screenings")).scalar_one() == "likely_eligible"

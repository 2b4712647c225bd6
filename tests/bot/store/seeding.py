"""Rows the migration tests put in a store at an old revision."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


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

"""Retention: purge identifiable data older than RETENTION_DAYS, keep anonymous counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.navigation import forget_screenings
from bot.store.schema import DailyCount, Participant, Screening, utcnow


def purge(session: Session, *, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete screenings completed before the cutoff (counting them first); return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
    old = session.execute(select(Screening).where(Screening.completed_at < cutoff)).scalars().all()
    forget_screenings(session, [s.id for s in old])  # navigators' notes and status history
    for screening in old:
        day, outcome = screening.completed_at.date().isoformat(), screening.outcome
        row = session.execute(
            select(DailyCount).where(DailyCount.day == day, DailyCount.outcome == outcome)
        ).scalar_one_or_none()
        if row is None:
            row = DailyCount(day=day, outcome=outcome, screenings=0, referrals=0)
            session.add(row)
        row.screenings += 1
        row.referrals += 1 if screening.referral is not None else 0
        session.delete(screening)
    session.flush()
    for participant in session.execute(select(Participant).where(Participant.created_at < cutoff)).scalars():
        if not participant.screenings:
            session.delete(participant)
    return len(old)


def purge_conversations(tracker_url: str, *, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete Rasa conversations whose last event is older than the cutoff; return how many."""
    from sqlalchemy import create_engine, inspect, text

    cutoff = ((now or utcnow()) - dt.timedelta(days=older_than_days)).replace(tzinfo=dt.timezone.utc).timestamp()
    engine = create_engine(tracker_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            stale = (
                connection.execute(
                    text("SELECT sender_id FROM events GROUP BY sender_id HAVING max(timestamp) < :cutoff"),
                    {"cutoff": cutoff},
                )
                .scalars()
                .all()
            )
            for sender in stale:
                connection.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})
            return len(stale)
    finally:
        engine.dispose()

"""The overview's numbers: the funnel from first message to enrolment, and outcomes per week."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, inspect, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.navigator.queue import OUTCOMES
from bot.navigator.texts import DEFAULT_LANGUAGE, texts
from bot.navigator.workflow import REACHED
from bot.store.navigation import ReferralStatusChange
from bot.store.schema import DailyCount, Referral, Screening


@dataclass(frozen=True)
class Step:
    """One step of the funnel: its name, how many reached it, and what it counts."""

    label: str
    count: int
    means: str


def conversation_counts(tracker: Engine) -> tuple[int, int]:
    """(conversations where the patient wrote something, conversations with a consent), from the tracker store.

    Only plain columns are read: the event type and, for slot events, the slot's name.
    """
    if not inspect(tracker).has_table("events"):
        return 0, 0
    with tracker.connect() as connection:
        started = connection.execute(
            text("SELECT COUNT(DISTINCT sender_id) FROM events WHERE type_name = 'user'")
        ).scalar_one()
        consented = connection.execute(
            text("SELECT COUNT(DISTINCT sender_id) FROM events WHERE type_name = 'slot' AND action_name = 'consent'")
        ).scalar_one()
    return int(started), int(consented)


def funnel(session: Session, conversations: tuple[int, int], language: str = DEFAULT_LANGUAGE) -> list[Step]:
    """Started, consented (from `conversation_counts`), completed, likely eligible, referred, contacted, enrolled.

    Each step's name and what it counts are in the navigator's language.
    """
    started, consented = conversations
    completed = session.execute(select(func.count(Screening.id))).scalar_one()
    likely = session.execute(
        select(func.count(Screening.id)).where(Screening.outcome == "likely_eligible")
    ).scalar_one()
    referred = session.execute(select(func.count(Referral.id))).scalar_one()
    ever_reached = select(ReferralStatusChange.referral_id).where(ReferralStatusChange.to_status.in_(REACHED))
    contacted = session.execute(
        select(func.count(Referral.id)).where(or_(Referral.status.in_(REACHED), Referral.id.in_(ever_reached)))
    ).scalar_one()
    enrolled = session.execute(select(func.count(Referral.id)).where(Referral.status == "enrolled")).scalar_one()
    counts = {
        "started": started,
        "consented": consented,
        "completed": int(completed),
        "likely_eligible": int(likely),
        "referred": int(referred),
        "contacted": int(contacted),
        "enrolled": int(enrolled),
    }
    words = texts(language)["funnel"]
    return [Step(words[code]["label"], count, words[code]["means"]) for code, count in counts.items()]


def screenings_by_language(session: Session) -> dict[str | None, int]:
    """How many kept screenings each patient language has (None: stored before the language was kept)."""
    query = select(Screening.language, func.count(Screening.id)).group_by(Screening.language)
    return {language: int(count) for language, count in session.execute(query)}


def screenings_by_channel(session: Session) -> dict[str, int]:
    """How many kept screenings came from each channel (web, telegram, wechat...), most first."""
    query = select(Screening.channel, func.count(Screening.id)).group_by(Screening.channel)
    counts = {channel: int(count) for channel, count in session.execute(query)}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Week:
    """Screenings completed in one week (Monday to Sunday, UTC), by outcome."""

    start: dt.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All outcomes together."""
        return sum(self.counts.values())


def monday(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def outcomes_per_week(session: Session, *, weeks: int, today: dt.date) -> list[Week]:
    """The last `weeks` weeks up to today's, oldest first; purged screenings count through the daily counts."""
    first = monday(today) - dt.timedelta(weeks=weeks - 1)
    counts: dict[dt.date, Counter[str]] = {first + dt.timedelta(weeks=i): Counter() for i in range(weeks)}
    since = dt.datetime.combine(first, dt.time())
    for completed_at, outcome in session.execute(
        select(Screening.completed_at, Screening.outcome).where(Screening.completed_at >= since)
    ):
        week = monday(completed_at.date())
        if week in counts:
            counts[week][outcome] += 1
    for day, outcome, screenings in session.execute(
        select(DailyCount.day, DailyCount.outcome, DailyCount.screenings).where(DailyCount.day >= first.isoformat())
    ):
        week = monday(dt.date.fromisoformat(day))
        if week in counts:
            counts[week][outcome] += int(screenings)
    return [Week(start, {o: c[o] for o in OUTCOMES}) for start, c in sorted(counts.items())]

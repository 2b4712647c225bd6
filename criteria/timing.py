"""A time in the patient's answer compared with a criterion's time limit. Pure functions.

The reading of dates and relative times ("in 2019", "three weeks ago") is done in
understanding/; it gives a `Span`: the earliest and the latest day the event may
have been. Here that span is set against the limit ("within 6 months prior to
randomization", taken as before today): wholly inside it, wholly before it, or
neither, when only the patient can say.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from criteria.model import TimeLimit

WITHIN = "within"  # the option of a time follow-up: inside the limit
BEFORE = "before"  # longer ago than the limit


@dataclass(frozen=True)
class Span:
    """The days an event may have happened on, both ends included."""

    earliest: dt.date
    latest: dt.date


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month, `months` earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def start_of(limit: TimeLimit, today: dt.date) -> dt.date:
    """The first day inside the limit: today less the limit's years, months and weeks."""
    return months_before(today, limit.years * 12 + limit.months) - dt.timedelta(weeks=limit.weeks)


def compare(span: Span, limit: TimeLimit, today: dt.date) -> str | None:
    """WITHIN, BEFORE, or None when the span crosses the limit's start (the patient is asked)."""
    start = start_of(limit, today)
    if span.earliest >= start:
        return WITHIN
    if span.latest < start:
        return BEFORE
    return None


def compare_all(spans: list[Span], limit: TimeLimit, today: dt.date) -> str | None:
    """One answer for every time named, or None when they differ or none was named."""
    found = {compare(span, limit, today) for span in spans}
    return found.pop() if len(found) == 1 else None

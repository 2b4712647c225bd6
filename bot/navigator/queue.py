"""The queue: screenings and their referrals, newest first, filtered; and the counts over the filter."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.navigator.texts import LANGUAGES
from bot.navigator.workflow import STATUSES
from bot.store.schema import CriterionResultRow, Referral, Screening

PAGE_SIZE = 50
OUTCOMES = ("likely_eligible", "needs_review", "not_eligible")  # their words: `outcomes` in texts/<code>.yml
NO_REFERRAL = "none"  # the status filter's value for screenings without a referral


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


@dataclass(frozen=True)
class QueueFilter:
    """What the navigator asked to see; unknown values are dropped, not trusted."""

    outcome: str | None = None
    status: str | None = None
    channel: str | None = None
    language: str | None = None  # the patient's language in the chat
    date_from: dt.date | None = None  # completed on or after (UTC)
    date_to: dt.date | None = None  # completed on or before (UTC)
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> QueueFilter:
        """The filter from query or form parameters."""
        outcome = params.get("outcome") or None
        status = params.get("status") or None
        channel = (params.get("channel") or "").strip()[:32] or None
        language = params.get("language") or None
        return cls(
            outcome=outcome if outcome in OUTCOMES else None,
            status=status if status in STATUSES or status == NO_REFERRAL else None,
            channel=channel,
            language=language if language in LANGUAGES else None,
            date_from=_date(params.get("from")),
            date_to=_date(params.get("to")),
            page=_page(params.get("page")),
        )

    def params(self) -> dict[str, str]:
        """The filter as parameters (for links and the export form)."""
        values = {
            "outcome": self.outcome,
            "status": self.status,
            "channel": self.channel,
            "language": self.language,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
        }
        return {k: v for k, v in values.items() if v}

    def link(self, page: int) -> str:
        """The query string of another page of the same filter."""
        return urlencode({**self.params(), "page": str(page)})

    def everything(self) -> QueueFilter:
        """The same filter without paging (for the export)."""
        return replace(self, page=1)

    def where(self, query: Any) -> Any:
        """The query with this filter's conditions (the query joins Referral by an outer join)."""
        if self.outcome:
            query = query.where(Screening.outcome == self.outcome)
        if self.status == NO_REFERRAL:
            query = query.where(Referral.id.is_(None))
        elif self.status:
            query = query.where(Referral.status == self.status)
        if self.channel:
            query = query.where(Screening.channel == self.channel)
        if self.language:
            query = query.where(Screening.language == self.language)
        if self.date_from:
            query = query.where(Screening.completed_at >= dt.datetime.combine(self.date_from, dt.time()))
        if self.date_to:
            query = query.where(
                Screening.completed_at < dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time())
            )
        return query


@dataclass(frozen=True)
class QueueRow:
    """One screening in the queue, with its referral if it has one."""

    screening_id: int
    started_at: dt.datetime
    completed_at: dt.datetime
    channel: str
    outcome: str
    referral_id: int | None
    referral_number: str | None
    referral_status: str | None
    referred_at: dt.datetime | None
    not_met: tuple[str, ...]
    unknown: tuple[str, ...]
    answered_by: str | None = None  # caregiver mode: "self", a relation code, or None (not said)
    language: str | None = None  # the patient's language in the chat ("en", "zh"), None before it was kept


def _base() -> Any:
    return select(Screening, Referral).outerjoin(Referral, Referral.screening_id == Screening.id)


def queue_rows(session: Session, flt: QueueFilter, *, limit: int | None = PAGE_SIZE) -> list[QueueRow]:
    """The screenings the filter shows, newest first (one page, or all with limit=None)."""
    query = flt.where(_base()).order_by(Screening.completed_at.desc(), Screening.id.desc())
    if limit is not None:
        query = query.limit(limit).offset((flt.page - 1) * limit)
    pairs = session.execute(query).all()
    results: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    ids = [screening.id for screening, _ in pairs]
    for start in range(0, len(ids), 500):  # IN lists of a sane size
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(CriterionResultRow.screening_id, CriterionResultRow.criterion_id, CriterionResultRow.result)
            .where(CriterionResultRow.screening_id.in_(chunk))
            .order_by(CriterionResultRow.id)
        )
        for screening_id, criterion_id, result in rows:
            results[screening_id][result].append(criterion_id)
    return [
        QueueRow(
            screening_id=screening.id,
            started_at=screening.started_at,
            completed_at=screening.completed_at,
            channel=screening.channel,
            outcome=screening.outcome,
            referral_id=referral.id if referral else None,
            referral_number=referral.number if referral else None,
            referral_status=referral.status if referral else None,
            referred_at=referral.created_at if referral else None,
            not_met=tuple(results[screening.id]["not_met"]),
            unknown=tuple(results[screening.id]["unknown"]),
            answered_by=screening.answered_by,
            language=screening.language,
        )
        for screening, referral in pairs
    ]


@dataclass(frozen=True)
class QueueCounts:
    """How many screenings the filter matches, by outcome, and their referrals by status."""

    total: int
    by_outcome: Mapping[str, int]
    by_status: Mapping[str, int]  # NO_REFERRAL counts the screenings without one

    @property
    def pages(self) -> int:
        """Pages of PAGE_SIZE rows."""
        return max(1, -(-self.total // PAGE_SIZE))


def queue_counts(session: Session, flt: QueueFilter) -> QueueCounts:
    """The counts at the top of the queue, over everything the filter matches."""
    query = flt.where(
        select(Screening.outcome, Referral.status, func.count())
        .select_from(Screening)
        .outerjoin(Referral, Referral.screening_id == Screening.id)
    ).group_by(Screening.outcome, Referral.status)
    by_outcome: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for outcome, status, count in session.execute(query):
        by_outcome[outcome] += count
        by_status[status or NO_REFERRAL] += count
    return QueueCounts(sum(by_outcome.values()), dict(by_outcome), dict(by_status))


def channels(session: Session) -> list[str]:
    """The channels screenings came from (for the filter)."""
    return list(session.execute(select(Screening.channel).distinct().order_by(Screening.channel)).scalars())

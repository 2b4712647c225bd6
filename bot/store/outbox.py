"""The referral outbox: which messages are due, claiming one try, recording how it ended.

Each function runs in the caller's session (one transaction per step, see bot/jobs/notifier.py).
A try is claimed with a lease; the UPDATEs only match rows in the expected state, so of two
notifiers only one claims, releases or finishes a given try.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.store.schema import DeliveryAttempt, OutboxMessage, Referral, utcnow

IN_PROGRESS = "in progress"
INTERRUPTED = "interrupted: the notifier stopped during this try (its lease ran out)"


def due_messages(session: Session, *, now: dt.datetime) -> list[int]:
    """Ids of the pending messages whose next try is due, oldest first."""
    return list(
        session.execute(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def release_interrupted(session: Session, *, now: dt.datetime) -> list[int]:
    """Claims whose lease ran out: their try is recorded as interrupted, the message is pending again.

    Returns the ids released here (not those another notifier released first).
    """
    released = []
    stuck = session.execute(
        select(OutboxMessage.id).where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now)
    ).scalars()
    for outbox_id in list(stuck):
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == outbox_id,
                OutboxMessage.status == "sending",
                OutboxMessage.next_attempt_at <= now,
            )
            .values(status="pending", next_attempt_at=now, last_error=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            continue  # another notifier released it first
        session.execute(
            update(DeliveryAttempt)
            .where(DeliveryAttempt.outbox_id == outbox_id, DeliveryAttempt.error == IN_PROGRESS)
            .values(ok=0, error=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )
        released.append(outbox_id)
    return released


def claim_message(
    session: Session, *, outbox_id: int, now: dt.datetime, lease: dt.timedelta
) -> tuple[OutboxMessage, DeliveryAttempt] | None:
    """Mark a pending, due message 'sending' with one more attempt, its attempt row and a lease; None if not ours."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == outbox_id,
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=now + lease)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None  # sent or claimed by another notifier meanwhile, or erased
    message = session.execute(select(OutboxMessage).where(OutboxMessage.id == outbox_id)).scalar_one()
    attempt = DeliveryAttempt(message=message, at=now, ok=0, error=IN_PROGRESS)
    session.add(attempt)
    session.flush()
    return message, attempt


def finish_attempt(
    session: Session,
    *,
    outbox_id: int,
    attempts: int,
    attempt_id: int,
    error: str | None,
    next_try: dt.datetime,
) -> bool:
    """Record how a claimed try ended: 'sent', or pending again with the error; False if the claim was lost."""
    ours = (
        OutboxMessage.id == outbox_id,
        OutboxMessage.status == "sending",
        OutboxMessage.attempts == attempts,
    )
    if error is None:
        outcome = {"status": "sent", "sent_at": utcnow(), "last_error": None}
    else:
        outcome = {"status": "pending", "next_attempt_at": next_try, "last_error": error}
    result = session.execute(
        update(OutboxMessage).where(*ours).values(**outcome).execution_options(synchronize_session=False)
    )
    session.execute(
        update(DeliveryAttempt)
        .where(DeliveryAttempt.id == attempt_id)
        .values(ok=int(error is None), error=error)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


@dataclass(frozen=True)
class Backlog:
    """How the outbox stands, for the health view: counts, ages and an error class, no patient data."""

    undelivered: int
    oldest_age_s: float | None  # since its referral was made; None when nothing waits
    last_error: str | None  # the class of the latest failed try ("SMTPServerDisconnected"), never its text
    last_error_at: dt.datetime | None


def error_class(error: str | None) -> str | None:
    """The leading class name of a recorded delivery error ("ConnectionRefusedError: ..." -> the name)."""
    if not error:
        return None
    return error.split(":", 1)[0].strip()[:64] or None


def backlog(session: Session, *, now: dt.datetime) -> Backlog:
    """Messages not yet sent, the age of the oldest, and the latest failed try's error class."""
    undelivered, oldest = session.execute(
        select(func.count(OutboxMessage.id), func.min(Referral.created_at))
        .join(Referral, Referral.id == OutboxMessage.referral_id)
        .where(OutboxMessage.status != "sent")
    ).one()
    failed = session.execute(
        select(DeliveryAttempt.error, DeliveryAttempt.at)
        .where(DeliveryAttempt.ok == 0, DeliveryAttempt.error != IN_PROGRESS)
        .order_by(DeliveryAttempt.at.desc(), DeliveryAttempt.id.desc())
        .limit(1)
    ).first()
    return Backlog(
        undelivered=int(undelivered),
        oldest_age_s=(now - oldest).total_seconds() if oldest is not None else None,
        last_error=error_class(failed[0]) if failed else None,
        last_error_at=failed[1] if failed else None,
    )

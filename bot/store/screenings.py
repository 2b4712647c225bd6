"""Record a completed screening: participant, consents, answers and results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.readings import StoredReading
from bot.store.schema import Answer, Consent, CriterionResultRow, Participant, Screening, ScreeningFlag, utcnow


@dataclass(frozen=True)
class ConsentRecord:
    """An agreement as the chat kept it."""

    purpose: str
    text_version: str
    agreed_at: dt.datetime


def participant_for(session: Session, *, cipher: Cipher, channel: str, sender_id: str) -> Participant:
    """The participant for this channel user, created on first use."""
    key = cipher.pseudonym(channel, sender_id)
    participant = session.execute(select(Participant).where(Participant.key == key)).scalar_one_or_none()
    if participant is None:
        participant = Participant(key=key, channel=channel)
        session.add(participant)
        session.flush()
    return participant


def record_consents(session: Session, *, participant: Participant, consents: Iterable[ConsentRecord]) -> None:
    """Store each agreement once (same purpose, version and time)."""
    known = {(c.purpose, c.text_version, c.agreed_at) for c in participant.consents}
    for consent in consents:
        if (consent.purpose, consent.text_version, consent.agreed_at) not in known:
            participant.consents.append(
                Consent(purpose=consent.purpose, text_version=consent.text_version, agreed_at=consent.agreed_at)
            )


def _naive_utc(value: Any) -> dt.datetime:
    """An ISO time as naive UTC (the store's convention); now if it is missing or unreadable."""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return utcnow()
    return parsed.astimezone(dt.timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def record_screening(
    session: Session,
    *,
    cipher: Cipher,
    channel: str,
    sender_id: str,
    trial_id: str,
    started_at: dt.datetime,
    outcome: str,
    answers: Iterable[Mapping[str, Any]],
    results: Mapping[str, str],
    consents: Iterable[ConsentRecord] = (),
    flags: Iterable[Mapping[str, Any]] = (),
    answered_by: str | None = None,
    language: str | None = None,
) -> Screening:
    """Store a screening once; saving the same screening again returns the first record.

    `answered_by` is who answered: "self", or the relation code a caregiver answered for;
    `language` the patient's language in the chat ("en", "zh").
    """
    participant = participant_for(session, cipher=cipher, channel=channel, sender_id=sender_id)
    record_consents(session, participant=participant, consents=consents)
    key = cipher.pseudonym(channel, sender_id, started_at.isoformat())
    screening = session.execute(select(Screening).where(Screening.key == key)).scalar_one_or_none()
    if screening is not None:
        return screening
    screening = Screening(
        participant=participant,
        key=key,
        trial_id=trial_id,
        channel=channel,
        started_at=started_at,
        outcome=outcome,
        answered_by=str(answered_by)[:32] if answered_by else None,
        language=str(language)[:8] if language else None,
        answers=[
            Answer(
                question_id=str(a["question"]),
                said_encrypted=cipher.encrypt(str(a.get("said") or "")),
                reading=StoredReading.from_log_entry(a).to_json(),
            )
            for a in answers
        ],
        results=[CriterionResultRow(criterion_id=cid, result=result) for cid, result in results.items()],
        flags=[
            ScreeningFlag(
                kind=str(f["kind"])[:32],
                question_id=str(f["question"])[:64] if f.get("question") else None,
                raised_at=_naive_utc(f.get("at")),
            )
            for f in flags
            if f.get("kind")
        ],
    )
    session.add(screening)
    session.flush()
    return screening

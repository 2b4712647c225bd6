"""'Delete my data': every row about a person, Rasa's tracker events included."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.schema import AuditEntry, Participant


def erase_participant(session: Session, *, cipher: Cipher, channel: str, sender_id: str) -> int:
    """Delete the participant and, by cascade, consents, screenings, referrals and outbox rows."""
    key = cipher.pseudonym(channel, sender_id)
    participant = session.execute(select(Participant).where(Participant.key == key)).scalar_one_or_none()
    if participant is None:
        return 0
    count = len(participant.screenings)
    session.delete(participant)
    session.add(AuditEntry(actor="patient", action="erased own data", subject=key[:16]))
    return count


def erase_tracker(tracker_url: str, *, cipher: Cipher, sender_id: str) -> int:
    """Delete the conversation's events from Rasa's SQL tracker store (open-source Rasa has no delete)."""
    from bot.tracker_store import tracker_key

    engine = create_engine(tracker_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            result = connection.execute(
                text("DELETE FROM events WHERE sender_id = :sender"), {"sender": tracker_key(cipher, sender_id)}
            )
            return int(result.rowcount or 0)
    finally:
        engine.dispose()

"""'Delete my data': every row about a person in the store.

The conversation itself is dropped by the tracker store (bot/rasa_server/tracker_store.py)
when the chat sets `erase_conversation`: Rasa saves the tracker after the action.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.navigation import forget_screenings
from bot.store.schema import AuditEntry, Participant


def erase_participant(session: Session, *, cipher: Cipher, channel: str, sender_id: str) -> int:
    """Delete the participant and, by cascade, consents, screenings, referrals and outbox rows.

    The audit entry says that an erasure happened, under a random reference: nothing in it
    (not even the pseudonym, which the key and the sender id would recompute) leads back to the person.
    """
    key = cipher.pseudonym(channel, sender_id)
    participant = session.execute(select(Participant).where(Participant.key == key)).scalar_one_or_none()
    if participant is None:
        return 0
    count = len(participant.screenings)
    forget_screenings(session, [s.id for s in participant.screenings])  # navigators' notes and status history
    session.delete(participant)
    session.add(AuditEntry(actor="patient", action="erased own data", subject=f"erasure-{secrets.token_hex(8)}"))
    return count

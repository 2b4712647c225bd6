"""Referrals to the central contact, each written with its outbox message in one transaction."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.schema import OutboxMessage, Referral, Screening

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


def new_referral_number() -> str:
    """A short referral number a person can read out, e.g. R-7KQ2MX."""
    return "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def create_referral(
    session: Session, *, cipher: Cipher, screening: Screening, name: str, contact: str, best_time: str
) -> Referral:
    """The screening's referral with its outbox message; the same screening twice gives one referral."""
    if screening.referral is not None:
        return screening.referral
    number = new_referral_number()
    while session.execute(select(Referral.id).where(Referral.number == number)).first():
        number = new_referral_number()
    referral = Referral(
        screening=screening,
        number=number,
        name_encrypted=cipher.encrypt(name),
        contact_encrypted=cipher.encrypt(contact),
        best_time_encrypted=cipher.encrypt(best_time),
    )
    referral.outbox = OutboxMessage(message_id=f"<referral-{number}@{screening.trial_id.lower()}.screening>")
    session.add(referral)
    session.flush()
    return referral

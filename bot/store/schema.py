"""Tables. Names, contact details and the patient's own words are stored encrypted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base: Any = declarative_base()  # SQLAlchemy 1.4 has no typed declarative base


def utcnow() -> dt.datetime:
    """Now, in UTC (stored without zone; every time in the store is UTC)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Participant(Base):
    """A pseudonymous person: a keyed hash of channel and sender id, nothing else."""

    __tablename__ = "participants"
    id = Column(Integer, primary_key=True)
    key = Column(String(64), nullable=False, unique=True)
    channel = Column(String(32), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    screenings = relationship("Screening", cascade="all, delete-orphan", back_populates="participant")
    consents = relationship("Consent", cascade="all, delete-orphan", back_populates="participant")


class Consent(Base):
    """One agreement: which text version, when, for what."""

    __tablename__ = "consents"
    id = Column(Integer, primary_key=True)
    participant_id = Column(Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True)
    purpose = Column(String(32), nullable=False)  # screening | share_contact
    text_version = Column(String(64), nullable=False)
    agreed_at = Column(DateTime, nullable=False)
    participant = relationship("Participant", back_populates="consents")


class Screening(Base):
    """One completed screening and its outcome."""

    __tablename__ = "screenings"
    id = Column(Integer, primary_key=True)
    participant_id = Column(Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True)
    key = Column(String(64), nullable=False, unique=True)  # one record per screening, however often it is saved
    trial_id = Column(String(32), nullable=False)
    channel = Column(String(32), nullable=False)
    started_at = Column(DateTime, nullable=False)
    completed_at = Column(DateTime, nullable=False, default=utcnow)
    outcome = Column(String(32), nullable=False)
    # Who answered (caregiver mode, migration 0005): "self", a relation code ("mother"), or None (not asked).
    answered_by = Column(String(32), nullable=True)
    # The patient's language in the chat (migration 0006): "en", "zh", or None (stored before it was kept).
    language = Column(String(8), nullable=True)
    participant = relationship("Participant", back_populates="screenings")
    answers = relationship("Answer", cascade="all, delete-orphan", back_populates="screening")
    results = relationship("CriterionResultRow", cascade="all, delete-orphan", back_populates="screening")
    flags = relationship("ScreeningFlag", cascade="all, delete-orphan", back_populates="screening")
    referral = relationship("Referral", cascade="all, delete-orphan", uselist=False, back_populates="screening")


class Answer(Base):
    """What the patient said to one question (encrypted) and how it was read."""

    __tablename__ = "answers"
    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, index=True)
    question_id = Column(String(64), nullable=False)
    said_encrypted = Column(Text, nullable=False)
    reading = Column(Text, nullable=False, default="{}")  # JSON: see bot/store/readings.py
    screening = relationship("Screening", back_populates="answers")


class CriterionResultRow(Base):
    """The result of one criterion in one screening."""

    __tablename__ = "criterion_results"
    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, index=True)
    criterion_id = Column(String(16), nullable=False)
    result = Column(String(16), nullable=False)
    screening = relationship("Screening", back_populates="results")
    __table_args__ = (UniqueConstraint("screening_id", "criterion_id"),)


class ScreeningFlag(Base):
    """Something navigators must see: an emergency mentioned, a person asked for (no patient words)."""

    __tablename__ = "screening_flags"
    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)  # emergency | asked_for_person
    question_id = Column(String(64), nullable=True)  # the question being asked at the time, if any
    raised_at = Column(DateTime, nullable=False)
    screening = relationship("Screening", back_populates="flags")


class Referral(Base):
    """A likely match sent to the central contact; contact details encrypted."""

    __tablename__ = "referrals"
    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, unique=True)
    number = Column(String(16), nullable=False, unique=True)
    name_encrypted = Column(Text, nullable=False)
    contact_encrypted = Column(Text, nullable=False)  # phone or e-mail
    best_time_encrypted = Column(Text, nullable=False)
    status = Column(String(32), nullable=False, default="new")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    screening = relationship("Screening", back_populates="referral")
    outbox = relationship("OutboxMessage", cascade="all, delete-orphan", uselist=False, back_populates="referral")


class OutboxMessage(Base):
    """The message to the central contact for one referral, delivered by the notifier."""

    __tablename__ = "outbox"
    id = Column(Integer, primary_key=True)
    referral_id = Column(Integer, ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, unique=True)
    status = Column(String(16), nullable=False, default="pending")  # pending | sending (claimed, leased) | sent
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, default=utcnow)  # while 'sending': the end of the lease
    last_error = Column(String(500), nullable=True)
    sent_at = Column(DateTime, nullable=True)
    message_id = Column(String(200), nullable=False)
    referral = relationship("Referral", back_populates="outbox")
    attempt_log = relationship("DeliveryAttempt", cascade="all, delete-orphan", back_populates="message")


class DeliveryAttempt(Base):
    """Every try to deliver an outbox message, and what happened (written when the try starts, as "in progress")."""

    __tablename__ = "delivery_attempts"
    id = Column(Integer, primary_key=True)
    outbox_id = Column(Integer, ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    ok = Column(Integer, nullable=False)
    error = Column(String(500), nullable=True)
    message = relationship("OutboxMessage", back_populates="attempt_log")


class AuditEntry(Base):
    """Who did what to whose data (ids only, never the data itself)."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    actor = Column(String(64), nullable=False)
    action = Column(String(64), nullable=False)
    subject = Column(String(64), nullable=False)


class DailyCount(Base):
    """Anonymous counts kept when identifiable data is purged."""

    __tablename__ = "daily_counts"
    id = Column(Integer, primary_key=True)
    day = Column(String(10), nullable=False)
    outcome = Column(String(32), nullable=False)
    screenings = Column(Integer, nullable=False, default=0)
    referrals = Column(Integer, nullable=False, default=0)
    __table_args__ = (UniqueConstraint("day", "outcome"),)

"""Tables of the navigator pages: accounts, their log-in sessions, referral status history, notes.

They share the store's `Base` (bot/store/schema.py); migration 0002 creates them. Notes may
hold health details, so their text is encrypted like the patient's own words.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Session

from bot.store.schema import Base, Referral, utcnow


class Navigator(Base):
    """A navigator's account: a scrypt password hash, failed log-ins and the lock-out they cause."""

    __tablename__ = "navigators"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_login_at = Column(DateTime, nullable=True)
    language = Column(String(8), nullable=True)  # the pages' language they chose (migration 0006); None: not chosen


class NavigatorSession(Base):
    """One log-in: the hash of the cookie's token, when it began and was last used, its CSRF token."""

    __tablename__ = "navigator_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    navigator_id = Column(Integer, ForeignKey("navigators.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    csrf_token = Column(String(64), nullable=False)


class ReferralStatusChange(Base):
    """Who moved a referral from one status to another, and when."""

    __tablename__ = "referral_status_changes"
    id = Column(Integer, primary_key=True)
    referral_id = Column(Integer, ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    navigator = Column(String(64), nullable=False)
    from_status = Column(String(32), nullable=False)
    to_status = Column(String(32), nullable=False)


class ScreeningNote(Base):
    """A navigator's note on a screening (its text encrypted: it may hold health details)."""

    __tablename__ = "screening_notes"
    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    navigator = Column(String(64), nullable=False)
    text_encrypted = Column(Text, nullable=False)


def forget_screenings(session: Session, screening_ids: Collection[int]) -> None:
    """Delete the navigators' notes and status history about these screenings (erasure and retention).

    The database's ON DELETE CASCADE would do it too; this does not rely on the database enforcing it.
    """
    if not screening_ids:
        return
    referral_ids = select(Referral.id).where(Referral.screening_id.in_(list(screening_ids)))
    session.execute(
        delete(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id.in_(referral_ids))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(ScreeningNote)
        .where(ScreeningNote.screening_id.in_(list(screening_ids)))
        .execution_options(synchronize_session=False)
    )

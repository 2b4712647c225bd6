"""The audit log of the navigator pages: who saw or changed what, by ids only (never the data itself)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.navigator.texts import DEFAULT_LANGUAGE, fill, texts
from bot.store.schema import AuditEntry, utcnow

PAGE_SIZE = 100

# What navigators do that is written down (the `action` column).
LOGGED_IN = "logged in"
LOGIN_FAILED = "log-in failed"
LOCKED_OUT = "locked out after failed log-ins"
LOGIN_WHILE_LOCKED = "log-in refused: account locked"
LOGGED_OUT = "logged out"
VIEWED_SCREENING = "viewed screening summary"
VIEWED_CONTACT = "viewed contact details"
CHANGED_STATUS = "changed referral status"
ADDED_NOTE = "added a note"
EXPORTED = "exported the queue (no free text)"
EXPORTED_SENSITIVE = "exported the queue with contact details and free text"
ACCOUNT_CREATED = "navigator account created"
PASSWORD_SET = "navigator password set"
UNKNOWN_USER = "(unknown username)"
STATUS_MOVE = re.compile(rf"^{CHANGED_STATUS} (\w+) → (\w+)$")
QUEUE_SUBJECT = re.compile(r"^queue: (\d+) screening\(s\)$")


def screening_subject(screening_id: int) -> str:
    """The audit subject for one screening: its internal id, which leads nowhere once erased."""
    return f"screening:{screening_id}"


def action_words(action: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A stored action (a code in English words) as the navigator reads it; an unknown one as stored."""
    words = texts(language)["audit"]["actions"]
    move = STATUS_MOVE.match(action)
    if move:
        statuses = texts(language)["statuses"]
        return f"{words[CHANGED_STATUS]} {statuses.get(move[1], move[1])} → {statuses.get(move[2], move[2])}"
    return str(words.get(action, action))


def subject_words(subject: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A stored subject as the navigator reads it (ids such as "screening:12" stay as they are)."""
    words = texts(language)["audit"]["subjects"]
    queue = QUEUE_SUBJECT.match(subject)
    if queue:
        return fill(words["queue"], count=queue[1])
    return str(words.get(subject, subject))


def actor_words(actor: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A navigator's name, or the words for a log-in under an unknown name."""
    return str(texts(language)["audit"]["unknown_user"]) if actor == UNKNOWN_USER else actor


def record(session: Session, *, actor: str, action: str, subject: str) -> None:
    """Write one entry (in the caller's transaction, so that it stands or falls with the change)."""
    session.add(AuditEntry(at=utcnow(), actor=actor[:64], action=action[:64], subject=subject[:64]))


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, newest first, and how many there are in all."""

    entries: list[AuditEntry]
    total: int
    page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // PAGE_SIZE))


def entries(session: Session, *, actor: str | None = None, subject: str | None = None, page: int = 1) -> AuditPage:
    """Entries newest first, optionally of one actor or about one subject."""
    query = select(AuditEntry)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if subject:
        query = query.where(AuditEntry.subject == subject)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    page = max(1, page)
    rows = (
        session.execute(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
        .scalars()
        .all()
    )
    return AuditPage(list(rows), int(total), page)


def actors(session: Session) -> list[str]:
    """Everyone who appears in the log, for the filter."""
    return list(session.execute(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)).scalars())

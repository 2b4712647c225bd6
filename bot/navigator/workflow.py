"""The referral's workflow: its statuses, the moves allowed between them, notes and the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.navigator.texts import fill, texts
from bot.store.crypto import Cipher
from bot.store.navigation import ReferralStatusChange, ScreeningNote
from bot.store.schema import Referral, utcnow

# Status codes, the main path first, then the ways out (their words: `statuses` in texts/<code>.yml).
STATUSES = ("new", "contacted", "visit_booked", "enrolled", "not_eligible_site", "unreachable", "declined")
# The moves allowed from each status. A closed referral can be reopened as "contacted"
# (the person called back, or a status was set by mistake); every move is kept.
MOVES = {
    "new": ("contacted", "unreachable", "not_eligible_site", "declined"),
    "contacted": ("visit_booked", "unreachable", "not_eligible_site", "declined"),
    "visit_booked": ("enrolled", "unreachable", "not_eligible_site", "declined"),
    "unreachable": ("contacted", "not_eligible_site", "declined"),
    "enrolled": ("contacted",),
    "not_eligible_site": ("contacted",),
    "declined": ("contacted",),
}
# Statuses that mean the team reached the person (the "contacted" step of the funnel).
REACHED = ("contacted", "visit_booked", "enrolled", "declined")
MAX_NOTE = 4000


class WorkflowError(ValueError):
    """A change that cannot be made; `words(language)` says why, for the navigator.

    `key` names the message in the texts' `errors`; values named *status are status codes.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def words(self, language: str) -> str:
        """The reason in the navigator's language."""
        words = texts(language)
        shown = {
            name: words["statuses"].get(str(value), value) if name.endswith("status") else value
            for name, value in self.values.items()
        }
        return fill(words["errors"][self.key], **shown)


class StaleStatus(WorkflowError):
    """Someone changed the status since the page was loaded."""


def moves_from(status: str) -> list[str]:
    """The status codes the referral may move to."""
    return list(MOVES.get(status, ()))


def change_status(
    session: Session, *, referral: Referral, to_status: str, seen_status: str, navigator: str, now: dt.datetime
) -> ReferralStatusChange:
    """Move the referral to a new status and keep who did it and when."""
    if referral.status != seen_status:
        raise StaleStatus("stale_status", status=referral.status)
    if to_status not in MOVES.get(referral.status, ()):
        raise WorkflowError("bad_move", from_status=referral.status, to_status=to_status)
    change = ReferralStatusChange(
        referral_id=referral.id, at=now, navigator=navigator, from_status=referral.status, to_status=to_status
    )
    referral.status = to_status
    session.add(change)
    session.flush()
    return change


def add_note(session: Session, *, cipher: Cipher, screening_id: int, navigator: str, text: str) -> ScreeningNote:
    """Keep a navigator's note on a screening, encrypted."""
    text = text.strip()
    if not text:
        raise WorkflowError("note_empty")
    if len(text) > MAX_NOTE:
        raise WorkflowError("note_too_long", limit=f"{MAX_NOTE:,}")
    note = ScreeningNote(
        screening_id=screening_id, at=utcnow(), navigator=navigator, text_encrypted=cipher.encrypt(text)
    )
    session.add(note)
    session.flush()
    return note


@dataclass(frozen=True)
class NoteView:
    """A note as shown: when, who, the words."""

    at: dt.datetime
    navigator: str
    text: str


def notes_of(session: Session, *, cipher: Cipher, screening_id: int) -> list[NoteView]:
    """The screening's notes, oldest first, decrypted."""
    rows = session.execute(
        select(ScreeningNote).where(ScreeningNote.screening_id == screening_id).order_by(ScreeningNote.id)
    ).scalars()
    return [NoteView(n.at, n.navigator, cipher.decrypt(n.text_encrypted)) for n in rows]


def history_of(session: Session, *, referral_id: int) -> list[ReferralStatusChange]:
    """The referral's status changes, oldest first."""
    query = select(ReferralStatusChange).where(ReferralStatusChange.referral_id == referral_id)
    return list(session.execute(query.order_by(ReferralStatusChange.id)).scalars())

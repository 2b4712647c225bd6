"""The referral's workflow: its statuses, the moves allowed between them, notes and the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.navigation import ReferralStatusChange, ScreeningNote
from bot.store.schema import Referral, utcnow

# Status code -> what a navigator reads. The main path first, then the ways out.
STATUSES = {
    "new": "New",
    "contacted": "Contacted",
    "visit_booked": "Visit booked",
    "enrolled": "Enrolled",
    "not_eligible_site": "Not eligible at the site",
    "unreachable": "Unreachable",
    "declined": "Declined",
}
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
    """A change that cannot be made (the message says why, for the navigator)."""


class StaleStatus(WorkflowError):
    """Someone changed the status since the page was loaded."""


def status_label(code: str | None) -> str:
    """The navigator's words for a status code."""
    return STATUSES.get(code or "", code or "")


def moves_from(status: str) -> list[tuple[str, str]]:
    """(code, label) of each status the referral may move to."""
    return [(code, STATUSES[code]) for code in MOVES.get(status, ())]


def change_status(
    session: Session, *, referral: Referral, to_status: str, seen_status: str, navigator: str, now: dt.datetime
) -> ReferralStatusChange:
    """Move the referral to a new status and keep who did it and when."""
    if referral.status != seen_status:
        raise StaleStatus(
            f"The status changed to “{status_label(referral.status)}” while you were looking. Please check it again."
        )
    if to_status not in MOVES.get(referral.status, ()):
        raise WorkflowError(
            f"A referral cannot go from “{status_label(referral.status)}” to “{status_label(to_status)}”."
        )
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
        raise WorkflowError("The note is empty.")
    if len(text) > MAX_NOTE:
        raise WorkflowError(f"A note can have at most {MAX_NOTE:,} characters.")
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

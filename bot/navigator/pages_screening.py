"""A screening's page: the summary, flags, contact details (on request, audited), the workflow, the transcript."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.navigator import audit
from bot.navigator.conversation import Conversation, find_conversation, transcript
from bot.navigator.sessions import COOKIE_PATH, Login
from bot.navigator.summary import summarise
from bot.navigator.texts import texts
from bot.navigator.web import Navigation, Resources
from bot.navigator.workflow import (
    StaleStatus,
    WorkflowError,
    add_note,
    change_status,
    history_of,
    moves_from,
    notes_of,
)
from bot.store.schema import Referral, Screening
from criteria.audience import answered_by

logger = logging.getLogger("navigator")


def _conversation(resources: Resources, screening: Screening, said: list[str]) -> tuple[Conversation | None, str]:
    """The screening's conversation, and why it cannot be shown (a key of `screening` in the texts)."""
    try:
        found = find_conversation(resources.tracker, resources.cipher, started_at=screening.started_at, said=said)
    except SQLAlchemyError as error:
        logger.warning("tracker store unreadable for screening %s: %s", screening.id, error.__class__.__name__)
        return None, "unreadable"
    if found is None:
        return None, "gone"
    return found, ""


class ScreeningPages:
    """GET /navigator/screenings/{id}, /navigator/referrals/{number}; POST status and notes."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav

    def _context(
        self,
        session: Session,
        resources: Resources,
        screening: Screening,
        login: Login,
        *,
        show_contact: bool,
        language: str,
    ) -> dict[str, Any]:
        """Everything the page shows, in the navigator's language; the view (and a contact-details view) is audited."""
        cipher = resources.cipher
        answers = sorted(screening.answers, key=lambda a: a.id)
        conversation, missing = _conversation(resources, screening, [cipher.decrypt(a.said_encrypted) for a in answers])
        referral = screening.referral
        contact = None
        subject = audit.screening_subject(screening.id)
        audit.record(session, actor=login.username, action=audit.VIEWED_SCREENING, subject=subject)
        if referral is not None and show_contact:
            contact = {
                "name": cipher.decrypt(referral.name_encrypted),
                "contact": cipher.decrypt(referral.contact_encrypted),
                "best_time": cipher.decrypt(referral.best_time_encrypted),
            }
            audit.record(session, actor=login.username, action=audit.VIEWED_CONTACT, subject=subject)
        return {
            "screening": screening,
            "summary": summarise(
                resources.trial, cipher, answers, list(screening.results), conversation, list(screening.flags), language
            ),
            "consents": sorted(screening.participant.consents, key=lambda c: c.agreed_at),
            "answered_by": answered_by(screening.answered_by, language),  # caregiver mode (issue 14)
            "referral": referral,
            "contact": contact,
            "moves": moves_from(referral.status) if referral else [],
            "history": history_of(session, referral_id=referral.id) if referral else [],
            "notes": notes_of(session, cipher=cipher, screening_id=screening.id),
            "transcript": transcript(conversation.events, show_contact=contact is not None) if conversation else [],
            "left_out": conversation.left_out if conversation else 0,
            "transcript_missing": texts(language)["screening"][missing] if missing else "",
            "csrf": login.csrf_token,
        }

    async def _page(
        self, request: Request, login: Login, screening_id: int, *, error: str = "", status: int = 200
    ) -> Response:
        show_contact = request.query_params.get("contact") == "show"
        language = self.nav.language_of(request, login)

        def load(session: Session, resources: Resources) -> dict[str, Any] | None:
            screening = session.get(Screening, screening_id)
            if screening is None:
                return None
            return self._context(session, resources, screening, login, show_contact=show_contact, language=language)

        context = await self.nav.run(load)
        if context is None:
            return self.nav.refused(request, login, 404, "no_screening")
        context["error"] = error
        return self.nav.render(request, "screening.html", context, status, login)

    async def show(self, request: Request, login: Login, _form: dict[str, str]) -> Response:
        """The screening's page; `?contact=show` also shows the contact details."""
        return await self._page(request, login, int(request.path_params["screening_id"]))

    async def referral(self, request: Request, login: Login, _form: dict[str, str]) -> Response:
        """A referral number (the link in the referral e-mail) leads to its screening."""
        number = str(request.path_params["number"]).upper()[:16]

        def find(session: Session, _resources: Resources) -> int | None:
            return session.execute(select(Referral.screening_id).where(Referral.number == number)).scalar_one_or_none()

        screening_id = await self.nav.run(find)
        if screening_id is None:
            return self.nav.refused(request, login, 404, "no_referral")
        return RedirectResponse(f"{COOKIE_PATH}/screenings/{screening_id}#referral", status_code=303)

    async def change_status(self, request: Request, login: Login, form: dict[str, str]) -> Response:
        """Move the referral to the chosen status (with an optional note); kept in the history and the audit log."""
        screening_id = int(request.path_params["screening_id"])

        def change(session: Session, resources: Resources) -> str:
            screening = session.get(Screening, screening_id)
            if screening is None or screening.referral is None:
                return "missing"
            referral = screening.referral
            moved = change_status(
                session,
                referral=referral,
                to_status=form.get("status", ""),
                seen_status=form.get("seen", ""),
                navigator=login.username,
                now=self.nav.now(),
            )
            action = f"{audit.CHANGED_STATUS} {moved.from_status} → {moved.to_status}"
            audit.record(session, actor=login.username, action=action, subject=audit.screening_subject(screening_id))
            if form.get("note", "").strip():
                add_note(
                    session, cipher=resources.cipher, screening_id=screening_id, navigator=login.username,
                    text=form["note"],
                )  # fmt: skip
                audit.record(
                    session,
                    actor=login.username,
                    action=audit.ADDED_NOTE,
                    subject=audit.screening_subject(screening_id),
                )
            return "done"

        return await self._act(request, login, screening_id, change, "#referral")

    async def add_note(self, request: Request, login: Login, form: dict[str, str]) -> Response:
        """Keep a note on the screening (encrypted); audited."""
        screening_id = int(request.path_params["screening_id"])

        def note(session: Session, resources: Resources) -> str:
            if session.get(Screening, screening_id) is None:
                return "missing"
            add_note(
                session, cipher=resources.cipher, screening_id=screening_id, navigator=login.username,
                text=form.get("text", ""),
            )  # fmt: skip
            audit.record(
                session, actor=login.username, action=audit.ADDED_NOTE, subject=audit.screening_subject(screening_id)
            )
            return "done"

        return await self._act(request, login, screening_id, note, "#notes")

    async def _act(self, request: Request, login: Login, screening_id: int, work: Any, anchor: str) -> Response:
        """Run a change; back to the page on success, or the page again with the reason (nothing changed)."""
        language = self.nav.language_of(request, login)
        try:
            done = await self.nav.run(work)
        except StaleStatus as error:
            return await self._page(request, login, screening_id, error=error.words(language), status=409)
        except WorkflowError as error:
            return await self._page(request, login, screening_id, error=error.words(language), status=400)
        if done == "missing":
            return self.nav.refused(request, login, 404, "no_screening_or_referral")
        return RedirectResponse(f"{COOKIE_PATH}/screenings/{screening_id}{anchor}", status_code=303)

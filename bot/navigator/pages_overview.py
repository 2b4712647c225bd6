"""The overview (funnel and outcomes per week, drawn as SVG) and the audit log page."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from bot.navigator import audit
from bot.navigator.charts import channels_svg, funnel_svg, weekly_svg
from bot.navigator.overview import (
    conversation_counts,
    funnel,
    outcomes_per_week,
    screenings_by_channel,
    screenings_by_language,
)
from bot.navigator.sessions import Login
from bot.navigator.web import Navigation, Resources
from bot.store.schema import Screening

logger = logging.getLogger("navigator")
WEEKS = 12


def _number(value: str | None, default: int, top: int) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) <= top else default


class OverviewPages:
    """GET /navigator/overview and GET /navigator/audit."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav

    async def overview(self, request: Request, login: Login, _form: dict[str, str]) -> Response:
        """The funnel and the outcomes of the last weeks."""
        weeks = _number(request.query_params.get("weeks"), WEEKS, 104)
        language = self.nav.language_of(request, login)

        def load(session: Session, resources: Resources) -> dict[str, Any]:
            note = ""
            try:
                conversations = conversation_counts(resources.tracker)
            except SQLAlchemyError as error:  # the tracker store is down: the store's steps still count
                logger.warning("tracker store unreadable for the funnel: %s", error.__class__.__name__)
                conversations = (0, 0)
                note = "tracker_down"
            steps = funnel(session, conversations, language)
            per_week = outcomes_per_week(session, weeks=weeks, today=self.nav.now().date())
            by_language = screenings_by_language(session)
            return {
                "steps": steps,
                "weeks": per_week,
                "note": note,
                "by_language": by_language,
                "by_channel": screenings_by_channel(session),
            }

        context = await self.nav.run(load)
        context.update(
            funnel_chart=funnel_svg(context["steps"], language),
            weekly_chart=weekly_svg(context["weeks"], language),
            channels_chart=channels_svg(context["by_channel"], language),
        )
        return self.nav.render(request, "overview.html", context, login=login)

    async def audit_log(self, request: Request, login: Login, _form: dict[str, str]) -> Response:
        """Who saw or changed what, newest first."""
        actor = request.query_params.get("actor") or None
        subject = request.query_params.get("subject") or None
        page = _number(request.query_params.get("page"), 1, 1_000_000)

        def load(session: Session, _resources: Resources) -> dict[str, Any]:
            entries = audit.entries(session, actor=actor, subject=subject, page=page)
            ids = [int(e.subject.split(":")[1]) for e in entries.entries if e.subject.startswith("screening:")]
            kept = set(session.execute(select(Screening.id).where(Screening.id.in_(ids))).scalars()) if ids else set()
            return {"entries": entries, "actors": audit.actors(session), "kept": kept}

        context = await self.nav.run(load)
        context.update(actor=actor or "", subject=subject or "")
        return self.nav.render(request, "audit.html", context, login=login)

"""The queue page and its CSV export."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from bot.navigator import audit
from bot.navigator.export import queue_csv
from bot.navigator.queue import NO_REFERRAL, QueueFilter, channels, queue_counts, queue_rows
from bot.navigator.sessions import Login
from bot.navigator.web import Navigation, Resources

MAX_EXPORT_ROWS = 100_000


class QueuePages:
    """GET /navigator/ (the queue) and POST /navigator/export.csv."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav

    async def queue(self, request: Request, login: Login, _form: dict[str, str]) -> Response:
        """Screenings and referrals, newest first, with filters and counts."""
        flt = QueueFilter.from_params(request.query_params)

        def load(session: Session, _resources: Resources) -> dict[str, Any]:
            return {
                "rows": queue_rows(session, flt),
                "counts": queue_counts(session, flt),
                "channels": channels(session),
            }

        context = await self.nav.run(load)
        context.update(filter=flt, no_referral=NO_REFERRAL, csrf=login.csrf_token)
        return self.nav.render(request, "queue.html", context, login=login)

    async def export(self, request: Request, login: Login, form: dict[str, str]) -> Response:
        """The filtered queue as CSV; contact details, notes and the patient's words only when ticked (audited)."""
        flt = QueueFilter.from_params(form).everything()
        sensitive = form.get("sensitive") == "1"
        language = self.nav.language_of(request, login)

        def build(session: Session, resources: Resources) -> str:
            rows = queue_rows(session, flt, limit=MAX_EXPORT_ROWS)
            action = audit.EXPORTED_SENSITIVE if sensitive else audit.EXPORTED
            audit.record(session, actor=login.username, action=action, subject=f"queue: {len(rows)} screening(s)")
            return queue_csv(
                session, rows, sensitive=sensitive, cipher=resources.cipher, trial=resources.trial, language=language
            )

        body = await self.nav.run(build)
        stamp = self.nav.now().strftime("%Y%m%d-%H%M")
        name = f"queue-{stamp}{'-with-contact-details' if sensitive else ''}.csv"
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

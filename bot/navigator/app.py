"""The navigator pages as routes for the gateway: `navigator_routes(secret)`.

Every page lives under /navigator/ and needs a log-in, except the log-in page itself; the
stylesheet is /navigator.css (outside, so that the log-in page can use it).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.navigator.config import NavigatorConfig
from bot.navigator.pages_auth import AuthPages
from bot.navigator.pages_overview import OverviewPages
from bot.navigator.pages_queue import QueuePages
from bot.navigator.pages_screening import ScreeningPages
from bot.navigator.web import Navigation

STYLESHEET = Path(__file__).parent / "static" / "navigator.css"


class NoStore:
    """ASGI middleware: no navigator page or export is kept in a browser's or a proxy's cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add `Cache-Control: no-store` to every HTTP response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, with_header)


def navigator_app(nav: Navigation) -> Starlette:
    """The app mounted at /navigator."""
    auth, queue, screening, overview = AuthPages(nav), QueuePages(nav), ScreeningPages(nav), OverviewPages(nav)
    routes = [
        Route("/login", auth.show, methods=["GET"]),
        Route("/login", auth.submit, methods=["POST"]),
        Route("/logout", nav.protect(auth.logout), methods=["POST"]),
        Route("/language", auth.switch_language, methods=["GET"]),
        Route("/", nav.protect(queue.queue), methods=["GET"]),
        Route("/export.csv", nav.protect(queue.export, api=True), methods=["POST"]),
        Route("/screenings/{screening_id:int}", nav.protect(screening.show), methods=["GET"]),
        Route("/screenings/{screening_id:int}/status", nav.protect(screening.change_status), methods=["POST"]),
        Route("/screenings/{screening_id:int}/notes", nav.protect(screening.add_note), methods=["POST"]),
        Route("/referrals/{number}", nav.protect(screening.referral), methods=["GET"]),
        Route("/overview", nav.protect(overview.overview), methods=["GET"]),
        Route("/audit", nav.protect(overview.audit_log), methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(NoStore)])


async def stylesheet(_request: Request) -> Response:
    """/navigator.css."""
    return FileResponse(STYLESHEET, media_type="text/css", headers={"cache-control": "no-cache"})


def navigator_routes(secret: bytes, config: NavigatorConfig | None = None) -> list[BaseRoute]:
    """The routes the gateway adds: /navigator/... and /navigator.css (config: read from the environment if None)."""
    nav = Navigation(secret, config)
    return [Mount("/navigator", app=navigator_app(nav)), Route("/navigator.css", stylesheet)]

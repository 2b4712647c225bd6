"""Log-in and log-out pages."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.navigator import audit, csrf, language
from bot.navigator.accounts import check_login
from bot.navigator.sessions import (
    COOKIE_PATH,
    SESSION_COOKIE,
    Login,
    end_session,
    end_stale_sessions,
    sign,
    start_session,
)
from bot.navigator.texts import fill, known_language, texts
from bot.navigator.web import SESSION_PURPOSE, Navigation, Resources, local_target, read_form
from bot.store.navigation import Navigator

logger = logging.getLogger("navigator")
LOGIN_FORM_SECONDS = 3600


class AuthPages:
    """GET and POST /navigator/login, POST /navigator/logout."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav

    def _form(self, request: Request, *, error: str = "", status: int = 200, username: str = "") -> Response:
        token, cookie = csrf.new_login_token(self.nav.key)
        context = {
            "csrf": token,
            "next": local_target(request.query_params.get("next")),
            "error": error,
            "username": username,
            "bye": request.query_params.get("bye") == "1",
        }
        response = self.nav.render(request, "login.html", context, status)
        self.nav.set_cookie(request, response, csrf.LOGIN_COOKIE, cookie, LOGIN_FORM_SECONDS)
        return response

    async def show(self, request: Request) -> Response:
        """The log-in form (or the queue, for someone already logged in)."""
        if await self.nav.login_of(request) is not None:
            return RedirectResponse(local_target(request.query_params.get("next")), status_code=303)
        return self._form(request)

    async def submit(self, request: Request) -> Response:
        """Check the name and password; start a session, or say why not (and count the failure)."""
        form = await read_form(request)
        expected = csrf.login_token_of(self.nav.key, request.cookies.get(csrf.LOGIN_COOKIE))
        if not csrf.tokens_match(expected, form.get(csrf.FIELD)):
            return self.nav.refused(request, None, 403, "login_expired")
        username = form.get("username", "").strip().lower()[:64]
        password = form.get("password", "")
        config = self.nav.config
        now = self.nav.now()
        lockout = dt.timedelta(minutes=config.lockout_minutes)
        max_age, idle = dt.timedelta(hours=config.session_hours), dt.timedelta(minutes=config.idle_minutes)

        def attempt(session: Session, _resources: Resources) -> tuple[str, str | None]:
            check = check_login(
                session,
                username=username,
                password=password,
                now=now,
                max_failures=config.max_failed_logins,
                lockout=lockout,
            )
            actor = username if check.known else audit.UNKNOWN_USER  # never a mistyped password as a name
            if check.navigator is None:
                action = {
                    "wrong": audit.LOGIN_FAILED,
                    "now_locked": audit.LOCKED_OUT,
                    "locked": audit.LOGIN_WHILE_LOCKED,
                }[check.outcome]
                audit.record(session, actor=actor, action=action, subject="navigator pages")
                return check.outcome, None
            end_stale_sessions(session, now=now, max_age=max_age, idle=idle)
            token = start_session(session, navigator=check.navigator, now=now)
            audit.record(session, actor=username, action=audit.LOGGED_IN, subject="navigator pages")
            return "ok", token

        outcome, token = await self.nav.run(attempt)
        if token is None:
            logger.info("navigator log-in refused (%s)", outcome)
            words = texts(self.nav.language_of(request))["login"]
            if outcome == "wrong":
                return self._form(request, error=words["wrong"], status=401, username=username)
            message = fill(words["locked"], minutes=f"{config.lockout_minutes:g}")
            return self._form(request, error=message, status=429, username=username)
        response = RedirectResponse(local_target(form.get("next")), status_code=303)
        self.nav.set_cookie(
            request, response, SESSION_COOKIE, sign(self.nav.key, SESSION_PURPOSE, token), int(max_age.total_seconds())
        )
        self.nav.set_cookie(request, response, csrf.LOGIN_COOKIE, "", 0)  # the log-in form's token is spent
        return response

    async def logout(self, request: Request, login: Login, form: dict[str, str]) -> Response:
        """End the session and forget the cookie."""
        token = self.nav.session_token(request)

        def forget(session: Session, _resources: Resources) -> None:
            if token:
                end_session(session, token=token)
            audit.record(session, actor=login.username, action=audit.LOGGED_OUT, subject="navigator pages")

        await self.nav.run(forget)
        response = RedirectResponse(f"{COOKIE_PATH}/login?bye=1", status_code=303)
        self.nav.set_cookie(request, response, SESSION_COOKIE, "", 0)
        return response

    async def switch_language(self, request: Request) -> Response:
        """GET /navigator/language?to=zh&next=...: the pages' language, kept for this browser and on the account.

        Only a preference changes (no data), so a link does it, also on the log-in page.
        """
        chosen = known_language(request.query_params.get("to"))
        target = local_target(request.query_params.get("next"))
        response = RedirectResponse(target, status_code=303)
        if chosen is None:
            return response
        login = await self.nav.login_of(request)
        if login is not None:

            def remember(session: Session, _resources: Resources) -> None:
                navigator = session.get(Navigator, login.navigator_id)
                if navigator is not None:
                    navigator.language = chosen

            await self.nav.run(remember)
        self.nav.set_cookie(request, response, language.COOKIE, chosen, language.COOKIE_SECONDS)
        return response

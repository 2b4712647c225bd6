"""What every navigator page shares: the store and cipher (opened on first use), log-in checks, forms, rendering."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from bot.navigator import audit, csrf, language
from bot.navigator.config import NavigatorConfig, load_navigator_config
from bot.navigator.queue import OUTCOMES
from bot.navigator.sessions import COOKIE_PATH, SESSION_COOKIE, Login, cookie_key, resume_session, unsign
from bot.navigator.summary import RESULTS
from bot.navigator.texts import LANGUAGES, fill, texts
from bot.navigator.workflow import STATUSES
from bot.store.crypto import Cipher, load_cipher
from bot.store.database import make_engine, migrate, transaction
from criteria import Trial, load_trial

logger = logging.getLogger("navigator")

TEMPLATES = Path(__file__).parent / "templates"
MAX_FORM_BYTES = 64 * 1024
SESSION_PURPOSE = "navigator-session"
MIGRATION_TRIES = 3
T = TypeVar("T")
Handler = Callable[[Request, Login, dict[str, str]], Awaitable[Response]]


@dataclass(frozen=True)
class Resources:
    """The store, the tracker store (read only), the cipher and the trial."""

    engine: Engine
    tracker: Engine
    cipher: Cipher
    trial: Trial


def _utc(value: dt.datetime | None) -> str:
    """A stored (naive UTC) time as the pages show it."""
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else ""


def _utc_seconds(value: dt.datetime | None) -> str:
    """A stored time to the second (for the audit log)."""
    return f"{value:%Y-%m-%d %H:%M:%S} UTC" if value else ""


def _tracker_engine(url: str) -> Engine:
    """An engine on Rasa's tracker store that changes nothing about the database (no pragmas)."""
    connect_args = {"timeout": 10} if url.startswith("sqlite") else {}
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)


class Navigation:
    """The navigator pages' shared state; the databases are opened on the first request."""

    def __init__(self, secret: bytes, config: NavigatorConfig | None = None) -> None:
        self.key = cookie_key(secret)
        self._config = config
        self._resources: Resources | None = None
        self._lock = threading.Lock()
        self.templates = Environment(
            loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True), trim_blocks=True
        )
        self.templates.filters.update(
            utc=_utc,
            utc_seconds=_utc_seconds,
            fill=fill,
            action_words=audit.action_words,
            subject_words=audit.subject_words,
            actor_words=audit.actor_words,
        )
        self.templates.globals.update(outcomes=OUTCOMES, statuses=STATUSES, results=RESULTS, languages=LANGUAGES)

    @property
    def config(self) -> NavigatorConfig:
        """The configuration given, or read from the environment on first use."""
        if self._config is None:
            self._config = load_navigator_config()
        return self._config

    def resources(self) -> Resources:
        """Open the store (migrated), the tracker store and the cipher once (blocking: call from a thread)."""
        with self._lock:
            if self._resources is None:
                config = self.config
                engine = make_engine(config.store_url)
                for attempt in range(MIGRATION_TRIES):  # another process may be migrating the same file
                    try:
                        migrate(engine)
                        break
                    except Exception:
                        if attempt == MIGRATION_TRIES - 1:
                            raise
                        time.sleep(1.0)
                cipher = load_cipher(config.var_dir)
                self._resources = Resources(engine, _tracker_engine(config.tracker_url), cipher, load_trial())
            return self._resources

    async def run(self, work: Callable[[Session, Resources], T]) -> T:
        """Run `work` in one transaction, in a worker thread (the database calls block)."""

        def in_thread() -> T:
            resources = self.resources()
            with transaction(resources.engine) as session:
                return work(session, resources)

        return await run_in_threadpool(in_thread)

    # --- cookies and log-in

    def now(self) -> dt.datetime:
        """Now, as the store keeps times (naive UTC)."""
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

    def secure(self, request: Request) -> bool:
        """Whether cookies get the Secure flag: configured, or the request came over HTTPS."""
        return self.config.secure_cookies or request.url.scheme == "https"

    def set_cookie(self, request: Request, response: Response, name: str, value: str, max_age: int) -> None:
        """A cookie for the navigator pages only: HttpOnly, SameSite=Lax, Secure behind HTTPS."""
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path=COOKIE_PATH,
            httponly=True,
            samesite="lax",
            secure=self.secure(request),
        )

    def session_token(self, request: Request) -> str | None:
        """The session token from the cookie, if the cookie is one we signed."""
        return unsign(self.key, SESSION_PURPOSE, request.cookies.get(SESSION_COOKIE))

    async def login_of(self, request: Request) -> Login | None:
        """The navigator logged in on this request, or None."""
        token = self.session_token(request)
        if token is None:
            return None
        max_age = dt.timedelta(hours=self.config.session_hours)
        idle = dt.timedelta(minutes=self.config.idle_minutes)
        return await self.run(lambda s, _r: resume_session(s, token=token, now=self.now(), max_age=max_age, idle=idle))

    # --- responses

    def language_of(self, request: Request, login: Login | None = None) -> str:
        """The pages' language for this request: the switch's cookie, the account's choice, Accept-Language."""
        return language.choose(
            cookie=request.cookies.get(language.COOKIE),
            account=login.language if login else None,
            accept_language=request.headers.get("accept-language"),
        )

    def render(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200, login: Login | None = None
    ) -> HTMLResponse:
        """A page from its template, in the navigator's language (autoescaped: patient text is shown as text)."""
        lang = self.language_of(request, login)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        page = {
            "login": login,
            "path": request.url.path,
            "here": here,
            "lang": lang,
            "t": texts(lang),
            "language_names": {code: texts(code)["language_name"] for code in LANGUAGES},  # each in its own words
            **context,
        }
        html = self.templates.get_template(template).render(page)
        return HTMLResponse(html, status_code=status, headers={"content-language": lang})

    def refused(
        self, request: Request, login: Login | None, status: int, message: str, **values: object
    ) -> HTMLResponse:
        """An error page (forbidden, not found, conflict); `message` is a key of `errors` in the texts."""
        words = fill(texts(self.language_of(request, login))["errors"][message], **values)
        return self.render(request, "error.html", {"message": words, "status": status}, status, login)

    def protect(self, handler: Handler, *, api: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """The handler, for logged-in navigators only; a POST also needs the session's CSRF token.

        Anyone else is sent to the log-in page (pages) or gets 401 (exports).
        """

        async def endpoint(request: Request) -> Response:
            login = await self.login_of(request)
            if login is None:
                if api:
                    return JSONResponse({"error": "log in first"}, status_code=401)
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"{COOKIE_PATH}/login?next={quote(target, safe='')}", status_code=303)
            form: dict[str, str] = {}
            if request.method == "POST":
                form = await read_form(request)
                if not csrf.tokens_match(login.csrf_token, form.get(csrf.FIELD)):
                    logger.warning("navigator form without a valid CSRF token refused: %s", request.url.path)
                    return self.refused(request, login, 403, "form_expired")
            return await handler(request, login, form)

        return endpoint


async def read_form(request: Request) -> dict[str, str]:
    """A URL-encoded form body (empty when it is anything else or too large): first value of each field."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    form: dict[str, str] = {}
    for name, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        form.setdefault(name, value)
    return form


def local_target(value: str | None) -> str:
    """Where to go after logging in: a navigator page of this site, never another site."""
    default = f"{COOKIE_PATH}/"
    if not value or not value.startswith(f"{COOKIE_PATH}/") or "//" in value or "\\" in value:
        return default
    return value

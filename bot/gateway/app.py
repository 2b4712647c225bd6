"""The gateway's ASGI app: demo page, widget files, chat proxy, history, health, Telegram webhook, WeChat callbacks.

`create_app(config)` builds it; `python -m bot.gateway` serves it with uvicorn.
See docs/gateway-api.md for the interface.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.gateway.admission import Admission
from bot.gateway.config import GatewayConfig
from bot.gateway.health import Health
from bot.gateway.languages import LANGUAGES, code_of, given_language, request_language
from bot.gateway.rasa_client import GatewayRasaClient, RasaUnavailable
from bot.gateway.rate_limit import RateLimiter
from bot.gateway.replies import reply
from bot.gateway.security import BodyTooLarge, SecurityHeaders, read_body
from bot.gateway.sessions import issued_at, new_session, sender_of
from bot.navigator.app import navigator_routes
from bot.telegram.webhook import SECRET_HEADER, internal_webhook_url, secret_matches
from bot.wechat.app import MAX_BODY_BYTES as WECHAT_MAX_BODY_BYTES
from bot.wechat.app import internal_url as wechat_internal_url
from bot.wechat.signing import signature_ok

logger = logging.getLogger("gateway")

HERE = Path(__file__).parent
STATIC = HERE / "static"
LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
FILE_TYPES = {"js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}  # the static files served
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tag(value: str) -> str:
    """A short, one-way tag of a sender or address for the logs."""
    return hashlib.sha256(value.encode()).hexdigest()[:10]


def problem(
    status: int, error: str, patient_reply: str | None = None, language: str = "en", **headers: str
) -> JSONResponse:
    """A JSON error: what is wrong for a developer, and a message for the patient (in their language)."""
    body: dict[str, Any] = {
        "error": error,
        "messages": [{"text": patient_reply or reply("bad_request", language), "buttons": []}],
    }
    return JSONResponse(body, status_code=status, headers=headers or None)


def said(text: str) -> JSONResponse:
    """A reply from the gateway itself, shown as a bot message (the message went no further)."""
    return JSONResponse({"messages": [{"text": text, "buttons": []}]})


class Gateway:
    """The routes, with the configuration, the Rasa client and the rate limiters they share."""

    def __init__(self, config: GatewayConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.rasa = GatewayRasaClient(
            config.rasa_urls, config.rasa_timeout_s, transport, api_token=config.rasa_api_token
        )
        self.per_sender = RateLimiter(config.sender_burst, config.sender_per_second)
        self.per_address = RateLimiter(config.address_burst, config.address_per_second)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.telegram = httpx.AsyncClient(timeout=10.0, transport=transport)
        # WeChat gives a callback 5 seconds: the WeChat process answers at once, or it is not there.
        self.wechat = httpx.AsyncClient(timeout=httpx.Timeout(4.0, connect=1.0), transport=transport)
        self.health = Health(
            self.rasa, config.actions_health_url, config.store_url, config.status_file, transport=transport
        )
        self.admission = Admission(config.max_in_flight, config.queue_wait_s, config.max_waiting)
        self.started_at = time.time()  # a web session issued before this counts as mid-screening

    async def demo_page(self, request: Request) -> Response:
        """The demo page with the widget embedded by one script tag: English, or Chinese at /zh/ or /?lang=zh."""
        url = self.config.public_url or str(request.base_url).rstrip("/")
        language = "zh" if request.url.path.startswith("/zh") else code_of(request.query_params.get("lang")) or "en"
        other = next(code for code in LANGUAGES if code != language)
        return self.templates.TemplateResponse(
            request, f"demo_{language}.html", {"gateway_url": url, "language": language, "other": other}
        )

    async def widget_file(self, request: Request) -> Response:
        """widget.js, widget.css, the demo page's demo.css or its icon (favicon.svg)."""
        name = request.url.path.lstrip("/")
        media = FILE_TYPES[name.rpartition(".")[2]]
        return FileResponse(STATIC / name, media_type=media, headers={"cache-control": "no-cache"})

    async def widget_texts(self, request: Request) -> Response:
        """The widget's own words in one language (English when there is no such file)."""
        language = request.path_params["language"]
        path = STATIC / "texts" / f"{language}.json"
        if not LANGUAGE.match(language) or not path.exists():
            path = STATIC / "texts" / "en.json"
        return FileResponse(path, media_type="application/json", headers={"cache-control": "no-cache"})

    async def start_session(self, request: Request) -> Response:
        """A new signed web session."""
        address = request.client.host if request.client else "unknown"
        if not self.per_address.allow(address):
            language = request_language(request)
            return problem(
                429,
                "too many requests from this address",
                reply("too_fast", language),
                language,
                **self._retry(address),
            )
        return JSONResponse({"session": new_session(self.config.secret)}, status_code=201)

    def _retry(self, key: str, limiter: RateLimiter | None = None) -> dict[str, str]:
        return {"Retry-After": str((limiter or self.per_address).retry_after(key))}

    async def chat(self, request: Request) -> Response:
        """Forward one patient message (with the widget's language) to Rasa and return the bot's messages.

        The gateway's own replies are in the widget's language (bot/gateway/languages.py).
        """
        address = request.client.host if request.client else "unknown"
        language = request_language(request)
        if not self.per_address.allow(address):
            logger.info("rate limited address %s", _tag(address))
            too_fast = reply("too_fast", language)
            return problem(429, "too many requests from this address", too_fast, language, **self._retry(address))
        try:
            body = json.loads(await read_body(request, self.config.max_body_bytes))
        except BodyTooLarge:
            too_long = reply("too_long", language, limit=f"{self.config.max_message_chars:,}")
            return problem(413, "request body too large", too_long, language)
        except (ValueError, UnicodeDecodeError):
            return problem(400, 'the body must be JSON: {"session": string, "message": string}', language=language)
        language = request_language(request, body)
        if not isinstance(body, dict) or not isinstance(body.get("message"), str):
            return problem(400, 'expected {"session": string, "message": string}', language=language)
        sender = sender_of(self.config.secret, body.get("session"))
        if sender is None:
            return problem(400, "unknown session: get one from POST /api/session", language=language)
        if not self.per_sender.allow(sender):
            logger.info("rate limited sender %s", _tag(sender))
            retry = self._retry(sender, self.per_sender)
            return problem(429, "too many messages", reply("too_fast", language), language, **retry)
        message = CONTROL.sub("", body["message"]).strip()
        if not message:
            return said(reply("empty", language))
        if len(message) > self.config.max_message_chars:
            return said(reply("too_long", language, limit=f"{self.config.max_message_chars:,}"))
        issued = issued_at(body["session"])
        known = issued is not None and issued + 1 <= self.started_at
        return await self._forward(sender, message, given_language(request, body), known=known)

    def _restarting(self, error: str, language: str) -> JSONResponse:
        retry = str(self.config.restart_retry_after_s)
        return problem(503, error, reply("restarting", language), language, **{"Retry-After": retry})

    async def _forward(self, sender: str, message: str, hint: str | None, known: bool = False) -> Response:
        """One turn through Rasa, within the bound on turns in flight (bot/gateway/admission.py).

        `hint`: the widget's language, sent to Rasa as the channel's hint (actions/language.py) and used
        for the gateway's own replies.
        `known`: the patient's web session is older than this gateway (it was started again
        mid-screening), so they count as returning although it has not seen them yet.
        """
        language = hint or "en"
        if self.health.status.restarting():  # the launcher is bringing Rasa or the action server back
            logger.info("turn of sender %s held back: %s restarting", _tag(sender), self.health.status.restarting())
            return self._restarting("the assistant is restarting", language)
        if not await self.admission.enter(sender, known):
            logger.info("sender %s turned away: %d turns in flight", _tag(sender), self.admission.in_flight)
            retry = str(self.config.busy_retry_after_s)
            return problem(503, "the assistant is busy", reply("busy", language), language, **{"Retry-After": retry})
        try:
            messages = await self.rasa.reply_to(sender, message, hint)
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable for sender %s: %s", _tag(sender), error)
            if self.health.status.will_restart():
                return self._restarting("the assistant is restarting", language)
            return problem(503, "the assistant is unavailable", reply("unavailable", language), language)
        finally:
            self.admission.leave()
        if not messages and not await self.health.actions_up():
            # Rasa answers 200 with no messages when it cannot reach the action server (the action's events are lost)
            logger.warning("the action server is down: sender %s got no reply", _tag(sender))
            return self._restarting("the action server is unavailable", language)
        return JSONResponse({"messages": messages})

    async def history(self, request: Request) -> Response:
        """The conversation so far, for the widget after a reload."""
        sender = sender_of(self.config.secret, request.query_params.get("session"))
        language = request_language(request)
        if sender is None:
            return problem(400, "unknown session: get one from POST /api/session", language=language)
        try:
            return JSONResponse({"messages": await self.rasa.history(sender)})
        except RasaUnavailable as error:
            logger.warning("history unavailable for sender %s: %s", _tag(sender), error)
            return problem(503, "the assistant is unavailable", reply("unavailable", language), language)

    async def healthz(self, request: Request) -> Response:
        """Liveness: 200 while the gateway answers; `?detail=1` adds the processes, readiness and outbox."""
        if request.query_params.get("detail") in ("1", "true", "yes"):
            return await self.status(request)
        return JSONResponse({"status": "ok"})

    async def status(self, request: Request) -> Response:
        """The detail view: readiness, each process's state and restarts, the outbox backlog (no patient data)."""
        return JSONResponse(await self.health.detail())

    async def readyz(self, request: Request) -> Response:
        """Readiness: 200 when Rasa, the action server and the database answer, else 503 naming what is down."""
        parts = await self.health.readiness()
        down = [name for name, state in parts.items() if state != "ok"]
        body = {"status": "ok" if not down else "unavailable", **parts, "down": down}
        return JSONResponse(body, status_code=503 if down else 200)

    async def telegram_webhook(self, request: Request) -> Response:
        """Telegram's webhook: check the secret token, hand the update to the Telegram process."""
        expected = self.config.telegram_secret
        if not expected:
            return JSONResponse({"error": "the Telegram webhook is not configured"}, status_code=404)
        given = request.headers.get(SECRET_HEADER, "")
        if not secret_matches(expected, given):
            logger.warning("Telegram webhook call with a wrong secret token refused")
            return JSONResponse({"error": "wrong secret token"}, status_code=403)
        try:
            body = await read_body(request, self.config.max_body_bytes)
        except BodyTooLarge:
            return JSONResponse({"error": "request body too large"}, status_code=413)
        try:
            forwarded = await self.telegram.post(
                internal_webhook_url(self.config.telegram_port),
                content=body,
                headers={"content-type": "application/json", SECRET_HEADER: given},
            )
        except httpx.HTTPError as error:
            logger.warning("Telegram process unreachable: %s", error.__class__.__name__)
            return JSONResponse({"error": "the Telegram process is unavailable"}, status_code=503)
        return Response(status_code=forwarded.status_code)

    async def wechat_callback(self, request: Request) -> Response:
        """WeChat's callbacks (URL check, messages): signature checked, body bounded, handed to the WeChat process."""
        token = self.config.wechat_token
        if not token:
            return JSONResponse({"error": "WeChat is not configured"}, status_code=404)
        query = request.query_params
        if not signature_ok(token, query.get("signature"), query.get("timestamp"), query.get("nonce")):
            logger.warning("WeChat callback with a missing or wrong signature refused")
            return Response("wrong signature", status_code=403, media_type="text/plain")
        try:
            body = await read_body(request, WECHAT_MAX_BODY_BYTES)
        except BodyTooLarge:
            return Response("body too large", status_code=413, media_type="text/plain")
        try:
            forwarded = await self.wechat.request(
                request.method,
                wechat_internal_url(self.config.wechat_port),
                params=list(query.multi_items()),
                content=body,
                headers={"content-type": request.headers.get("content-type", "text/xml")},
            )
        except httpx.HTTPError as error:
            logger.warning("WeChat process unreachable: %s", error.__class__.__name__)
            return Response("the WeChat process is unavailable", status_code=503, media_type="text/plain")
        return Response(forwarded.content, status_code=forwarded.status_code, media_type="text/plain")

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """Close the HTTP clients when the server stops."""
        try:
            yield
        finally:
            await self.rasa.aclose()
            await self.telegram.aclose()
            await self.wechat.aclose()
            await self.health.aclose()


def create_app(config: GatewayConfig, transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    """The gateway app for this configuration (transport: for tests only)."""
    gateway = Gateway(config, transport)
    routes = [
        Route("/", gateway.demo_page),
        Route("/zh/", gateway.demo_page),  # the demo page in Chinese (also /zh and /?lang=zh)
        Route("/zh", gateway.demo_page),
        Route("/widget.js", gateway.widget_file),
        Route("/widget.css", gateway.widget_file),
        Route("/demo.css", gateway.widget_file),
        Route("/favicon.svg", gateway.widget_file),
        Route("/widget-texts/{language}.json", gateway.widget_texts),
        Route("/api/session", gateway.start_session, methods=["POST"]),
        Route("/api/chat", gateway.chat, methods=["POST"]),
        Route("/api/history", gateway.history),
        Route("/healthz", gateway.healthz),
        Route("/livez", gateway.healthz),  # the older name of liveness
        Route("/readyz", gateway.readyz),
        Route("/status", gateway.status),
        Route("/telegram/webhook", gateway.telegram_webhook, methods=["POST"]),
        Route("/wechat", gateway.wechat_callback, methods=["GET", "POST"]),
        *navigator_routes(config.secret),  # /navigator/... (log-in needed) and /navigator.css
    ]
    middleware = [Middleware(SecurityHeaders)]
    if config.allowed_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.allowed_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["content-type"],
            )
        )
    return Starlette(routes=routes, middleware=middleware, lifespan=gateway.lifespan)

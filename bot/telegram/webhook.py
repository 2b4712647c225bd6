"""Webhook mode: a small Starlette app on 127.0.0.1:TELEGRAM_PORT that takes Telegram's updates.

Contract with the gateway (`bot/gateway/`, the public face):

- Telegram is told (setWebhook, by this process at start) to POST updates to
  TELEGRAM_WEBHOOK_URL, the gateway's public `/telegram/webhook`, with the header
  `X-Telegram-Bot-Api-Secret-Token: <TELEGRAM_WEBHOOK_SECRET>`.
- The gateway checks that header (`secret_matches`), then forwards the raw body and
  the same header to `internal_webhook_url(TELEGRAM_PORT)`, i.e.
  `POST http://127.0.0.1:<TELEGRAM_PORT>/telegram`, content type application/json.
- This app checks the header again (a missing or wrong secret gets 403 and changes
  nothing), answers 400 to a body that is not an update, and otherwise 200 at once:
  the update is queued and handled like a polled one.
- `GET /healthz` answers 200 `{"status": "ok"}` once the bot is running.
"""

from __future__ import annotations

import hmac
import json
import logging
import signal
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.telegram.config import Webhook

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
INTERNAL_PATH = "/telegram"
MAX_UPDATE_BYTES = 1_000_000  # an update is a few kilobytes; refuse anything far bigger
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def internal_webhook_url(port: int) -> str:
    """Where the gateway forwards Telegram's webhook calls: this process, on loopback."""
    return f"http://127.0.0.1:{port}{INTERNAL_PATH}"


def secret_matches(expected: str, given: str | None) -> bool:
    """True when the secret-token header holds exactly the configured secret (constant-time compare)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def make_webhook_app(application: AnyApplication, secret: str) -> Starlette:
    """The internal app: POST /telegram queues an update, GET /healthz says the bot runs."""

    async def telegram(request: Request) -> Response:
        """One update from Telegram (through the gateway)."""
        if not secret_matches(secret, request.headers.get(SECRET_HEADER)):
            logger.warning("webhook call with a missing or wrong secret token refused")
            return JSONResponse({"error": "wrong secret token"}, status_code=403)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return JSONResponse({"error": "update too large"}, status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        """200 while the bot is running."""
        running = application.running
        return JSONResponse({"status": "ok" if running else "starting"}, status_code=200 if running else 503)

    return Starlette(
        routes=[
            Route(INTERNAL_PATH, telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


async def serve_webhook(application: AnyApplication, webhook: Webhook, port: int) -> None:
    """Register the webhook with Telegram, then serve the internal app until SIGINT or SIGTERM."""
    server = uvicorn.Server(
        uvicorn.Config(
            make_webhook_app(application, webhook.secret),
            host="127.0.0.1",
            port=port,
            log_config=None,  # keep this process's logging (ids only, token redacted)
            access_log=False,
            lifespan="off",
            ws="none",  # no websockets here (and Rasa pins a websockets too old for uvicorn's)
        )
    )

    def stop(*_: object) -> None:
        server.should_exit = True

    # uvicorn catches these while it serves and raises them again once it has stopped; ours then
    # only ask it to stop, so the application below still shuts down cleanly.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    async with application:  # as run_polling does: initialize, post_init ... shutdown, post_shutdown
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url=webhook.url, secret_token=webhook.secret, allowed_updates=ALLOWED_UPDATES)
        logger.info("webhook set; listening on %s", internal_webhook_url(port))
        await application.start()
        try:
            await server.serve()
        finally:
            await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)

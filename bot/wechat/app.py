"""The WeChat process's own app on 127.0.0.1:WECHAT_PORT: the callbacks the gateway forwards.

Contract with the gateway (`bot/gateway/app.py`, the public face):

- WeChat is given the gateway's public `https://<host>/wechat` as its server URL. The gateway
  checks the signature, refuses bodies over 64 KB, and forwards the request (query string and
  raw body) to `GET|POST http://127.0.0.1:<WECHAT_PORT>/wechat`.
- `GET /wechat?signature&timestamp&nonce&echostr`: WeChat's check of the URL; the echostr comes
  back as it is when the signature is right.
- `POST /wechat?signature&timestamp&nonce[&encrypt_type=aes&msg_signature]`: one message.
  Checked again here: the signature (403), the timestamp window and the nonce (403), in safe
  mode the encrypted part's signature (403); a body that is no WeChat message gets 400; a
  message already taken (same MsgId) gets `success` and nothing else. A new one is queued and
  answered `success` at once; the replies go out through the customer-service API.
- `GET /healthz` answers 200 `{"status": "ok"}`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from wechatpy.crypto import WeChatCrypto

from bot.gateway.security import BodyTooLarge, read_body
from bot.wechat.conversations import Conversations
from bot.wechat.messages import BadMessage, ForgedMessage, decrypt, parse
from bot.wechat.seen import SeenKeys
from bot.wechat.signing import ReplayGuard, signature_ok

logger = logging.getLogger(__name__)

PATH = "/wechat"
MAX_BODY_BYTES = 64 * 1024  # a WeChat message is a few kilobytes at most
ACK = "success"  # WeChat's "received, nothing to reply here"


def internal_url(port: int) -> str:
    """Where the gateway forwards WeChat's callbacks: this process, on loopback."""
    return f"http://127.0.0.1:{port}{PATH}"


def refused(status: int, error: str) -> Response:
    """A plain-text refusal (WeChat shows nothing of it to anyone)."""
    return PlainTextResponse(error, status_code=status)


class Callbacks:
    """The routes, with the checks and the queues they share."""

    def __init__(
        self,
        token: str,
        conversations: Conversations,
        seen: SeenKeys,
        guard: ReplayGuard,
        crypto: WeChatCrypto | None = None,
    ) -> None:
        self.token = token
        self.conversations = conversations
        self.seen = seen
        self.guard = guard
        self.crypto = crypto

    def _checked(self, request: Request) -> Response | None:
        """A refusal when the query's signature, timestamp or nonce is wrong, else None."""
        query = request.query_params
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        if not signature_ok(self.token, query.get("signature"), timestamp, nonce):
            logger.warning("callback with a missing or wrong signature refused")
            return refused(403, "wrong signature")
        why = self.guard.refusal(timestamp, nonce)
        if why:
            logger.warning("callback refused: %s", why)
            return refused(403, why)
        return None

    async def echo(self, request: Request) -> Response:
        """WeChat's check of the server URL: the echostr back when the signature is right."""
        return self._checked(request) or PlainTextResponse(request.query_params.get("echostr", ""))

    async def callback(self, request: Request) -> Response:
        """One message from WeChat: checked, taken once, queued, acknowledged at once."""
        try:
            body = await read_body(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return refused(413, "body too large")
        refusal = self._checked(request)
        if refusal:
            return refusal
        query = request.query_params
        try:
            if self.crypto is not None:
                if query.get("encrypt_type") != "aes":
                    return refused(400, "safe mode: expected an encrypted message")
                signature = query.get("msg_signature", "")
                body = decrypt(self.crypto, body, signature, query.get("timestamp", ""), query.get("nonce", ""))
            message = parse(body)
        except ForgedMessage:
            logger.warning("encrypted message with a wrong signature or AppID refused")
            return refused(403, "wrong message signature")
        except BadMessage as error:
            logger.info("callback body refused: %s", error)
            return refused(400, "not a WeChat message")
        if not self.conversations.has_room(message.open_id):
            logger.warning(
                "chat %s: too many messages waiting, WeChat will retry", self.conversations.tag(message.open_id)
            )
            return refused(503, "busy")
        if not self.seen.first_time(self.conversations.cipher.pseudonym("wechat-key", message.key)):
            logger.info("chat %s: %s already taken, ignored", self.conversations.tag(message.open_id), message.detail)
            return PlainTextResponse(ACK)
        self.conversations.submit(message)
        return PlainTextResponse(ACK)

    async def healthz(self, request: Request) -> Response:
        """200 while the process runs."""
        return JSONResponse({"status": "ok"})


def make_app(callbacks: Callbacks, close: Callable[[], Awaitable[None]] | None = None) -> Starlette:
    """The internal app: GET/POST /wechat and GET /healthz; `close` runs when the server stops."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if close is not None:
                await close()

    return Starlette(
        routes=[
            Route(PATH, callbacks.echo, methods=["GET"]),
            Route(PATH, callbacks.callback, methods=["POST"]),
            Route("/healthz", callbacks.healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )

"""The WeChat channel's app in process, with Rasa and the WeChat API as httpx transports (no servers)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.bench.wechat_callbacks import APP_ID, APP_SECRET, TOKEN
from bot.rasa_client import RasaClient
from bot.store.crypto import Cipher
from bot.wechat.api import Backoff, CustomerService
from bot.wechat.app import Callbacks, make_app
from bot.wechat.conversations import Conversations
from bot.wechat.seen import SeenKeys
from bot.wechat.signing import ReplayGuard
from bot.wechat.texts import load_texts

KEY = Cipher(b"ZmFrZS1rZXktZm9yLXRoZS13ZWNoYXQtdGVzdHMhISE=")
RASA = "http://rasa.test"
API = "http://api.test"
QUESTION = [
    {"text": "您做过化疗吗？", "buttons": [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"}]}
]


async def no_wait(_seconds: float) -> None:
    """Back-off without waiting (the tests count attempts, not seconds)."""


@dataclass
class Backends:
    """Rasa's REST channel and the WeChat API: what reached them, and what they answer."""

    rasa_reply: list[dict[str, Any]] = field(default_factory=lambda: list(QUESTION))
    to_rasa: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    send_errors: list[int] = field(default_factory=list)  # errcodes answered to the next sends, in order
    token_fetches: int = 0
    token_errcode: int = 0

    def rasa(self, request: httpx.Request) -> httpx.Response:
        self.to_rasa.append(json.loads(request.content))
        return httpx.Response(200, json=self.rasa_reply)

    def api(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cgi-bin/token":
            if self.token_errcode:
                return httpx.Response(200, json={"errcode": self.token_errcode, "errmsg": "refused"})
            self.token_fetches += 1
            return httpx.Response(200, json={"access_token": f"T{self.token_fetches}", "expires_in": 7200})
        if self.send_errors:
            return httpx.Response(200, json={"errcode": self.send_errors.pop(0), "errmsg": "error"})
        self.sent.append({"token": request.url.params["access_token"], **json.loads(request.content)})
        return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})

    @property
    def texts(self) -> list[str]:
        return [s["text"]["content"] for s in self.sent]


def service(backends: Backends, clock: Any = None, attempts: int = 5) -> CustomerService:
    """The customer-service client against the fake API transport, with back-off that does not wait."""
    extra = {"clock": clock} if clock else {}
    return CustomerService(
        API, APP_ID, APP_SECRET, Backoff(attempts=attempts), httpx.MockTransport(backends.api), sleep=no_wait, **extra
    )


def callbacks(backends: Backends, aes_key: str | None = None) -> Callbacks:
    """The channel's callbacks handler with everything behind it in memory."""
    from wechatpy.crypto import WeChatCrypto

    rasa = RasaClient(RASA, transport=httpx.MockTransport(backends.rasa))
    conversations = Conversations(rasa, service(backends), load_texts(), KEY)
    crypto = WeChatCrypto(TOKEN, aes_key, APP_ID) if aes_key else None
    return Callbacks(TOKEN, conversations, SeenKeys(), ReplayGuard(), crypto)


def client(handler: Callbacks) -> httpx.AsyncClient:
    """An HTTP client of the channel's app."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=make_app(handler)), base_url="http://wechat.test")

"""The tests' WeChat: a client that posts signed callbacks (plain and safe mode), and the fake API as a fixture.

The fake API server (bot/bench/fake_wechat_api.py), the callback bodies
(bot/bench/wechat_callbacks.py) and the signing (bot/wechat/signing.py) are shared with the
WeChat bench; what is here only the tests use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from wechatpy.crypto import WeChatCrypto

from bot.bench.fake_wechat_api import FakeWeChatApi
from bot.bench.wechat_callbacks import ACCOUNT, APP_ID, TOKEN
from bot.wechat.signing import signed_callback, signed_query


def running_fake(**kwargs: Any) -> Iterator[FakeWeChatApi]:
    """A started fake for a fixture; stopped afterwards."""
    fake = FakeWeChatApi(**kwargs).start()
    try:
        yield fake
    finally:
        fake.stop()


class CallbackClient:
    """Sends callbacks to a `/wechat` URL, signed as WeChat signs them (encrypted when given the AES key)."""

    def __init__(
        self, url: str, token: str = TOKEN, aes_key: str | None = None, app_id: str = APP_ID, timeout: float = 10.0
    ) -> None:
        self.url = url
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
        self.http = httpx.Client(timeout=timeout)

    def query(self, timestamp: str | None = None, nonce: str | None = None) -> dict[str, str]:
        """signature, timestamp and nonce, as WeChat puts them on every callback."""
        return signed_query(self.token, timestamp, nonce)

    def echo(self, echostr: str = "echo-1234567890", **query: str) -> httpx.Response:
        """WeChat's check of the server URL."""
        return self.http.get(self.url, params={**self.query(), "echostr": echostr, **query})

    def post(self, xml: str | bytes, **query: str) -> httpx.Response:
        """One callback; `query` overrides (a wrong signature, an old timestamp, a nonce used before)."""
        timestamp, nonce = query.pop("timestamp", None), query.pop("nonce", None)
        params, body = signed_callback(self.token, xml, self.crypto, ACCOUNT, timestamp, nonce)
        return self.http.post(self.url, params=params | query, content=body, headers={"Content-Type": "text/xml"})

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

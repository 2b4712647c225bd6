"""WeChat's customer-service message API (客服消息): the access token, and text messages sent in order.

httpx (async, already used by every front end) rather than wechatpy's client: wechatpy's
client is synchronous (requests) and would stop every other patient's turn while one send
waits; the two calls needed here are small. The base URL is WECHAT_API_BASE, so tests point
it at a fake server.

The access token is fetched once, cached until shortly before it expires, and fetched again
when WeChat says it expired or is invalid (40001, 42001, 40014). A rate-limited send (45047,
45009), a network failure or a server error is tried again with back-off; WeChat sends a
message only when it answers errcode 0, so trying again after an error code duplicates
nothing. A send whose answer was lost in the network may have gone out: it is tried again
too (a reply is better twice than never).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

logger = logging.getLogger(__name__)

TOKEN_PATH = "/cgi-bin/token"
SEND_PATH = "/cgi-bin/message/custom/send"
TOKEN_REJECTED = frozenset({40001, 42001, 40014})  # invalid credential, token expired, invalid token
RATE_LIMITED = frozenset({45047, 45009, -1})  # too many messages, API quota reached, system busy
IP_NOT_ALLOWED = 40164  # the server's address is not on the account's IP allow-list
EARLY_S = 300.0  # a token is fetched again this long before WeChat says it expires


class WeChatApiError(Exception):
    """WeChat answered with an error code (or not at all: errcode None)."""

    def __init__(self, errcode: int | None, retry: bool) -> None:
        super().__init__(f"errcode {errcode}")
        self.errcode = errcode
        self.retry = retry


@dataclass
class TokenCache:
    """The access token and when to stop using it (a pure holder: the clock is given)."""

    token: str | None = None
    until: float = 0.0

    def valid(self, now: float) -> str | None:
        """The token while it is fresh, else None."""
        return self.token if self.token and now < self.until else None

    def keep(self, token: str, expires_in: float, now: float) -> None:
        """Keep a new token until EARLY_S before it expires (at least half its life)."""
        self.token = token
        self.until = now + max(expires_in - EARLY_S, expires_in / 2)

    def drop(self, token: str) -> None:
        """Forget this token (WeChat refused it); a newer one fetched meanwhile is kept."""
        if self.token == token:
            self.token, self.until = None, 0.0


@dataclass(frozen=True)
class Backoff:
    """How a failed send is tried again: `attempts` in all, waits doubling from `first_s` up to `most_s`."""

    attempts: int = 10
    first_s: float = 0.5
    most_s: float = 30.0

    def wait(self, attempt: int) -> float:
        """Seconds to wait after the `attempt`-th failure (1-based)."""
        return float(min(self.most_s, self.first_s * 2 ** (attempt - 1)))


class CustomerService:
    """Sends text messages to a follower through the customer-service API, with a cached access token."""

    def __init__(
        self,
        base_url: str,
        app_id: str,
        app_secret: str,
        backoff: Backoff = Backoff(),
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=10.0, transport=transport)
        self.app_id = app_id
        self.app_secret = app_secret
        self.backoff = backoff
        self.clock = clock
        self.sleep = sleep
        self.tokens = TokenCache()
        self._fetching = asyncio.Lock()

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """WeChat's JSON answer; WeChatApiError (to try again) when there is none or it is no JSON object."""
        try:
            reply = await self.http.request(method, path, **kwargs)
            body = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            logger.warning("WeChat API %s: no answer (%s)", path, error.__class__.__name__)
            raise WeChatApiError(None, retry=True) from error
        if not isinstance(body, dict):
            raise WeChatApiError(None, retry=True)
        return body

    async def access_token(self) -> str:
        """The cached access token, fetched (once, for every waiting sender) when there is none."""
        async with self._fetching:
            token = self.tokens.valid(self.clock())
            if token:
                return token
            params = {"grant_type": "client_credential", "appid": self.app_id, "secret": self.app_secret}
            body = await self._call("GET", TOKEN_PATH, params=params)
            token, expires_in = body.get("access_token"), body.get("expires_in", 7200)
            if not isinstance(token, str) or not token:
                errcode = body.get("errcode")
                hint = (
                    " (add this server's address to the account's IP allow-list)" if errcode == IP_NOT_ALLOWED else ""
                )
                logger.error("WeChat refused an access token: errcode %s%s", errcode, hint)
                raise WeChatApiError(errcode if isinstance(errcode, int) else None, retry=True)
            self.tokens.keep(token, float(expires_in) if isinstance(expires_in, (int, float)) else 7200.0, self.clock())
            logger.info("access token fetched (valid %s s)", expires_in)
            return token

    async def send_once(self, open_id: str, content: str) -> None:
        """One send (with a fresh token once if WeChat refuses the cached one); WeChatApiError on failure."""
        for fresh_token in (False, True):
            token = await self.access_token()
            payload = {"touser": open_id, "msgtype": "text", "text": {"content": content}}
            body = await self._call("POST", SEND_PATH, params={"access_token": token}, json=payload)
            errcode = body.get("errcode", 0)
            if errcode == 0:
                return
            if errcode in TOKEN_REJECTED:
                logger.info("WeChat refused the access token (errcode %s): fetching a new one", errcode)
                self.tokens.drop(token)
                if not fresh_token:
                    continue
            raise WeChatApiError(errcode, retry=errcode in RATE_LIMITED or errcode in TOKEN_REJECTED)
        raise AssertionError("unreachable")  # pragma: no cover

    async def send_text(self, open_id: str, content: str, tag: str = "-") -> bool:
        """Send one text, trying again with back-off; True once WeChat took it, False when it never did."""
        for attempt in range(1, self.backoff.attempts + 1):
            try:
                await self.send_once(open_id, content)
                return True
            except WeChatApiError as error:
                if not error.retry or attempt == self.backoff.attempts:
                    logger.error("chat %s: reply not sent after %d attempt(s) (%s)", tag, attempt, error)
                    return False
                wait = self.backoff.wait(attempt)
                logger.warning("chat %s: send failed (%s), trying again in %.1f s", tag, error, wait)
                await self.sleep(wait)
        return False

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

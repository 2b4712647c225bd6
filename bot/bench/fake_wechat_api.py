"""A fake WeChat API server on loopback, for the tests and the WeChat bench (`make bench-wechat`).

`FakeWeChatApi().start()` listens on a free loopback port and serves the two calls the
channel makes:

- `GET /cgi-bin/token?grant_type=client_credential&appid&secret`: a new access token
  (`expires_in` as set), or errcode 40013 / 40125 for a wrong AppID / AppSecret;
- `POST /cgi-bin/message/custom/send?access_token`: records a text message; answers the
  real error codes: 40001 for a token it never issued, 42001 for an expired one
  (`expire_tokens()`), 45047 while rate limited (`rate_limit(n)`), and for a while an error
  or a server failure (`fail_sends(seconds, errcode)`).

Every message taken is kept with the time it came (`Sent.at`, time.monotonic, which is one
clock for every process on the machine), so the bench can time callback-to-reply.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from bot.bench.loopback import LoopbackServer
from bot.bench.wechat_callbacks import APP_ID, APP_SECRET


@dataclass
class Sent:
    """One customer-service message the channel sent."""

    to: str
    content: str
    at: float = field(default_factory=time.monotonic)


class FakeWeChatApi(LoopbackServer):
    """The fake server: start(), read `sent`, switch failures on and off, stop()."""

    keep_alive = True  # as WeChat's API: the channel's connection pool is reused, not a connection per send

    def __init__(self, app_id: str = APP_ID, app_secret: str = APP_SECRET, expires_in: int = 7200) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.expires_in = expires_in
        self.sent: list[Sent] = []
        self._by_follower: defaultdict[str, list[Sent]] = defaultdict(list)
        self.on_send: Callable[[Sent], None] | None = None  # called (in the server's thread) for each message taken
        self.token_fetches = 0
        self.send_calls = 0
        self.errors: list[int] = []  # every error code answered, in order
        self._live: set[str] = set()
        self._expired: set[str] = set()
        self._rate_limited = 0
        self._failing_until = 0.0
        self._failing_code = 0  # 0: a 500 with no JSON; else this errcode
        self._numbers = itertools.count(1)
        self._changed = threading.Condition()

    # --- switches ----------------------------------------------------------------------------
    def expire_tokens(self) -> None:
        """Every token issued so far now answers 42001 (access token expired)."""
        with self._changed:
            self._expired |= self._live
            self._live.clear()

    def rate_limit(self, sends: int) -> None:
        """The next `sends` sends answer 45047 (too many customer-service messages)."""
        with self._changed:
            self._rate_limited = sends

    def fail_sends(self, seconds: float, errcode: int = 0) -> None:
        """For `seconds`, every send fails: with this errcode, or (0) a 500 without JSON."""
        with self._changed:
            self._failing_until = time.monotonic() + seconds
            self._failing_code = errcode

    # --- reading -----------------------------------------------------------------------------
    def texts_to(self, open_id: str) -> list[str]:
        """Every text sent to this follower, in order."""
        return [s.content for s in self.sent_to(open_id)]

    def sent_to(self, open_id: str) -> list[Sent]:
        """Every message sent to this follower, in order, with when it came."""
        with self._changed:
            return list(self._by_follower.get(open_id, ()))

    def count_to(self, open_id: str) -> int:
        """How many messages this follower was sent (cheap: the bench asks it often)."""
        with self._changed:
            return len(self._by_follower.get(open_id, ()))

    def wait_for(self, check: Callable[[], bool], timeout: float = 30.0) -> None:
        """Wait until `check()` holds (re-checked at every send); AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not check():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the fake WeChat API did not see what was awaited")
                self._changed.wait(min(left, 0.2))

    def wait_quiet(self, open_id: str, since: int, quiet_s: float = 1.0, timeout: float = 60.0) -> list[str]:
        """The texts sent to a follower after the first `since` of them, once none came for `quiet_s`."""
        deadline = time.monotonic() + timeout
        self.wait_for(lambda: len(self.texts_to(open_id)) > since, timeout)
        count = len(self.texts_to(open_id))
        while time.monotonic() < deadline:
            time.sleep(quiet_s)
            now = len(self.texts_to(open_id))
            if now == count:
                return self.texts_to(open_id)[since:]
            count = now
        raise AssertionError("the replies did not stop coming")

    # --- serving -----------------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any] | None) -> None:
        data = json.dumps(body).encode() if body is not None else b"<html>server error</html>"
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json" if body is not None else "text/html")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if url.path == "/cgi-bin/token" and handler.command == "GET":
            self._answer(handler, 200, self._token(query))
        elif url.path == "/cgi-bin/message/custom/send" and handler.command == "POST":
            status, body = self._send(query.get("access_token", ""), raw)
            self._answer(handler, status, body)
        else:
            self._answer(handler, 404, {"errcode": 404, "errmsg": "not found"})

    def _token(self, query: dict[str, str]) -> dict[str, Any]:
        with self._changed:
            if query.get("grant_type") != "client_credential" or query.get("appid") != self.app_id:
                return self._error(40013, "invalid appid")
            if query.get("secret") != self.app_secret:
                return self._error(40125, "invalid appsecret")
            self.token_fetches += 1
            token = f"ACCESS_TOKEN_{next(self._numbers)}_{secrets.token_hex(4)}"
            self._live.add(token)
            return {"access_token": token, "expires_in": self.expires_in}

    def _error(self, errcode: int, errmsg: str) -> dict[str, Any]:
        self.errors.append(errcode)
        return {"errcode": errcode, "errmsg": errmsg}

    def _send(self, token: str, raw: bytes) -> tuple[int, dict[str, Any] | None]:
        with self._changed:
            self.send_calls += 1
            if token in self._expired:
                return 200, self._error(42001, "access_token expired")
            if token not in self._live:
                return 200, self._error(40001, "invalid credential, access_token is invalid or not latest")
            if time.monotonic() < self._failing_until:
                if not self._failing_code:
                    return 500, None
                return 200, self._error(self._failing_code, "failing for the test")
            if self._rate_limited > 0:
                self._rate_limited -= 1
                return 200, self._error(45047, "out of response count limit")
            try:
                payload = json.loads(raw)
                to, content = payload["touser"], payload["text"]["content"]
                assert payload["msgtype"] == "text" and isinstance(content, str)
            except (ValueError, KeyError, TypeError, AssertionError):
                return 200, self._error(44002, "empty post data or bad payload")
            if len(content.encode("utf-8")) > 2048:
                return 200, self._error(45002, "content size out of limit")
            self.sent.append(Sent(to, content))
            self._by_follower[to].append(self.sent[-1])
            if self.on_send is not None:
                self.on_send(self.sent[-1])
            self._changed.notify_all()
            return 200, {"errcode": 0, "errmsg": "ok"}

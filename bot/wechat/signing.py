"""Is a callback really from WeChat, and new? The signature (wechatpy), the timestamp window, the nonce.

WeChat signs every callback, GET echo check and POST alike, with `signature` = SHA-1 of the
sorted Token, `timestamp` and `nonce` (query parameters). A signature proves only that whoever
sent it knows the Token; a captured callback could be sent again, so the timestamp must be
recent and a nonce is taken once within that window.
"""

from __future__ import annotations

import hmac
import time
from collections import OrderedDict
from collections.abc import Callable

from wechatpy.utils import WeChatSigner

MAX_NONCES = 100_000  # nonces remembered at most (about 10 MB); the oldest are forgotten first


def sign(*parts: str) -> str:
    """WeChat's signature of these parts: SHA-1 of the sorted, joined strings (wechatpy's signer)."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def signature_ok(token: str, signature: str | None, timestamp: str | None, nonce: str | None) -> bool:
    """True when `signature` is the Token's signature of this timestamp and nonce (compared in constant time)."""
    if not (token and signature and timestamp and nonce):
        return False
    return hmac.compare_digest(sign(token, timestamp, nonce).encode(), signature.encode("utf-8", "replace"))


class ReplayGuard:
    """Refuses a callback whose timestamp is outside the window or whose nonce was seen within it.

    Memory is bounded: a nonce is forgotten once its window has passed (its timestamp could no
    longer be accepted), or, past MAX_NONCES, the oldest first.
    """

    def __init__(
        self, window_s: float = 300.0, max_nonces: int = MAX_NONCES, clock: Callable[[], float] = time.time
    ) -> None:
        self.window_s = window_s
        self.max_nonces = max_nonces
        self.clock = clock
        self._nonces: OrderedDict[str, float] = OrderedDict()  # nonce -> when it may be forgotten

    def refusal(self, timestamp: str, nonce: str) -> str | None:
        """Why this callback is refused ("old timestamp", "nonce seen before"), or None: accepted and remembered."""
        now = self.clock()
        try:
            sent = float(timestamp)
        except ValueError:
            return "bad timestamp"
        if abs(now - sent) > self.window_s:
            return "old timestamp"
        self._forget(now)
        if nonce in self._nonces:
            return "nonce seen before"
        self._nonces[nonce] = now + 2 * self.window_s  # in arrival order, so the oldest come first
        while len(self._nonces) > self.max_nonces:
            self._nonces.popitem(last=False)
        return None

    def _forget(self, now: float) -> None:
        while self._nonces:
            nonce, until = next(iter(self._nonces.items()))
            if until > now:
                break
            del self._nonces[nonce]

    def __len__(self) -> int:
        return len(self._nonces)

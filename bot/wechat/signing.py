"""Is a callback really from WeChat, and new? The signature (wechatpy), the timestamp window, the nonce.

WeChat signs every callback, GET echo check and POST alike, with `signature` = SHA-1 of the
sorted Token, `timestamp` and `nonce` (query parameters). A signature proves only that whoever
sent it knows the Token; a captured callback could be sent again, so the timestamp must be
recent and a nonce is taken once within that window. `signed_callback` is the other side, what
WeChat sends: the tests' client and the WeChat bench sign (and encrypt) their callbacks with it.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable

from wechatpy.crypto import WeChatCrypto
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


def signed_query(token: str, timestamp: str | None = None, nonce: str | None = None) -> dict[str, str]:
    """signature, timestamp and nonce as WeChat puts them on every callback (now and a random nonce by default)."""
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or str(secrets.randbelow(10**10))
    return {"signature": sign(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}


def signed_callback(
    token: str,
    xml: str | bytes,
    crypto: WeChatCrypto | None = None,
    account: str = "gh_account",
    timestamp: str | None = None,
    nonce: str | None = None,
) -> tuple[dict[str, str], bytes]:
    """The query string and body of a callback as WeChat sends it: signed, and in safe mode encrypted.

    What the tests' client and the WeChat bench post to `/wechat`; the channel checks them with
    `signature_ok` and wechatpy's decryption (`account` is the Official Account's ToUserName).
    """
    params = signed_query(token, timestamp, nonce)
    body = xml.encode("utf-8") if isinstance(xml, str) else xml
    if crypto is None:
        return params, body
    encrypted = str(crypto.encrypt_message(body.decode("utf-8"), params["nonce"], params["timestamp"]))
    inner = _element(encrypted, "Encrypt")
    wrapped = f"<xml><ToUserName><![CDATA[{account}]]></ToUserName><Encrypt><![CDATA[{inner}]]></Encrypt></xml>"
    return params | {"encrypt_type": "aes", "msg_signature": _element(encrypted, "MsgSignature")}, wrapped.encode()


def _element(xml: str, name: str) -> str:
    """The CDATA text of one element of wechatpy's encrypted reply."""
    start = xml.index(f"<{name}><![CDATA[") + len(name) + 11
    return xml[start : xml.index("]]>", start)]


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

"""A callback's XML body as one `Inbound` message: wechatpy parses it (and decrypts it in safe mode).

Anything that is not a well-formed WeChat message raises `BadMessage` (the caller answers 400
and keeps nothing). xmltodict, under wechatpy, refuses entity declarations, so a "billion
laughs" body fails at once instead of expanding; expat never fetches external entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.parser import parse_message

# The kinds of message this channel tells apart.
TEXT, SUBSCRIBE, UNSUBSCRIBE, NOT_TEXT, IGNORED = "text", "subscribe", "unsubscribe", "not_text", "ignored"
NOT_TEXT_TYPES = frozenset({"image", "voice", "video", "shortvideo", "location", "link", "miniprogrampage"})
SUBSCRIBE_EVENTS = frozenset({"subscribe", "subscribe_scan"})
OPEN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # an OpenID is 28 such characters; leave room, refuse anything else
MAX_TEXT_CHARS = 2048  # WeChat's own limit on what a user can send in one text message


class BadMessage(ValueError):
    """The body is not a WeChat message this channel can read."""


class ForgedMessage(BadMessage):
    """Safe mode: the encrypted part's signature or AppID is wrong."""


@dataclass(frozen=True)
class Inbound:
    """One callback: who sent it, what kind it is, its text (for a text message) and its once-only key."""

    open_id: str
    kind: str
    key: str  # MsgId; for an event (which has none), FromUserName + CreateTime + event, as WeChat advises
    text: str = ""
    detail: str = ""  # the WeChat message or event type, for the logs


def decrypt(crypto: WeChatCrypto, body: bytes, msg_signature: str, timestamp: str, nonce: str) -> bytes:
    """The plain XML inside a safe-mode body; ForgedMessage or BadMessage when it cannot be trusted or read."""
    try:
        return str(crypto.decrypt_message(body.decode("utf-8"), msg_signature, timestamp, nonce)).encode("utf-8")
    except (InvalidSignatureException, InvalidAppIdException) as error:
        raise ForgedMessage(error.__class__.__name__) from error
    except (ExpatError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise BadMessage(f"not an encrypted WeChat message ({error.__class__.__name__})") from error


def _kind(message_type: str, event: str) -> str:
    if message_type == "text":
        return TEXT
    if message_type == "event":
        return SUBSCRIBE if event in SUBSCRIBE_EVENTS else UNSUBSCRIBE if event == "unsubscribe" else IGNORED
    return NOT_TEXT if message_type in NOT_TEXT_TYPES else IGNORED


def parse(body: bytes) -> Inbound:
    """The message in a plain XML body (BadMessage when it is none)."""
    try:
        message = parse_message(body.decode("utf-8"))
        if message is None:
            raise BadMessage("empty body")
        source, message_type = message.source, str(message.type)
        event = str(getattr(message, "event", "") or "")
        kind = _kind(message_type, event)
        if kind == TEXT:
            text, key = message.content, str(message.id)
            if not isinstance(text, str) or not message.id:
                raise BadMessage("a text message without content or MsgId")
        else:
            text, key = "", str(message.id) if message.id else f"{source}:{message.time}:{event}"
            int(message.time)  # a CreateTime that is not a number is no WeChat message
    except BadMessage:
        raise
    except (ExpatError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise BadMessage(f"not a WeChat message ({error.__class__.__name__})") from error
    if not isinstance(source, str) or not OPEN_ID.fullmatch(source):
        raise BadMessage("no valid FromUserName")
    return Inbound(source, kind, key, text[:MAX_TEXT_CHARS], f"{message_type}/{event}" if event else message_type)

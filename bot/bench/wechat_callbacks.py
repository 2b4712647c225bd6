"""What WeChat posts to `/wechat`: the XML bodies of messages and events, and made-up ids and credentials.

For the tests (tests/wechat/) and the WeChat bench (bot/bench/wechat.py): both play WeChat with
these bodies, signed (and in safe mode encrypted) by `bot.wechat.signing.signed_callback`.
"""

from __future__ import annotations

import itertools
import secrets
import time

APP_ID = "wx0123456789abcdef"
APP_SECRET = "fake-app-secret-0123456789abcdef"
TOKEN = "fakeWeChatToken2026"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat gives them
ACCOUNT = "gh_fake_account"  # the Official Account's own id (ToUserName)

_msg_ids = itertools.count(int(time.time()) * 1000)


def new_msg_id() -> str:
    """A MsgId no other callback in this run has (WeChat's are 64-bit numbers)."""
    return str(next(_msg_ids))


def new_open_id() -> str:
    """An OpenID-like id (28 characters) for a new follower."""
    return "o" + secrets.token_urlsafe(21)[:27]


def message_xml(open_id: str, msg_type: str, fields: dict[str, str], created: int | None = None) -> str:
    """A callback body as WeChat writes it (CDATA for strings)."""
    parts = [
        f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>",
        f"<FromUserName><![CDATA[{open_id}]]></FromUserName>",
        f"<CreateTime>{created or int(time.time())}</CreateTime>",
        f"<MsgType><![CDATA[{msg_type}]]></MsgType>",
        *(f"<{name}><![CDATA[{value}]]></{name}>" for name, value in fields.items()),
    ]
    return "<xml>" + "".join(parts) + "</xml>"


def text_xml(open_id: str, content: str, msg_id: str | None = None) -> str:
    """A text message."""
    return message_xml(open_id, "text", {"Content": content, "MsgId": msg_id or new_msg_id()})


def event_xml(open_id: str, event: str, created: int | None = None) -> str:
    """An event (subscribe, unsubscribe...): no MsgId."""
    return message_xml(open_id, "event", {"Event": event}, created)


def media_xml(open_id: str, msg_type: str) -> str:
    """A voice, image, location or link message."""
    fields = {
        "voice": {"MediaId": "media-1", "Format": "amr"},
        "image": {"PicUrl": "http://example.org/p.jpg", "MediaId": "media-2"},
        "location": {"Location_X": "31.2", "Location_Y": "121.4", "Scale": "15", "Label": "上海"},
        "link": {"Title": "标题", "Description": "说明", "Url": "http://example.org/"},
    }[msg_type]
    return message_xml(open_id, msg_type, {**fields, "MsgId": new_msg_id()})

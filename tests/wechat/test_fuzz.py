"""Fuzzing the callback body: malformed XML, entity expansion, oversized bodies, unknown types.

A clear 400 (or 413), or an ignored message acknowledged `success`; never a 5xx, and nothing
taken (no key remembered, nothing sent to Rasa) for a body that was refused.
"""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bench.wechat_callbacks import AES_KEY, message_xml
from bot.wechat.app import MAX_BODY_BYTES
from tests.wechat.fakes import CallbackClient
from tests.wechat.inprocess import Backends, callbacks, client

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]><xml><ToUserName>gh</ToUserName><FromUserName>oEvil</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<xml><FromUserName>oEvil</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
    "<Content>&xxe;</Content><MsgId>2</MsgId></xml>"
)


def deliver(body: bytes, aes_key: str | None = None) -> tuple[int, Backends, int]:
    """Post one signed body to a fresh channel; the status, what reached the back ends, the keys taken."""
    backends = Backends()
    handler = callbacks(backends, aes_key)

    async def run() -> int:
        signer = CallbackClient("http://unused")
        async with client(handler) as http:
            reply = await http.post("/wechat", params=signer.query(), content=body)
        await handler.conversations.idle()
        return reply.status_code

    status = asyncio.run(run())
    return status, backends, len(handler.seen)


def assert_refused_or_ignored(body: bytes, aes_key: str | None = None) -> int:
    status, backends, taken = deliver(body, aes_key)
    assert status < 500, status
    if status != 200:
        assert status in (400, 403, 413) and taken == 0
        assert not backends.to_rasa and not backends.sent
    return status


def test_entity_expansion_and_external_entities_are_refused() -> None:
    assert assert_refused_or_ignored(BILLION_LAUGHS.encode()) == 400
    assert assert_refused_or_ignored(EXTERNAL_ENTITY.encode()) == 400


def test_an_oversized_body_is_refused() -> None:
    body = message_xml("oBig", "text", {"Content": "长" * MAX_BODY_BYTES, "MsgId": "3"}).encode()
    assert assert_refused_or_ignored(body) == 413


def test_unknown_types_and_events_are_acknowledged_and_ignored() -> None:
    for xml in (
        message_xml("oU", "hologram", {"MsgId": "4"}),
        message_xml("oU", "event", {"Event": "VIEW", "EventKey": "http://x"}),
        message_xml("oU", "event", {"Event": "TEMPLATESENDJOBFINISH"}),
    ):
        status, backends, _taken = deliver(xml.encode())
        assert status == 200 and not backends.to_rasa and not backends.sent


def test_a_plain_body_in_safe_mode_is_refused() -> None:
    assert (
        assert_refused_or_ignored(message_xml("oS", "text", {"Content": "你好", "MsgId": "5"}).encode(), AES_KEY) == 400
    )


FIELDS = st.dictionaries(
    st.sampled_from(["Content", "MsgId", "Event", "MediaId", "Encrypt", "EventKey", "xml"]),
    st.text(max_size=40),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes(body: bytes) -> None:
    assert_refused_or_ignored(body)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.sampled_from(["text", "event", "voice", "image", "location", "link", "", "TEXT", "unknown"]),
    FIELDS,
)
def test_xml_shaped_bodies(open_id: str, msg_type: str, fields: dict[str, str]) -> None:
    try:
        body = message_xml(open_id, msg_type, fields).encode("utf-8")
    except UnicodeEncodeError:
        return
    assert_refused_or_ignored(body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_in_safe_mode(body: str) -> None:
    assert_refused_or_ignored(body.encode("utf-8", "replace"), AES_KEY)

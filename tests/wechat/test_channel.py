"""The channel in process: numbered choices both ways, the access token's cache and refresh, retried sends."""

from __future__ import annotations

import logging

import pytest

from bot.bench.wechat_callbacks import event_xml, media_xml, text_xml
from bot.wechat.api import EARLY_S, TokenCache
from tests.wechat.fakes import CallbackClient
from tests.wechat.inprocess import KEY, Backends, callbacks, client, service


async def post(handler: object, xml: str) -> str:
    signer = CallbackClient("http://unused")
    async with client(handler) as http:  # type: ignore[arg-type]
        reply = await http.post("/wechat", params=signer.query(), content=xml.encode())
    assert reply.status_code == 200, reply.text
    return reply.text


async def test_a_question_goes_out_numbered_and_a_number_comes_back_as_its_payload() -> None:
    backends = Backends()
    handler = callbacks(backends)
    assert await post(handler, text_xml("oFollower1", "你好")) == "success"
    await handler.conversations.idle()
    assert backends.texts == ["您做过化疗吗？\n\n回复 1：是 / 2：否"]
    assert backends.sent[0]["touser"] == "oFollower1"
    await post(handler, text_xml("oFollower1", "２"))
    await post(handler, text_xml("oFollower1", "是"))
    await handler.conversations.idle()
    said = [m["message"] for m in backends.to_rasa]
    assert said == ["你好", "/deny", "/affirm"]
    senders = {m["sender"] for m in backends.to_rasa}
    assert len(senders) == 1 and senders.pop().startswith("wechat:") and "oFollower1" not in str(backends.to_rasa)
    assert all(m["metadata"] == {"language": "zh"} for m in backends.to_rasa)


async def test_a_new_follower_is_greeted_and_others_are_asked_to_type(caplog: pytest.LogCaptureFixture) -> None:
    backends = Backends(rasa_reply=[{"text": "您好！我是自动助手，不是真人。"}])
    handler = callbacks(backends)
    caplog.set_level(logging.INFO)
    await post(handler, event_xml("oFollower2", "subscribe"))
    await post(handler, media_xml("oFollower2", "image"))
    await post(handler, event_xml("oFollower2", "unsubscribe"))
    await post(handler, event_xml("oFollower2", "CLICK"))  # a menu click: nothing to say
    await handler.conversations.idle()
    texts = handler.conversations.texts["zh"]
    assert backends.texts == ["您好！我是自动助手，不是真人。", texts["languages"], texts["please_type"]]
    assert [m["message"] for m in backends.to_rasa] == ["/greet"]
    assert "unsubscribed" in caplog.text and "oFollower2" not in caplog.text


async def test_the_token_is_fetched_once_kept_and_fetched_again_when_refused() -> None:
    backends = Backends()
    api = service(backends)
    assert await api.send_text("o1", "a") and await api.send_text("o1", "b")
    assert backends.token_fetches == 1
    backends.send_errors = [42001]  # expired
    assert await api.send_text("o1", "c")
    backends.send_errors = [40001]  # invalid (another server fetched a newer one)
    assert await api.send_text("o1", "d")
    assert backends.token_fetches == 3 and backends.texts == ["a", "b", "c", "d"]
    assert [s["token"] for s in backends.sent] == ["T1", "T1", "T2", "T3"]


async def test_rate_limits_are_tried_again_and_a_refusal_gives_up() -> None:
    backends = Backends(send_errors=[45047, 45009, -1])
    api = service(backends)
    assert await api.send_text("o1", "once")
    assert backends.texts == ["once"]
    backends.send_errors = [43004]  # the follower unsubscribed: trying again cannot help
    assert not await api.send_text("o1", "never")
    backends.send_errors = [45047] * 5
    assert not await api.send_text("o1", "gave up")  # 5 attempts, all limited
    assert backends.texts == ["once"]


async def test_the_ip_allow_list_is_named_when_the_token_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    backends = Backends(token_errcode=40164)
    assert not await service(backends, attempts=2).send_text("o1", "x")
    assert "IP allow-list" in caplog.text


def test_the_token_cache_expires_early_and_drops_only_the_refused_token() -> None:
    cache = TokenCache()
    assert cache.valid(0) is None
    cache.keep("T1", 7200, now=100)
    assert cache.valid(100 + 7200 - EARLY_S - 1) == "T1" and cache.valid(100 + 7200 - EARLY_S) is None
    cache.keep("T2", 7200, now=100)
    cache.drop("T1")  # a send with the older token failed: the newer one stays
    assert cache.valid(200) == "T2"
    cache.drop("T2")
    assert cache.valid(200) is None
    short = TokenCache()
    short.keep("S", 60, now=0)  # a short life: half of it is used
    assert short.valid(29) == "S" and short.valid(31) is None


def test_the_sender_is_a_keyed_pseudonym() -> None:
    from bot.wechat.conversations import sender_id

    assert sender_id(KEY, "oA") == sender_id(KEY, "oA") != sender_id(KEY, "oB")
    assert sender_id(KEY, "oA").startswith("wechat:") and "oA" not in sender_id(KEY, "oA")[7:]

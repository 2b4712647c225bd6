"""A follower of the Official Account, end to end: WeChat's callbacks through the real gateway, the WeChat
process, the real Rasa and action servers, and replies through the fake customer-service API."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, select

from bot.bench.fake_wechat_api import FakeWeChatApi
from bot.bench.wechat_callbacks import event_xml, media_xml, new_open_id, text_xml
from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.store.schema import Referral, Screening
from bot.wechat.signing import sign
from bot.wechat.texts import load_texts
from tests.e2e.free_text_zh import ELIGIBLE_ZH
from tests.wechat.conftest import Channel, WeChatPatient, channel_through_gateway, log_text, logged_tag

pytestmark = pytest.mark.e2e

TEXTS = load_texts()
MAX_QUESTIONS = 20


@pytest.fixture(scope="module")
def channel(settings: Settings, servers: dict[str, Server], fake_wechat: FakeWeChatApi) -> Iterator[Channel]:
    """The WeChat process (plain mode) behind its own gateway."""
    with channel_through_gateway(settings, fake_wechat, "plain") as (running, _server):
        yield running


def user_messages(patient: WeChatPatient) -> list[str]:
    """What Rasa recorded the follower as saying."""
    return [e.get("text") or "" for e in patient.rasa.tracker()["events"] if e.get("event") == "user"]


def test_the_url_check_echoes_only_a_signed_request(channel: Channel) -> None:
    client = channel.client()
    reply = client.echo("echo-5807")
    assert reply.status_code == 200 and reply.text == "echo-5807"
    wrong = httpx.get(channel.url, params={**client.query(), "signature": "0" * 40, "echostr": "x"}, timeout=10)
    assert wrong.status_code == 403 and "x" not in wrong.text


def test_a_new_follower_is_greeted_in_chinese_and_asked_consent_first(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    said = patient.follow()
    text = "\n".join(said)
    assert "自动助手" in text and "不是真人" in text and "120" in text
    assert "回复 1：同意，我本人回答 / 2：同意，替家人回答 / 3：不了，谢谢" in text
    assert said[-1] == TEXTS["zh"]["languages"]
    slots = patient.rasa.slots()
    assert slots["language"] == "zh" and slots["phase"] == "consent" and slots["requested_slot"] is None
    assert not any("问题 1" in s or "第 1 题" in s for s in said)  # no health question before consent


def test_a_whole_chinese_screening_reaches_a_referral_number(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    patient.say("1")  # the number of "同意，我本人回答"
    assert patient.rasa.slots()["phase"] == "screening"
    for _ in range(MAX_QUESTIONS):
        slots = patient.rasa.slots()
        if slots["phase"] != "screening" or slots["requested_slot"] is None:
            break
        answer = ELIGIBLE_ZH[slots["requested_slot"]]
        for message in answer if isinstance(answer, list) else [answer]:
            patient.say(message)
    assert patient.rasa.slots()["phase"] == "summary", patient.last_text
    patient.say("对的")
    assert patient.rasa.slots()["screening_outcome"] == "likely_eligible", patient.last_text
    for message in ("好的，请联系我", "王丽", "13800138000", "上午"):
        patient.say(message)
    assert "王丽" in patient.last_text and "13800138000" in patient.last_text  # the read-back
    patient.say("对，发送吧")
    number = patient.rasa.slots()["referral_number"]
    assert number and number in patient.last_text and "推荐编号" in patient.last_text
    assert all(len(text.encode("utf-8")) <= 2048 for text in patient.received)
    engine = create_engine(settings.store_url, future=True)
    with engine.connect() as connection:
        query = select(Screening.channel).join(Referral, Referral.screening_id == Screening.id)
        channels = connection.execute(query.where(Referral.number == number)).all()
    engine.dispose()
    assert channels == [("wechat",)]
    log = log_text(channel.log)
    assert f"chat {logged_tag(settings, patient.open_id)}" in log
    assert patient.open_id not in log and "王丽" not in log and "13800138000" not in log and "已经转移" not in log


def test_a_retried_callback_is_answered_once(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    xml = text_xml(patient.open_id, "1")  # one MsgId, sent as WeChat retries it: new nonce each time
    first = patient.send(xml)
    for _ in range(3):
        assert patient.client.post(xml).text == "success"
    time.sleep(2.0)
    assert patient.received[-len(first) :] == first and len(patient.received) == len(patient.turns[0]) + len(first)
    assert user_messages(patient).count('/affirm{"audience": "self"}') == 1


def test_unsigned_forged_old_and_replayed_callbacks_reach_nothing(settings: Settings, channel: Channel) -> None:
    open_id = new_open_id()
    client = channel.client()
    xml = text_xml(open_id, "你好")
    assert httpx.post(channel.url, content=xml, timeout=10).status_code == 403  # unsigned
    assert client.post(xml, signature=sign("wrong-token", "1", "2")).status_code == 403
    old = str(int(time.time()) - 3600)
    assert client.post(xml, timestamp=old).status_code == 403
    query = client.query()
    assert client.post(text_xml(open_id, "你好"), **query).status_code == 200  # taken once...
    assert client.post(text_xml(open_id, "我想重新开始"), **query).status_code == 403  # ...its nonce never again
    patient = WeChatPatient(settings, channel, open_id=open_id)
    channel.fake.wait_for(lambda: bool(patient.received))
    time.sleep(1.5)
    assert user_messages(patient) == ["你好"]


def test_voice_pictures_places_and_links_are_asked_to_be_typed(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    for kind in ("voice", "image", "location", "link"):
        assert patient.send(media_xml(patient.open_id, kind)) == [TEXTS["zh"]["please_type"]]
    said = patient.say("English")
    assert any("automated assistant" in text for text in said)
    assert patient.send(media_xml(patient.open_id, "voice")) == [TEXTS["en"]["please_type"]]
    assert user_messages(patient) == ["/greet", "English"]


def test_start_over_and_delete_my_data_work_in_chinese(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    patient.say("1")
    patient.say("HER2（1+）")
    assert patient.rasa.slots()["her2_ihc"] == "1+"
    patient.say("重新开始")
    assert "我们重新开始" in patient.last_text
    assert patient.rasa.slots()["her2_ihc"] is None
    said = patient.say("删除我的数据")
    assert "回复 1：是，全部删除 / 2：不，保留" in "\n".join(said)
    patient.say("1")
    assert "已经删除了您的回答" in patient.last_text
    assert user_messages(patient)[-1:] != ["删除我的数据"]  # the tracker's events were erased with the data


def test_an_unsubscribe_is_logged_by_tag_only(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    assert patient.client.post(event_xml(patient.open_id, "unsubscribe")).text == "success"
    tag = logged_tag(settings, patient.open_id)
    deadline = time.monotonic() + 10
    while f"chat {tag}: unsubscribed" not in log_text(channel.log) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert f"chat {tag}: unsubscribed" in log_text(channel.log) and patient.open_id not in log_text(channel.log)
    assert not patient.received

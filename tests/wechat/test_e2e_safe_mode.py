"""Safe (encrypted) mode, end to end: WECHAT_AES_KEY set, callbacks encrypted as WeChat encrypts them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.bench.fake_wechat_api import FakeWeChatApi
from bot.bench.wechat_callbacks import AES_KEY, TOKEN, text_xml
from bot.startup.processes import Server
from bot.startup.settings import Settings
from tests.wechat.conftest import Channel, WeChatPatient, channel_through_gateway
from tests.wechat.fakes import CallbackClient

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def channel(settings: Settings, servers: dict[str, Server], fake_wechat: FakeWeChatApi) -> Iterator[Channel]:
    """The WeChat process in safe mode behind its own gateway."""
    with channel_through_gateway(settings, fake_wechat, "safe", {"WECHAT_AES_KEY": AES_KEY}) as (running, _server):
        yield running


def test_an_encrypted_conversation_round_trip(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    said = patient.follow()
    assert "自动助手" in "\n".join(said)
    patient.say("1")
    assert patient.rasa.slots()["phase"] == "screening"
    patient.say("HER2（1+）")
    assert patient.rasa.slots()["her2_ihc"] == "1+"


def test_plain_or_wrongly_encrypted_messages_are_refused(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    plain = CallbackClient(channel.url, TOKEN)  # signed, but not encrypted
    assert plain.post(text_xml(patient.open_id, "你好")).status_code == 400
    plain.close()
    other_key = CallbackClient(channel.url, TOKEN, "B" * 43)  # encrypted with another key: its signature still holds
    reply = other_key.post(text_xml(patient.open_id, "你好"))
    other_key.close()
    assert reply.status_code in (400, 403)
    assert patient.client.post(text_xml(patient.open_id, "你好"), msg_signature="0" * 40).status_code == 403
    assert not patient.received
    assert patient.rasa.tracker()["events"] == [] or not [
        e for e in patient.rasa.tracker()["events"] if e.get("event") == "user"
    ]

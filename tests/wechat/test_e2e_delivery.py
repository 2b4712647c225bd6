"""Replies reach the follower whatever the customer-service API does: an access token expiring mid-conversation,
sends failing for a while, rate limits. Each reply arrives once, in order (real gateway, Rasa and actions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.bench.fake_wechat_api import FakeWeChatApi
from bot.rasa_client import parse_buttons
from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.wechat.choices import numbered
from tests.wechat.conftest import Channel, WeChatPatient, channel_through_gateway, log_text

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def channel(settings: Settings, servers: dict[str, Server], fake_wechat: FakeWeChatApi) -> Iterator[Channel]:
    """The WeChat process (plain mode) behind its own gateway, with a fake API of its own."""
    with channel_through_gateway(settings, fake_wechat, "delivery") as (running, _server):
        yield running


def rasa_said_last(patient: WeChatPatient) -> list[str]:
    """What Rasa answered the follower's last message, as the channel must have sent it (numbered choices)."""
    events = patient.rasa.tracker()["events"]
    last_user = max(i for i, e in enumerate(events) if e.get("event") == "user")
    bot = [
        e for e in events[last_user:] if e.get("event") == "bot" and (e.get("text") or e.get("data", {}).get("buttons"))
    ]
    return [numbered(e.get("text") or "", parse_buttons(e.get("data", {}).get("buttons"))) for e in bot]


def test_the_access_token_expiring_mid_conversation(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    fetched = channel.fake.token_fetches
    channel.fake.expire_tokens()
    said = patient.say("1")
    assert said == rasa_said_last(patient) and said  # every reply, once, in order
    assert 42001 in channel.fake.errors and channel.fake.token_fetches == fetched + 1


def test_sends_failing_then_recovering_lose_and_duplicate_nothing(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    channel.fake.fail_sends(2.5)  # server errors for a while
    said = patient.say("1")
    assert said == rasa_said_last(patient)
    channel.fake.fail_sends(1.5, errcode=-1)  # "system busy"
    said = patient.say("HER2（1+）")
    assert said == rasa_said_last(patient) and len(said) == len(set(said))
    assert "send failed" in log_text(channel.log)


def test_rate_limited_sends_are_tried_again(settings: Settings, channel: Channel) -> None:
    patient = WeChatPatient(settings, channel)
    patient.follow()
    before = channel.fake.errors.count(45047)
    channel.fake.rate_limit(3)
    said = patient.say("1")
    assert said == rasa_said_last(patient)
    assert channel.fake.errors.count(45047) == before + 3

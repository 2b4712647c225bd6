"""Webhook mode: setWebhook with the secret; the internal /telegram refuses a wrong secret, takes a right one."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings
from bot.telegram.webhook import SECRET_HEADER, internal_webhook_url
from tests.telegram.conftest import TOKEN, log_text, logged_tag, new_chat_id, start_bot
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

PUBLIC_URL = "https://gateway.example.org/telegram/webhook"
SECRET = "webhook-secret_for-tests-0123456789"


@pytest.fixture(scope="module")
def webhook_port() -> int:
    """The internal port of the webhook listener."""
    return free_port()


@pytest.fixture(scope="module")
def webhook_bot(
    settings: Settings, servers: dict[str, Server], fake_api: FakeBotApi, bot_log: Path, webhook_port: int
) -> Iterator[Server]:
    """The Telegram process in webhook mode (ready when its /healthz answers)."""
    env = {"TELEGRAM_WEBHOOK_URL": PUBLIC_URL, "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_PORT": str(webhook_port)}
    server = start_bot(settings, fake_api, bot_log, env)
    try:
        yield server
    finally:
        server.stop()


def post(port: int, update: dict, secret: str | None) -> httpx.Response:
    """What the gateway does: the raw body and the secret header, to the internal URL."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return httpx.post(internal_webhook_url(port), content=json.dumps(update), headers=headers, timeout=10)


def test_webhook_registered_with_the_secret(webhook_bot: Server, fake_api: FakeBotApi) -> None:
    [call] = fake_api.calls_of("setWebhook")
    assert call.params["url"] == PUBLIC_URL
    assert call.params["secret_token"] == SECRET
    assert set(call.params["allowed_updates"]) == {"message", "callback_query"}
    assert not fake_api.calls_of("getUpdates")  # no polling in webhook mode


def test_wrong_or_missing_secret_is_refused(webhook_bot: Server, fake_api: FakeBotApi, webhook_port: int) -> None:
    chat_id = new_chat_id()
    before = len(fake_api.calls)
    for secret in (None, "", "wrong", SECRET[:-1], SECRET + "x"):
        reply = post(webhook_port, {"update_id": 1, **fake_api.text_update(chat_id, "/start")}, secret)
        assert reply.status_code == 403, secret
    time.sleep(1.0)  # give a wrongly accepted update time to show up
    assert not [c for c in fake_api.calls[before:] if c.chat_id == chat_id]


def test_right_secret_updates_are_answered(
    settings: Settings, webhook_bot: Server, fake_api: FakeBotApi, webhook_port: int, bot_log: Path
) -> None:
    def deliver(update: dict) -> None:
        assert post(webhook_port, update, SECRET).status_code == 200

    patient = TelegramPatient(fake_api, new_chat_id(), deliver=deliver)
    patient.say("/start")
    assert "automated assistant" in patient.all_text
    patient.press("Yes, for myself")  # a button press comes the same way
    assert "Question 1 of 12" in patient.last_texts[-1]
    patient.say("it was 1+")
    assert "Question 2 of 12" in patient.last_texts[-1]
    log = log_text(bot_log)
    assert f"chat {logged_tag(settings, patient.chat_id)}" in log and str(patient.chat_id) not in log
    assert "it was 1+" not in log and TOKEN not in log


def test_a_body_that_is_no_update_is_refused(webhook_bot: Server, webhook_port: int) -> None:
    assert post(webhook_port, {"update_id": 5, "message": "not a message"}, SECRET).status_code == 400
    bad_json = httpx.post(internal_webhook_url(webhook_port), content=b"{", headers={SECRET_HEADER: SECRET}, timeout=10)
    assert bad_json.status_code == 400


def test_through_the_gateway(settings: Settings, webhook_bot: Server, fake_api: FakeBotApi, webhook_port: int) -> None:
    """The whole path Telegram takes: the public gateway checks the secret and forwards to this process."""
    from bot.gateway.process import start_gateway

    own = dataclasses.replace(settings, gateway_port=free_port())
    env = {"TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_PORT": str(webhook_port)}
    gateway = start_gateway(own, settings.var_dir / "gateway-telegram.log", env)
    try:
        gateway.wait_ready(timeout=60)
        public = f"http://127.0.0.1:{own.gateway_port}/telegram/webhook"

        def deliver(update: dict) -> None:
            reply = httpx.post(public, json=update, headers={SECRET_HEADER: SECRET}, timeout=10)
            assert reply.status_code == 200

        patient = TelegramPatient(fake_api, new_chat_id(), deliver=deliver)
        before = len(fake_api.calls)
        wrong = httpx.post(public, json=fake_api.text_update(patient.chat_id, "/start"), timeout=10)
        assert wrong.status_code == 403
        time.sleep(0.5)
        assert not [c for c in fake_api.calls[before:] if c.chat_id == patient.chat_id]
        patient.say("/start")
        assert "automated assistant" in patient.all_text
        patient.press("Yes, for myself")
        assert "Question 1 of 12" in patient.last_texts[-1]
    finally:
        gateway.stop()


def test_healthz(webhook_bot: Server, webhook_port: int) -> None:
    reply = httpx.get(f"http://127.0.0.1:{webhook_port}/healthz", timeout=10)
    assert reply.status_code == 200 and reply.json() == {"status": "ok"}

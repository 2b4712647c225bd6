"""Fixtures for the WeChat tests: the fake WeChat API, the WeChat process against it, a gateway in front."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.bench.fake_wechat_api import FakeWeChatApi
from bot.bench.wechat_callbacks import APP_ID, APP_SECRET, TOKEN, event_xml, new_open_id, text_xml
from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher, log_tag
from bot.wechat.conversations import sender_id
from bot.wechat.process import start_wechat
from tests.e2e.chat import Patient
from tests.running import ready, running_gateway
from tests.wechat.fakes import CallbackClient, running_fake


def wechat_sender(settings: Settings, open_id: str) -> str:
    """The sender id the WeChat process gives Rasa for this follower (keyed with the test store's key)."""
    return sender_id(load_cipher(settings.var_dir), open_id)


def logged_tag(settings: Settings, open_id: str) -> str:
    """The tag the WeChat process logs for this follower (never the OpenID)."""
    return log_tag(load_cipher(settings.var_dir), wechat_sender(settings, open_id))


def log_text(path: Path) -> str:
    """A process's log so far."""
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@dataclass
class Channel:
    """A running WeChat channel: the public URL WeChat calls, the fake API it sends through, its log."""

    url: str
    fake: FakeWeChatApi
    log: Path
    aes_key: str | None = None
    clients: list[CallbackClient] = field(default_factory=list)

    def client(self) -> CallbackClient:
        """A client that signs (and in safe mode encrypts) callbacks as WeChat does."""
        client = CallbackClient(self.url, TOKEN, self.aes_key)
        self.clients.append(client)
        return client


def start_channel(settings: Settings, fake: FakeWeChatApi, log: Path, env: dict[str, str] | None = None) -> Server:
    """The WeChat process against the fake API, ready."""
    base = {
        "WECHAT_APP_ID": APP_ID,
        "WECHAT_APP_SECRET": APP_SECRET,
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_API_BASE": fake.base_url,
        "WECHAT_AES_KEY": "",
        "LOG_LEVEL": "INFO",
    }
    return ready(start_wechat(settings, log, {**base, **(env or {})}))


@pytest.fixture(scope="module")
def fake_wechat() -> Iterator[FakeWeChatApi]:
    """A fake WeChat API server for this module."""
    yield from running_fake()


@contextmanager
def channel_through_gateway(
    settings: Settings, fake: FakeWeChatApi, name: str, env: dict[str, str] | None = None
) -> Iterator[tuple[Channel, Server]]:
    """The WeChat process and a gateway of its own in front of it (the gateway's /wechat is WeChat's URL)."""
    port = free_port()
    own = {"WECHAT_PORT": str(port), **(env or {})}
    log = settings.var_dir / f"wechat-{name}.log"
    server = start_channel(settings, fake, log, own)
    gateway_settings = dataclasses.replace(settings, gateway_port=free_port())
    gateway_env = {"WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET, "WECHAT_TOKEN": TOKEN, **own}
    channel = Channel("", fake, log, aes_key=(env or {}).get("WECHAT_AES_KEY") or None)
    try:
        with running_gateway(gateway_settings, f"gateway-wechat-{name}.log", gateway_env) as url:
            channel.url = f"{url}/wechat"
            yield channel, server
    finally:
        for client in channel.clients:
            client.close()
        server.stop()


@dataclass
class WeChatPatient:
    """A follower of the Official Account: sends callbacks, reads what the channel sent back."""

    settings: Settings
    channel: Channel
    open_id: str = field(default_factory=new_open_id)
    turns: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.client = self.channel.client()
        self.rasa = Patient(self.settings, sender=wechat_sender(self.settings, self.open_id))

    @property
    def received(self) -> list[str]:
        """Every text the channel sent this follower."""
        return self.channel.fake.texts_to(self.open_id)

    def send(self, xml: str) -> list[str]:
        """One callback (acknowledged `success` at once); the texts sent back for it."""
        since = len(self.received)
        reply = self.client.post(xml)
        assert reply.status_code == 200 and reply.text == "success", (reply.status_code, reply.text)
        self.turns.append(self.channel.fake.wait_quiet(self.open_id, since))
        return self.turns[-1]

    def say(self, text: str) -> list[str]:
        """Type a message."""
        return self.send(text_xml(self.open_id, text))

    def follow(self) -> list[str]:
        """Follow the account (the subscribe event)."""
        return self.send(event_xml(self.open_id, "subscribe"))

    @property
    def last_text(self) -> str:
        """Everything sent back in the last turn."""
        return "\n".join(self.turns[-1])

    @property
    def all_text(self) -> str:
        """Everything sent back so far."""
        return "\n".join(self.received)

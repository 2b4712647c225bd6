"""Rasa's own log holds no patient text at INFO or above (bot/rasa_server/log_privacy.py, real server)."""

from __future__ import annotations

import time

import httpx
import pytest

from bot.startup.settings import Settings

pytestmark = pytest.mark.e2e

# Start like intent payloads but are none: stock Rasa logs them whole at WARNING, the first
# as a Python warning (an unknown intent), the second with structlog (no payload shape at all).
MESSAGES = ("/my tumour markers went up again marigold", "/{my tumour markers went up again marigold")


def log_after(path: str, event: str, timeout_s: float = 10.0) -> str:
    """The log file's text once `event` shows in it (or after timeout_s)."""
    deadline = time.monotonic() + timeout_s
    while True:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if event in text or time.monotonic() > deadline:
            return text
        time.sleep(0.2)


def test_unparsable_slash_messages_are_logged_without_their_text(settings: Settings, servers: dict) -> None:
    for message in MESSAGES:
        reply = httpx.post(
            f"{settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": "log-privacy-check", "message": message},
            timeout=60,
        )
        assert reply.status_code == 200
        assert reply.json(), "the patient got no reply"
    log = servers["rasa"].log  # the running server's log (a fault test may have restarted it)
    assert log is not None
    text = log_after(log.name, "message.parsing.failed")
    assert "message.parsing.failed" in text and "[redacted]" in text  # the lines are still logged...
    assert "it is read as text (text not logged)" in text
    assert "marigold" not in text  # ...without what the patient typed

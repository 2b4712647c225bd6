"""A scripted patient talking to the Rasa REST channel, and reading the tracker."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from bot.startup.settings import Settings
from tests.e2e.patients import button

# A slot left empty in a response ("我会问None情况") or a placeholder not filled ("{patient_person}").
UNFILLED = re.compile(r"\bNone\b(?! of)|\{[a-z_]+\}")


def kept(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot's messages, checked for an empty slot or a placeholder shown to the patient."""
    for message in messages:
        text = str(message.get("text") or "")
        assert not UNFILLED.search(text), f"unfilled text shown: {text!r}"
    return messages


@dataclass
class Patient:
    """One conversation over the REST channel, with the replies kept."""

    settings: Settings
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    replies: list[list[dict[str, Any]]] = field(default_factory=list)

    def say(self, message: str) -> list[dict[str, Any]]:
        """Send one message; return the bot's messages for it."""
        reply = requests.post(
            f"{self.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=60,
        )
        reply.raise_for_status()
        messages: list[dict[str, Any]] = kept(reply.json())
        self.replies.append(messages)
        return messages

    def press(self, payload_value: str) -> list[dict[str, Any]]:
        """Press an answer button (the payload a button sends)."""
        return self.say(button(payload_value))

    def script(self, messages: list[str]) -> None:
        """Say each message in turn."""
        for message in messages:
            self.say(message)

    @property
    def last_text(self) -> str:
        """All text of the bot's last reply, joined."""
        return "\n".join(m.get("text", "") for m in self.replies[-1])

    @property
    def all_text(self) -> str:
        """Everything the bot said in this conversation."""
        return "\n".join(m.get("text", "") for reply in self.replies for m in reply)

    def last_buttons(self) -> list[str]:
        """Titles of the buttons in the bot's last reply."""
        return [b["title"] for m in self.replies[-1] for b in m.get("buttons", [])]

    def tracker(self) -> dict[str, Any]:
        """The conversation state from the Rasa HTTP API (token required)."""
        reply = requests.get(
            f"{self.settings.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.settings.rasa_api_token},
            timeout=30,
        )
        reply.raise_for_status()
        tracker: dict[str, Any] = reply.json()
        return tracker

    def slots(self) -> dict[str, Any]:
        """The tracker's slots."""
        slots: dict[str, Any] = self.tracker()["slots"]
        return slots


class WebPatient(Patient):
    """A patient on the web widget's interface: the same conversation, through the gateway."""

    def __init__(self, settings: Settings, gateway_url: str) -> None:
        reply = requests.post(f"{gateway_url}/api/session", timeout=30)
        assert reply.status_code == 201, reply.text
        self.session: str = reply.json()["session"]
        super().__init__(settings, sender="web:" + self.session.split(".")[0])
        self.gateway_url = gateway_url

    def post(self, message: Any) -> requests.Response:
        """Send one message to the gateway; return the raw response."""
        return requests.post(
            f"{self.gateway_url}/api/chat", json={"session": self.session, "message": message}, timeout=60
        )

    def say(self, message: str) -> list[dict[str, Any]]:
        """Send one message through the gateway; return the bot's messages."""
        reply = self.post(message)
        assert reply.status_code == 200, (reply.status_code, reply.text)
        messages: list[dict[str, Any]] = kept(reply.json()["messages"])
        self.replies.append(messages)
        return messages

    def history(self) -> list[dict[str, Any]]:
        """The conversation as the widget gets it after a reload."""
        reply = requests.get(f"{self.gateway_url}/api/history", params={"session": self.session}, timeout=30)
        assert reply.status_code == 200, reply.text
        shown: list[dict[str, Any]] = reply.json()["messages"]
        return shown

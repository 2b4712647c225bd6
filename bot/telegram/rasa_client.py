"""An async client of Rasa's REST channel: one patient message in, the bot's messages out."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

REST_WEBHOOK = "/webhooks/rest/webhook"
SENDER_PREFIX = "telegram:"


class RasaUnavailable(Exception):
    """Rasa did not answer: down, too slow, an error status or a reply that is not a list."""


@dataclass(frozen=True)
class Button:
    """A Rasa button: the words shown and the payload a press sends back."""

    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot: text and the buttons under it (either may be empty)."""

    text: str
    buttons: list[Button] = field(default_factory=list)


def sender_id(chat_id: int) -> str:
    """Rasa's sender id of a Telegram chat."""
    return f"{SENDER_PREFIX}{chat_id}"


def _buttons(raw: object) -> list[Button]:
    if not isinstance(raw, list):
        return []
    buttons = []
    for item in raw:
        if isinstance(item, dict) and (item.get("title") or item.get("payload")):
            title = str(item.get("title") or item.get("payload"))
            buttons.append(Button(title=title, payload=str(item.get("payload") or title)))
    return buttons


def parse_messages(raw: object) -> list[BotMessage]:
    """Rasa's REST reply as messages; anything but text and buttons (images, custom JSON) is left out."""
    if not isinstance(raw, list):
        raise RasaUnavailable("the REST channel did not answer with a list")
    messages = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        text = item.get("text")
        message = BotMessage(text=text if isinstance(text, str) else "", buttons=_buttons(item.get("buttons")))
        if message.text or message.buttons:
            messages.append(message)
    return messages


class RasaClient:
    """Sends patient messages to the Rasa server's REST channel."""

    def __init__(self, base_url: str, timeout: float = 60.0, transport: httpx.AsyncBaseTransport | None = None):
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def send(self, sender: str, message: str) -> list[BotMessage]:
        """The bot's messages in answer to `message`; RasaUnavailable when Rasa cannot answer."""
        try:
            reply = await self._client.post(REST_WEBHOOK, json={"sender": sender, "message": message})
            reply.raise_for_status()
            raw = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(error.__class__.__name__) from error
        return parse_messages(raw)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

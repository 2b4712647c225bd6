"""An async client of the internal Rasa server, shared by the gateway and the Telegram process.

One patient message in, the bot's messages out (the REST channel); a conversation's
events (the HTTP API, for the widget's history); whether Rasa answers at all. With several
Rasa replicas, each sender is sent to one of them (bot/startup/replicas.py); when that one
refuses the connection (killed, restarting), to the next: they share the tracker store and
the lock store, so any replica can carry on the conversation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.startup.replicas import replicas_in_order

REST_WEBHOOK = "/webhooks/rest/webhook"


async def action_server_up(client: httpx.AsyncClient, health_url: str | None) -> bool:
    """True when the action server's /health answers 200 (or none is configured).

    Rasa's REST channel answers 200 with no messages when it cannot reach the action server
    (the action's events are lost): the gateway and Telegram ask this to tell that apart.
    """
    if not health_url:
        return True
    try:
        return (await client.get(health_url)).status_code == 200
    except httpx.HTTPError:
        return False


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


def parse_buttons(raw: object) -> list[Button]:
    """Rasa buttons with a title or a payload (a missing one takes the other)."""
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
        message = BotMessage(text=text if isinstance(text, str) else "", buttons=parse_buttons(item.get("buttons")))
        if message.text or message.buttons:
            messages.append(message)
    return messages


class RasaClient:
    """Sends patient messages to the Rasa server's REST channel (or to the sender's replica of several)."""

    def __init__(
        self,
        base_url: str | Sequence[str],
        timeout: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
        api_token: str | None = None,
    ):
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self._clients = {url: httpx.AsyncClient(base_url=url, timeout=timeout, transport=transport) for url in urls}
        self._token = api_token

    async def _request(self, sender: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """The sender's replica's answer; the next replica's when a replica refuses the connection.

        Only a refused connection moves on: the message never reached that replica, so it cannot
        be handled twice. A time-out or an error status may come after Rasa acted on it: raised.
        """
        urls = replicas_in_order(sender, list(self._clients))
        for url in urls[:-1]:
            try:
                return await self._clients[url].request(method, path, **kwargs)
            except httpx.ConnectError:
                continue
        return await self._clients[urls[-1]].request(method, path, **kwargs)

    async def send(self, sender: str, message: str) -> list[BotMessage]:
        """The bot's messages in answer to `message`; RasaUnavailable when Rasa cannot answer."""
        try:
            reply = await self._request(sender, "POST", REST_WEBHOOK, json={"sender": sender, "message": message})
            reply.raise_for_status()
            raw = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(error.__class__.__name__) from error
        return parse_messages(raw)

    async def events(self, sender: str) -> list[Any]:
        """The conversation's events since its last restart (Rasa's HTTP API; needs the API token)."""
        try:
            reply = await self._request(
                sender, "GET", f"/conversations/{sender}/tracker", params={"token": self._token or ""}
            )
            reply.raise_for_status()
            events = reply.json().get("events")
        except (httpx.HTTPError, ValueError, AttributeError) as error:
            raise RasaUnavailable(error.__class__.__name__) from error
        return events if isinstance(events, list) else []

    async def replicas_up(self) -> dict[str, bool]:
        """Each Rasa replica's URL: whether it answers its status route."""

        async def up(client: httpx.AsyncClient) -> bool:
            try:
                return (await client.get("/", timeout=3.0)).status_code == 200
            except httpx.HTTPError:
                return False

        states = await asyncio.gather(*(up(client) for client in self._clients.values()))
        return dict(zip(self._clients, states, strict=True))

    async def healthy(self) -> bool:
        """True when a Rasa replica answers: with several, any one carries every conversation."""
        return any((await self.replicas_up()).values())

    async def aclose(self) -> None:
        """Close the connection pools."""
        for client in self._clients.values():
            await client.aclose()

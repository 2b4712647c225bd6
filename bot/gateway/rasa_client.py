"""Talk to the internal Rasa server: the REST channel and the conversation history."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, or an error status)."""


def _buttons(raw: object) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        return []
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in raw
        if isinstance(b, dict) and b.get("payload")
    ]


def bot_messages(raw: object) -> list[dict[str, Any]]:
    """Rasa's REST replies as widget messages: text and buttons only."""
    if not isinstance(raw, list):
        return []
    messages = []
    for item in raw:
        if isinstance(item, dict) and (item.get("text") or item.get("buttons")):
            messages.append({"text": str(item.get("text") or ""), "buttons": _buttons(item.get("buttons"))})
    return messages


def transcript(events: object) -> list[dict[str, Any]]:
    """The user and bot messages of a tracker's events, for the widget after a reload.

    A pressed button is shown as its title. Control messages the widget sent
    itself (a payload no button offered, such as /restart) are left out.
    """
    shown: list[dict[str, Any]] = []
    offered: dict[str, str] = {}
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        if event.get("event") == "bot":
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            if event.get("text") or buttons:
                shown.append({"from": "bot", "text": str(event.get("text") or ""), "buttons": buttons})
            if buttons:
                offered = {b["payload"]: b["title"] for b in buttons}
        elif event.get("event") == "user":
            text = str(event.get("text") or "")
            if text.startswith("/"):
                if text not in offered:
                    continue
                text = offered[text]
            shown.append({"from": "user", "text": text, "buttons": []})
    return shown


class RasaClient:
    """An HTTP client for one Rasa server."""

    def __init__(self, base_url: str, token: str, timeout_s: float, transport: httpx.AsyncBaseTransport | None = None):
        self.token = token
        self.http = httpx.AsyncClient(base_url=base_url, timeout=timeout_s, transport=transport)

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Post one message to the REST channel; return the bot's messages."""
        try:
            reply = await self.http.post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
            reply.raise_for_status()
            return bot_messages(reply.json())
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(error.__class__.__name__) from error

    async def history(self, sender: str) -> list[dict[str, Any]]:
        """The conversation so far (since the last restart)."""
        try:
            reply = await self.http.get(f"/conversations/{sender}/tracker", params={"token": self.token})
            reply.raise_for_status()
            return transcript(reply.json().get("events"))
        except (httpx.HTTPError, ValueError, AttributeError) as error:
            raise RasaUnavailable(error.__class__.__name__) from error

    async def healthy(self) -> bool:
        """True when Rasa answers its status route."""
        try:
            reply = await self.http.get("/", timeout=3.0)
            return reply.status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

"""The gateway's view of Rasa: replies and the history after a reload, as the widget wants them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.rasa_client import RasaClient, RasaUnavailable, parse_buttons

__all__ = ["GatewayRasaClient", "RasaUnavailable", "transcript"]


def _buttons(raw: object) -> list[dict[str, str]]:
    return [asdict(b) for b in parse_buttons(raw)]


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


class GatewayRasaClient(RasaClient):
    """The shared Rasa client, answering in the gateway's JSON shapes."""

    async def reply_to(self, sender: str, message: str, language: str | None = None) -> list[dict[str, Any]]:
        """The bot's messages for one patient message (with the widget's language as a hint), as JSON-ready dicts."""
        return [asdict(m) for m in await self.send(sender, message, language)]

    async def history(self, sender: str) -> list[dict[str, Any]]:
        """The conversation so far (since the last restart), for the widget."""
        return transcript(await self.events(sender))

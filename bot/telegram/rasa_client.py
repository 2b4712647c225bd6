"""Rasa's side of the Telegram front end: the shared REST client, and the sender id of a chat."""

from __future__ import annotations

from bot.rasa_client import BotMessage, Button, RasaClient, RasaUnavailable, parse_messages

SENDER_PREFIX = "telegram:"

__all__ = ["BotMessage", "Button", "RasaClient", "RasaUnavailable", "parse_messages", "sender_id"]


def sender_id(chat_id: int) -> str:
    """Rasa's sender id of a Telegram chat."""
    return f"{SENDER_PREFIX}{chat_id}"

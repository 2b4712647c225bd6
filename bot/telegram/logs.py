"""Logging for the Telegram process: keyed chat tags, never chat ids, the bot token or request URLs.

A Telegram chat id identifies a person, so log lines name a chat by `chat_tag`: the keyed
tag the action server logs for the same conversation (an HMAC of its sender id with the
store's key, SCREENING_DATA_KEY or the development key), so the two logs can be matched.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from bot.process_logs import RedactToken
from bot.process_logs import configure_logging as configure_channel_logging
from bot.store.crypto import Cipher, log_tag
from bot.store.environment import cipher_from_env
from bot.telegram.rasa_client import sender_id

QUIET = {"telegram": logging.INFO}  # the HTTP libraries are kept quiet by bot/process_logs.py


@lru_cache(maxsize=1)
def _cipher() -> Cipher:
    return cipher_from_env()


def chat_tag(chat_id: int | None) -> str:
    """The chat's tag for a log line ("-" for no chat): the one the actions log for its conversation."""
    return "-" if chat_id is None else log_tag(_cipher(), sender_id(chat_id))


def configure_logging(token: str, level: str | None = None) -> None:
    """Log to stderr at LOG_LEVEL (default INFO); quiet the HTTP libraries; redact the token."""
    configure_channel_logging([token], level, QUIET)


__all__ = ["RedactToken", "chat_tag", "configure_logging"]

"""Logging for the Telegram process: keyed chat tags, never chat ids, the bot token or request URLs.

A Telegram chat id identifies a person, so log lines name a chat by `chat_tag`: the keyed
tag the action server logs for the same conversation (an HMAC of its sender id with the
store's key, SCREENING_DATA_KEY or the development key), so the two logs can be matched.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from bot.store.crypto import Cipher, log_tag
from bot.store.environment import cipher_from_env
from bot.telegram.rasa_client import sender_id

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs every request URL at INFO, and Bot API URLs hold the token: keep it to warnings.
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO, "uvicorn": logging.WARNING}


@lru_cache(maxsize=1)
def _cipher() -> Cipher:
    return cipher_from_env()


def chat_tag(chat_id: int | None) -> str:
    """The chat's tag for a log line ("-" for no chat): the one the actions log for its conversation."""
    return "-" if chat_id is None else log_tag(_cipher(), sender_id(chat_id))


class RedactToken(logging.Filter):
    """Replaces the bot token wherever it would appear in a log line."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message without the token; always keep the record."""
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<token>")
                record.args = None
        return True


def configure_logging(token: str, level: str | None = None) -> None:
    """Log to stderr at LOG_LEVEL (default INFO); quiet the HTTP libraries; redact the token."""
    logging.basicConfig(format=FORMAT, level=(level or os.environ.get("LOG_LEVEL") or "INFO").upper())
    for name, floor in QUIET.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, logging.getLogger().level))
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))

"""Logging for the Telegram process: ids only at INFO, and never the bot token or request URLs."""

from __future__ import annotations

import logging
import os

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs every request URL at INFO, and Bot API URLs hold the token: keep it to warnings.
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO, "uvicorn": logging.WARNING}


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

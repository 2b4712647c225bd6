"""Logging shared by the channel processes (Telegram, WeChat): one format, quiet HTTP libraries, no secrets.

httpx logs every request URL at INFO, and the channels' API URLs carry a token (Telegram's bot
token, WeChat's access token), so those loggers are kept to warnings.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "uvicorn": logging.WARNING}


class RedactToken(logging.Filter):
    """Replaces a secret wherever it would appear in a log line."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message without the secret; always keep the record."""
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<token>")
                record.args = None
        return True


def configure_logging(secrets: Iterable[str], level: str | None = None, quiet: Mapping[str, int] | None = None) -> None:
    """Log to stderr at LOG_LEVEL (default INFO); quiet the HTTP libraries (and `quiet`); redact the secrets."""
    logging.basicConfig(format=FORMAT, level=(level or os.environ.get("LOG_LEVEL") or "INFO").upper())
    for name, floor in {**QUIET, **(quiet or {})}.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, logging.getLogger().level))
    for handler in logging.getLogger().handlers:
        for secret in secrets:
            handler.addFilter(RedactToken(secret))

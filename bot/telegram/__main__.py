"""The screening bot on Telegram: python-telegram-bot in front of Rasa's REST channel.

Usage:
    TELEGRAM_BOT_TOKEN=123:ABC python -m bot.telegram

Long polling by default. With TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET set,
it registers the webhook instead and listens on 127.0.0.1:TELEGRAM_PORT (default
8081) for the updates the gateway forwards (see `bot/telegram/webhook.py`).
Each chat is one Rasa conversation, sender `telegram:<chat_id>`; Rasa must be
running (RASA_PORT, default 5005; or RASA_URLS, replicas). Commands: /start, /restart, /delete, /help.
Other settings: TELEGRAM_API_BASE_URL (another Bot API server), LOG_LEVEL.

Press Ctrl-C (or send SIGTERM) to stop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any

from telegram.ext import Application

from bot.startup.settings import var_dir
from bot.startup.status import StatusFile, actions_health_url, status_path
from bot.telegram.config import ConfigError, TelegramConfig, load_config
from bot.telegram.handlers import FrontEnd
from bot.telegram.logs import configure_logging
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.rasa_client import RasaClient
from bot.telegram.texts import load_all
from bot.telegram.webhook import ALLOWED_UPDATES, serve_webhook

logger = logging.getLogger("bot.telegram")


def build_application(config: TelegramConfig, front_end: FrontEnd) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application: the Bot API server, per-chat ordering, the handlers, start and stop hooks."""
    builder = (
        Application.builder()
        .token(config.token)
        .base_url(config.bot_api_url)
        .base_file_url(config.file_api_url)
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(front_end.set_command_menu)
        .post_shutdown(front_end.close)
    )
    if config.webhook:
        builder = builder.updater(None)  # updates come from our own webhook app
    application = builder.build()
    front_end.register(application)
    return application


def main() -> int:
    """Read the settings, build the Application and run it (polling or webhook)."""
    try:
        config = load_config()
    except ConfigError as error:
        print(f"bot.telegram: {error}", file=sys.stderr)
        return 2
    configure_logging(config.token)
    status = StatusFile(status_path(var_dir()))
    actions = os.environ.get("ACTION_ENDPOINT_URL")
    front_end = FrontEnd(
        RasaClient(config.rasa_urls),
        load_all(),
        status,
        actions_health_url(actions) if actions else None,
        default_language=config.language,
    )
    application = build_application(config, front_end)
    if config.webhook is None:
        logger.info("starting: long polling, Rasa at %s", ", ".join(config.rasa_urls))
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return 0

    logger.info("starting: webhook mode, Rasa at %s", ", ".join(config.rasa_urls))
    asyncio.run(serve_webhook(application, config.webhook, config.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())

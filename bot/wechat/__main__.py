"""The screening bot on a WeChat Official Account: callbacks in (through the gateway), Rasa's REST channel behind.

Usage:
    WECHAT_APP_ID=wx... WECHAT_APP_SECRET=... WECHAT_TOKEN=... python -m bot.wechat

Listens on 127.0.0.1:WECHAT_PORT (default 8082) for the callbacks the gateway's public
`/wechat` forwards (bot/wechat/app.py); replies go out through the customer-service API at
WECHAT_API_BASE. Each follower is one Rasa conversation, sender `wechat:<keyed pseudonym>`;
Rasa must be running (RASA_PORT, default 5005; or RASA_URLS). WECHAT_AES_KEY turns on safe
mode. Settings: bot/wechat/config.py. Press Ctrl-C (or send SIGTERM) to stop.
"""

from __future__ import annotations

import logging
import os
import sys

import uvicorn
from wechatpy.crypto import WeChatCrypto

from bot.process_logs import configure_logging
from bot.rasa_client import RasaClient
from bot.startup.settings import var_dir
from bot.startup.status import StatusFile, actions_health_url, status_path
from bot.store.environment import cipher_from_env
from bot.wechat.api import CustomerService
from bot.wechat.app import Callbacks, make_app
from bot.wechat.config import ConfigError, WeChatConfig, load_config
from bot.wechat.conversations import Conversations
from bot.wechat.seen import SeenKeys
from bot.wechat.signing import ReplayGuard
from bot.wechat.texts import load_texts

logger = logging.getLogger("bot.wechat")


def build_callbacks(config: WeChatConfig) -> tuple[Callbacks, CustomerService]:
    """The callbacks' handler with everything behind it, from the settings."""
    actions = os.environ.get("ACTION_ENDPOINT_URL")
    api = CustomerService(config.api_base, config.app_id, config.app_secret)
    conversations = Conversations(
        RasaClient(config.rasa_urls),
        api,
        load_texts(),
        cipher_from_env(),
        StatusFile(status_path(var_dir())),
        actions_health_url(actions) if actions else None,
    )
    crypto = WeChatCrypto(config.token, config.aes_key, config.app_id) if config.aes_key else None
    seen = SeenKeys(var_dir() / "wechat_seen.sqlite")
    return Callbacks(config.token, conversations, seen, ReplayGuard(config.max_age_s), crypto), api


def main() -> int:
    """Read the settings and serve the internal app until SIGINT or SIGTERM."""
    try:
        config = load_config()
    except ConfigError as error:
        print(f"bot.wechat: {error}", file=sys.stderr)
        return 2
    configure_logging([config.app_secret, config.token, *([config.aes_key] if config.aes_key else [])])
    callbacks, api = build_callbacks(config)

    async def close() -> None:
        await callbacks.conversations.aclose()
        await callbacks.conversations.rasa.aclose()
        await api.aclose()
        callbacks.seen.close()

    mode = "safe (encrypted)" if config.aes_key else "plain"
    logger.info(
        "starting: %s mode, listening on 127.0.0.1:%d, Rasa at %s", mode, config.port, ", ".join(config.rasa_urls)
    )
    uvicorn.run(
        make_app(callbacks, close),
        host="127.0.0.1",
        port=config.port,
        log_config=None,  # keep this process's logging (tags only, secrets redacted)
        access_log=False,  # the access log would show the query string
        ws="none",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

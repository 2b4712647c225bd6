"""The WeChat process's settings, read from the environment.

WECHAT_APP_ID       the Official Account's AppID (开发者ID)
WECHAT_APP_SECRET   its AppSecret, for the access token of the customer-service API
WECHAT_TOKEN        the Token entered in the account's server settings: signs every callback
WECHAT_AES_KEY      the EncodingAESKey (43 characters): turns on the encrypted ("safe") mode
WECHAT_PORT         internal port of this process on 127.0.0.1 (default 8082)
WECHAT_API_BASE     the API server (default https://api.weixin.qq.com; tests use a fake)
WECHAT_MAX_AGE_S    how old (or early) a callback's timestamp may be, in seconds (default 300)
RASA_PORT, RASA_URLS  the Rasa server, or its replicas
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_BASE = "https://api.weixin.qq.com"
DEFAULT_PORT = 8082
DEFAULT_MAX_AGE_S = 300
REQUIRED = ("WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_TOKEN")
# WeChat's server settings page: the Token is 3-32 letters or digits, the EncodingAESKey 43 letters or digits.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9]{3,32}")
AES_KEY_PATTERN = re.compile(r"[A-Za-z0-9]{43}")


class ConfigError(ValueError):
    """The environment does not describe a WeChat process that can run."""


@dataclass(frozen=True)
class WeChatConfig:
    """Everything the WeChat process needs to start."""

    app_id: str
    app_secret: str
    token: str
    rasa_urls: tuple[str, ...]
    aes_key: str | None = None
    port: int = DEFAULT_PORT
    api_base: str = DEFAULT_API_BASE
    max_age_s: int = DEFAULT_MAX_AGE_S


def enabled(env: Mapping[str, str]) -> bool:
    """True when the three settings a WeChat channel needs are all set (the launcher then starts it)."""
    return all(env.get(name, "").strip() for name in REQUIRED)


def port_from_env(env: Mapping[str, str]) -> int:
    """WECHAT_PORT, the internal listener's port (default 8082)."""
    raw = env.get("WECHAT_PORT", "").strip() or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError("WECHAT_PORT must be a TCP port number")
    return int(raw)


def token_from_env(env: Mapping[str, str]) -> str | None:
    """WECHAT_TOKEN when it is a token WeChat accepts; None when unset; ConfigError when malformed."""
    token = env.get("WECHAT_TOKEN", "").strip()
    if not token:
        return None
    if not TOKEN_PATTERN.fullmatch(token):
        raise ConfigError("WECHAT_TOKEN must be 3-32 letters or digits (as on the account's server settings page)")
    return token


def load_config(env: Mapping[str, str] | None = None) -> WeChatConfig:
    """Read the WeChat settings (and the Rasa URLs) from the environment."""
    from bot.startup.settings import load_settings

    env = os.environ if env is None else env
    missing = [name for name in REQUIRED if not env.get(name, "").strip()]
    if missing:
        raise ConfigError(f"{', '.join(missing)} not set: copy them from the Official Account's developer settings")
    token = token_from_env(env)
    aes_key = env.get("WECHAT_AES_KEY", "").strip() or None
    if aes_key and not AES_KEY_PATTERN.fullmatch(aes_key):
        raise ConfigError("WECHAT_AES_KEY must be the 43-character EncodingAESKey")
    max_age = env.get("WECHAT_MAX_AGE_S", "").strip() or str(DEFAULT_MAX_AGE_S)
    if not max_age.isdigit() or int(max_age) < 1:
        raise ConfigError("WECHAT_MAX_AGE_S must be a whole number of seconds")
    return WeChatConfig(
        app_id=env["WECHAT_APP_ID"].strip(),
        app_secret=env["WECHAT_APP_SECRET"].strip(),
        token=token or "",
        rasa_urls=load_settings().rasa_urls,
        aes_key=aes_key,
        port=port_from_env(env),
        api_base=(env.get("WECHAT_API_BASE", "").strip() or DEFAULT_API_BASE).rstrip("/"),
        max_age_s=int(max_age),
    )

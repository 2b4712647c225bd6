"""The gateway's settings, read from the environment (see README, Configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bot.startup.settings import Settings, secret_from_env


@dataclass(frozen=True)
class GatewayConfig:
    """Limits, keys and addresses of the gateway."""

    rasa_url: str
    rasa_api_token: str
    secret: bytes
    public_url: str | None  # the gateway's public address; None: the address the page was asked at
    max_message_chars: int = 2000
    max_body_bytes: int = 256 * 1024
    sender_burst: int = 8
    sender_per_second: float = 1.0
    address_burst: int = 120
    address_per_second: float = 5.0
    allowed_origins: tuple[str, ...] = ()
    rasa_timeout_s: float = 30.0
    telegram_secret: str | None = None
    telegram_port: int = 8081
    rasa_replicas: tuple[str, ...] = ()  # RASA_URLS: several Rasa servers; empty: rasa_url alone

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """The Rasa servers the gateway sends to (each sender always to the same one)."""
        return self.rasa_replicas or (self.rasa_url,)


def load_gateway_config(settings: Settings) -> GatewayConfig:
    """The gateway's configuration for these settings and the environment."""
    env = os.environ
    origins = tuple(o.strip().rstrip("/") for o in env.get("GATEWAY_ALLOWED_ORIGINS", "").split(",") if o.strip())
    return GatewayConfig(
        rasa_url=settings.rasa_url,
        rasa_api_token=settings.rasa_api_token,
        secret=secret_from_env("GATEWAY_SECRET", settings.var_dir, "gateway_secret").encode(),
        public_url=env.get("GATEWAY_PUBLIC_URL", "").rstrip("/") or None,
        max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "2000")),
        sender_burst=int(env.get("RATE_SENDER_BURST", "8")),
        sender_per_second=float(env.get("RATE_SENDER_PER_SECOND", "1")),
        address_burst=int(env.get("RATE_ADDRESS_BURST", "120")),
        address_per_second=float(env.get("RATE_ADDRESS_PER_SECOND", "5")),
        allowed_origins=origins,
        telegram_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
        telegram_port=int(env.get("TELEGRAM_PORT", "8081")),
        rasa_replicas=settings.rasa_replicas,
    )

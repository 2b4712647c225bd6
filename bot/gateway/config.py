"""The gateway's settings, read from the environment (see README, Configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.startup.settings import Settings, secret_from_env
from bot.startup.status import actions_health_url, status_path
from bot.wechat.config import enabled, port_from_env, token_from_env

# On this 2-core machine one Rasa server peaks at about 45 turns/s from 10 conversations at once
# (README, Benchmark); more turns in flight only add waiting inside Rasa.
IN_FLIGHT_PER_REPLICA = 16


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
    wechat_token: str | None = None  # WECHAT_TOKEN: the public /wechat checks WeChat's signature with it; None: off
    wechat_port: int = 8082  # WECHAT_PORT: the WeChat process's internal port
    rasa_replicas: tuple[str, ...] = ()  # RASA_URLS: several Rasa servers; empty: rasa_url alone
    actions_health_url: str | None = None  # the action server's /health (readiness); None: not checked
    store_url: str | None = None  # the store, for readiness (SELECT 1) and the outbox backlog; None: not checked
    status_file: Path | None = None  # the launcher's var/processes.json; None: no launcher
    max_in_flight: int = 16  # GATEWAY_MAX_IN_FLIGHT: turns forwarded to Rasa at once
    queue_wait_s: float = 30.0  # GATEWAY_QUEUE_WAIT_S: how long a patient mid-screening waits for a slot
    max_waiting: int = 200  # GATEWAY_MAX_WAITING: patients mid-screening waiting at most
    busy_retry_after_s: int = 120  # GATEWAY_BUSY_RETRY_AFTER_S: Retry-After when a new patient is turned away
    restart_retry_after_s: int = 60  # Retry-After while Rasa or the action server restarts

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
        wechat_token=token_from_env(env) if enabled(env) else None,
        wechat_port=port_from_env(env),
        rasa_replicas=settings.rasa_replicas,
        actions_health_url=actions_health_url(env.get("ACTION_ENDPOINT_URL") or settings.action_endpoint_url),
        store_url=settings.store_url,
        status_file=status_path(settings.var_dir),
        max_in_flight=int(env.get("GATEWAY_MAX_IN_FLIGHT") or IN_FLIGHT_PER_REPLICA * len(settings.rasa_urls)),
        queue_wait_s=float(env.get("GATEWAY_QUEUE_WAIT_S", "30")),
        max_waiting=int(env.get("GATEWAY_MAX_WAITING", "200")),
        busy_retry_after_s=int(env.get("GATEWAY_BUSY_RETRY_AFTER_S", "120")),
    )

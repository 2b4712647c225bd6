"""Settings from the environment, with defaults that run on one laptop."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.startup.replicas import parse_urls

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Ports, addresses, paths, the databases and the Rasa API token."""

    rasa_port: int
    actions_port: int
    gateway_port: int
    bind_host: str
    var_dir: Path
    tracker_db: Path
    models_dir: Path
    rasa_api_token: str
    database_url: str | None = None  # DATABASE_URL: the store; also the tracker store unless told otherwise
    tracker_store_url: str | None = None  # TRACKER_STORE_URL: Rasa's tracker store, when it lives elsewhere
    rasa_replicas: tuple[str, ...] = ()  # RASA_URLS: Rasa servers behind the gateway; empty: the RASA_PORT one

    @property
    def store_url(self) -> str:
        """SQLAlchemy URL of the store: DATABASE_URL, or an SQLite file under var/."""
        return sqlalchemy_url(self.database_url or f"sqlite:///{self.var_dir / 'screening.db'}")

    @property
    def tracker_url(self) -> str:
        """SQLAlchemy URL of Rasa's tracker store: TRACKER_STORE_URL, else DATABASE_URL, else TRACKER_DB."""
        return sqlalchemy_url(self.tracker_store_url or self.database_url or f"sqlite:///{self.tracker_db}")

    @property
    def rasa_url(self) -> str:
        """Base URL of the (internal) Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """The Rasa servers the gateway sends to: RASA_URLS, else the one on RASA_PORT."""
        return self.rasa_replicas or (self.rasa_url,)

    @property
    def action_endpoint_url(self) -> str:
        """URL Rasa calls to run custom actions."""
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    def process_env(self) -> dict[str, str]:
        """The environment for the Rasa and action server processes."""
        env = dict(os.environ)
        env.update(
            {
                "ACTION_ENDPOINT_URL": self.action_endpoint_url,
                "TRACKER_DB": str(self.tracker_db),
                "DATABASE_URL": self.store_url,  # explicit, so every process uses the same databases
                "TRACKER_STORE_URL": self.tracker_url,  # endpoints.yml reads it
                "VAR_DIR": str(self.var_dir),
                "SANIC_HOST": self.bind_host,
                "TF_CPP_MIN_LOG_LEVEL": "3",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                "RASA_TELEMETRY_ENABLED": "false",  # no usage data or crash reports (with tracebacks) to Rasa's servers
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",  # log lines reach the log file as they happen
            }
        )
        return env


def sqlalchemy_url(url: str) -> str:
    """The URL as SQLAlchemy 1.4 wants it: `postgres://` (Heroku and others) becomes `postgresql://`."""
    return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url


def secret_from_env(variable: str, var_dir: Path, filename: str) -> str:
    """The variable's value, or a development secret generated once under var/ (with a warning)."""
    value = os.environ.get(variable)
    if value:
        return value
    path = var_dir / filename
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
        print(
            f"WARNING: {variable} is not set; generated a development secret in {path}. Set {variable} in production.",
            file=sys.stderr,
        )
    return path.read_text().strip()


def var_dir() -> Path:
    """VAR_DIR, or var/ in the project: local data, keys and the default databases."""
    return Path(os.environ.get("VAR_DIR", ROOT / "var"))


def load_settings() -> Settings:
    """Read the settings from the environment (see README, Configuration)."""
    var = var_dir()
    return Settings(
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        actions_port=int(os.environ.get("ACTIONS_PORT", "5055")),
        gateway_port=int(os.environ.get("GATEWAY_PORT", "8000")),
        bind_host=os.environ.get("BIND_HOST", "127.0.0.1"),
        var_dir=var,
        tracker_db=Path(os.environ.get("TRACKER_DB", var / "tracker.db")),
        models_dir=Path(os.environ.get("MODELS_DIR", ROOT / "models")),
        rasa_api_token=secret_from_env("RASA_API_TOKEN", var, "rasa_api_token"),
        database_url=os.environ.get("DATABASE_URL") or None,
        tracker_store_url=os.environ.get("TRACKER_STORE_URL") or None,
        rasa_replicas=parse_urls(os.environ.get("RASA_URLS", "")),
    )

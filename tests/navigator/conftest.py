"""Fixtures: the gateway app in process on a fresh store, tracker table and key; a navigator account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from bot.gateway.app import create_app
from bot.gateway.config import GatewayConfig
from bot.navigator.accounts import create_navigator
from bot.startup.processes import free_port
from bot.store.crypto import Cipher
from bot.store.database import make_engine, migrate, transaction
from tests.navigator.helpers import PASSWORD


@dataclass
class Site:
    """The app and what is behind it."""

    client: TestClient
    engine: Engine  # the store
    tracker: Engine  # Rasa's tracker store (an `events` table, when a test writes one)
    cipher: Cipher
    var_dir: Path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The gateway app with the navigator pages on a temporary store, and one navigator, `nurse`."""
    key = Fernet.generate_key()
    store_url, tracker_url = f"sqlite:///{tmp_path / 'store.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    for name, value in {
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": store_url,
        "TRACKER_STORE_URL": tracker_url,
        "SCREENING_DATA_KEY": key.decode(),
        "RASA_API_TOKEN": "t",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NAVIGATOR_SECURE_COOKIES", raising=False)
    engine, tracker = make_engine(store_url), make_engine(tracker_url)
    migrate(engine)
    with transaction(engine) as session:
        create_navigator(session, username="nurse", password=PASSWORD)
    config = GatewayConfig(rasa_url=f"http://127.0.0.1:{free_port()}", rasa_api_token="t", secret=b"s", public_url=None)
    with TestClient(create_app(config)) as client:
        yield Site(client, engine, tracker, Cipher(key), tmp_path)
    engine.dispose()
    tracker.dispose()

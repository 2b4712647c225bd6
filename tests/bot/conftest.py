"""Store fixtures: a migrated database on SQLite and on the PostgreSQL server of this machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import Engine

from bot.store.crypto import Cipher
from bot.store.database import make_engine, migrate
from tests.databases import postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, and a throw-away database on the PostgreSQL server."""
    database: AbstractContextManager[str] = (
        nullcontext(f"sqlite:///{tmp_path / 'store.db'}") if request.param == "sqlite" else postgres_database()
    )
    with database as url:
        yield url


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A migrated, empty store."""
    store = make_engine(store_url)
    migrate(store)
    yield store
    store.dispose()


@pytest.fixture
def cipher() -> Cipher:
    """A cipher with a fresh key."""
    return Cipher(Fernet.generate_key())

"""The store as the environment names it, for a process that has no Settings (the action server).

VAR_DIR, DATABASE_URL and SCREENING_DATA_KEY, read by the same rules as `bot.startup.settings`.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.startup.settings import var_dir
from bot.store.crypto import Cipher, load_cipher
from bot.store.database import database_url, make_engine, migrate


def cipher_from_env() -> Cipher:
    """The store's cipher (SCREENING_DATA_KEY, or the development key under var/)."""
    return load_cipher(var_dir())


def open_store() -> tuple[Engine, Cipher]:
    """The migrated store (DATABASE_URL, or SQLite under var/) and its cipher."""
    engine = make_engine(database_url(var_dir()))
    migrate(engine)
    return engine, cipher_from_env()

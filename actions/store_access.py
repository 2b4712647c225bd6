"""The action server's handle on the store: engine and cipher, opened on first use."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine

from bot.settings import load_settings
from bot.store.crypto import Cipher, load_cipher
from bot.store.database import database_url, make_engine, migrate
from bot.store.screenings import ConsentRecord


@lru_cache(maxsize=1)
def store() -> tuple[Engine, Cipher]:
    """The migrated store and the cipher (from DATABASE_URL and SCREENING_DATA_KEY)."""
    settings = load_settings()
    engine = make_engine(database_url(settings.var_dir))
    migrate(engine)
    return engine, load_cipher(settings.var_dir)


def parse_time(value: Any) -> dt.datetime:
    """An ISO time from a slot, as naive UTC (the store's convention); now if missing."""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        parsed = dt.datetime.now(dt.timezone.utc)
    if parsed.tzinfo:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def consents_from(slot_values: list[Any]) -> list[ConsentRecord]:
    """Consent slot values ({version, at, purpose}) as records."""
    return [
        ConsentRecord(str(c.get("purpose")), str(c.get("version")), parse_time(c.get("at")))
        for c in slot_values
        if isinstance(c, dict) and c.get("version")
    ]

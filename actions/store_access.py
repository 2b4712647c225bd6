"""The action server's handle on the store: engine and cipher, opened on first use.

Also how a conversation is named outside the chat: its channel (from the sender id
the gateway or the Telegram process gave it) and a keyed tag for the logs.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.engine import Engine

from bot.store.crypto import Cipher, log_tag
from bot.store.environment import cipher_from_env, open_store
from bot.store.screenings import ConsentRecord

# Sender id prefixes the front ends use: `web:<token>` (gateway), `telegram:<chat id>`,
# `wechat:<keyed pseudonym of the OpenID>` (bot/wechat/conversations.py).
CHANNELS = ("web", "telegram", "wechat")
# The languages a screening's `language` may record (the chat's `language` slot, common brief contract 1).
LANGUAGES = ("en", "zh")


@lru_cache(maxsize=1)
def cipher() -> Cipher:
    """The store's cipher (SCREENING_DATA_KEY, or the development key)."""
    return cipher_from_env()


@lru_cache(maxsize=1)
def store() -> tuple[Engine, Cipher]:
    """The migrated store and the cipher (from DATABASE_URL and SCREENING_DATA_KEY)."""
    return open_store()


def channel_of(tracker: Tracker) -> str:
    """The channel a patient uses: web, telegram, or Rasa's input channel (rest, cmdline)."""
    prefix = tracker.sender_id.split(":", 1)[0]
    return prefix if prefix in CHANNELS else str(tracker.get_latest_input_channel() or "rest")


def language_to_store(tracker: Tracker) -> str | None:
    """The patient's language as the store keeps it: the `language` slot if it is a known code, else None."""
    value = str(tracker.get_slot("language") or "").strip().lower()
    return value if value in LANGUAGES else None


def log_id(tracker: Tracker) -> str:
    """A keyed tag of the sender id for the logs: the same chat gets the same tag, and it leads nowhere."""
    return log_tag(cipher(), tracker.sender_id)


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

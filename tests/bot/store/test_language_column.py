"""The patient's language travels from the chat's `language` slot to the store, the queue and the CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from actions import outcome
from actions.screening_state import assess
from actions.store_access import language_to_store
from bot.navigator.export import queue_csv
from bot.navigator.queue import QueueFilter, queue_rows
from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.schema import Screening
from criteria import Outcome, load_trial
from tests.actions.trackers import ELIGIBLE_ANSWERS, make_tracker

CONSENT = {"version": "screening-v1", "at": "2026-03-02T09:30:05+00:00", "purpose": "screening"}


@pytest.mark.parametrize(
    ("slot", "stored"), [("zh", "zh"), ("en", "en"), ("ZH", "zh"), (None, None), ("fr", None), ("", None)]
)
def test_only_a_known_language_code_is_stored(slot: str | None, stored: str | None) -> None:
    assert language_to_store(make_tracker({"language": slot})) == stored


def _store(engine: Engine, cipher: Cipher, monkeypatch: pytest.MonkeyPatch, slots: dict[str, Any]) -> int:
    """What the outcome action stores for a tracker with these slots (the store is the test's)."""
    monkeypatch.setattr(outcome, "store", lambda: (engine, cipher))
    said = [{"question": "anti_her2", "said": "从来没打过赫赛汀", "read_as": {"anti_her2": "no"}, "how": "said no"}]
    tracker = make_tracker({**ELIGIBLE_ANSWERS, "consent": CONSENT, "answer_log": said, **slots})
    return outcome.store_screening(tracker, assess(tracker), Outcome.LIKELY_ELIGIBLE)


def test_the_language_slot_reaches_the_store_the_queue_and_the_csv(
    engine: Engine, cipher: Cipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    chinese = _store(engine, cipher, monkeypatch, {"language": "zh"})
    with transaction(engine) as session:
        stored = session.get(Screening, chinese)
        assert stored is not None and stored.language == "zh"
        assert cipher.decrypt(stored.answers[0].said_encrypted) == "从来没打过赫赛汀"  # the words as typed
        [row] = queue_rows(session, QueueFilter())
        assert row.language == "zh"
        assert queue_rows(session, QueueFilter(language="en")) == []
        exported = queue_csv(session, [row], sensitive=True, cipher=cipher, trial=load_trial(), language="zh")
    assert exported.startswith("\ufeff")
    [line] = list(csv.DictReader(io.StringIO(exported.removeprefix("\ufeff"))))
    assert line["患者语言"] == "zh" and line["原话_anti_her2"] == "从来没打过赫赛汀"


def test_a_screening_without_a_language_slot_stores_none(
    engine: Engine, cipher: Cipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    screening_id = _store(engine, cipher, monkeypatch, {"language": None})
    with transaction(engine) as session:
        assert session.execute(select(Screening.language).where(Screening.id == screening_id)).scalar_one() is None

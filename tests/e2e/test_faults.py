"""Faults that must lose nothing: a server killed mid-conversation and restarted; a busy SQLite store."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from bot.startup.processes import start_action_server, start_rasa_server
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from bot.store.database import make_engine, migrate, transaction
from bot.store.schema import OutboxMessage, Participant, Referral, Screening
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import answer_until_summary, start

pytestmark = pytest.mark.e2e

HOLD_S = 3.0  # how long another connection holds the store's write lock (the busy timeout is 10 s)


def test_action_server_killed_mid_screening_then_the_conversation_goes_on(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    assert "Question 3 of 12" in patient.last_text
    servers["actions"].stop(sig=signal.SIGKILL)
    patient.say("no")  # Rasa cannot reach the action server: it answers 200, nothing is validated
    assert patient.slots()["requested_slot"] == "chemo_metastatic"
    restarted = start_action_server(settings, settings.var_dir / "actions-restarted.log")
    restarted.wait_ready()
    servers["actions"] = restarted  # the session fixture stops it at the end
    slots = patient.slots()
    assert (slots["her2_ihc"], slots["anti_her2"]) == ("1+", "no")  # answers before the crash kept
    patient.say("no")  # the patient, with no reply, says it again
    assert "Question 4 of 12" in patient.last_text
    assert patient.slots()["chemo_metastatic"] == "no"
    patient.say("ER positive")
    assert "Question 5 of 12" in patient.last_text


def test_rasa_server_killed_mid_conversation_then_the_conversation_goes_on(
    settings: Settings, servers: dict, trained_model: Path
) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    assert "Question 3 of 12" in patient.last_text
    servers["rasa"].stop(sig=signal.SIGKILL)
    with pytest.raises(requests.ConnectionError):
        patient.say("no")  # nobody answers while it is down
    servers["rasa"] = start_rasa_server(settings, trained_model, settings.var_dir / "rasa-restarted.log")
    servers["rasa"].wait_ready()  # the same tracker store: the conversation is read back from it
    slots = patient.slots()
    assert (slots["her2_ihc"], slots["anti_her2"], slots["requested_slot"]) == ("1+", "no", "chemo_metastatic")
    patient.say("no")  # the patient says it again
    assert "Question 4 of 12" in patient.last_text
    patient.say("ER positive")
    assert "Question 5 of 12" in patient.last_text
    assert patient.slots()["chemo_metastatic"] == "no"


@contextmanager
def write_locked(database: Path, seconds: float) -> Iterator[None]:
    """Another connection holds the SQLite file's write lock for `seconds` from the start of the block."""
    locked = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(database, timeout=30, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock: every other writer waits
            locked.set()
            time.sleep(seconds)
            connection.execute("ROLLBACK")
        finally:
            connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert locked.wait(timeout=30), "could not take the write lock"
    try:
        yield
    finally:
        holder.join(timeout=seconds + 30)


def timed_say(patient: Patient, message: str) -> float:
    """Say it; how many seconds the reply took."""
    began = time.monotonic()
    patient.say(message)
    return time.monotonic() - began


def test_a_busy_sqlite_store_makes_writes_wait_and_loses_nothing(settings: Settings, servers: dict) -> None:
    engine = make_engine(settings.store_url)
    migrate(engine)  # the store exists (and is in WAL mode) before the lock is taken
    database = Path(settings.store_url.removeprefix("sqlite:///"))
    key = load_cipher(settings.var_dir)
    try:
        patient = start(settings)
        answer_until_summary(patient, ELIGIBLE, [])
        participant = key.pseudonym("rest", patient.sender)
        with write_locked(database, HOLD_S):
            waited = timed_say(patient, "yes")  # the outcome is told and the screening stored
        assert waited >= HOLD_S - 0.3  # the write waited for the lock ...
        assert "may be able to join" in patient.all_text
        with transaction(engine) as session:  # ... and then succeeded
            screenings = select(func.count()).select_from(Screening).join(Participant)
            assert session.execute(screenings.where(Participant.key == participant)).scalar_one() == 1

        for message in ("/affirm", "Mei Wong", "mei@example.org", "Morning"):
            patient.say(message)
        with write_locked(database, HOLD_S):
            waited = timed_say(patient, "yes, send it")  # the referral and its outbox row
        assert waited >= HOLD_S - 0.3
        number = patient.slots()["referral_number"]
        assert number and number in patient.last_text
        with transaction(engine) as session:
            outbox = session.execute(select(OutboxMessage).join(Referral).where(Referral.number == number)).scalar_one()
            assert outbox.status == "pending"

        slots = patient.slots()  # the conversation is whole
        assert (slots["screening_outcome"], slots["her2_ihc"], slots["age"]) == ("likely_eligible", "1+", 54)
        patient.say("delete my data")  # leave no pending message for the notifier tests
        patient.say("/confirm_delete")
        assert "I have deleted your answers" in patient.last_text
    finally:
        engine.dispose()

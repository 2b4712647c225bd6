"""'Delete my data' over the REST channel: no row about the person is left, tracker events included."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.rasa_server.tracker_store import tracker_key
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from bot.store.schema import Base, Participant
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen

pytestmark = pytest.mark.e2e


def rows_about(settings: Settings, sender: str) -> dict[str, int]:
    """Rows that belong to this person: in our store (by pseudonym) and in Rasa's events."""
    cipher = load_cipher(settings.var_dir)
    store = create_engine(settings.store_url, future=True)
    tracker = create_engine(settings.tracker_url, future=True)
    try:
        with store.connect() as connection:
            participant = connection.execute(
                select(Participant.__table__.c.id).where(
                    Participant.__table__.c.key == cipher.pseudonym("rest", sender)
                )
            ).scalar_one_or_none()
            counts = {"participants": int(participant is not None)}
            if participant is not None:
                for table in ("consents", "screenings"):
                    counts[table] = connection.execute(
                        select(func.count())
                        .select_from(Base.metadata.tables[table])
                        .where(Base.metadata.tables[table].c.participant_id == participant)
                    ).scalar_one()
        with tracker.connect() as connection:
            counts["tracker_events"] = connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": tracker_key(cipher, sender)}
            ).scalar_one()
        return counts
    finally:
        store.dispose()
        tracker.dispose()


def test_delete_my_data_after_a_referral_leaves_nothing(settings: Settings, servers: dict) -> None:
    patient, _ = screen(settings, ELIGIBLE)
    for message in ("/affirm", "Mei Wong", "mei@example.org", "Morning", "/affirm"):
        patient.say(message)
    assert patient.slots()["referral_number"]
    before = rows_about(settings, patient.sender)
    assert before["participants"] == 1 and before["screenings"] == 1 and before["consents"] == 2
    assert before["tracker_events"] > 20
    patient.say("delete my data")
    assert "delete everything you told me" in patient.last_text
    assert patient.last_buttons() == ["Yes, delete everything", "No, keep it"]
    patient.say("/confirm_delete")
    assert "I have deleted your answers" in patient.last_text
    assert rows_about(settings, patient.sender) == {"participants": 0, "tracker_events": 0}
    patient.say("hi")  # a new start, nothing remembered
    assert "automated assistant" in patient.last_text
    assert patient.slots()["her2_ihc"] is None


def test_delete_asked_mid_question_then_kept_goes_on(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    patient.say("please delete my data")
    assert patient.last_buttons() == ["Yes, delete everything", "No, keep it"]
    patient.say("/keep_data")
    assert "I have kept everything" in patient.last_text
    assert "Question 3 of 12" in patient.last_text
    assert patient.slots()["anti_her2"] == "no"
    patient.say("no")
    assert "Question 4 of 12" in patient.last_text


def test_delete_mid_question_erases_the_chat(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "1+"):
        patient.say(message)
    patient.say("delete my data")
    patient.say("/confirm_delete")
    assert rows_about(settings, patient.sender) == {"participants": 0, "tracker_events": 0}

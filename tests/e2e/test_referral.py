"""A likely match asks to be contacted: consent, details, read-back, one e-mail at the SMTP server.

Faults and bad input that must lose nothing: SMTP down when the referral is made, the same
details submitted twice, SQL and HTML as a name.
"""

from __future__ import annotations

import collections
import time

import pytest
from sqlalchemy import create_engine, inspect, select

from bot.jobs.notifier import referral_subject
from bot.startup.processes import free_port, start_notifier
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from bot.store.schema import DeliveryAttempt, OutboxMessage, Participant, Referral, Screening
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen
from tests.smtp import smtp_server

pytestmark = pytest.mark.e2e

SUBJECT = referral_subject("{}", "NCT06561607")  # in REFERRAL_EMAIL_LANGUAGE's default, as the notifier sends it
FAST_RETRIES = {"NOTIFIER_INTERVAL": "0.2", "NOTIFIER_FIRST_RETRY_S": "0.5", "NOTIFIER_MAX_RETRY_S": "1"}


def refer(settings: Settings, name: str = "Mei Wong", reach: str = "mei@example.org") -> tuple[Patient, str]:
    """An eligible screening, then consent, details, read-back and 'yes, send it'; the referral number."""
    patient, _ = screen(settings, ELIGIBLE)
    for message in ("/affirm", name, reach, "Morning"):
        patient.say(message)
    assert f"- Name: {name}" in patient.last_text and "Is this right?" in patient.last_text  # the read-back
    patient.say("yes, send it")
    number = patient.slots()["referral_number"]
    assert number and number in patient.last_text
    return patient, str(number)


def refused(tries: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    """The tries that ended because the SMTP server was not there."""
    return [t for t in tries if t[0] == 0 and "ConnectionRefusedError" in str(t[1])]


def delivery_of(settings: Settings, number: str) -> tuple[str, list[tuple[int, str | None]]]:
    """The referral's outbox status and its delivery attempts (ok, error), in order."""
    store = create_engine(settings.store_url, future=True)
    try:
        with store.connect() as connection:
            outbox = connection.execute(
                select(OutboxMessage.id, OutboxMessage.status)
                .join(OutboxMessage.referral)
                .where(Referral.number == number)
            ).one()
            attempts = connection.execute(
                select(DeliveryAttempt.ok, DeliveryAttempt.error)
                .where(DeliveryAttempt.outbox_id == outbox.id)
                .order_by(DeliveryAttempt.id)
            ).all()
        return str(outbox.status), [(int(ok), error) for ok, error in attempts]
    finally:
        store.dispose()


def assert_each_referral_sent_once(subjects: list[str], number: str) -> None:
    """This referral's message arrived exactly once, and no message arrived twice."""
    assert SUBJECT.format(number) in subjects
    assert [s for s, n in collections.Counter(subjects).items() if n > 1] == []


def test_referral_reaches_the_central_contact_exactly_once(settings: Settings, servers: dict) -> None:
    port = free_port()
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "NOTIFIER_INTERVAL": "0.3", "REFERRAL_TO": "cc@ex.org"}
    with smtp_server(port) as inbox:
        notifier = start_notifier(settings, settings.var_dir / "notifier.log", env)
        try:
            notifier.wait_ready()
            patient, _ = screen(settings, ELIGIBLE)
            assert "Would you like the study team to contact you?" in patient.last_text
            patient.say("/affirm")
            assert "What is your name?" in patient.last_text
            patient.say("Mei Wong")
            patient.say("12345")
            assert "does not look like a phone number" in patient.last_text
            patient.say("+86 138 0013 8000")
            assert "When is a good time" in patient.last_text
            patient.say("Morning")
            assert "- Name: Mei Wong" in patient.last_text
            assert "- Phone or e-mail: +8613800138000" in patient.last_text
            patient.say("yes, send it")
            number = patient.slots()["referral_number"]
            assert number and number in patient.last_text
            subjects = inbox.wait_for_subject(SUBJECT.format(number), timeout=30)  # then more rounds: no copy
        finally:
            notifier.stop()
    assert_each_referral_sent_once(subjects, number)
    [message] = [m for m in inbox.messages if m["Subject"] == SUBJECT.format(number)]
    assert message["To"] == "cc@ex.org"
    assert "Mei Wong" not in message.as_string()
    assert delivery_of(settings, number) == ("sent", [(1, None)])


def test_referral_made_while_smtp_is_down_arrives_once_when_it_is_back(settings: Settings, servers: dict) -> None:
    port = free_port()  # nothing listens here until the SMTP server starts
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), **FAST_RETRIES}
    notifier = start_notifier(settings, settings.var_dir / "notifier-smtp-down.log", env)
    try:
        notifier.wait_ready()
        _, number = refer(settings)
        deadline = time.monotonic() + 30
        while len(refused(delivery_of(settings, number)[1])) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        status, tries = delivery_of(settings, number)
        # tried again and again while SMTP was down; not sent (a further try may be under way: "sending",
        # its attempt recorded as in progress until it ends)
        assert status in ("pending", "sending") and len(refused(tries)) >= 3
        with smtp_server(port) as inbox:  # SMTP is back
            subjects = inbox.wait_for_subject(SUBJECT.format(number), timeout=30)  # then more rounds: no copy
    finally:
        notifier.stop()
    assert_each_referral_sent_once(subjects, number)
    status, tries = delivery_of(settings, number)
    assert status == "sent"
    *failed, last = tries
    assert last == (1, None)  # every try recorded: the failures, then the one that worked
    assert len(failed) >= 3 and all(ok == 0 and "ConnectionRefusedError" in str(error) for ok, error in failed)


def test_a_name_with_sql_and_html_is_kept_as_text(settings: Settings, servers: dict) -> None:
    name = "<b>Bobby</b>'); DROP TABLE referrals; --"
    patient, number = refer(settings, name=name, reach="bobby@example.org")  # read back as the very text typed
    store = create_engine(settings.store_url, future=True)
    try:
        assert {"referrals", "participants"} <= set(inspect(store).get_table_names())  # nothing was run
        with store.connect() as connection:
            stored = connection.execute(select(Referral.name_encrypted).where(Referral.number == number)).scalar_one()
    finally:
        store.dispose()
    assert load_cipher(settings.var_dir).decrypt(stored) == name  # kept as the text typed, encrypted
    assert "Bobby" not in stored
    patient.say("delete my data")  # leave no pending message for the notifier tests
    patient.say("/confirm_delete")


def test_the_same_details_submitted_twice_make_one_referral(settings: Settings, servers: dict) -> None:
    patient, number = refer(settings)
    patient.say("yes, send it")  # pressed again (or the same request sent twice)
    assert patient.slots()["referral_number"] == number
    cipher = load_cipher(settings.var_dir)
    store = create_engine(settings.store_url, future=True)
    try:
        with store.connect() as connection:
            referrals = connection.execute(
                select(Referral.number)
                .join(Referral.screening)
                .join(Screening.participant)
                .where(Participant.key == cipher.pseudonym("rest", patient.sender))
            ).scalars()
            assert list(referrals) == [number]
    finally:
        store.dispose()
    status, _ = delivery_of(settings, number)
    assert status == "pending"  # one outbox message (no notifier runs here)
    patient.say("delete my data")  # leave no pending message for the notifier tests
    patient.say("/confirm_delete")


def test_no_thanks_to_contact_asks_for_nothing(settings: Settings, servers: dict) -> None:
    patient, _ = screen(settings, ELIGIBLE)
    patient.say("no thanks")
    assert "I will not ask for your details" in patient.last_text
    slots = patient.slots()
    assert slots["contact_name"] is None and slots["referral_number"] is None
    assert slots["screening_outcome"] == "likely_eligible"


def test_not_eligible_gets_no_contact_offer(settings: Settings, servers: dict) -> None:
    patient, _ = screen(settings, {**ELIGIBLE, "her2_ihc": "3+"})
    assert "contact you" not in patient.all_text
    assert patient.slots()["phase"] == "outcome"

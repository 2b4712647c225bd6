"""A likely match asks to be contacted: consent, details, read-back, one e-mail at the SMTP server."""

from __future__ import annotations

import time

import pytest

from bot.processes import start_notifier
from bot.settings import Settings
from tests.conftest import free_port
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen
from tests.smtp import smtp_server

pytestmark = pytest.mark.e2e


def test_referral_reaches_the_central_contact_exactly_once(settings: Settings, servers: dict) -> None:
    port = free_port()
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "NOTIFIER_INTERVAL": "0.3",
        "REFERRAL_TO": "cc@example.org",
    }
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
            deadline = time.monotonic() + 30
            while not inbox.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.5)  # several more notifier rounds: still one message
        finally:
            notifier.stop()
    assert [m["Subject"] for m in inbox.messages] == [f"New referral {number} for NCT06561607"]
    assert inbox.messages[0]["To"] == "cc@example.org"
    assert "Mei Wong" not in inbox.messages[0].as_string()


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

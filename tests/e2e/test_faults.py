"""Faults that must lose nothing: the action server killed mid-screening, then restarted."""

from __future__ import annotations

import signal

import pytest

from bot.processes import start_action_server
from bot.settings import Settings
from tests.e2e.chat import Patient

pytestmark = pytest.mark.e2e


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

"""No patient text (or what it was read as) in logs at INFO or above: ids only."""

from __future__ import annotations

import logging

import pytest

from actions.contact import ActionMakeReferral
from actions.outcome import ActionGiveOutcome
from actions.screening_form import ValidateScreeningForm
from actions.store_access import channel_of
from tests.actions.test_actions import FORM, run
from tests.actions.test_contact import referral_tracker
from tests.actions.trackers import ELIGIBLE_ANSWERS, make_tracker

SAID = "I had Xeloda after it came back"


async def test_info_logs_hold_no_patient_words(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    answered = {k: v for k, v in ELIGIBLE_ANSWERS.items() if k in ("her2_ihc", "anti_her2")}
    await run(
        ValidateScreeningForm(),
        make_tracker({**answered, "requested_slot": "chemo_metastatic"}, SAID, {"chemo_metastatic": SAID}, FORM),
    )
    await run(
        ValidateScreeningForm(),
        make_tracker({"requested_slot": "age"}, "asdfgh qwerty", {"age": "asdfgh qwerty"}, FORM),
    )
    await run(ActionGiveOutcome(), make_tracker(ELIGIBLE_ANSWERS, "yes"))
    await run(ActionMakeReferral(), referral_tracker())
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "chat=" in logged and "referral=R-" in logged  # ids are logged
    assert "unit-test" not in logged  # a keyed tag stands for the sender id (a Telegram chat id names a person)
    for private in ("Xeloda", "came back", "or spread", "asdfgh", "Mei Wong", "8613800138000", "Morning", "1+"):
        assert private not in logged, private


@pytest.mark.parametrize(
    ("sender", "channel"),
    [("web:AbC123", "web"), ("telegram:123456", "telegram"), ("unit-test", "rest"), ("mail:x", "rest")],
)
def test_the_channel_comes_from_the_sender_id_the_front_end_gave(sender: str, channel: str) -> None:
    tracker = make_tracker({}, "hi")
    tracker.sender_id = sender
    assert channel_of(tracker) == channel

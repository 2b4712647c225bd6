"""A plain opening yes or no is affirm or deny whatever DIET guessed; past red flags are no emergency."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency_intent import EmergencyIntent
from nlu.yes_no_intent import YesNoIntent


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})


def read(component: Any, message: Message) -> str:
    [out] = component.process([message])
    return str(out.get(INTENT)["name"])


CASES = [
    ("yes, you can give them my details", [("human_handoff", 0.7), ("affirm", 0.2)], "affirm"),
    ("yep they can ring me after 5", [("inform", 0.8), ("affirm", 0.2)], "affirm"),
    ("no, the ER and the PR were both negative", [("inform", 0.9)], "deny"),
    ("nope not now", [("nlu_fallback", 1.0)], "deny"),
    ("yes delete it", [("confirm_delete", 0.9), ("affirm", 0.1)], "confirm_delete"),  # names erasing: kept
    ("yes start over", [("restart", 0.9)], "restart"),
    ("no I want to talk to a real person", [("human_handoff", 0.9)], "human_handoff"),
    ("yes... actually no", [("affirm", 0.6), ("deny", 0.4)], "affirm"),  # not plain: untouched
    ("yesterday", [("inform", 0.9)], "inform"),
    ("yes, you can pass my details on to them", [("emergency", 0.51), ("affirm", 0.14)], "affirm"),
    ("yes I feel awful and need help now", [("emergency", 0.93), ("affirm", 0.05)], "emergency"),
    ("no, I need to change my her2 answer", [("change_answer", 0.8)], "change_answer"),
    ("no idea", [("inform", 0.5), ("deny", 0.5)], "inform"),
]


@pytest.mark.parametrize(("text", "ranking", "expected"), CASES)
def test_the_intent_read(text: str, ranking: list[tuple[str, float]], expected: str) -> None:
    assert read(YesNoIntent(), classified(text, ranking)) == expected


def test_a_past_red_flag_takes_the_emergency_guess_back() -> None:
    message = classified("I had a heart attack two years ago", [("emergency", 0.9), ("inform", 0.1)])
    assert read(EmergencyIntent(), message) == "inform"
    message = classified("my chest hurts", [("emergency", 0.9), ("inform", 0.1)])
    assert read(EmergencyIntent(), message) == "emergency"

"""A red flag named only as past history takes the classifier's `emergency` back (issue 14)."""

from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency_intent import EmergencyIntent


def read(text: str, ranking: list[tuple[str, float]]) -> str:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    [out] = EmergencyIntent().process([Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})])
    return str(out.get(INTENT)["name"])


def test_a_past_red_flag_takes_the_emergency_guess_back() -> None:
    assert read("I had a heart attack two years ago", [("emergency", 0.9), ("inform", 0.1)]) == "inform"
    assert read("back in 2019 I passed out once", [("emergency", 0.9), ("answer", 0.1)]) == "answer"


def test_a_present_one_or_none_at_all_keeps_it() -> None:
    assert read("my chest hurts", [("emergency", 0.9), ("inform", 0.1)]) == "emergency"
    assert read("I feel really unwell", [("emergency", 0.9), ("inform", 0.1)]) == "emergency"

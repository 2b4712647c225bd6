"""A red-flag entity makes the message an emergency, whatever the classifier guessed."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from nlu.emergency_intent import EmergencyIntent


def message(intent: str, entities: list[dict]) -> Message:
    return Message(
        data={
            "text": "x",
            "intent": {"name": intent, "confidence": 0.7},
            "intent_ranking": [{"name": intent, "confidence": 0.7}, {"name": "emergency", "confidence": 0.2}],
            "entities": entities,
        }
    )


def test_a_red_flag_outranks_the_guess() -> None:
    flagged = message("deny", [{"entity": "red_flag", "value": "self_harm", "start": 0, "end": 1}])
    [out] = EmergencyIntent().process([flagged])
    assert out.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert [r["name"] for r in out.get("intent_ranking")] == ["emergency", "deny"]


def test_other_entities_change_nothing() -> None:
    plain = message("inform", [{"entity": "medicine", "value": "trastuzumab", "start": 0, "end": 1}])
    [out] = EmergencyIntent().process([plain])
    assert out.get("intent") == {"name": "inform", "confidence": 0.7}

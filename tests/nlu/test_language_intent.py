"""A plain request for a language is `switch_language`, whatever the classifier said; nothing else is."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.language_intent import LanguageIntent


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as DIET leaves it: the top intent and the ranking."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})


def checked(message: Message) -> Any:
    [out] = LanguageIntent().process([message])
    return out


CASES = [
    # (text, DIET's ranking, the intent read)
    ("English", [("greet", 0.6), ("switch_language", 0.4)], "switch_language"),  # the words decide
    ("中文", [("nlu_fallback", 1.0)], "switch_language"),  # a word never trained on
    ("說中文", [("out_of_scope", 0.7), ("inform", 0.3)], "switch_language"),  # Traditional
    ("switch to english please", [("switch_language", 0.9), ("restart", 0.1)], "switch_language"),
    ("my english is bad", [("switch_language", 0.7), ("out_of_scope", 0.3)], "out_of_scope"),  # taken back
    ("我的报告是中文的", [("switch_language", 1.0)], "nlu_fallback"),  # nothing else ranked
    ("yes", [("affirm", 0.99), ("switch_language", 0.01)], "affirm"),  # untouched
]


@pytest.mark.parametrize(("text", "ranking", "expected"), CASES)
def test_the_intent_read(text: str, ranking: list[tuple[str, float]], expected: str) -> None:
    out = checked(classified(text, ranking))
    assert out.get(INTENT)["name"] == expected
    names = [r["name"] for r in out.get(INTENT_RANKING_KEY)]
    if expected == "switch_language":
        assert out.get(INTENT)["confidence"] == 1.0 and names.count("switch_language") == 1
    elif ranking[0][0] == "switch_language":  # taken back: out of the ranking too
        assert "switch_language" not in names
    else:  # another intent at the top: left as the classifier ranked it
        assert names == [name for name, _ in ranking]

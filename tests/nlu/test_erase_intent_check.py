"""'Delete my data' stands only when the words say it; otherwise the next guess is read."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.erase_intent_check import EraseIntentCheck, names_erasing, without_erasing


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as DIET leaves it: the top intent and the ranking."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})


def checked(message: Message) -> Any:
    [out] = EraseIntentCheck().process([message])
    return out


CASES = [
    # (text, DIET's ranking, the intent read)
    ("yes please share them", [("confirm_delete", 0.557), ("affirm", 0.433), ("out_of_scope", 0.01)], "affirm"),
    ("mei@example.org", [("delete_data", 0.67), ("inform", 0.3), ("greet", 0.03)], "inform"),
    ("yes, delete everything", [("confirm_delete", 0.9), ("affirm", 0.1)], "confirm_delete"),
    ("please delete my data", [("delete_data", 0.95), ("restart", 0.05)], "delete_data"),
    ("get rid of my details", [("delete_data", 0.8), ("inform", 0.2)], "delete_data"),
    ("i dont want you to store my answers", [("delete_data", 0.6), ("keep_data", 0.4)], "delete_data"),
    ("/confirm_delete", [("confirm_delete", 1.0)], "confirm_delete"),
    ("/delete_data", [("delete_data", 1.0)], "delete_data"),
    ("yes please", [("affirm", 0.99), ("confirm_delete", 0.01)], "affirm"),  # not an erase intent: untouched
    # an erase word said of the body is surgery: this answer had made the bot offer to delete everything
    # (the classifier's next guesses were goodbye and keep_data: the answer is made `inform`)
    ("a melanoma removed from my back in 2012", [("delete_data", 0.8), ("goodbye", 0.15), ("inform", 0.05)], "inform"),
    ("肿块切除清掉了", [("delete_data", 0.6), ("inform", 0.4)], "inform"),
    ("remove my data, the tumour stuff too", [("delete_data", 0.9), ("inform", 0.1)], "delete_data"),  # data named
    ("请删除我的数据", [("delete_data", 0.9), ("inform", 0.1)], "delete_data"),
    ("把我的信息都删掉吧", [("delete_data", 0.8), ("inform", 0.2)], "delete_data"),
    ("清除我填的东西", [("delete_data", 0.7), ("inform", 0.3)], "delete_data"),
    ("不要保存我的回答", [("delete_data", 0.6), ("keep_data", 0.4)], "delete_data"),
    ("嗯，删", [("confirm_delete", 0.7), ("affirm", 0.3)], "confirm_delete"),  # 删 alone, 删吧: erase words
    ("好，删吧", [("confirm_delete", 0.6), ("affirm", 0.4)], "confirm_delete"),
    ("是的，全部清掉", [("confirm_delete", 0.6), ("affirm", 0.4)], "confirm_delete"),
    ("别留着我的资料", [("delete_data", 0.6), ("keep_data", 0.4)], "delete_data"),
    ("好的，可以分享", [("confirm_delete", 0.55), ("affirm", 0.45)], "affirm"),
    ("我今年五十四岁", [("delete_data", 0.6), ("inform", 0.4)], "inform"),
]


@pytest.mark.parametrize(("text", "ranking", "expected"), CASES)
def test_the_intent_read(text: str, ranking: list[tuple[str, float]], expected: str) -> None:
    assert checked(classified(text, ranking)).get(INTENT)["name"] == expected


def test_the_rest_of_the_ranking_is_scaled_to_the_former_sum() -> None:
    out = checked(classified("yes please share them", [("confirm_delete", 0.6), ("affirm", 0.3), ("deny", 0.1)]))
    assert out.get(INTENT) == {"name": "affirm", "confidence": pytest.approx(0.75)}
    assert [(r["name"], r["confidence"]) for r in out.get(INTENT_RANKING_KEY)] == [
        ("affirm", pytest.approx(0.75)),
        ("deny", pytest.approx(0.25)),
    ]


def test_nothing_else_ranked_is_a_fallback() -> None:
    out = checked(classified("share them", [("confirm_delete", 1.0)]))
    assert out.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}


def test_words_for_erasing() -> None:
    assert names_erasing("Please DELETE it") and names_erasing("don't keep my answers")
    assert not names_erasing("keep my answers") and not names_erasing("/affirm")
    assert without_erasing([{"name": "delete_data", "confidence": 1.0}]) == []

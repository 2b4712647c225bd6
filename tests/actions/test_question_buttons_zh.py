"""A question's buttons in the patient's language: its options and "Why do you ask?" (issue 15)."""

from __future__ import annotations

import pytest

from actions.ask_question import WHY_BUTTON, question_buttons
from criteria import load_trial


@pytest.mark.parametrize(
    ("language", "who", "titles"),
    [
        pytest.param("en", None, ["Yes", "No, never", "Not sure", "Why do you ask?"], id="en"),
        pytest.param("zh", None, ["用过", "没有，从没用过", "不确定", "为什么问这个？"], id="zh"),
    ],
)
def test_the_buttons_speak_the_patients_language(language: str, who: str | None, titles: list[str]) -> None:
    buttons = question_buttons(load_trial().question("anti_her2"), language, who)
    assert [b["title"] for b in buttons] == titles
    assert buttons[-1]["payload"] == "/ask_why"
    assert [b["payload"] for b in buttons[:-1]] == [f'/answer{{"choice": "{v}"}}' for v in ("yes", "no", "not_sure")]


def test_a_caregiver_reads_the_caregiver_labels_in_chinese() -> None:
    titles = [b["title"] for b in question_buttons(load_trial().question("daily_activity"), "zh", "mother")]
    assert titles[0] == "平时的事都能做"  # the patient reads 平时的事我都能做
    assert "我" not in "".join(titles[:-1])


def test_why_do_you_ask_is_in_both_languages() -> None:
    assert set(WHY_BUTTON) == {"en", "zh"}

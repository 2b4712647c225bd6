"""A Chinese patient on the demo page /zh/, from the greeting to a referral number (issue 15's "Done when").

Played as a person who reads only Chinese: taps the consent, types most answers in Chinese
(one of them a report line in Latin letters, "HER2(1+)"), taps a few buttons, confirms the
summary, agrees to be contacted, types a name and a phone number, taps a time, checks the
read-back and is given the referral number. Everything the widget showed on the way (the
bot's bubbles, every button offered, the widget's own words) is kept, for the check that no
English sentence was among it. Used by test_chinese_referral.py and by `make screenshots`
(tests/browser/screenshots.py), so that the pictures are of the run the test checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from criteria.loading import load_trial
from criteria.model import localize
from tests.browser.widget import MAX_STEPS, Widget, asked_question
from tests.e2e.chinese_referral import (
    ANSWERS,
    CONSENT,
    CONTACT_OFFER,
    GREETING,
    LIKELY,
    NAME,
    PHONE,
    READ_BACK_BUTTONS,
    REFERRAL_NUMBER,
    SUMMARY,
    SUMMARY_BUTTONS,
    TIME,
)
from tests.languages.english import leftovers

QUESTION_NUMBER_ZH = re.compile(r"第 (\d+) 题")

@dataclass
class Visit:
    """What the Chinese patient did and was shown."""

    widget: Widget
    shown: dict[str, str] = field(default_factory=dict)  # every text shown -> where (bubble, button, widget)
    answered: list[tuple[str, str, str]] = field(default_factory=list)  # (question, how, words)
    number: str = ""  # the referral number the patient was given

    def look(self) -> None:
        """Keep what is on show now: the bubbles, the buttons (gone once pressed), the widget's own words."""
        for who, text in self.widget.messages():
            if who == "bot":
                self.shown.setdefault(text, "bot bubble")
        for title in self.widget.reply_titles():
            self.shown.setdefault(title, "button")
        for words in self.widget.chrome_words():
            self.shown.setdefault(words, "widget")

    def english(self) -> dict[str, list[str]]:
        """Each shown text that keeps English (report terms and names aside), with the English found."""
        return {f"{where}: {text}": found for text, where in self.shown.items() if (found := leftovers(text))}

    def press(self, title: str) -> None:
        """Look, then tap."""
        self.look()
        self.widget.press(title)

    def type(self, words: str) -> None:
        """Look, then type."""
        self.look()
        self.widget.type(words)


def answer_in_chinese(visit: Visit, after_answer: Callable[[int], None] | None = None) -> None:
    """Answer every question as ANSWERS says, until the summary; `after_answer(n)` after the n-th answer."""
    widget, questions = visit.widget, list(load_trial().questions)
    for step in range(1, MAX_STEPS + 1):
        if SUMMARY in widget.bot_text():
            return
        question = asked_question(widget.bot_text(), questions, "zh", QUESTION_NUMBER_ZH)
        how, words = ANSWERS[question.id]
        if how == "press":
            option = question.option(words)
            assert option is not None, f"no option {words} in {question.id}"
            words = localize(option.label, "zh")
            visit.press(words)
        else:
            visit.type(words)
        assert ("patient", words) in widget.messages()[-8:], f"{words!r} not shown as the patient's message"
        visit.answered.append((question.id, how, words))
        if after_answer is not None:
            after_answer(step)
    raise AssertionError(f"no summary after {MAX_STEPS} answers")


def refer_in_chinese(
    widget: Widget, demo: str, after_answer: Callable[[int], None] | None = None
) -> Visit:
    """From the Chinese demo page (`demo` is the gateway's base URL) to a referral number."""
    visit = Visit(widget)
    widget.open_demo(f"{demo}zh/")
    greeting = widget.bot_text()
    assert all(words in greeting for words in GREETING), greeting
    assert widget.reply_titles() == CONSENT
    visit.press(CONSENT[0])
    assert QUESTION_NUMBER_ZH.search(widget.bot_text()), widget.bot_text()
    answer_in_chinese(visit, after_answer)
    assert widget.reply_titles() == SUMMARY_BUTTONS
    visit.press(SUMMARY_BUTTONS[0])
    assert LIKELY in widget.bot_text(), widget.bot_text()
    assert widget.reply_titles() == CONTACT_OFFER
    visit.press(CONTACT_OFFER[0])
    visit.type(NAME)
    visit.type(PHONE)
    visit.press(TIME)
    read_back = widget.messages()[-1][1]
    assert NAME in read_back and PHONE in read_back and TIME in read_back, read_back
    assert widget.reply_titles() == READ_BACK_BUTTONS
    visit.press(READ_BACK_BUTTONS[0])
    visit.look()
    found = REFERRAL_NUMBER.search(widget.messages()[-1][1])
    assert found, widget.messages()[-1][1]
    visit.number = found.group(1)
    return visit

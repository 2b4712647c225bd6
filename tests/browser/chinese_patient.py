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
from tests.browser.widget import MAX_STEPS, Widget, asked_question
from tests.e2e import chinese_referral as journey
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
    """Answer every question as the script says (journey.ANSWERS), until the summary; `after_answer(n)` after each."""
    widget, questions = visit.widget, list(load_trial().questions)
    for step in range(1, MAX_STEPS + 1):
        if journey.SUMMARY in widget.bot_text():
            return
        question = asked_question(widget.bot_text(), questions, "zh", QUESTION_NUMBER_ZH)
        how, words = journey.ANSWERS[question.id]
        if how == "press":
            words = journey.button_title(question.id, words)
            visit.press(words)
        else:
            visit.type(words)
        assert ("patient", words) in widget.messages()[-8:], f"{words!r} not shown as the patient's message"
        visit.answered.append((question.id, how, words))
        if after_answer is not None:
            after_answer(step)
    raise AssertionError(f"no summary after {MAX_STEPS} answers")


def refer_in_chinese(widget: Widget, demo: str, after_answer: Callable[[int], None] | None = None) -> Visit:
    """From the Chinese demo page (`demo` is the gateway's base URL) to a referral number."""
    visit = Visit(widget)
    widget.open_demo(f"{demo}zh/")
    greeting = widget.bot_text()
    assert all(words in greeting for words in journey.GREETING), greeting
    assert widget.reply_titles() == journey.CONSENT
    visit.press(journey.CONSENT[0])
    assert QUESTION_NUMBER_ZH.search(widget.bot_text()), widget.bot_text()
    answer_in_chinese(visit, after_answer)
    assert widget.reply_titles() == journey.SUMMARY_BUTTONS
    visit.press(journey.SUMMARY_BUTTONS[0])
    assert journey.LIKELY in widget.bot_text(), widget.bot_text()
    assert widget.reply_titles() == journey.CONTACT_OFFER
    visit.press(journey.CONTACT_OFFER[0])
    visit.type(journey.NAME)
    visit.type(journey.PHONE)
    visit.press(journey.TIME)
    read_back = widget.messages()[-1][1]
    assert journey.NAME in read_back and journey.PHONE in read_back and journey.TIME in read_back, read_back
    assert widget.reply_titles() == journey.READ_BACK_BUTTONS
    visit.press(journey.READ_BACK_BUTTONS[0])
    visit.look()
    found = journey.REFERRAL_NUMBER.search(widget.messages()[-1][1])
    assert found, widget.messages()[-1][1]
    visit.number = found.group(1)
    return visit

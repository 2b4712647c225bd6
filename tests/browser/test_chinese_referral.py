"""Issue 15's "Done when", in a real browser: a person who reads only Chinese goes from the demo page /zh/
to a referral number without seeing an English sentence, and a navigator reviews it in Chinese.

Headless Chromium at 360 px in front of the real gateway, Rasa and action servers; then the
navigator pages of the same gateway, the browser asking for Chinese (Accept-Language).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser

from bot.startup.settings import Settings
from tests.browser.chinese_patient import refer_in_chinese
from tests.browser.widget import NARROW, Widget
from tests.e2e.chinese_referral import ANSWERS, CONSENT, NAME, PHONE
from tests.navigator.helpers import review_referral_in_chinese
from tests.navigator.screenshots import PASSWORD, create_navigator

pytestmark = pytest.mark.e2e


def test_a_chinese_reader_reaches_a_referral_without_english_and_a_navigator_reviews_it_in_chinese(
    settings: Settings, gateway: str, chromium: Browser, new_widget: Callable[..., Widget]
) -> None:
    widget = new_widget(NARROW)
    widget.language = "zh"
    visit = refer_in_chinese(widget, f"{gateway}/")

    # Typed and tapped, every question answered, a report line in Latin letters among them.
    hows = [how for _, how, _ in visit.answered]
    assert hows.count("type") >= 8 and hows.count("press") >= 3, visit.answered
    assert [q for q, _, _ in visit.answered] == list(ANSWERS)  # every question, none twice
    assert ("her2_ihc", "type", "HER2(1+)") in visit.answered
    # Nothing shown was English: bubbles, buttons, the widget's own words (report terms aside).
    assert visit.english() == {}
    assert CONSENT[0] in visit.shown and "发送" in visit.shown  # buttons and the widget's words were looked at
    assert visit.number in widget.messages()[-1][1] and "推荐编号" in widget.messages()[-1][1]
    assert widget.page.locator(".tsw-root").get_attribute("lang") == "zh-CN"
    assert widget.console_errors == [] and widget.dialogs == []

    assert create_navigator(settings, "zh.reviewer").returncode == 0
    page = review_referral_in_chinese(chromium, gateway, visit.number, "zh.reviewer", PASSWORD)
    try:
        assert page.locator("html").get_attribute("lang") == "zh-Hans"  # the pages in Chinese, from Accept-Language
        assert page.locator(".patient-language").inner_text() == "中文"  # the patient's language
        assert page.locator("dd.number").inner_text() == visit.number
        assert page.locator("h1 .badge").inner_text() == "可能符合条件"
        words = page.locator("table.criteria q.words").all_text_contents()
        for question, how, said in visit.answered:  # the patient's own words, as typed
            if how == "type":
                assert said in words, (question, said, words)
        transcript = page.locator("ol.transcript").inner_text()
        assert "HER2(1+)" in transcript and "第 1 题" in transcript  # the conversation, in Chinese
        assert NAME not in page.content() and PHONE not in page.content()  # contact details hidden until asked
    finally:
        page.context.close()

"""Issue 15: the widget in Chinese (no tofu: the CJK font renders it) and its header's language switch,
in real headless Chromium in front of the real gateway, Rasa and action servers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.widget import NARROW, WIDE, Widget

pytestmark = pytest.mark.e2e

SWITCHED_ZH = "好的，接下来我用中文和您交流。"
SWITCHED_EN = "OK, I will use English from now on."
CJK_FONT = "Noto Sans CJK SC"


def rendering_fonts(page: Page, selector: str) -> dict[str, int]:
    """The fonts Chromium really drew the element's text with (family: glyph count), from DevTools."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: int(f["glyphCount"]) for f in fonts}


def switch(widget: Widget) -> None:
    """Press the header's language switch; wait until the bot answered and the widget changed its words."""
    button = widget.page.locator(".tsw-language")
    before = button.inner_text()
    button.click()
    expect(button).not_to_have_text(before)
    widget.wait_idle()


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["360", "1280"])
def test_the_chinese_demo_page_and_widget_draw_chinese_with_the_cjk_font(
    new_widget: Callable[..., Widget], gateway: str, viewport: Any
) -> None:
    widget = new_widget(viewport)
    widget.open_demo(f"{gateway}/zh/")
    page = widget.page
    assert page.title() == "乳腺癌研究 NCT06561607：看看是否适合您"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator(".tsw-root").get_attribute("lang") == "zh-CN"
    assert page.locator(".tsw-language").inner_text() == "English"  # the way to the other language
    # A Chinese message on the page, drawn by the CJK font and no other (no box, no missing glyph).
    heading = rendering_fonts(page, "h1")
    assert CJK_FONT in heading, heading
    switch(widget)  # to English and back: the bot's own words in Chinese
    switch(widget)
    assert SWITCHED_ZH in widget.bot_text()
    chinese_bubbles = page.locator(".tsw-from-bot .tsw-bubble", has_text=SWITCHED_ZH)
    chinese_bubbles.last.evaluate("n => n.setAttribute('data-test-zh', '1')")
    fonts = rendering_fonts(page, "[data-test-zh]")
    assert CJK_FONT in fonts and fonts[CJK_FONT] >= len(SWITCHED_ZH) - 2, fonts
    assert widget.console_errors == []


def test_the_header_switch_keeps_the_answers_and_asks_the_same_question_again(widget: Widget, gateway: str) -> None:
    widget.open_demo(f"{gateway}/")
    assert widget.page.locator(".tsw-language").inner_text() == "中文"
    widget.press("Yes, for myself")
    widget.press("1+")  # question 1 answered: HER2 1+
    before = widget.question_number()
    assert before == 2
    switch(widget)
    assert ("patient", "中文") in widget.messages()
    assert SWITCHED_ZH in widget.messages()[-2][1] or SWITCHED_ZH in widget.bot_text()
    assert widget.page.locator(".tsw-root").get_attribute("lang") == "zh-CN"
    assert widget.page.locator(".tsw-language").inner_text() == "English"
    # the same question again, not the first: the answer is kept
    assert widget.question_number() == before
    switch(widget)
    assert SWITCHED_EN in widget.bot_text()
    assert widget.question_number() == before
    assert widget.page.locator(".tsw-root").get_attribute("lang") == "en"
    # the choice is kept by this browser: a reload stays in English, with the conversation
    widget.page.reload()
    widget.page.locator(".tsw-message").first.wait_for()
    widget.wait_idle()
    assert widget.page.locator(".tsw-language").inner_text() == "中文"
    assert SWITCHED_EN in widget.bot_text()

"""The chat widget in real headless Chromium, in front of the real gateway, Rasa and action servers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Route, expect

from bot.startup.processes import free_port
from bot.startup.settings import Settings
from tests.browser.widget import NARROW, Widget, answer_questions, consent
from tests.e2e.patients import LIKELY
from tests.running import running_gateway

pytestmark = pytest.mark.e2e

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
MAX_TABS = 60  # key presses to reach any control on the page


def focused(widget: Widget, test: str) -> bool:
    """Whether the focused element passes `test`, a JavaScript expression on `e`."""
    return bool(widget.page.evaluate(f"(() => {{ const e = document.activeElement; return Boolean({test}); }})()"))


def tab_until(widget: Widget, test: str, key: str = "Tab") -> None:
    """Press Tab (or `key`) until the focused element passes `test`."""
    for _ in range(MAX_TABS):
        widget.page.keyboard.press(key)
        if focused(widget, test):
            return
    raise AssertionError(f"{key} never reached an element where {test}")


def is_reply(title: str) -> str:
    """A focus test: the quick reply with this title."""
    return f"e.classList.contains('tsw-reply') && e.textContent === {title!r}"


@pytest.fixture(scope="module")
def demo_url_strict(settings: Settings, servers: dict) -> Iterator[str]:
    """A gateway that lets one session send only 3 messages (then about one a minute)."""
    own = dataclasses.replace(settings, gateway_port=free_port())
    limits = {"RATE_SENDER_BURST": "3", "RATE_SENDER_PER_SECOND": "0.02"}
    with running_gateway(own, "gateway-browser-strict.log", limits) as url:
        yield f"{url}/"


def test_a_full_screening_by_clicking_and_typing_reaches_likely_eligible(widget: Widget, demo_url: str) -> None:
    widget.open_demo(demo_url)
    assert "not a person" in widget.bot_text()
    consent(widget)
    answered = answer_questions(widget)
    assert {how for how, _ in answered} == {"press", "type"}  # both ways of answering were used
    assert widget.question_number() == 12
    assert widget.reply_titles() == ["Yes, that's right", "Change an answer"]
    assert widget.page.locator(".tsw-replies").count() == 1  # earlier quick replies are gone
    summary = widget.messages()[-1][1]
    assert "- Age: 54" in summary
    assert "- HER2 test result: 2+" in summary
    widget.press("Yes, that's right")
    shown = widget.bot_text()
    for words in LIKELY:
        assert words in shown
    assert widget.reply_titles() == ["Yes, please contact me", "No, thanks"]
    assert ("patient", "Yes, that's right") in widget.messages()
    assert widget.violations() == []
    assert widget.dialogs == []
    assert widget.console_errors == []  # nothing failed to load (the page's icon included)


def test_a_reload_half_way_keeps_the_conversation(widget: Widget, demo_url: str) -> None:
    widget.open_demo(demo_url)
    consent(widget)
    answer_questions(widget, until=4)
    before, replies, number = widget.messages(), widget.reply_titles(), widget.question_number()
    assert number >= 4 and replies
    widget.page.reload()
    widget.page.locator(".tsw-message").first.wait_for()
    widget.wait_idle()
    assert widget.messages() == before  # the same messages, pressed buttons shown by their titles
    assert widget.reply_titles() == replies  # the quick replies of the last question only
    assert widget.page.locator(".tsw-replies").count() == 1
    answer_questions(widget, until=1)
    assert widget.question_number() == number + 1  # the next answer goes on from the same question
    assert widget.bot_text().count("Hello! I am an automated assistant") == 1  # no second greeting


def test_a_session_the_gateway_did_not_issue_is_replaced_by_a_new_one(widget: Widget, demo_url: str) -> None:
    key = f"trial-screening-widget:{demo_url.rstrip('/')}:session"
    widget.page.add_init_script(f"localStorage.setItem({key!r}, 'forged.c2lnbmF0dXJl')")
    widget.open_demo(demo_url)
    assert widget.bot_text().startswith("Hello! I am an automated assistant")
    kept = widget.page.evaluate(f"localStorage.getItem({key!r})")
    assert kept and kept != "forged.c2lnbmF0dXJl"
    consent(widget)  # the new session works


def test_html_and_script_in_a_message_are_shown_as_text_and_never_run(widget: Widget, demo_url: str) -> None:
    def without_csp(route: Route) -> None:  # so that only the widget itself stands between the text and a script
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
        route.fulfill(response=response, headers=headers)

    widget.page.route(demo_url, without_csp)
    widget.open_demo(demo_url)
    widget.type(XSS)
    assert ("patient", XSS) in widget.messages()
    assert widget.log.locator("img, script").count() == 0
    widget.page.reload()  # and again from the history
    widget.page.locator(".tsw-message").first.wait_for()
    widget.wait_idle()
    assert ("patient", XSS) in widget.messages()
    assert widget.log.locator("img, script").count() == 0
    widget.page.wait_for_timeout(300)  # time for an error handler to have run
    assert widget.page.evaluate("typeof window.__xss") == "undefined"
    assert widget.dialogs == []


def test_the_bot_down_shows_a_friendly_message_and_keeps_the_typed_text(
    widget: Widget, demo_url_without_rasa: str
) -> None:
    widget.page.goto(demo_url_without_rasa)
    expect(widget.notice).to_contain_text("cannot reach the assistant")
    expect(widget.notice).to_contain_text("try again in a few minutes")
    expect(widget.notice.get_by_role("button", name="Try again")).to_be_visible()
    widget.type("My HER2 score was 1+")
    expect(widget.notice).to_contain_text("cannot reach the assistant")
    expect(widget.notice).to_contain_text("Your message is still in the box")
    assert widget.box.input_value() == "My HER2 score was 1+"
    assert [who for who, _ in widget.messages()] == []  # nothing shown as sent
    page_text = widget.page.locator("body").inner_text()
    assert "Traceback" not in page_text and "Error:" not in page_text


def test_too_fast_shows_a_friendly_message_and_keeps_the_typed_text(widget: Widget, demo_url_strict: str) -> None:
    widget.open_demo(demo_url_strict)  # the greeting is message 1 of 3
    consent(widget)  # 2
    widget.type("1+")  # 3
    widget.type("never had it")  # one too many
    expect(widget.notice).to_contain_text("sending messages very quickly")
    assert widget.box.input_value() == "never had it"
    assert ("patient", "never had it") not in widget.messages()
    assert widget.question_number() == 2


def test_a_message_is_limited_to_2000_characters_with_a_notice(widget: Widget, demo_url: str) -> None:
    widget.open_demo(demo_url)
    widget.box.fill("a" * 2500)  # as if pasted
    assert len(widget.box.input_value()) == 2000
    expect(widget.notice).to_contain_text("too long")
    widget.box.press("Backspace")
    expect(widget.notice.locator(".tsw-notice-text")).to_be_empty()
    widget.box.press("Enter")
    widget.wait_idle()
    assert ("patient", "a" * 1999) in widget.messages()  # under the limit: sent as it is


def test_keyboard_alone_reaches_and_uses_every_control(widget: Widget, demo_url: str) -> None:
    widget.open_demo(demo_url)
    log = widget.page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(widget.page.get_by_label("Your answer", exact=True)).to_have_attribute("maxlength", "2000")
    names = widget.page.eval_on_selector_all(
        ".tsw-root button", "bs => bs.map(b => (b.getAttribute('aria-label') || b.textContent).trim())"
    )
    assert names and all(names), names  # every button has an accessible name

    tab_until(widget, "e.id === 'tsw-input'")  # Tab to the text box, type, Enter sends
    widget.page.keyboard.type("yes")
    widget.page.keyboard.press("Enter")
    widget.wait_idle()
    assert ("patient", "yes") in widget.messages()
    assert widget.question_number() == 1

    tab_until(widget, is_reply("1+"), key="Shift+Tab")  # back from the box to the quick replies
    outline = widget.page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                   " return [s.outlineStyle, s.outlineWidth]; })()")  # fmt: skip
    assert outline == ["solid", "3px"]  # a visible focus ring
    widget.page.keyboard.press("Space")
    widget.wait_idle()
    assert ("patient", "1+") in widget.messages()
    assert widget.question_number() == 2
    assert focused(widget, "e.getAttribute('role') === 'log'")  # a pressed button leads to the new messages,
    widget.page.keyboard.press("Tab")  # and one Tab on to the new buttons
    assert focused(widget, is_reply("Yes"))

    tab_until(widget, is_reply("No, never"))
    widget.page.keyboard.press("Enter")
    widget.wait_idle()
    assert ("patient", "No, never") in widget.messages()
    assert widget.question_number() == 3

    widget.page.keyboard.press("Escape")  # close the panel: focus goes to the launcher
    expect(widget.page.locator(".tsw-panel")).to_be_hidden()
    assert focused(widget, "e.classList.contains('tsw-launcher')")
    widget.page.keyboard.press("Enter")
    expect(widget.page.locator(".tsw-panel")).to_be_visible()
    assert focused(widget, "e.id === 'tsw-input'")


def test_at_360_px_the_panel_fills_the_screen_without_horizontal_scroll(
    new_widget: Callable[..., Widget], demo_url: str
) -> None:
    widget = new_widget(NARROW)
    widget.open_demo(demo_url)
    width = NARROW["width"]
    panel = widget.page.locator(".tsw-panel").bounding_box()
    assert panel is not None and panel["x"] == 0 and panel["width"] == width
    consent(widget)
    for box in [b.bounding_box() for b in widget.replies().all()]:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    widget.type("x" * 300)  # one long word wraps instead of widening the page
    bubble = widget.page.locator(".tsw-from-patient .tsw-bubble").last.bounding_box()
    assert bubble is not None and bubble["x"] + bubble["width"] <= width
    assert widget.page.evaluate("document.scrollingElement.scrollWidth") <= width
    for selector in (".tsw-input", ".tsw-send", ".tsw-emergency", ".tsw-disclaimer"):
        box = widget.page.locator(selector).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width and box["y"] + box["height"] <= NARROW["height"]
    sizes = widget.page.eval_on_selector_all(
        ".tsw-bubble, .tsw-reply, .tsw-input", "ns => ns.map(n => parseFloat(getComputedStyle(n).fontSize))"
    )
    assert min(sizes) >= 16  # no tiny text where the patient reads and types
    widget.press("Not sure")  # still usable: the next question comes
    assert widget.question_number() == 2


def test_no_content_security_policy_violation_during_a_screening(widget: Widget, demo_url: str) -> None:
    response = widget.page.goto(demo_url)
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    widget.page.locator(".tsw-message").first.wait_for()
    widget.wait_idle()
    consent(widget)
    answer_questions(widget, until=3)
    widget.page.get_by_role("button", name="Start over").click()
    widget.page.get_by_role("button", name="Yes, start over").click()
    widget.wait_idle()
    assert widget.messages()[0] == ("bot", "OK, let's start over. I have cleared your answers.")
    assert widget.question_number() == 0
    assert widget.reply_titles() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    widget.page.reload()
    widget.page.locator(".tsw-message").first.wait_for()
    widget.wait_idle()
    assert widget.question_number() == 0  # after a reload the earlier answers stay gone
    assert widget.violations() == []
    assert widget.dialogs == []

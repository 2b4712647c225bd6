"""Screenshots of the chat widget for the README: `python -m tests.browser.screenshots [folder]`.

Starts the real action server, Rasa server and gateway on free loopback ports (with a
temporary VAR_DIR, so no local data is touched), drives the demo page in headless Chromium
at 360 and 1280 px wide, and writes PNG files (default folder: docs/screenshots/):

- widget-1280.png: the demo page mid-screening, a question with its quick replies;
- widget-360.png: the same on a 360 px wide phone (the panel fills the screen);
- widget-360-start.png: the greeting on the phone, with the consent question;
- widget-1280-outcome.png: the likely-eligible outcome and the offer to be contacted;
- widget-360-offline.png: the friendly message when the assistant cannot be reached;
- widget-zh-360.png, widget-zh-1280.png: the Chinese demo page (/zh/) with the greeting and
  the consent question (issue 15);
- widget-zh-360-screening.png: a Chinese patient mid-questions (after two typed answers and a
  tapped one: question 4 with its buttons), the patient of tests/browser/test_chinese_referral.py;
- widget-zh-360-referral.png, widget-zh-1280-referral.png: that patient's referral number;
- navigator-screening-zh.png: the patient's screening as a navigator reads it in Chinese.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port, start_action_server, start_rasa_server, train
from bot.startup.settings import ROOT, Settings
from tests.browser.chinese_patient import refer_in_chinese
from tests.browser.widget import NARROW, WIDE, Widget, answer_questions, consent
from tests.navigator.helpers import review_referral_in_chinese
from tests.navigator.screenshots import PASSWORD, create_navigator

SCREENING_SHOT_AFTER = 3  # answers before the mid-questions picture (the third is tapped)
NAVIGATOR = "zhang.screenshots"  # the navigator account that reviews the Chinese referral
LOOSE_LIMITS = {"RATE_SENDER_BURST": "50", "RATE_SENDER_PER_SECOND": "20", "RATE_ADDRESS_BURST": "2000"}


def temporary_settings(var_dir: Path) -> Settings:
    """Free loopback ports and a temporary VAR_DIR."""
    return Settings(
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        bind_host="127.0.0.1",
        var_dir=var_dir,
        tracker_db=var_dir / "tracker.db",
        models_dir=ROOT / "models",
        rasa_api_token="screenshots-token",
    )


@contextmanager
def running(settings: Settings) -> Iterator[tuple[str, str]]:
    """The servers until the block ends; yields the demo page's URL, and one of a gateway without Rasa."""
    offline = dataclasses.replace(settings, gateway_port=free_port(), rasa_port=free_port())
    model = train(settings)
    servers: list[Server] = []
    try:
        servers.append(start_action_server(settings, settings.var_dir / "actions.log"))
        servers.append(start_rasa_server(settings, model, settings.var_dir / "rasa.log"))
        servers.append(start_gateway(settings, settings.var_dir / "gateway.log", LOOSE_LIMITS))
        servers.append(start_gateway(offline, settings.var_dir / "gateway-offline.log"))
        for server in servers:
            server.wait_ready()
        yield f"http://127.0.0.1:{settings.gateway_port}/", f"http://127.0.0.1:{offline.gateway_port}/"
    finally:
        for server in servers:
            server.stop()


def snap(widget: Widget, path: Path) -> None:
    """Save the page as it looks (the pointer moved away so that nothing shows a hover)."""
    widget.page.mouse.move(0, 0)
    widget.page.evaluate("document.activeElement && document.activeElement.blur()")
    widget.page.screenshot(path=str(path))
    print(f"wrote {path}")


def capture(browser: Browser, demo: str, offline: str, folder: Path) -> None:
    """Take every screenshot into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for viewport, name in ((WIDE, "1280"), (NARROW, "360")):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        widget = Widget(context.new_page())
        widget.open_demo(demo)
        if viewport is NARROW:
            snap(widget, folder / f"widget-{name}-start.png")
        consent(widget)
        answer_questions(widget, until=4)
        snap(widget, folder / f"widget-{name}.png")
        if viewport is WIDE:
            answer_questions(widget)
            widget.press("Yes, that's right")
            snap(widget, folder / f"widget-{name}-outcome.png")
        context.close()
    context = browser.new_context(viewport=NARROW)
    widget = Widget(context.new_page())
    widget.page.goto(offline)
    widget.notice.get_by_text("cannot reach the assistant").wait_for()
    widget.type("My HER2 score was 1+")
    widget.notice.get_by_text("still in the box").wait_for()
    snap(widget, folder / "widget-360-offline.png")
    context.close()


def capture_chinese(browser: Browser, demo: str, folder: Path, settings: Settings) -> None:
    """The Chinese demo page (/zh/) at both widths: the greeting, then a Chinese patient's way to a referral.

    The patient is the one of test_chinese_referral.py (tests/browser/chinese_patient.py); a
    navigator then opens the 360 px patient's screening with a browser that asks for Chinese.
    """
    numbers: dict[str, str] = {}
    for viewport, name in ((WIDE, "1280"), (NARROW, "360")):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        widget = Widget(context.new_page(), language="zh")
        widget.open_demo(f"{demo}zh/")
        snap(widget, folder / f"widget-zh-{name}.png")
        context.close()
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        widget = Widget(context.new_page(), language="zh")

        def mid_questions(answers: int, widget: Widget = widget, name: str = name) -> None:
            if answers == SCREENING_SHOT_AFTER and name == "360":
                snap(widget, folder / f"widget-zh-{name}-screening.png")

        visit = refer_in_chinese(widget, demo, mid_questions)
        assert visit.english() == {}, visit.english()
        snap(widget, folder / f"widget-zh-{name}-referral.png")
        numbers[name] = visit.number
        context.close()
    made = create_navigator(settings, NAVIGATOR)
    assert made.returncode == 0, made.stderr
    page = review_referral_in_chinese(browser, demo.rstrip("/"), numbers["360"], NAVIGATOR, PASSWORD)
    page.evaluate("window.scrollTo(0, 0)")  # the link leads to #referral: the picture starts at the top
    page.mouse.move(0, 0)
    page.screenshot(path=str(folder / "navigator-screening-zh.png"))
    print(f"wrote {folder / 'navigator-screening-zh.png'}")
    page.context.close()


def main(argv: list[str]) -> None:
    """Start the servers, take the screenshots, stop the servers."""
    folder = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: run `make browser`")
    with tempfile.TemporaryDirectory(prefix="screenshots-") as var:
        settings = temporary_settings(Path(var))
        shoot(settings, chromium, folder)


def shoot(settings: Settings, chromium: str, folder: Path) -> None:
    """Start the servers on these settings, take every screenshot with this Chromium, stop them."""
    with running(settings) as urls, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            capture(browser, *urls, folder)
            capture_chinese(browser, urls[0], folder, settings)
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

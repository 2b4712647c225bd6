"""Fixtures for the widget tests: one headless Chromium, a fresh page per test, gateways to point it at."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, ViewportSize, sync_playwright

from bot.gateway.process import start_gateway
from bot.startup.processes import free_port
from bot.startup.settings import Settings
from tests.browser.widget import WIDE, Widget


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (Playwright cannot download its own browser here)."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Chromium is not installed: run `make browser`")
    return playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One browser per test module.

    Not for the whole session: Playwright's sync API keeps an asyncio loop running in this
    thread while it is open, and the async tests that run after this module need the thread free.
    """
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_widget(chromium: Browser) -> Iterator[Callable[..., Widget]]:
    """Make a widget page in a fresh browser profile (empty localStorage) of the given viewport."""
    contexts: list[BrowserContext] = []

    def make(viewport: ViewportSize = WIDE) -> Widget:
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        return Widget(context.new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def widget(new_widget: Callable[..., Widget]) -> Widget:
    """A widget page 1280 px wide."""
    return new_widget()


@pytest.fixture(scope="session")
def demo_url(gateway: str) -> str:
    """The demo page of the gateway in front of the real Rasa and action servers."""
    return f"{gateway}/"


@pytest.fixture(scope="module")
def demo_url_without_rasa(settings: Settings) -> Iterator[str]:
    """The demo page of a gateway whose Rasa server is not there (a closed port)."""
    own = dataclasses.replace(settings, gateway_port=free_port(), rasa_port=free_port())
    server = start_gateway(own, settings.var_dir / "gateway-browser-no-rasa.log")
    try:
        server.wait_ready()
        yield f"http://127.0.0.1:{own.gateway_port}/"
    finally:
        server.stop()

"""The navigator pages on the real servers: a referral made through the chat, worked through HTTP and in Chromium.

"Done when" of issue 5: a navigator created by the README's instructions logs in, finds a
screening made through the chat, reads its summary, updates its referral and exports the queue.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Dialog, sync_playwright

from bot.startup.settings import Settings
from tests.browser.conftest import launch_chromium
from tests.e2e.chat import WebPatient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen
from tests.navigator.helpers import XSS
from tests.navigator.screenshots import PASSWORD, capture, create_navigator, populate, refer, screening_of

pytestmark = pytest.mark.e2e

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def text_of(page: str) -> str:
    """A page's words, tags dropped, entities read, spaces squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_navigator_made_by_the_readme_works_a_referral_made_through_the_chat(
    settings: Settings, gateway: str
) -> None:
    made = create_navigator(settings, "e2e.nurse")  # python -m bot.navigator create-user e2e.nurse
    assert made.returncode == 0, made.stderr

    patient = WebPatient(settings, gateway)  # a patient on the web widget's interface, through the gateway
    screen(settings, {**ELIGIBLE, "age": ["asdfgh", "I'm 54"]}, patient)
    number = refer(patient, "Mei Wong", "mei@example.org")

    http = requests.Session()
    login_page = http.get(f"{gateway}/navigator/", timeout=30)  # sent to the log-in page
    assert login_page.url.startswith(f"{gateway}/navigator/login?next=")
    token = CSRF.search(login_page.text)
    assert token
    form = {"csrf": token.group(1), "username": "e2e.nurse", "password": PASSWORD, "next": "/navigator/"}
    queue = http.post(f"{gateway}/navigator/login", data=form, timeout=30)
    assert queue.status_code == 200 and queue.url == f"{gateway}/navigator/"

    row = next(r for r in queue.text.split("<tr>") if number in r)  # the screening, found in the queue
    screening_id = int(re.search(r'href="/navigator/screenings/(\d+)"', row).group(1))  # type: ignore[union-attr]
    assert "Likely eligible" in row and "New" in row

    summary = http.get(f"{gateway}/navigator/screenings/{screening_id}", timeout=30)
    words = text_of(summary.text)
    assert "Screening #" in words and "Likely eligible" in words and number in words
    assert "What was your HER2 result?" in words and "HER2 test result: 1+" in words
    assert "I'm 54" in words and "Age: 54 years" in words  # the patient's words and the reading
    assert "An answer asked again yes Age" in words  # "asdfgh" was not understood: asked again
    assert "Question 1 of 12" in words  # the transcript, from the encrypted tracker store
    assert "Mei Wong" not in words and "mei@example.org" not in words  # contact details hidden until asked
    shown = text_of(http.get(f"{gateway}/navigator/screenings/{screening_id}?contact=show", timeout=30).text)
    assert "Mei Wong" in shown and "mei@example.org" in shown and "Morning" in shown

    token = CSRF.search(summary.text)
    assert token
    moved = http.post(
        f"{gateway}/navigator/screenings/{screening_id}/status",
        data={"csrf": token.group(1), "status": "contacted", "seen": "new", "note": "Left a voicemail"},
        timeout=30,
    )
    after = text_of(moved.text)
    assert moved.url.endswith(f"/navigator/screenings/{screening_id}#referral") and "Status Contacted" in after
    assert "e2e.nurse New Contacted" in after and "Left a voicemail" in after

    exported = http.post(f"{gateway}/navigator/export.csv", data={"csrf": token.group(1)}, timeout=30)
    assert exported.status_code == 200
    rows = {r["referral_number"]: r for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
    assert rows[number]["referral_status"] == "contacted" and rows[number]["outcome"] == "likely_eligible"
    assert int(rows[number]["screening_id"]) == screening_id and "Mei Wong" not in exported.text

    log = text_of(http.get(f"{gateway}/navigator/audit?actor=e2e.nurse", timeout=30).text)
    for done in (
        "logged in",
        "viewed screening summary",
        "viewed contact details",
        "changed referral status New → Contacted",  # the statuses by their labels (issue 15: words per language)
        "added a note",
        "exported the queue (no free text)",
    ):
        assert done in log, done

    patient.say("delete my data")  # erasure takes the navigators' notes and history with it
    patient.say("/confirm_delete")
    assert http.get(f"{gateway}/navigator/screenings/{screening_id}", timeout=30).status_code == 404
    assert http.get(f"{gateway}/navigator/referrals/{number}", timeout=30).status_code == 404


def test_html_and_script_from_a_patient_stay_text_in_chromium(
    settings: Settings, gateway: str, chromium: Browser
) -> None:
    assert create_navigator(settings, "browser.nurse").returncode == 0
    patient = WebPatient(settings, gateway)
    screen(settings, {**ELIGIBLE, "her2_ihc": f"{XSS} my HER2 was 1+"}, patient)
    patient.say("no thanks")  # no referral
    screening_id = screening_of(settings, patient)
    assert screening_id

    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{gateway}/navigator/screenings/{screening_id}")
        page.get_by_label("Username").fill("browser.nurse")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(rf".*/navigator/screenings/{screening_id}$"))  # back where the link led
        words = page.locator("table.criteria q.words").all_text_contents()
        assert f"{XSS} my HER2 was 1+" in words  # shown as the very text typed
        transcript = page.locator("ol.transcript .from-patient .text").all_text_contents()
        assert any(XSS in line for line in transcript)
        assert page.evaluate("window.__xss") is None  # neither the onerror nor the script ran
        assert page.locator("main img, main script").count() == 0  # no element was made from the text
        assert dialogs == [] and violations == []
    finally:
        context.close()


def test_screenshots_of_the_queue_a_summary_and_the_overview(
    settings: Settings, gateway: str, chromium: Browser, tmp_path: Path
) -> None:
    made = populate(settings, gateway)
    assert create_navigator(settings, "screenshot.nurse").returncode == 0
    written = capture(chromium, gateway, made, "screenshot.nurse", tmp_path)
    assert [p.name for p in written] == [
        "navigator-queue.png",
        "navigator-summary.png",
        "navigator-summary-criteria.png",
        "navigator-overview.png",
    ]
    assert all(p.stat().st_size > 20_000 for p in written)
    for patient in made.patients.values():  # leave no pending referral message behind
        patient.say("delete my data")
        patient.say("/confirm_delete")

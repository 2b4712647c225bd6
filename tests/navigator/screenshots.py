"""Screenshots of the navigator pages for the README: `python -m tests.navigator.screenshots [folder]`.

Starts the real action server, Rasa server and gateway on free loopback ports (temporary
VAR_DIR: no local data is touched), makes screenings through the chat, creates a navigator
with the command line, works the queue in headless Chromium and writes (default folder
docs/screenshots/):

- navigator-queue.png: the queue with its counts and filters;
- navigator-summary.png: a screening's summary: flags, referral, notes, the start of the criteria table;
- navigator-summary-criteria.png: the criteria table and the start of the transcript;
- navigator-overview.png: the funnel and the outcomes per week.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import create_engine, select

from bot.startup.settings import ROOT, Settings
from bot.store.crypto import load_cipher
from bot.store.schema import Participant, Screening
from tests.e2e.chat import WebPatient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen

PASSWORD = "screenshots and tests only"
WIDE = {"width": 1280, "height": 900}


def create_navigator(settings: Settings, username: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    """`python -m bot.navigator create-user <name>`, as the README says, the password on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "bot.navigator", "create-user", username],
        input=password + "\n", capture_output=True, text=True, cwd=ROOT, env=settings.process_env(), timeout=120,
    )  # fmt: skip


def refer(patient: WebPatient, name: str, reach: str, time: str = "Morning") -> str:
    """Agree to be contacted, give the details, confirm; the referral number."""
    for message in ("/affirm", name, reach, time, "yes, send it"):
        patient.say(message)
    number = patient.slots()["referral_number"]
    assert number, patient.last_text
    return str(number)


def screening_of(settings: Settings, patient: WebPatient) -> int:
    """The id of the patient's (latest) screening in the store."""
    key = load_cipher(settings.var_dir).pseudonym("web", patient.sender)
    engine = create_engine(settings.store_url, future=True)
    try:
        with engine.connect() as connection:
            query = select(Screening.id).join(Participant).where(Participant.key == key).order_by(Screening.id.desc())
            return int(connection.execute(query).scalars().first() or 0)
    finally:
        engine.dispose()


@dataclass
class Made:
    """The patients made for the pictures, by what they show."""

    patients: dict[str, WebPatient]
    screenings: dict[str, int]


def populate(settings: Settings, gateway: str) -> Made:
    """Five screenings through the chat: two referrals, a needs-review with help, two not eligible."""
    scripts = {
        "eligible": ({**ELIGIBLE, "age": "I'm 54"}, ("Mei Wong", "+86 138 0013 8000")),
        "unsure": (
            {**ELIGIBLE, "her2_ihc": ["asdfgh", "I think it was 2+"], "her2_ish": "not sure", "age": "61"},
            ("Li Na", "li.na@example.org"),
        ),
        "eligible2": ({**ELIGIBLE, "anti_her2": "no never had it", "age": "47"}, ("Zhao Lei", "+86 139 1234 5678")),
        "herceptin": ({**ELIGIBLE, "anti_her2": "I had Herceptin in 2019"}, None),
        "her2_zero": ({**ELIGIBLE, "her2_ihc": "IHC 0"}, None),
    }
    made = Made({}, {})
    for name, (answers, contact) in scripts.items():
        patient = WebPatient(settings, gateway)
        screen(settings, answers, patient)
        if contact:
            refer(patient, *contact)
        made.patients[name] = patient
        made.screenings[name] = screening_of(settings, patient)
    return made


def log_in(page: Page, gateway: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the form."""
    page.goto(f"{gateway}/navigator/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/navigator/$"))


def move(page: Page, gateway: str, screening_id: int, status: str, note: str = "") -> None:
    """Change a referral's status on its page."""
    page.goto(f"{gateway}/navigator/screenings/{screening_id}")
    page.locator("#new-status").select_option(label=status)
    if note:
        page.locator("#status-note").fill(note)
    page.get_by_role("button", name="Change status").click()
    page.wait_for_load_state()


def capture(browser: Browser, gateway: str, made: Made, username: str, folder: Path) -> list[Path]:
    """Work the queue a little, then take the pictures into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=WIDE, device_scale_factor=1)  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, gateway, username)
    move(page, gateway, made.screenings["eligible"], "Contacted", "Spoke to her; she will bring the pathology report.")
    move(page, gateway, made.screenings["eligible"], "Visit booked")
    move(page, gateway, made.screenings["unsure"], "Contacted")
    page.locator("#note-text").fill("Not sure of her HER2 score: asked her to bring the pathology report on Friday.")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_load_state()
    written = []

    def snap(name: str, full: bool = False) -> None:
        page.mouse.move(0, 0)
        path = folder / name
        page.screenshot(path=str(path), full_page=full)
        written.append(path)

    page.goto(f"{gateway}/navigator/")
    snap("navigator-queue.png")
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.goto(f"{gateway}/navigator/screenings/{made.screenings['unsure']}")
    snap("navigator-summary.png")
    page.locator("#criteria-title").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('criteria-title').scrollIntoView()")
    snap("navigator-summary-criteria.png")
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.goto(f"{gateway}/navigator/overview")
    snap("navigator-overview.png")
    context.close()
    return written


def main(argv: list[str]) -> None:
    """Start the servers, make the data, take the screenshots, stop the servers."""
    from tests.browser.screenshots import running, temporary_settings

    folder = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: run `make browser`")
    with tempfile.TemporaryDirectory(prefix="navigator-shots-") as var:
        settings = temporary_settings(Path(var))
        with running(settings) as (demo, _offline), sync_playwright() as playwright:
            gateway = demo.rstrip("/")
            made = populate(settings, gateway)
            done = create_navigator(settings, "qingyuan.team")
            assert done.returncode == 0, done.stderr
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                for path in capture(browser, gateway, made, "qingyuan.team", folder):
                    print(f"wrote {path}")
            finally:
                browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Seeding for the navigator tests: screenings in the store, conversations in a tracker table, log-ins."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

from playwright.sync_api import Browser, Page
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.referrals import create_referral
from bot.store.screenings import ConsentRecord, record_screening
from tests.e2e.patients import button

PASSWORD = "correct horse battery staple"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
CSRF = re.compile(r'name="csrf" value="([^"]+)"')

# A likely-eligible patient who typed HTML into the HER2 answer, changed the age and was unsure once.
ANSWERS: list[dict[str, Any]] = [
    {"question": "her2_ihc", "said": f"{XSS} 1+", "read_as": {"her2_ihc": "1+"}, "how": "read HER2 her2_ihc=1+"},
    {"question": "anti_her2", "said": "never", "read_as": {"anti_her2": "no"}, "how": "said no"},
    {"question": "chemo_metastatic", "said": button("no"), "read_as": {"chemo_metastatic": "no"}, "how": "button"},
    {"question": "hormone_receptor", "said": "ER positive", "read_as": {"hormone_receptor": "positive"}, "how": "x"},
    {"question": "disease_extent", "said": "it spread", "read_as": {"disease_extent": "metastatic"}, "how": "x"},
    {"question": "progression", "said": "yes it grew", "read_as": {"progression": "yes"}, "how": "x"},
    {"question": "age", "said": "I'm 54", "read_as": {"age": 54}, "how": "read age 54"},
    {"question": "daily_activity", "said": "light housework", "read_as": {"daily_activity": "light_work"}, "how": "x"},
    {"question": "cancer_history", "said": "none", "read_as": {"cancer_history": "none"}, "how": "x"},
    {"question": "heart_lung", "said": "none", "read_as": {"heart_lung": "none"}, "how": "x"},
    {"question": "other_conditions", "said": "no", "read_as": {"other_conditions": "none"}, "how": "x"},
    {"question": "allergies", "said": "dunno", "read_as": {"allergies": "not_sure"}, "how": "said not sure"},
    {"question": "age", "said": "55 actually", "read_as": {"age": 55}, "how": "read age 55"},
]
MET = ["INC-02A", "INC-02B", "INC-03A", "INC-03B", "INC-04", "INC-05", "EXC-01", "EXC-18", "EXC-19"]


def screening(
    engine: Engine,
    cipher: Cipher,
    *,
    sender: str,
    started_at: dt.datetime,
    outcome: str = "needs_review",
    answers: Sequence[dict[str, Any]] = ANSWERS,
    results: dict[str, str] | None = None,
    channel: str = "web",
    refer: tuple[str, str, str] | None = None,
    completed_at: dt.datetime | None = None,
    flags: Sequence[dict[str, Any]] = (),
    answered_by: str | None = None,
    language: str | None = None,
) -> tuple[int, str | None]:
    """A stored screening (and its referral when `refer` gives name, contact, time); its id and number."""
    with transaction(engine) as session:
        stored = record_screening(
            session,
            cipher=cipher,
            channel=channel,
            sender_id=sender,
            trial_id="NCT06561607",
            started_at=started_at,
            outcome=outcome,
            answers=answers,
            results=results if results is not None else {**dict.fromkeys(MET, "met"), "EXC-20": "unknown"},
            consents=[ConsentRecord("screening", "screening-v1", started_at)],
            flags=flags,
            answered_by=answered_by,
            language=language,
        )
        if completed_at is not None:
            stored.completed_at = completed_at
        number = None
        if refer is not None:
            name, contact, best_time = refer
            number = create_referral(
                session, cipher=cipher, screening=stored, name=name, contact=contact, best_time=best_time
            ).number
        return int(stored.id), number


EVENTS_TABLE = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT
)
"""


def conversation_events(started_at: dt.datetime, answers: Sequence[dict[str, Any]] = ANSWERS) -> list[dict[str, Any]]:
    """Rasa events of a chat like the one `screening` stores: greeting, consent, an unclear answer, the answers."""
    t = started_at.replace(tzinfo=dt.timezone.utc).timestamp()
    consent = {"version": "screening-v1", "at": started_at.replace(tzinfo=dt.timezone.utc).isoformat(), "purpose": "x"}
    offered = [{"title": "Yes, let's start", "payload": "/affirm"}, {"title": "No, thanks", "payload": "/deny"}]
    events: list[dict[str, Any]] = [
        {"event": "session_started", "timestamp": t - 5},
        {"event": "user", "timestamp": t - 4, "text": "hi"},
        {
            "event": "bot",
            "timestamp": t - 3,
            "text": "Hello! I am an automated assistant.",
            "data": {"buttons": offered},
        },
        {"event": "user", "timestamp": t - 1, "text": "/affirm"},
        {"event": "slot", "timestamp": t + 0.2, "name": "consent", "value": consent},
        {"event": "slot", "timestamp": t + 0.3, "name": "requested_slot", "value": "her2_ihc"},
        {"event": "bot", "timestamp": t + 0.4, "text": "Question 1 of 12. What was your HER2 result?", "data": {}},
        {"event": "user", "timestamp": t + 1, "text": "asdfgh"},
        {"event": "bot", "timestamp": t + 1.1, "text": "Sorry, I did not understand that answer.", "data": {}},
        {"event": "slot", "timestamp": t + 1.2, "name": "reprompts", "value": 1},
        {"event": "slot", "timestamp": t + 1.3, "name": "requested_slot", "value": "her2_ihc"},
    ]
    for index, answer in enumerate(answers):
        events.append({"event": "user", "timestamp": t + 2 + index, "text": answer["said"]})
    events.append({"event": "slot", "timestamp": t + 40, "name": "answer_log", "value": list(answers)})
    events.append(
        {"event": "bot", "timestamp": t + 41, "text": "Thank you. Nothing you said rules you out.", "data": {}}
    )
    return events


def store_conversation(tracker: Engine, cipher: Cipher, key: str, events: Sequence[dict[str, Any]]) -> None:
    """Write events the way the encrypted tracker store does: plain type, time and name; encrypted data."""
    with tracker.begin() as connection:
        connection.execute(text(EVENTS_TABLE))
        for event in events:
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
                    " VALUES (:sender, :type, :ts, NULL, :name, :data)"
                ),
                {
                    "sender": key,
                    "type": event["event"],
                    "ts": event["timestamp"],
                    "name": event.get("name"),
                    "data": cipher.encrypt(json.dumps(event)),
                },
            )


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, username: str = "nurse", password: str = PASSWORD, next_page: str = "") -> Any:
    """Fill in the log-in form; return the response (not followed)."""
    page = client.get("/navigator/login")
    assert page.status_code == 200
    form = {"csrf": csrf_of(page.text), "username": username, "password": password, "next": next_page}
    return client.post("/navigator/login", data=form, follow_redirects=False)


def session_csrf(client: TestClient) -> str:
    """The logged-in session's CSRF token (from the queue page's forms)."""
    page = client.get("/navigator/")
    assert page.status_code == 200, page.status_code
    return csrf_of(page.text)


def switch(client: TestClient, language: str, next_page: str = "/navigator/") -> None:
    """The navigator chooses the pages' language (then lands on `next_page`)."""
    reply = client.get("/navigator/language", params={"to": language, "next": next_page}, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == next_page


def log_in_chinese(page: Page, username: str, password: str) -> None:
    """Fill the log-in form in Chinese (the page shown is the log-in page) and send it."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def review_referral_in_chinese(browser: Browser, gateway: str, number: str, username: str, password: str) -> Page:
    """A navigator whose browser asks for Chinese opens a referral's screening: logs in on the way, then the page.

    The link is the one the referral e-mail carries (/navigator/referrals/<number>); the pages are
    in Chinese from the browser's Accept-Language alone. The caller closes the page's context.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1500}, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{gateway}/navigator/referrals/{number}")
    log_in_chinese(page, username, password)
    page.locator(".patient-language").wait_for()  # on the screening's page (the log-in page has none)
    return page

"""Caregivers screened end to end over the REST channel (real servers): asked once, spoken to about the patient."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from typing import Any

import pytest
import requests

from bot.startup.settings import Settings
from tests.e2e.chat import Patient, WebPatient
from tests.e2e.free_text_caregivers import CAREGIVER_CASES, SOMEONE_ELSE_BUTTON
from tests.e2e.free_text_report import recording
from tests.e2e.patients import Case
from tests.e2e.test_scripted_patients import screen
from tests.navigator.screenshots import PASSWORD, create_navigator

CSRF = re.compile(r'name="csrf" value="([^"]+)"')

pytestmark = pytest.mark.e2e

MAX_ELIGIBLE_TURNS = 16  # 15 for everyone who says whom at consent; one more for "Who are the answers about?"


def test_the_cases_cover_every_outcome_and_name_the_relation() -> None:
    assert len(CAREGIVER_CASES) >= 15
    assert len({c.name for c in CAREGIVER_CASES}) == len(CAREGIVER_CASES)
    counts = Counter(c.outcome for c in CAREGIVER_CASES)
    assert all(counts[outcome] >= 2 for outcome in ("likely_eligible", "not_eligible", "needs_review")), counts
    for case in CAREGIVER_CASES:
        assert case.relation, case.name
        answers = [m for said in case.answers().values() for m in (said if isinstance(said, list) else [said])]
        assert all(m.strip() and not m.startswith("/") for m in answers), case.name


def caregiver_screen(settings: Settings, case: Case, patient: Patient | None = None) -> tuple[Patient, list[str], int]:
    """A whole screening as tests/e2e/test_scripted_patients.py's, with the case's consent; the patient's turns."""
    patient, asked = screen(settings, case.answers(), patient, case.consent)
    turns = len([e for e in patient.tracker()["events"] if e.get("event") == "user"])
    return patient, asked, turns


# Words of a question that speak to the patient: a caregiver must not be asked so.
TO_THE_PATIENT = re.compile(
    r"\b(Have you|Do you have|How old are you|apply to you|true for you|Is your cancer|your days)\b"
)


def _whom_asked(case: Case) -> int:
    """How often "Who are the answers about?" must be asked: once when the case answers it, else never."""
    return 1 if "audience" in case.changes else 0


@pytest.mark.parametrize("case", CAREGIVER_CASES, ids=[c.name for c in CAREGIVER_CASES])
def test_caregiver(settings: Settings, servers: dict, free_text_report: list[dict[str, Any]], case: Case) -> None:
    patient = Patient(settings)
    with recording(free_text_report, case, patient) as record:
        patient, asked, turns = caregiver_screen(settings, case, patient)
    slots = patient.slots()
    assert (slots["relation"], slots["answering_for"]) == (case.relation, "someone_else")
    assert asked.count("audience") == _whom_asked(case)
    assert slots["screening_outcome"] == case.outcome
    assert slots["criteria_not_met"] == case.not_met
    assert sorted(slots["criteria_unknown"]) == sorted(case.unknown)
    for words in case.says:
        assert words in patient.all_text, f"{words!r} not shown"
    texts = [str(m.get("text") or "") for reply in patient.replies for m in reply]
    noted = [n for n, t in enumerate(texts) if t.startswith("Thank you. From now on, I will ask about")]
    since = (
        texts[noted[0] :]
        if noted
        else texts[texts.index(next(t for t in texts if t.startswith("Thank you. Let's begin"))) :]
    )
    questions = [t for t in since if t.startswith("Question ")]
    assert questions or case.outcome == "not_eligible" or noted, "no question asked after whom was known"
    assert not [q for q in questions if TO_THE_PATIENT.search(q)], questions
    if case.outcome == "likely_eligible":
        # As for a patient (15, one more for the ISH part), plus the answers to "Who are the answers about?"
        # and any message at consent before the yes.
        messages = case.changes.get("audience", [])
        whom = len(messages) if isinstance(messages, list) else 1
        assert turns <= 15 + ("her2_ish" in asked) + whom + len(case.consent) - 1, turns
    record["passed"] = True


def test_a_caregivers_referral_asks_for_their_details_and_navigators_see_who_answered(
    settings: Settings, gateway: str
) -> None:
    made = create_navigator(settings, "e2e.carers")
    assert made.returncode == 0, made.stderr
    case = next(c for c in CAREGIVER_CASES if c.relation == "mother" and c.outcome == "likely_eligible")
    patient = WebPatient(settings, gateway)
    caregiver_screen(settings, case, patient)
    offer = patient.last_text
    assert "contact you about your mother" in offer and "Before any study visit, your mother must agree" in offer
    patient.say("yes please")
    assert "What is your own name?" in patient.last_text and "asking for your mother" in patient.last_text
    for message in ("Lin Chen", "lin@example.org", "Evening", "yes, send it"):
        patient.say(message)
    number = str(patient.slots()["referral_number"])
    assert number.startswith("R-"), patient.last_text
    assert "Nothing happens without the OK of your mother" in patient.last_text

    http = requests.Session()
    token = CSRF.search(http.get(f"{gateway}/navigator/login", timeout=30).text)
    assert token
    form = {"csrf": token.group(1), "username": "e2e.carers", "password": PASSWORD, "next": "/navigator/"}
    queue = http.post(f"{gateway}/navigator/login", data=form, timeout=30)
    row = next(r for r in queue.text.split("<tr>") if number in r)
    screening_id = int(re.search(r'href="/navigator/screenings/(\d+)"', row).group(1))  # type: ignore[union-attr]
    page = http.get(f"{gateway}/navigator/screenings/{screening_id}", timeout=30).text
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "Answered by their son or daughter (a caregiver); answering for: mother" in words
    token = CSRF.search(page)
    assert token
    exported = http.post(f"{gateway}/navigator/export.csv", data={"csrf": token.group(1)}, timeout=30)
    rows = {r["referral_number"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows[number]["answered_by"] == "their son or daughter (a caregiver); answering for: mother"


def test_the_consent_buttons_for_someone_else(settings: Settings, servers: dict) -> None:
    """The buttons: "Yes, for someone else", then whom, as buttons too; the first question speaks of them."""
    patient = Patient(settings)
    patient.say("hi")
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    patient.say(SOMEONE_ELSE_BUTTON)
    assert "Who are the answers about?" in patient.last_text
    assert patient.last_buttons()[:3] == ["Myself", "My mother", "My father"]
    patient.say('/answer{"choice": "father"}')
    assert "From now on, I will ask about your father" in patient.all_text
    assert "What was your father's HER2 result?" in patient.last_text
    assert (patient.slots()["relation"], patient.slots()["requested_slot"]) == ("father", "her2_ihc")

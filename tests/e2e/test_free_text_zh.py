"""Chinese patients screened end to end over the REST channel (issue 15).

A Chinese first message starts Chinese; every reply must then be Chinese (no English
sentence anywhere, only the report's own terms and names); the outcome follows the
trial's rules as for English patients (each case recorded, with its language, for
`make free-text-figures`). Also: a patient who switches language midway
keeps every answer, and a Chinese patient goes on to a referral number.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.free_text_report import recording
from tests.e2e.free_text_zh import ELIGIBLE_ZH, LIKELY_ZH, ZH_CASES, ZH_MISREAD
from tests.e2e.patients import ELIGIBLE, Case
from tests.e2e.test_scripted_patients import answer_until_summary

pytestmark = pytest.mark.e2e

# Three or more Latin words in a row: an English sentence, unless it is one of these names or terms.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'.-]*(?:[ ,/]+[A-Za-z][A-Za-z'.-]*){2,}")
_KEPT_LATIN = ("Qingyuan Zhang", "ClinicalTrials.gov", "NCT06561607", "TQB2102", "CTTQ", "IHC", "ISH", "FISH")


def english_sentences(text: str) -> list[str]:
    """Runs of English words in a Chinese text (report terms and names aside)."""
    found = []
    for run in _ENGLISH_RUN.findall(text):
        rest = run
        for kept in _KEPT_LATIN:
            rest = rest.replace(kept, " ")
        if len(re.findall(r"[A-Za-z]{2,}", rest)) >= 3:
            found.append(run)
    return found


def start_zh(
    settings: Settings, consent: tuple[str, ...] = ("可以，开始吧",), patient: Patient | None = None
) -> Patient:
    """Greet in Chinese and consent; the greeting is Chinese and says what it is."""
    patient = patient or Patient(settings)
    patient.say("你好")
    assert "自动助手" in patient.last_text and "不是真人" in patient.last_text, patient.last_text
    assert "120" in patient.last_text
    buttons = patient.last_buttons()
    assert len(buttons) == 3 and not [b for b in buttons if re.search(r"[A-Za-z]{3,}", b)], buttons
    for message in consent:
        patient.say(message)
    assert patient.slots()["language"] == "zh"
    return patient


def screen_zh(settings: Settings, case: Case, patient: Patient | None = None) -> tuple[Patient, list[str]]:
    """A whole Chinese screening: greet, consent, answers, confirm the summary."""
    patient = start_zh(settings, case.consent, patient)
    asked: list[str] = []
    answer_until_summary(patient, case.answers(), asked, summary=None)
    patient.say("对的")
    return patient, asked


def _param(case: Case) -> object:
    misread = ZH_MISREAD.get(case.name)
    marks = [pytest.mark.xfail(strict=True, reason=f"misread: {misread}")] if misread else []
    return pytest.param(case, id=case.name, marks=marks)


def test_the_chinese_cases_cover_every_outcome() -> None:
    assert len(ZH_CASES) >= 40
    assert len({c.name for c in ZH_CASES}) == len(ZH_CASES)
    counts = Counter(c.outcome for c in ZH_CASES)
    assert all(counts[o] >= 10 for o in ("likely_eligible", "not_eligible", "needs_review")), counts
    decisive = {"INC-03A", "EXC-19", "EXC-18", "INC-04", "INC-03B", "INC-05", "INC-02A", "INC-02B"}
    assert decisive <= {c for case in ZH_CASES for c in case.not_met}
    assert english_sentences("Please talk with your cancer doctor") and not english_sentences(
        "研究联系人是 Qingyuan Zhang 医生。HER2 低表达，免疫组化（IHC）1+，FISH 阴性。"
    )


@pytest.mark.parametrize("case", [_param(c) for c in ZH_CASES])
def test_chinese_free_text_patient(
    settings: Settings, servers: dict, free_text_report: list[dict[str, Any]], case: Case
) -> None:
    patient = Patient(settings)
    with recording(free_text_report, case, patient, misread=case.name in ZH_MISREAD, language="zh") as record:
        patient, asked = screen_zh(settings, case, patient)
    slots = patient.slots()
    assert slots["language"] == "zh"
    assert slots["screening_outcome"] == case.outcome, patient.all_text
    assert slots["criteria_not_met"] == case.not_met
    assert sorted(slots["criteria_unknown"]) == sorted(case.unknown)
    assert case.relation is None or slots["relation"] == case.relation
    for words in case.says:
        assert words in patient.all_text, f"{words!r} not shown"
    assert english_sentences(patient.all_text) == [], patient.all_text
    if case.not_met:  # a clear exclusion ends the questions early, at the answer that gave it
        assert asked[-1] in case.changes
    record["passed"] = True


def test_a_chinese_patient_reaches_a_referral_number_without_english(settings: Settings, servers: dict) -> None:
    patient, _ = screen_zh(settings, ZH_CASES[0])
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    for message in ("好的，请联系我", "王丽", "13800138000", "上午"):
        patient.say(message)
    assert "王丽" in patient.last_text and "13800138000" in patient.last_text  # the read-back
    patient.say("对，发送吧")
    number = patient.slots()["referral_number"]
    assert number and number in patient.last_text
    assert "推荐编号" in patient.last_text
    assert english_sentences(patient.all_text) == [], patient.all_text


def test_switching_to_english_midway_keeps_every_answer(settings: Settings, servers: dict) -> None:
    patient = start_zh(settings)
    asked: list[str] = []
    for _ in range(2):  # two questions in Chinese
        question = patient.slots()["requested_slot"]
        asked.append(question)
        patient.say(str(ELIGIBLE_ZH[question]))
    before = {q: patient.slots()[q] for q in asked}
    patient.say("English")
    slots = patient.slots()
    assert slots["language"] == "en"
    assert {q: slots[q] for q in asked} == before  # nothing lost
    # The switch note names "中文", the word to send to switch back (by design): no other Chinese.
    assert "Question" in patient.last_text and not re.search(r"[\u4e00-\u9fff]", patient.last_text.replace("中文", ""))
    answer_until_summary(patient, ELIGIBLE, asked)
    patient.say("yes")
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    assert "may be able to join" in patient.last_text


def test_switching_to_chinese_midway_keeps_every_answer(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hi")
    patient.say("yes")
    patient.say("1+")
    assert patient.slots()["her2_ihc"] == "1+"
    patient.say("中文")
    assert patient.slots()["language"] == "zh" and patient.slots()["her2_ihc"] == "1+"
    assert re.search(r"[\u4e00-\u9fff]", patient.last_text) and english_sentences(patient.last_text) == []
    asked = ["her2_ihc"]
    answer_until_summary(patient, ELIGIBLE_ZH, asked, summary=None)
    patient.say("是的")
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    assert LIKELY_ZH[0] in patient.all_text


def test_a_latin_report_line_does_not_switch_a_chinese_patient(settings: Settings, servers: dict) -> None:
    patient = start_zh(settings)
    patient.say("HER2 1+")
    slots = patient.slots()
    assert slots["language"] == "zh" and slots["her2_ihc"] == "1+"
    assert re.search(r"[\u4e00-\u9fff]", patient.last_text), patient.last_text

"""Chinese answers: the never-guess rule holds in Chinese exactly as in English.

The case tables are in interpretation_cases_zh.py. An answer not understood is never
a yes or no; doubt is not sure; a relative's history says nothing about the patient.
"""

from __future__ import annotations

import datetime
import json

import pytest

from criteria import load_trial
from tests.understanding.interpretation_cases_zh import BAD_INPUTS_ZH, CASES_ZH
from tests.understanding.test_interpretation import acceptable
from understanding.interpret import interpret
from understanding.language import load_language
from understanding.reading import Reading

TRIAL = load_trial()
TODAY = datetime.date(2026, 12, 7)


def read(question_id: str, text: str) -> dict | None:
    reading = interpret(TRIAL.question(question_id), text, "zh", today=TODAY)
    if reading is None:
        return None
    assert isinstance(reading, Reading)
    return dict(reading.values)


def test_the_chinese_tables_are_sound_and_held_out():
    ids = [p.id for p in CASES_ZH]
    assert len(ids) == len(set(ids))
    assert len(CASES_ZH) >= 80
    texts = {p.values[1] for p in CASES_ZH}
    words = {str(w) for w in _strings(load_language("zh"))}
    held_out = {t for t in texts if t not in words and not any(len(w) > 3 and w == t for w in words)}
    assert len(held_out) >= 60


def _strings(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)
    else:
        yield data


@pytest.mark.parametrize(("question_id", "text", "expected"), CASES_ZH)
def test_reading_in_chinese(question_id, text, expected):
    got = read(question_id, text)
    assert got in acceptable(question_id, expected), f"{text!r} on {question_id} read as {got}"


@pytest.mark.parametrize(("text", "name"), BAD_INPUTS_ZH, ids=[name for _t, name in BAD_INPUTS_ZH])
@pytest.mark.parametrize("question_id", [q.id for q in TRIAL.questions])
def test_what_is_no_answer_is_never_read_as_one(question_id, text, name):
    got = read(question_id, text)
    assert got in (None, {question_id: "not_sure"}), f"{name} on {question_id} read as {got}"


@pytest.mark.parametrize("question_id", [q.id for q in TRIAL.questions])
def test_a_button_label_in_english_still_reads_in_chinese(question_id):
    question = TRIAL.question(question_id)
    option = question.options[0]
    reading = interpret(question, "/answer" + json.dumps({"choice": option.value}), "zh")
    assert reading is not None and reading.how == "button"


@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("anti_her2", "我妈妈打过赫赛汀", {"anti_her2": "yes"}),
        ("age", "她今年六十八岁", {"age": 68}),
        ("hormone_receptor", "她的雌激素受体是阳性", {"hormone_receptor": "positive"}),
        ("anti_her2", "她姐姐打过赫赛汀", None),
        ("anti_her2", "她吃过他莫昔芬，没用过靶向药", {"anti_her2": "no"}),
    ],
)
def test_a_caregiver_answering_for_her_mother(question_id, text, expected):
    reading = interpret(TRIAL.question(question_id), text, "zh", subject="mother", today=TODAY)
    assert (dict(reading.values) if reading else None) == expected

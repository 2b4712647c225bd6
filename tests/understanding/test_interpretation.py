"""The free-text answer interpreter: what the patient's words are read as.

The rule that matters most: an answer the bot did not understand is never taken
as yes or no. `interpret` returns None for unclear input (the bot asks again),
doubt is "not_sure", and someone else's history says nothing about the patient.
The case tables are in interpretation_cases.py; dangerous readings of today are
strict xfails there, so that a fix shows up as XPASS.
"""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria import load_trial
from tests.understanding.interpretation_cases import (
    BAD_INPUTS,
    CASES,
    NOT_SURE,
    UNCLEAR,
    OneOf,
)
from understanding.explain import how_phrase
from understanding.interpret import interpret
from understanding.normalise import normalise
from understanding.readers.age import read_age
from understanding.reading import Reading, tapped

TRIAL = load_trial()
QUESTIONS = list(TRIAL.questions)
QUESTION_IDS = [q.id for q in QUESTIONS]


def read(question_id: str, text: str | None) -> dict | None:
    """The values `interpret` gives, as a plain dict, or None."""
    reading = interpret(TRIAL.question(question_id), text)
    if reading is None:
        return None
    assert isinstance(reading, Reading)
    return dict(reading.values)


def as_values(question_id: str, expected) -> dict | None:
    """A table's expected cell as the values dict it stands for."""
    if expected is None or isinstance(expected, dict):
        return expected
    return {question_id: expected}


def acceptable(question_id: str, expected) -> list[dict | None]:
    options = expected if isinstance(expected, OneOf) else (expected,)
    return [as_values(question_id, e) for e in options]


def payload(value) -> str:
    return "/answer" + json.dumps({"choice": value})


def test_the_tables_are_sound():
    """Every case names a real question and expects only values it offers."""
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert len(CASES) >= 150
    for param in CASES:
        question_id, _text, expected = param.values
        for values in acceptable(question_id, expected):
            for key, value in (values or {}).items():
                question = TRIAL.question(key)
                assert question_id in (key, question.follows), param.id
                assert question.accepts(value) or (key == "age" and isinstance(value, int)), param.id


@pytest.mark.parametrize(("question_id", "text", "expected"), CASES)
def test_reading(question_id, text, expected):
    got = read(question_id, text)
    assert got in acceptable(question_id, expected), f"{text!r} on {question_id} read as {got}"


# ----------------------------------------------------------------- buttons


@pytest.mark.parametrize(
    ("question_id", "value"),
    [pytest.param(q.id, o.value, id=f"{q.id}-{o.value}") for q in QUESTIONS for o in q.options],
)
def test_every_button_payload_is_read(question_id, value):
    reading = interpret(TRIAL.question(question_id), payload(value))
    assert reading is not None
    assert dict(reading.values) == {
        question_id: tapped(TRIAL.question(question_id), value),
        **settled(question_id, value),
    }
    assert reading.how == "button"


@pytest.mark.parametrize(
    ("question_id", "value", "label"),
    [pytest.param(q.id, o.value, o.label["en"], id=f"{q.id}-{o.value}") for q in QUESTIONS for o in q.options],
)
@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda s: s, id="as-shown"),
        pytest.param(str.lower, id="lower"),
        pytest.param(str.upper, id="upper"),
        pytest.param(lambda s: f"  {s}. ", id="spaces-and-dot"),
    ],
)
def test_every_button_label_typed_is_read(question_id, value, label, typed):
    expected = {question_id: tapped(TRIAL.question(question_id), value), **settled(question_id, value)}
    assert read(question_id, typed(label)) == expected


def settled(question_id: str, value: str) -> dict:
    """What a button's label says beyond its option ("in the last 6 months"): its follow-up's answer."""
    option = TRIAL.question(question_id).option(value)
    return dict(option.settles) if option else {}


@pytest.mark.parametrize("question_id", QUESTION_IDS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(payload("banana"), id="unknown-value"),
        pytest.param(payload(""), id="empty-value"),
        pytest.param(payload(None), id="null-value"),
        pytest.param(payload(1), id="number-value"),
        pytest.param('/answer{"choice": "yes"', id="malformed-json"),
        pytest.param('/answer{"value": "yes"}', id="wrong-key"),
        pytest.param("/answer", id="no-payload"),
        pytest.param("/answer{}", id="empty-object"),
        pytest.param("/affirm", id="intent-affirm"),
        pytest.param("/deny", id="intent-deny"),
        pytest.param('/inform{"choice": "none"}', id="other-intent-with-payload"),
        pytest.param("/", id="slash"),
    ],
)
def test_a_payload_that_is_not_an_offered_option_is_not_read(question_id, text):
    assert read(question_id, text) is None


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_a_value_of_another_question_is_not_read(question_id):
    own = set(TRIAL.question(question_id).values())
    foreign = sorted({o.value for q in QUESTIONS for o in q.options} - own)
    for value in foreign:
        assert read(question_id, payload(value)) is None, value


# ---------------------------------------------------------------- bad input


def _bad_input_params():
    for param in BAD_INPUTS:
        (text,) = param.values
        for question_id in QUESTION_IDS:
            yield pytest.param(question_id, text, id=f"{question_id}-{param.id}")


@pytest.mark.parametrize(("question_id", "text"), list(_bad_input_params()))
def test_bad_input_is_never_an_answer(question_id, text):
    got = read(question_id, text)
    if text in ("no sé", "我不知道"):  # both say "I don't know"
        assert got in acceptable(question_id, UNCLEAR), got
    else:
        assert got is None


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_no_text_at_all(question_id):
    assert read(question_id, None) is None


# ---------------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        pytest.param("born in 1970", datetime.date(2024, 6, 1), 54, id="1970-in-2024"),
        pytest.param("I was born in 1970", datetime.date(2024, 1, 1), 54, id="1970-start-of-year"),
        pytest.param("DOB 03/04/1970", datetime.date(2024, 6, 1), 54, id="date-of-birth"),
        pytest.param("1970", datetime.date(2024, 6, 1), 54, id="bare-year"),
        pytest.param("born in 1950", datetime.date(2025, 6, 1), 75, id="74-or-75-both-eligible"),
        pytest.param("born in 1950", datetime.date(2026, 6, 1), None, id="75-or-76-unclear"),
        pytest.param("born in 2007", datetime.date(2025, 6, 1), None, id="17-or-18-unclear"),
        pytest.param("born in 2006", datetime.date(2025, 6, 1), 19, id="18-or-19-both-eligible"),
        pytest.param("born in 2012", datetime.date(2025, 6, 1), 13, id="child"),
        pytest.param("born in 2030", datetime.date(2025, 6, 1), None, id="future-year"),
        pytest.param("1970 or 1971", datetime.date(2024, 6, 1), None, id="two-years"),
        pytest.param("born in 1970, diagnosed in 2020", datetime.date(2024, 6, 1), None, id="birth-and-diagnosis-year"),
        pytest.param("not sure, 1970?", datetime.date(2024, 6, 1), NOT_SURE, id="unsure"),
    ],
)
def test_age_from_birth_year(text, today, expected):
    reading = read_age(TRIAL.question("age"), normalise(text), "en", today=today)
    got = None if reading is None else dict(reading.values)
    assert got == (None if expected is None else {"age": expected})


def test_age_from_birth_year_uses_today_by_default():
    year = datetime.date.today().year
    assert read("age", "born in 1970") in ({"age": year - 1970}, {"age": year - 1971})


# ---------------------------------------------------------------- how it was read


@pytest.mark.parametrize(
    ("question_id", "text", "in_how", "in_matched"),
    [
        pytest.param("anti_her2", "I had Kadcyla and taxol", "trastuzumab emtansine", "kadcyla", id="kadcyla"),
        pytest.param("anti_her2", "hercepton", "trastuzumab", "hercepton", id="typo-said-as-typed"),
        pytest.param("anti_her2", "never had Herceptin", "never", "herceptin", id="never"),
        pytest.param("heart_lung", "I had a blood clot", "clot", "blood clot", id="group-phrase"),
        pytest.param("progression", "it got bigger", "got bigger", "got bigger", id="says-phrase"),
    ],
)
def test_the_reading_says_how(question_id, text, in_how, in_matched):
    reading = interpret(TRIAL.question(question_id), text)
    assert reading is not None
    assert in_how in how_phrase(reading.how, reading.details)  # the code's phrase from en.yml, filled in
    assert in_matched in reading.matched


@pytest.mark.parametrize(
    ("code", "details", "shown"),
    [
        ("named_medicine", {"medicine": "trastuzumab"}, "named trastuzumab"),
        ("age_read", {"age": "54"}, "read age 54"),
        ("not_sure", {}, "said not sure"),
        ("named_medicine", {}, "named {medicine}"),  # a detail missing: the phrase as written, no error
        ("read age 54", {}, "read age 54"),  # stored before the codes: shown as it was
    ],
)
def test_a_reading_code_is_shown_in_words(code, details, shown):
    assert how_phrase(code, details) == shown


def test_every_code_the_readers_give_has_a_phrase():
    """Every `how` code written in the readers' source is a key of `how:` in every language file."""
    import ast
    from pathlib import Path

    from understanding.language import languages, load_language

    root = Path(__file__).resolve().parents[2]
    codes = set()
    for path in [*(root / "understanding").rglob("*.py"), root / "actions" / "screening_form.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Reading"):
                continue
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                codes.add(node.args[1].value)
    assert len(codes) >= 20
    for language in languages():
        assert codes <= set(load_language(language)["how"]), language


# --------------------------------------------------------------- any text at all

# Words the readers react to, so that random messages reach their branches.
CUE_WORDS = [
    "her2", "2+", "3+", "1+", "0", "fish", "ish", "negative", "positive", "amplified", "not", "no", "never",
    "yes", "i had", "herceptin", "kadcyla", "tamoxifen", "xeloda", "chemo", "my sister", "maybe", "not sure",
    ",", ".", "but", "54", "fifty", "1970", "clot", "heart attack", "ago", "in 2020", "early", "came back",
    "before surgery", "er+", "pr-", "triple negative", "none", "brain", "/answer", '{"choice": "', '"}', "🙂",
]  # fmt: skip
messages = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(CUE_WORDS), max_size=12).map(" ".join),
)


def assert_valid(question_id: str, reading: Reading | None) -> None:
    if reading is None:
        return
    extra = set(reading.values) - {question_id}
    assert extra <= ({"her2_ish"} if question_id == "her2_ihc" else set()) | set(TRIAL.follow_ups(question_id))
    assert question_id in reading.values
    for key, value in reading.values.items():
        if key == "age" and isinstance(value, int) and not isinstance(value, bool):
            assert 1 <= value <= 120
        else:
            assert TRIAL.question(key).accepts(value), (key, value)


@pytest.mark.parametrize("question_id", QUESTION_IDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=messages)
def test_any_text_gives_none_or_an_offered_value(question_id, text):
    assert_valid(question_id, interpret(TRIAL.question(question_id), text))

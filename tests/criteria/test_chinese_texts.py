"""Every text of the trial file and of relations.yml in Simplified Chinese beside the English (issue 15).

The two languages are equal: a text in one language and not the other, a placeholder
in one and not the other, 你 for 您, half-width punctuation, or another word than the
glossary's (../shared/glossary-zh.md: one Chinese word per idea) fails here. Sentence
length, rare characters and English left in Chinese are checked for every source of
patient text in tests/languages/.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from criteria import load_trial, localize
from criteria.audience import FORMS, SELF, addressed, answered_by, caregiver_form, caregiver_forms, load_relations
from criteria.model import Text
from tests.criteria.test_caregiver_texts import patient_texts

DATA = Path(__file__).resolve().parents[2] / "criteria" / "data"
LANGUAGES = {"en", "zh"}
# ASCII punctuation touching a Chinese character: Chinese text uses the full-width marks.
HALF_WIDTH_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][,.?!:;()\"]|[,.?!:;()\"][\u4e00-\u9fff]")
SPEAKS_TO_PATIENT_ZH = re.compile(r"您|我(?!们)")  # 我们 is the bot


def texts_in(data: Any, where: str) -> Iterator[tuple[str, Text]]:
    """Every patient text (a mapping with `en`) in a data file, with where it is."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str):
            yield where, data
            return
        for key, value in data.items():
            if key != "registry":  # the listing's words: the source, English only
                yield from texts_in(value, f"{where}.{key}")
    elif isinstance(data, list):
        for number, item in enumerate(data):
            yield from texts_in(item, f"{where}[{number}]")


def all_texts() -> list[tuple[str, Text]]:
    found: list[tuple[str, Text]] = []
    for name in ("nct06561607.yml", "relations.yml"):
        raw = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        found += texts_in(raw, name.removesuffix(".yml"))
    return found


TEXTS = all_texts()
IDS = [where for where, _text in TEXTS]


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def without_placeholders(text: str) -> str:
    return re.sub(r"\{\w+\}", "", text)


def test_the_data_holds_the_texts_it_should() -> None:
    assert len(TEXTS) > 300, "the walk found too few texts: the checks below read nothing"
    assert any(where.startswith("nct06561607.caregiver.criteria") for where in IDS)
    assert any(where.startswith("relations.relations") for where in IDS)


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=IDS)
def test_every_text_is_in_english_and_chinese(where: str, text: Text) -> None:
    assert set(text) == LANGUAGES, f"{where}: languages {sorted(text)}"
    assert all(isinstance(text[code], str) and text[code].strip() for code in LANGUAGES), where


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=IDS)
def test_both_languages_have_the_same_placeholders(where: str, text: Text) -> None:
    assert placeholders(text["zh"]) == placeholders(text["en"]), where


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=IDS)
def test_chinese_text_says_nin_with_full_width_punctuation(where: str, text: Text) -> None:
    zh = without_placeholders(text["zh"])
    assert "你" not in zh, f"{where}: 您, not 你"
    assert not HALF_WIDTH_PUNCTUATION.search(zh), f"{where}: half-width punctuation in Chinese: {zh}"


@pytest.mark.parametrize(
    ("text", "fails_on"),
    [
        pytest.param({"en": "Not sure", "zh": "你确定吗？"}, "你", id="ni"),
        pytest.param({"en": "x", "zh": "您好,请回答?"}, "half-width", id="ascii-punctuation"),
        pytest.param({"en": "x", "zh": "您好（请回答)"}, "half-width", id="ascii-bracket"),
    ],
)
def test_the_chinese_check_can_fail(text: Text, fails_on: str) -> None:
    with pytest.raises(AssertionError):
        test_chinese_text_says_nin_with_full_width_punctuation(fails_on, text)


# Ideas and their one Chinese word: a text whose English names the idea uses the word.
GLOSSARY = [
    (r"pathology report", "病理报告"),
    (r"HER2-low", "HER2 低表达"),
    (r"ISH or FISH", "FISH 或 ISH"),
    (r"\bIHC\b", "免疫组化"),
    (r"\bchemo", "化疗"),
    (r"came back or spread", "复发或转移"),
    (r"(?i)hormone receptor", "激素受体"),
    (r"targets HER2|HER2 medicine", "针对 HER2 的药"),
    (r"study team", "研究团队"),
    (r"cancer doctor", "主治医生"),
    (r"(?i)\bscans?\b", "检查"),
    (r"(?i)daily activity|day to day|describes \S+ days", "日常活动"),
    (r"steroid", "激素"),
    (r"(?i)^not sure$", "不确定"),
    (r"(?i)^none of these$", "以上都没有"),
]


@pytest.mark.parametrize(("idea", "word"), GLOSSARY, ids=[w for _i, w in GLOSSARY])
def test_one_chinese_word_per_idea(idea: str, word: str) -> None:
    named = [(where, text) for where, text in TEXTS if re.search(idea, text["en"])]
    assert named, f"no English text names {idea!r}: the check reads nothing"
    assert [where for where, text in named if word not in text["zh"]] == []


@pytest.mark.parametrize(("where", "text"), patient_texts(), ids=[w for w, _ in patient_texts()])
def test_a_chinese_text_that_speaks_to_the_patient_has_a_caregiver_form(where: str, text: Text) -> None:
    """A caregiver must never read 您 meant for the patient: such a text needs its caregiver form."""
    if SPEAKS_TO_PATIENT_ZH.search(localize(text, "zh")):
        assert caregiver_form(text), f"{where}: speaks to the patient in Chinese, but has no caregiver form"


@pytest.mark.parametrize("relation", [r.code for r in load_relations() if r.code != SELF])
def test_chinese_caregiver_forms_fill_every_placeholder(relation: str) -> None:
    person = next(r for r in load_relations() if r.code == relation).filled("zh")
    assert set(person) == set(FORMS)
    assert person["person"] == person["Person"] and person["persons"] == person["Persons"]  # no capitals
    for own, other in caregiver_forms().items():
        said = addressed({"en": own, "zh": "x"}, "zh", relation)
        assert said == localize(other, "zh").format_map(person)
        assert "{" not in said and "}" not in said and not re.search(r"\b(your|you)\b", said)


def _question(qid: str, field: str = "text") -> Text:
    return getattr(load_trial().question(qid), field)


def _criterion(cid: str, field: str) -> Text:
    return getattr(load_trial().criterion(cid), field)


def _case(cid: str, number: int) -> Text:
    reason = load_trial().criterion(cid).cases[number].reason
    assert reason
    return reason


def _label(qid: str, value: str) -> Text:
    option = load_trial().question(qid).option(value)
    assert option
    return option.label


@pytest.mark.parametrize(
    ("text", "who", "starts"),
    [
        pytest.param(_question("anti_her2"), None, "您用过针对 HER2 的药（抗 HER2 药物）吗？", id="question-patient"),
        pytest.param(_question("anti_her2"), SELF, "您用过针对 HER2 的药", id="question-self"),
        pytest.param(_question("anti_her2"), "mother", "您的母亲用过针对 HER2 的药", id="question-mother"),
        pytest.param(_question("anti_her2"), "other", "这位患者用过针对 HER2 的药", id="question-other"),
        pytest.param(_question("her2_ihc"), "father", "您父亲的 HER2 结果是多少？", id="question-persons"),
        pytest.param(_question("age"), "husband", "您的丈夫今年多少岁？", id="age-husband"),
        pytest.param(_question("her2_ihc", "why"), "mother", "这项研究只适合 HER2 低表达的乳腺癌。", id="why-no-form"),
        pytest.param(_case("EXC-18", 0), None, "您在复发或转移后做过化疗。", id="reason-patient"),
        pytest.param(_case("EXC-18", 0), "husband", "您的丈夫在复发或转移后做过化疗。", id="reason-husband"),
        pytest.param(_case("INC-03A", 1), "sister", "您姐妹的 HER2 评分是 0。", id="reason-persons"),
        pytest.param(
            _criterion("INC-03A", "unknown_reason"),
            "mother",
            "我们需要您母亲的 HER2 评分（0、1+、2+ 或 3+）。",
            id="unknown-mother",
        ),
        pytest.param(_label("daily_activity", "fully_active"), None, "平时的事我都能做", id="label-patient"),
        pytest.param(_label("daily_activity", "fully_active"), "son", "平时的事都能做", id="label-son"),
        pytest.param(_question("allergies", "summary"), "wife", "过敏或您的妻子不能用的药", id="summary-wife"),
    ],
)
def test_chinese_texts_are_addressed_to_whoever_answers(text: Text, who: str | None, starts: str) -> None:
    said = addressed(text, "zh", who)
    assert said.startswith(starts), said
    assert said != localize(text, "en")


def test_a_caregiver_is_told_where_to_look_in_chinese() -> None:
    said = addressed(_criterion("INC-03A", "unknown_reason"), "zh", "mother")
    assert "这些写在您母亲的病理报告上。" in said
    assert said.endswith("您母亲的主治医生也可以告诉您。")
    assert "您的病理报告" not in said


@pytest.mark.parametrize(
    ("code", "said"),
    [
        pytest.param(SELF, "患者本人", id="self"),
        pytest.param(None, "按聊天所知是患者本人（没有问过）", id="not-said"),
        pytest.param("mother", "患者的子女（家属代答）；代答对象：母亲", id="mother"),
        pytest.param("wife", "患者的配偶（家属代答）；代答对象：妻子", id="wife"),
        pytest.param("other", "其他人（亲属或照护者代答）；代答对象：其他人", id="other"),
    ],
)
def test_who_answered_in_chinese_for_the_navigators(code: str | None, said: str) -> None:
    assert answered_by(code, "zh") == said


def test_who_answered_in_english_is_unchanged() -> None:
    assert answered_by("mother") == "their son or daughter (a caregiver); answering for: mother"
    assert answered_by(SELF, "en") == "the patient"


def test_the_relation_buttons_are_in_chinese() -> None:
    labels = [localize(r.label, "zh") for r in load_relations()]
    assert labels[:3] == ["我自己", "我的母亲", "我的父亲"]
    assert len(set(labels)) == len(labels)

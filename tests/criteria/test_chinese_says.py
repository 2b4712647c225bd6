"""The Chinese `says` phrases of the trial's options name the option a patient means (issue 15).

Chinese is written without spaces, so a phrase matches inside a run of text, and the
longest phrase wins: a negated form listed for the other option ("没有扩增", "没长大",
"不能手术") must win over the shorter word inside it. These cases read the phrases
as the readers do (understanding/text.py `find`, longest first, never overlapping) and
ask which options a message names; negation, doubt and other people's words around
them are the readers' cues (understanding/languages/zh.yml) and tested there.
"""

from __future__ import annotations

import pytest

from criteria import load_trial, localize
from understanding.normalise import normalise
from understanding.text import find, phrases_of

TRIAL = load_trial()


def named(question_id: str, text: str) -> set[str]:
    """The option values whose Chinese phrases the text holds."""
    phrase_to_value: dict[str, str] = {}
    for option in TRIAL.question(question_id).options:
        for phrase in phrases_of(option.says, "zh"):
            phrase_to_value.setdefault(phrase, option.value)
    return {phrase_to_value[phrase] for _start, _end, phrase in find(normalise(text, "zh"), phrase_to_value)}


def case(question_id: str, text: str, *values: str) -> object:
    return pytest.param(question_id, text, set(values), id=f"{question_id}-{text}")


CASES = [
    # the second HER2 test, as reports and patients write it
    case("her2_ish", "FISH阴性", "negative"),
    case("her2_ish", "fish 无扩增", "negative"),
    case("her2_ish", "FISH（-）", "negative"),
    case("her2_ish", "FISH没有扩增", "negative"),
    case("her2_ish", "未见明显扩增", "negative"),
    case("her2_ish", "未检测到扩增", "negative"),
    case("her2_ish", "有扩增", "positive"),
    case("her2_ish", "FISH阳性，有扩增", "positive"),
    case("her2_ish", "没做过FISH", "not_done"),
    case("her2_ish", "好像没查", "not_done"),
    case("her2_ish", "ＦＩＳＨ（－）", "negative"),
    # how far the cancer has spread
    case("disease_extent", "骨转移了", "metastatic"),
    case("disease_extent", "肝和肺都转移了", "metastatic"),
    case("disease_extent", "晚期，IV期", "metastatic"),
    case("disease_extent", "没有转移，能手术", "early_or_removable"),
    case("disease_extent", "医生说不能手术", "locally_advanced_unresectable"),
    case("disease_extent", "不可以手术", "locally_advanced_unresectable"),
    case("disease_extent", "局部晚期", "locally_advanced_unresectable"),
    case("disease_extent", "ii期", "early_or_removable"),
    case("disease_extent", "iii期"),  # stage III is neither: asked again, never guessed
    # a scan after the latest treatment
    case("progression", "肿瘤长大了", "yes"),
    case("progression", "CT显示有新病灶", "yes"),
    case("progression", "治疗没有效果", "yes"),
    case("progression", "没长大，挺稳定的", "no"),
    case("progression", "没有新病灶", "no"),
    case("progression", "缩小了", "no"),
    # daily activity
    case("daily_activity", "还在上班", "fully_active"),
    case("daily_activity", "只能做点家务", "light_work"),
    case("daily_activity", "能自理但不能上班", "self_care_only"),
    case("daily_activity", "生活不能自理", "bedbound"),
    case("daily_activity", "大部分时间躺着", "limited_self_care"),
    case("daily_activity", "家务都能做", "fully_active", "light_work"),  # two: asked again
    # chemotherapy for early cancer only
    case("chemo_metastatic", "只在手术前做过化疗", "early_only"),
    case("chemo_metastatic", "术后化疗过", "early_only"),
    case("chemo_metastatic", "做过新辅助化疗", "early_only"),
    # the grouped questions: one or several conditions
    case("cancer_history", "得过甲状腺癌", "other_cancer"),
    case("cancer_history", "有胸水，抽过几次", "fluid_drainage"),
    case("cancer_history", "脑转移", "brain"),
    case("cancer_history", "骨转移后病理性骨折", "bone_damage"),
    case("cancer_history", "甲状腺癌和胸水", "other_cancer", "fluid_drainage"),
    case("heart_lung", "间质性肺炎", "lung_inflammation"),
    case("heart_lung", "间质性肺病", "lung_inflammation"),
    case("heart_lung", "COPD", "lung_disease"),
    case("heart_lung", "有COPD，还得过ILD", "lung_disease", "lung_inflammation"),  # report terms inside Chinese
    case("heart_lung", "腿上有过血栓", "blood_clot"),
    case("heart_lung", "心衰，还有房颤", "heart"),
    case("other_conditions", "乙肝小三阳", "hepatitis"),
    case("other_conditions", "肝硬化", "liver"),
    case("other_conditions", "在做血透", "dialysis"),
    case("other_conditions", "HIV", "immune"),
    case("other_conditions", "HIV阳性", "immune"),
    case("other_conditions", "没有hiv感染，有乙肝", "immune", "hepatitis"),  # denial is the readers' (zh.yml cues)
    case("other_conditions", "经常拉肚子", "swallow_gut"),
    case("other_conditions", "伤口一直不愈合", "unhealed_wound"),
    case("allergies", "对紫杉醇过敏", "study_drug_allergy"),
    case("allergies", "曲妥珠单抗过敏", "antibody_allergy"),
    case("allergies", "医生说卡培他滨不耐受", "chemo_not_suitable"),
    # the follow-ups: qualifiers and times
    case("hepatitis_controlled", "一直在吃药，控制得很好", "controlled"),
    case("hepatitis_controlled", "DNA阴性了", "controlled"),
    case("hepatitis_controlled", "没控制住", "not_controlled"),
    case("hepatitis_controlled", "不活跃", "controlled"),
    case("fluid_repeated", "抽了好几次", "repeated"),
    case("fluid_repeated", "一次又一次", "repeated"),
    case("fluid_repeated", "只抽过一次", "once"),
    case("brain_active", "做过伽马刀，现在稳定", "stable"),
    case("brain_active", "不稳定，经常头痛", "active"),
    case("brain_active", "还没治疗", "active"),
    case("brain_active", "没治疗过", "active"),
    case("ild_steroids", "用过激素", "yes"),
    case("ild_steroids", "打过甲强龙", "yes"),
    case("ild_steroids", "没用激素，自己好了", "no"),
    case("other_cancer_when", "五年之内", "within"),
    case("other_cancer_when", "十几年前", "before"),
    case("lung_disease_when", "3个月内", "within"),
    case("lung_disease_when", "超过三个月", "before"),
    case("clot_when", "半年内", "within"),
    case("clot_when", "超过半年", "before"),
]


@pytest.mark.parametrize(("question_id", "text", "values"), CASES)
def test_chinese_phrases_name_the_option_meant(question_id: str, text: str, values: set[str]) -> None:
    assert named(question_id, text) == values


WITH_SAYS = [(q.id, o.value) for q in TRIAL.questions for o in q.options if o.says.get("en")]


@pytest.mark.parametrize(("question_id", "value"), WITH_SAYS, ids=[f"{q}-{v}" for q, v in WITH_SAYS])
def test_every_option_with_english_phrases_has_chinese_ones(question_id: str, value: str) -> None:
    option = TRIAL.question(question_id).option(value)
    assert option and option.says.get("zh"), f"{question_id}.{value}: no Chinese says"
    assert all(p == p.lower() and p.strip() == p for p in option.says["zh"]), "phrases are read lower case"


@pytest.mark.parametrize("question_id", sorted({q for q, _v in WITH_SAYS}))
def test_no_chinese_phrase_names_two_options(question_id: str) -> None:
    seen: dict[str, str] = {}
    for option in TRIAL.question(question_id).options:
        for phrase in option.says.get("zh", ()):
            assert seen.setdefault(phrase, option.value) == option.value, f"{phrase!r} names two options"


@pytest.mark.parametrize(("question_id", "value"), WITH_SAYS, ids=[f"{q}-{v}" for q, v in WITH_SAYS])
def test_a_typed_chinese_label_names_no_other_option(question_id: str, value: str) -> None:
    option = TRIAL.question(question_id).option(value)
    assert option
    assert named(question_id, localize(option.label, "zh")) <= {value}


def test_the_check_can_fail() -> None:
    assert named("her2_ish", "阳性") == {"positive"} != named("her2_ish", "阴性")
    assert named("her2_ish", "天气很好") == set()

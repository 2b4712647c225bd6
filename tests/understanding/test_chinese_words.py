"""Chinese in every part of understanding/: normalising, segmenting, finders, caregivers, prompts, dates."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from criteria.timing import Span
from understanding.audience import SOMEONE, as_the_patient, for_someone_else, read_relation
from understanding.language import segmenter
from understanding.normalise import in_place, normalise
from understanding.readers.dates import spans
from understanding.startup import jieba_words, prepare, user_words, write_user_dictionary
from understanding.terms.matcher import MedicalTerms, medical_terms
from understanding.yes_no import prompt_answer

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HER2（++），FISH無擴增", "her2 2+,fish 无扩增"),
        ("５４歲", "54 岁"),
        ("ER（+，80%）【报告】", "er(+,80%)(报告)"),
        ("HER2（+）", "her2 1+"),
        ("HER2（+++）", "her2 3+"),
        ("HER2（−）", "her2 0"),
        ("雌激素受体阳性，孕激素受体阴性", "er 阳性,pr 阴性"),
        ("荧光原位杂交阴性", "fish 阴性"),
        ("“是的”", '"是的"'),
    ],
)
def test_chinese_is_normalised(text: str, expected: str) -> None:
    assert normalise(text, "zh") == expected


def test_in_place_keeps_every_character_where_it_was() -> None:
    assert in_place("喘不過氣，１＋") == "喘不过气,1+"
    assert len(in_place("他說：「我沒有」")) == len("他說：「我沒有」")


def test_the_segmenter_keeps_medicine_names_and_report_words_whole() -> None:
    prepare()
    cut = jieba_words("我打过恩美曲妥珠单抗，FISH无扩增，没用过吡咯替尼")
    assert {"恩美曲妥珠单抗", "无扩增", "吡咯替尼"} <= set(cut)
    assert segmenter("jieba") is jieba_words
    assert {"赫赛汀", "德曲妥珠单抗", "低表达"} <= set(user_words("zh"))


def test_preparing_again_logs_nothing_at_info(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        prepare()
        jieba_words("复发以后吃了希罗达")
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []


FINDS = [
    ("我打过赫赛汀和帕捷特", "medicine", ["trastuzumab", "pertuzumab"]),
    ("用过恩美曲妥珠单抗（赫赛莱）", "medicine", ["trastuzumab emtansine", "trastuzumab emtansine"]),
    ("优赫得打了半年", "medicine", ["trastuzumab deruxtecan"]),
    ("吃艾瑞妮", "medicine", ["pyrotinib"]),
    ("化疗用的白蛋白紫杉醇", "medicine", ["nab-paclitaxel"]),
    ("xiluoda吃了两年", "medicine", ["capecitabine"]),
    ("三苯氧胺加戈舍瑞林", "medicine", ["tamoxifen", "goserelin"]),
    ("达尔西利", "medicine", ["dalpiciclib"]),
    ("哌柏西利和氟维司群", "medicine", ["palbociclib", "fulvestrant"]),
    ("維迪西妥單抗", "medicine", ["disitamab vedotin"]),
    ("HER2（++），FISH无扩增", "her2_result", ["2+ ish negative"]),
    ("HER2（+）", "her2_result", ["1+"]),
    ("HER2（+++）", "her2_result", ["3+"]),
    ("her2(1+)", "her2_result", ["1+"]),
    ("HER2阴性", "her2_result", ["negative"]),
    ("HER2 低表达", "her2_result", ["low"]),
    ("FISH阳性", "her2_result", ["ish positive"]),
    ("2+ 原位杂交没有扩增", "her2_result", ["2+ ish negative"]),  # the test's Chinese name, a 4-character result
    ("做了FISH，结果是无扩增", "her2_result", ["ish negative"]),  # four link tokens before the result
    ("FISH做了，无扩增", "her2_result", ["ish negative"]),
    ("荧光原位杂交有扩增", "her2_result", ["ish positive"]),
    ("病理报告上写的C-erbB-2(+)", "her2_result", ["1+"]),  # the gene's other name, as reports print it
    ("C-erbB-2（++）", "her2_result", ["2+"]),
    ("c-erbB2 (3+)", "her2_result", ["3+"]),
    ("HER-2：0", "her2_result", ["0"]),  # the full-width colon
    ("Her-2（0）", "her2_result", ["0"]),
    ("就一个加号", "her2_result", ["1+"]),  # the plus signs counted in words
    ("HER2是两个加", "her2_result", ["2+"]),
    ("俩加号", "her2_result", ["2+"]),
    ("1个加号", "her2_result", ["1+"]),
    ("三个加号", "her2_result", ["3+"]),
    ("我一加班就累", "her2_result", []),  # a number word and 加 alone are no score
    ("打了两个加强针", "her2_result", []),  # 加 goes on into another word (加强): no plus
    ("两个加号，报告上写的", "her2_result", ["2+"]),
    ("HER2超低表达", "her2_result", ["ultralow"]),
    ("原位杂交（FISH）：HER2基因未扩增", "her2_result", ["ish negative"]),  # the finding without a test right before
    ("FISH检测阴性", "her2_result", ["ish negative"]),
    ("基因有扩增", "her2_result", ["ish positive"]),
    ("HER2两个加，基因无扩增", "her2_result", ["2+ ish negative"]),  # one result, as "2+ FISH negative"
    ("还没扩散", "her2_result", []),  # spread (扩散) is no amplification (扩增)
    ("HER2低表达是什么意思", "her2_result", ["low"]),  # a question about the term: found, as before
    ("ER（+，80%） PR（-）", "hormone_receptor", ["positive", "negative"]),
    ("ER阳性", "hormone_receptor", ["positive"]),
    ("激素受体阳性", "hormone_receptor", ["positive"]),
    ("雌激素受体阳性，孕激素受体阴性", "hormone_receptor", ["positive", "negative"]),
    ("雌激素受体90%", "hormone_receptor", ["positive"]),
    ("ER 90%+，PR 10%+", "hormone_receptor", ["positive", "positive"]),  # "90%+," was one token
    ("激素受体是阴性", "hormone_receptor", ["negative"]),
    ("我今年五十四岁", "age", [54]),
    ("５４岁", "age", [54]),
    ("七十五", "age", [75]),
    ("体重五十公斤", "age", []),
    ("化疗了6次", "age", []),
    ("我五十八了", "age", [58]),
    ("我61", "age", [61]),
    ("我54，HER2 1+", "age", [54]),
    ("我一直吃来曲唑", "age", []),  # 一 after 我 is no age: below 10, and the clause goes on
    ("我十分担心", "age", []),
    ("我三阴性", "age", []),
    ("我2019年做的手术", "age", []),
    ("我10:30到的医院", "age", []),  # a time stays one token: no "我10"
]


@pytest.mark.parametrize(("text", "entity", "values"), FINDS)
def test_chinese_terms_are_found(text: str, entity: str, values: list[object]) -> None:
    terms = [t for t in medical_terms().find(text) if t.entity == entity]
    assert [t.value for t in terms] == values
    assert all(text[t.start : t.end] == t.text for t in terms)


def test_a_chinese_model_reads_english_report_terms_too() -> None:
    terms = MedicalTerms.from_criteria("zh")
    found = {(t.entity, t.value) for t in terms.find("HER2 2+ FISH negative，ER 90%，我54岁")}
    assert {("her2_result", "2+ ish negative"), ("hormone_receptor", "positive"), ("age", 54)} <= found


RED_FLAGS = [
    ("我胸口疼得厉害", ["chest_pain"]),
    ("现在喘不上气", ["breathing"]),
    ("喘不過氣來", ["breathing"]),
    ("我真的不想活了", ["self_harm"]),
    ("刚才晕倒了", ["fainting"]),
    ("一直大出血", ["bleeding"]),
    ("人昏过去了", ["fainting"]),  # "过去" inside the flag is no past
    ("救救我，胸口很痛", ["chest_pain"]),
    ("我没有胸痛", []),
    ("没有呼吸困难，也没晕倒", []),
    ("万一昏迷了怎么办", []),
    ("去年心梗过一次", []),
    ("以前晕倒过，现在又晕倒了", ["fainting", "fainting"]),
    # a degree word inside the phrase
    ("现在呼吸好困难", ["breathing"]),
    ("胸口有点闷", ["chest_pain"]),
    ("胸口又疼了", ["chest_pain"]),
    ("呼吸不困难", []),  # a negation inside: no phrase
    ("胸口不太疼", []),
    ("如果呼吸很困难怎么办", []),  # supposed
    ("以前胸口特别疼", []),  # history
    # signs and words the phrases missed
    ("急！！她憋得脸发紫", ["breathing", "breathing"]),
    ("嘴唇都紫了", ["breathing"]),
    ("喘不上来", ["breathing"]),
    ("胸口像压了块石头 疼得直冒汗", ["chest_pain", "chest_pain"]),
    ("活着太累了 想结束这一切", ["self_harm", "self_harm"]),
    ("我在楼顶 想跳下去", ["self_harm"]),  # was read as a greeting
    ("把安眠药全吃了", ["self_harm"]),
    ("我不想死", []),
    ("去年胸痛过", []),
    ("万一喘不上气怎么办", []),
]


@pytest.mark.parametrize(("text", "kinds"), RED_FLAGS)
def test_chinese_red_flags(text: str, kinds: list[str]) -> None:
    assert [t.value for t in medical_terms().find(text) if t.entity == "red_flag"] == kinds


def test_a_red_flag_told_as_history_in_chinese() -> None:
    flags = medical_terms().red_flags
    assert flags.only_history("三年前晕倒过一次")
    assert not flags.only_history("三年前晕倒过一次，今天又晕倒了")
    assert not flags.only_history("我胸痛")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我妈妈", "mother"),
        ("帮我老公问的", None),  # someone is named, but not as the answer to "who is it for"
        ("我自己", "self"),
        ("本人", "self"),
        ("我女儿", "daughter"),
        ("我和我妈妈", None),
        ("是我妈妈", "mother"),  # "是我" inside "是我妈妈" is no "me"
        ("是我", "self"),
        ("就是我婆婆", "other"),
        ("不确定", None),
    ],
)
def test_who_the_answers_are_about_in_chinese(text: str, expected: str | None) -> None:
    if expected is None and "帮" in text:
        assert for_someone_else(text, "zh") == "husband"
    else:
        assert read_relation(text, "zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("替我妈妈问一下", "mother"),
        ("她54岁", SOMEONE),
        ("我妈妈的ER是阳性", SOMEONE),
        ("吃过他莫昔芬", None),
        ("其他病都没有", None),
        ("复发后用过多西他赛", None),  # a medicine name of the lexicon that holds 他 is no "he"
        ("吉西他滨化疗过", None),
        ("我姐姐用过赫赛汀", None),
    ],
)
def test_someone_else_is_noticed_in_chinese(text: str, expected: str | None) -> None:
    assert for_someone_else(text, "zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("她54岁", "我 54 岁"),
        ("我妈妈用过赫赛汀", "我用过赫赛汀"),
        ("她的er是阳性", "我的 er 是阳性"),
        ("她姐姐用过赫赛汀", "我姐姐用过赫赛汀"),
        ("她吃过他莫昔芬", "我吃过他莫昔芬"),
    ],
)
def test_a_caregivers_words_are_read_as_the_patients(text: str, expected: str) -> None:
    assert as_the_patient(normalise(text, "zh"), "mother", "zh") == expected


@pytest.mark.parametrize(
    ("text", "prompt", "answer"),
    [
        ("好的", "consent", "yes"),
        ("可以啊", "consent", "yes"),
        ("行", "summary", "yes"),
        ("开始吧", "consent", "yes"),
        ("對", "read_back", "yes"),
        ("嗯嗯", "contact_offer", "yes"),
        ("不用了", "contact_offer", "no"),
        ("算了吧", "consent", "no"),
        ("不要", "consent", "no"),
        ("好吗？", "consent", None),
        ("好的，等一下", "consent", None),
        ("好的，但是年龄要改一下", "summary", None),
        ("不，删掉吧", "erasure", None),
        ("是的，删除", "erasure", "yes"),
        ("不太确定", "consent", None),
        ("hao de", "consent", None),
        ("是滴", "summary", "yes"),  # everyday spoken forms
        ("要的，谢谢", "contact_offer", "yes"),
        ("莫得", "consent", "no"),  # dialect and Cantonese nos
        ("木有", "summary", "no"),
        ("冇", "read_back", "no"),
        ("要得", "consent", "yes"),  # dialect yeses
        ("嗯呐", "summary", "yes"),
        ("莫得问题", "summary", "yes"),  # "no problem" is an ok, never a no
        ("没有问题", "consent", "yes"),
        ("没啥问题，谢谢", "contact_offer", "yes"),
        ("没毛病", "summary", "yes"),
        ("没有，问题是我还没想好", "consent", None),
        ("需要", "contact_offer", "yes"),
        ("确定", "erasure", "yes"),
        ("取消", "erasure", "no"),
        ("不要删", "erasure", "no"),
        ("确定吗", "erasure", None),  # asks back
        ("要不还是算了", "consent", None),
    ],
)
def test_yes_and_no_at_a_prompt_in_chinese(text: str, prompt: str, answer: str | None) -> None:
    assert prompt_answer(text, prompt, "zh") == answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("去年", [Span(dt.date(2025, 1, 1), dt.date(2025, 12, 31))]),
        ("两个月前", [Span(dt.date(2026, 9, 7), dt.date(2026, 10, 7))]),
        ("三周前", [Span(dt.date(2026, 11, 9), dt.date(2026, 11, 16))]),
        ("2019年", [Span(dt.date(2019, 1, 1), dt.date(2019, 12, 31))]),
        ("上个月", [Span(dt.date(2026, 11, 1), dt.date(2026, 11, 30))]),
        ("去年冬天", [Span(dt.date(2025, 12, 1), dt.date(2026, 2, 28))]),
        ("从去年开始一直在吃", [Span(dt.date(2025, 1, 1), TODAY)]),
        ("现在还在用", [Span(TODAY, TODAY)]),
        ("很久了", []),
    ],
)
def test_chinese_dates_are_read_as_spans(text: str, expected: list[Span]) -> None:
    assert spans(text, "zh", TODAY) == expected


def test_the_user_dictionary_for_rasa_holds_every_chinese_medicine_name(tmp_path) -> None:
    written = write_user_dictionary(tmp_path / "jieba" / "medicines.txt")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert "曲妥珠单抗 10000" in lines and "希罗达 10000" in lines
    assert all(len(line.split(" ")) == 2 for line in lines)


def test_warm_up_builds_what_the_first_patient_would_wait_for(caplog: pytest.LogCaptureFixture) -> None:
    from understanding.language import registered
    from understanding.warm import warm_up

    with caplog.at_level(logging.INFO):
        warm_up()
    assert registered("jieba")
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("jieba")]


@pytest.mark.parametrize(
    ("code", "details", "shown"),
    [
        ("said_yes_no", {"answer": "yes"}, "回答是"),
        ("named_medicine", {"medicine": "trastuzumab"}, "说了曲妥珠单抗"),
        ("never_had_medicine", {"medicine": "TQB2102"}, "说没用过TQB2102"),
        ("age_read", {"age": "54"}, "读出年龄 54 岁"),
        ("her2_read", {"result": "1+"}, "读出 HER2 1+"),  # was "读出 HER2 her2_ihc=1+"
        ("her2_read_ish", {"result": "2+", "ish": "negative"}, "读出 HER2 2+，FISH/ISH 阴性"),
        ("ish_read", {"ish": "positive"}, "读出 FISH/ISH 阳性"),
    ],
)
def test_how_an_answer_was_read_is_said_in_chinese(code: str, details: dict[str, str], shown: str) -> None:
    from understanding.explain import how_phrase

    assert how_phrase(code, details, "zh") == shown
    assert how_phrase(code, details, "en") != shown


def test_a_lone_surrogate_beside_chinese_is_no_crash() -> None:
    from understanding.normalise import in_place, simplified

    assert simplified("沒有\ud800") == "没有\ufffd"  # OpenCC takes UTF-8 only: one character for one
    assert len(in_place("喘不過氣\udfff")) == 5

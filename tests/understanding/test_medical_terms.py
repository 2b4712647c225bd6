"""The medical-terms matcher, table-driven: registry wording and patient wording."""

from __future__ import annotations

import pytest

from criteria import load_lexicon
from understanding.cues import cues_for
from understanding.readers.medicines import find_medicines
from understanding.terms.her2 import VALUES as HER2_VALUES
from understanding.terms.matcher import MedicalTerms, medical_terms, term_words
from understanding.terms.receptors import VALUES as RECEPTOR_VALUES
from understanding.terms.red_flags import VALUES as RED_FLAG_VALUES


def found(text: str, entity: str) -> list[str | int]:
    return [t.value for t in medical_terms().find(text) if t.entity == entity]


MEDICINES = [
    # registry listing
    (
        "Chemotherapy drug (Capecitabine/Paclitaxel/Albumin Paclitaxel)",
        ["capecitabine", "paclitaxel", "nab-paclitaxel"],
    ),
    ("Has received prior anti-HER2 therapy", []),
    # patient wording: brands, codes, any case, misspellings, close typos
    ("I had Herceptin in 2019", ["trastuzumab"]),
    ("HERCEPTIN and perjeta", ["trastuzumab", "pertuzumab"]),
    ("i was on xeloda after it came back", ["capecitabine"]),
    ("they gave me T-DM1, then Enhertu", ["trastuzumab emtansine", "trastuzumab deruxtecan"]),
    ("tdxd", ["trastuzumab deruxtecan"]),
    ("kadcyla", ["trastuzumab emtansine"]),
    ("RC48", ["disitamab vedotin"]),
    ("Ogivri, a biosimilar", ["trastuzumab"]),
    ("Phesgo shots", ["pertuzumab/trastuzumab/hyaluronidase"]),
    ("trastuzamab", ["trastuzumab"]),
    ("herceptinn", ["trastuzumab"]),
    ("capecitibine twice a day", ["capecitabine"]),
    ("abraxane", ["nab-paclitaxel"]),
    ("nab paclitaxel", ["nab-paclitaxel"]),
    ("5-FU and the red devil", ["fluorouracil", "doxorubicin"]),
    ("palbociclib with letrozole", ["palbociclib", "letrozole"]),
    ("Ibrance + Faslodex", ["palbociclib", "fulvestrant"]),
    ("tamoxifin for five years", ["tamoxifen"]),
    # spelled by sound (the English side of the Chinese sound-alikes): the close-typo rule finds them
    ("herseptin for a year", ["trastuzumab"]),
    ("kapecitabine tablets", ["capecitabine"]),
    ("fulvestrent shots", ["fulvestrant"]),
    ("palbocyclib and letrazole", ["palbociclib", "letrozole"]),
    ("no, only tamoxifen, never herceptin", ["tamoxifen", "trastuzumab"]),
    ("pyrotinib maleate tablets", ["pyrotinib"]),
    ("chemo", []),
    ("chemotherapy only", []),
    ("I had radiotherapy and surgery", []),
    ("positive", []),
]


@pytest.mark.parametrize(("text", "expected"), MEDICINES)
def test_medicines(text: str, expected: list[str]) -> None:
    assert found(text, "medicine") == expected


SOUND_ALIKES = [
    # typed by pinyin or voice input: other characters of the same sound (dev_zh_3, dev_zh_4)
    ("西罗达吃了半年多", [("capecitabine", "西罗达")]),  # 西 for 希
    ("先希洛达 后面换的艾立布林", [("capecitabine", "希洛达"), ("eribulin", "艾立布林")]),  # 洛 for 罗, then exact
    ("打的那个赫塞丁 打满一年了", [("trastuzumab", "赫塞丁")]),  # 塞丁: the listed 赫赛丁 by sound
    ("一直吃着派白西利再加打弗维斯群屁股针", [("palbociclib", "派白西利"), ("fulvestrant", "弗维斯群")]),
    ("吃过来曲坐和派柏西利", [("letrozole", "来曲坐"), ("palbociclib", "派柏西利")]),  # 过来 is a word: still found
    ("氟为司群+哌柏西利吃了两年", [("fulvestrant", "氟为司群"), ("palbociclib", "哌柏西利")]),
    ("肚子上打的那个诺雷德 一个月一针", [("goserelin", "诺雷德")]),  # 德 for 得
    ("来去唑吃了三年多了", [("letrozole", "来去唑")]),
    ("卡陪他滨吃过", [("capecitabine", "卡陪他滨")]),
    ("吃過來去唑", [("letrozole", "來去唑")]),  # Traditional: made Simplified first, the span is the patient's
    # one syllable off, in a name of 4 syllables or more, not the first
    ("艾瑞布林打过两个周期", [("eribulin", "艾瑞布林")]),  # 瑞 rui for 立 li
    ("紫杉醇加卡培他兵", [("paclitaxel", "紫杉醇"), ("capecitabine", "卡培他兵")]),  # 兵 bing for 滨 bin
    # exact spellings first: the sound rule reads only what they leave
    ("来曲唑换成了来去唑", [("letrozole", "来曲唑"), ("letrozole", "来去唑")]),
    ("赫赛汀", [("trastuzumab", "赫赛汀")]),
    # everyday words that sound like a name, or like part of one: not medicines
    ("有空来去走走", []),
    ("有空来去坐坐", []),  # lai qu zuo is 来曲唑's sound, but only 来 is its own character
    ("回来去做化疗", []),  # the same sound across three words
    ("医院发了通知", []),  # fa le tong: 法乐通 (toremifene) by sound, only 通 its own
    ("希望能参加", []),
    ("我在派出所", []),
    ("我看过希罗多德的书", []),  # 希罗 and one syllable off: a name of 3 is matched by its whole sound only
    ("这个方案更有优势得到批准", []),  # polyphonic: 赫 is also read shi, but not in 优赫得
    ("他说阿霉素太伤心脏", [("doxorubicin", "阿霉素")]),  # 阿 read a or e: the exact name, nothing more
    ("甲状腺吃过硫尿嘧啶", []),  # another compound: 氟尿嘧啶 with its first syllable off
    ("以前用过氯地孕酮", []),  # the same: 甲地孕酮 with its first syllable off
    ("长春的医院", []),  # 长春瑞滨's first two characters alone
    ("弗隆", [("letrozole", "弗隆")]),  # a name of 2 characters: found as spelled only
    ("服用", []),  # fu long is not fu yong; and 2 characters are never sounded
]


@pytest.mark.parametrize(("text", "expected"), SOUND_ALIKES)
def test_chinese_names_typed_by_sound(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.value, t.text) for t in medical_terms().find(text) if t.entity == "medicine"] == expected


READER_MENTIONS = [
    # what the answer readers see (the finder through readers/medicines.py): name, class, state
    ("来去唑吃了三年", "zh", [("letrozole", "endocrine", "affirmed")]),  # endocrine, not anti-HER2
    ("赫塞丁打满一年了", "zh", [("trastuzumab", "anti_her2", "affirmed")]),
    ("赫塞丁没打过", "zh", [("trastuzumab", "anti_her2", "negated")]),  # the no after the name
    ("letrazole for three years", "en", [("letrozole", "endocrine", "affirmed")]),  # the English side
    ("herseptin for a full year", "en", [("trastuzumab", "anti_her2", "affirmed")]),
    ("never had herseptin", "en", [("trastuzumab", "anti_her2", "negated")]),
]


@pytest.mark.parametrize(("text", "language", "expected"), READER_MENTIONS)
def test_the_readers_see_names_typed_by_sound(text: str, language: str, expected: list[tuple[str, str, str]]) -> None:
    mentions = find_medicines(text, cues_for(language))
    assert [(m.name, m.drug_class, m.state) for m in mentions] == expected


SOUND_CLASHES = [
    # made-up names: 来曲唑 and 曲唑来 overlap in 来去唑来; each sounds exactly like one of them
    ("来去唑来", []),  # two medicines by sound, side by side in one run: neither (never a guess)
    ("来去唑", [("examplazole", "来去唑")]),
    ("去唑来", [("otheramab", "去唑来")]),
]


@pytest.mark.parametrize(("text", "expected"), SOUND_CLASHES)
def test_two_medicines_by_sound_in_one_run_are_neither(text: str, expected: list[tuple[str, str]]) -> None:
    lexicon = [
        {"name": "examplazole", "class": "endocrine", "also": ["来曲唑"]},
        {"name": "otheramab", "class": "anti_her2", "also": ["曲唑来"]},
    ]
    terms = MedicalTerms(lexicon, term_words("zh"))
    assert [(t.value, t.text) for t in terms.find(text) if t.entity == "medicine"] == expected


HER2 = [
    # registry listing
    ("HER2 immunohistochemistry (IHC )2+/ in situ hybridization (ISH)- and IHC 1+ (HER2-low)", None),
    ("IHC 2+/ISH- and IHC 1+ (HER2-low)", ["2+ ish negative", "1+", "low"]),
    # patient wording
    ("IHC 0", ["0"]),
    ("my her2 was 1+", ["1+"]),
    ("one plus", ["1+"]),
    ("her two was one plus", ["1+"]),
    ("the report says her2 is 1 plus", ["1+"]),
    ("2+ FISH negative", ["2+ ish negative"]),
    ("her2 was 2+ but fish negative", ["2+ ish negative"]),
    ("2 + and the FISH came back positive", ["2+ ish positive"]),
    ("ISH not amplified", ["ish negative"]),
    ("fish non-amplified", ["ish negative"]),
    ("HER2-low", ["low"]),
    ("her2 low", ["low"]),
    ("low her2", ["low"]),
    ("HER2-zero", ["0"]),
    ("her2 ultra-low", ["ultralow"]),
    ("HER2 positive", ["positive"]),
    ("her2+", ["positive"]),
    ("her2 neg", ["negative"]),
    ("HER2-negative", ["negative"]),
    ("3+", ["3+"]),
    ("triple negative", ["negative"]),
    ("ER+ PR+ HER2 1+", ["1+"]),
    ("the biopsy said her2 score 1", ["1+"]),
    ("C-erbB-2 2+", ["2+"]),  # the gene's other name, as reports print it
    ("c-erbB2 (3+)", ["3+"]),
    ("HER2:0", ["0"]),  # a label and its score, no space: ":0" is no emoticon here
    ("HER-2: 0", ["0"]),
    ("gene not amplified", ["ish negative"]),  # the finding without the test's name
    ("2+, no amplification", ["2+ ish negative"]),  # one result, as "2+ FISH negative"
    # not HER2 results
    ("2+ years ago", []),
    ("1-2+", []),
    ("ER positive", []),
    ("I had 3 cycles in 2019", []),
    ("fish and chips", []),
]


@pytest.mark.parametrize(("text", "expected"), HER2)
def test_her2_results(text: str, expected: list[str] | None) -> None:
    values = found(text, "her2_result")
    if expected is None:  # the registry's own spacing: at least the scores come out
        assert "1+" in values and "low" in values
        return
    assert values == expected
    assert set(values) <= set(HER2_VALUES)


RECEPTORS = [
    ("ER+ PR-", ["positive", "negative"]),
    ("ER positive", ["positive"]),
    ("hormone positive", ["positive"]),
    ("hormone-receptor positive", ["positive"]),
    ("HR+ metastatic breast cancer", ["positive"]),
    ("ER/PR positive", ["positive"]),
    ("er and pr both negative", ["negative"]),
    ("estrogen receptor positive, progesterone negative", ["positive", "negative"]),
    ("positive for estrogen", ["positive"]),
    ("triple negative", ["negative"]),
    ("its HER2 1+ ER 90%", ["positive"]),
    ("ER 0%", ["negative"]),
    ("HER2 positive", []),
    ("er, not sure", []),
]


@pytest.mark.parametrize(("text", "expected"), RECEPTORS)
def test_hormone_receptors(text: str, expected: list[str]) -> None:
    values = found(text, "hormone_receptor")
    assert values == expected
    assert set(values) <= set(RECEPTOR_VALUES)


AGES = [
    ("54", [54]),
    ("I'm fifty-four", [54]),
    ("seventy five years old", [75]),
    ("im 54 and never had herceptin", [54]),
    ("I am 62 years old", [62]),
    ("age: 48", [48]),
    ("54yo", [54]),
    ("i just turned sixty", [60]),
    ("2+", []),
    ("in 2019", []),
    ("3 cycles", []),
    ("3", []),
    ("I'm 5 kg lighter", []),
    ("i had chemo 5 years ago", []),
    ("my mother is 80", []),
    ("her report says HER2 1+ and ER positive, she is 58", [58]),  # a carer: whose age, the reader decides
    ("she's 67", [67]),
    ("he is 70 years old", [70]),
    ("she is 2+", []),
    ("she is 58 kg", []),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_ages(text: str, expected: list[int]) -> None:
    assert found(text, "age") == expected


RED_FLAGS = [
    ("I have chest pain right now", ["chest_pain"]),
    ("my chest hurts and i cant breathe", ["chest_pain", "breathing"]),
    ("I can't breathe", ["breathing"]),
    ("i'm having trouble breathing", ["breathing"]),
    ("I want to end my life", ["self_harm"]),
    ("ive been thinking about suicide", ["self_harm"]),
    ("I want to die", ["self_harm"]),
    ("I fainted this morning", ["fainting"]),
    ("i passed out in the kitchen", ["fainting"]),
    ("the wound won't stop bleeding", ["bleeding"]),
    ("heavy bleeding", ["bleeding"]),
    # negated or supposed: not now
    ("no chest pain", []),
    ("I don't have trouble breathing", []),
    ("never fainted", []),
    ("I don't want to die", []),
    ("what if I pass out during the infusion?", []),
    ("no heart problems, but my chest hurts", ["chest_pain"]),
    ("I am bleeding and it won't stop", ["bleeding"]),
    # a degree word inside the phrase
    ("my chest really hurts", ["chest_pain"]),
    ("my chest is so tight", ["chest_pain"]),
    ("breathing is very hard", ["breathing"]),
    ("I can hardly breathe", ["breathing"]),
    ("my chest doesn't really hurt", []),  # negated inside: no phrase
    ("what if I can hardly breathe at night?", []),  # supposed
    # signs and words the phrases missed
    ("her lips are turning blue", ["breathing"]),
    ("it feels like a stone on my chest", ["chest_pain"]),
    ("I want to end it all", ["self_harm"]),
    ("I'm on the roof and want to jump", ["self_harm"]),
    ("I took all my sleeping pills", ["self_harm"]),
    # a carer tells of the patient (first person only was found before)
    ("she wants to kill herself", ["self_harm"]),
    ("he wants to end his life", ["self_harm"]),
    ("my mum said she wants to die", ["self_harm"]),
    ("pain in her chest right now", ["chest_pain"]),
    ("she does not want to kill herself", []),  # negated
    ("my mum had pain in her chest last year", []),  # history
    ("what if she wants to die", []),  # supposed
    ("I take a sleeping pill at night", []),  # a medicine, no overdose
    ("I had trouble breathing last year", []),  # history: not now
]


@pytest.mark.parametrize(("text", "expected"), RED_FLAGS)
def test_red_flags(text: str, expected: list[str]) -> None:
    values = found(text, "red_flag")
    assert values == expected
    assert set(values) <= set(RED_FLAG_VALUES)


def test_spans_point_at_the_words() -> None:
    text = "I'm 54, HER2 2+ FISH negative, ER+ and I had Herceptin"
    for term in medical_terms().find(text):
        assert text[term.start : term.end] == term.text
    assert {(t.entity, t.text) for t in medical_terms().find(text)} == {
        ("age", "54"),
        ("her2_result", "2+ FISH negative"),
        ("hormone_receptor", "ER+"),
        ("medicine", "Herceptin"),
    }


def test_every_lexicon_spelling_is_found_as_its_own_medicine() -> None:
    terms = medical_terms()
    for entry in load_lexicon():
        for spelling in [entry["name"], *entry.get("also", [])]:
            values = [t.value for t in terms.find(f"I had {spelling} last year") if t.entity == "medicine"]
            assert values == [entry["name"]], spelling


def test_a_different_lexicon_is_used_as_given() -> None:
    words = {**term_words(), "numbers": {"fifty": 50}}
    terms = MedicalTerms([{"name": "examplumab", "class": "other", "also": ["exampla"]}], words)
    assert [(t.entity, t.value) for t in terms.find("Exampla, Herceptin")] == [("medicine", "examplumab")]


@pytest.mark.parametrize(
    ("said", "name"),
    [("zeloda", "capecitabine"), ("femera", "letrozole"), ("tamox", "tamoxifen"), ("ibrants", "palbociclib")],
)
def test_common_misspellings_too_far_for_the_typo_rule_are_listed(said: str, name: str) -> None:
    assert found(f"i took {said}", "medicine") == [name]


def test_a_huge_text_is_read_from_its_start_only() -> None:
    huge = "I had Herceptin. " + "qwertyuiop asdfghjkl zxcvbnmlkj " * 4000  # about 130 kB of long words
    found = medical_terms().find(huge + " and Xeloda")
    assert [t.value for t in found] == ["trastuzumab"]  # Xeloda lies past MAX_CHARS: not searched

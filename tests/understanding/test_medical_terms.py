"""The medical-terms matcher, table-driven: registry wording and patient wording."""

from __future__ import annotations

import pytest

from criteria import load_lexicon
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

"""Caregiver mode in understanding/: who the answers are about, and third-person answers read.

Most wordings here are in no NLU training data (nlu/data/): they are only tests.
"""

from __future__ import annotations

import pytest

from criteria import load_trial
from criteria.model import AnswerValue
from understanding.audience import SELF, SOMEONE, as_the_patient, for_someone_else, read_relation
from understanding.interpret import interpret


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm asking for my mother", "mother"),
        ("on behalf of my husband", "husband"),
        ("Hi, I am doing this for my dad", "father"),
        ("it's for my wife, she has breast cancer", "wife"),
        ("yes, for my mum", "mother"),
        ("I'm filling this in for my sister", "sister"),
        ("checking for my best friend", "friend"),
        ("my mum's ER was positive", SOMEONE),
        ("my husband's HER2 score was 1+", SOMEONE),
        ("my sister had herceptin but not me", None),
        ("she's 67", SOMEONE),
        ("he's 58", SOMEONE),
        ("her HER2 was 2+", SOMEONE),
        ("she never had Herceptin", SOMEONE),
        ("I'm answering on her behalf", SOMEONE),
        ("I'm his carer", SOMEONE),
        ("I'm asking for a person", None),
        ("my sister had Herceptin", None),
        ("I'm 54", None),
        ("HER2 2+, FISH negative", None),
        ("no chemo since it spread", None),
        ("yes", None),
    ],
)
def test_someone_else_is_noticed(text: str, expected: str | None) -> None:
    assert for_someone_else(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my mum", "mother"),
        ("My Mother", "mother"),
        ("for my father", "father"),
        ("hubby", "husband"),
        ("my girlfriend", "partner"),
        ("my little sister", "sister"),
        ("a friend", "friend"),
        ("my mother-in-law", "other"),
        ("my grandma", "other"),
        ("someone else", "other"),
        ("me", SELF),
        ("Myself", SELF),
        ("it's me, I'm the patient", SELF),
        ("not sure", None),
        ("mum or dad", None),
        ("for me and my mum", None),
        ("hello", None),
        ("", None),
    ],
)
def test_who_the_answers_are_about(text: str, expected: str | None) -> None:
    assert read_relation(text) == expected


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        ("mother", "she's 67", "i'm 67"),
        ("mother", "my mum's ER was positive", "my er was positive"),
        ("mother", "her sister had chemo", "my sister had chemo"),
        ("sister", "my sister had chemo", "i had chemo"),
        ("father", "he is 58 years old", "i am 58 years old"),
        (SELF, "she's 67", "she's 67"),
        (None, "she's 67", "she's 67"),
    ],
)
def test_subject_words_in_the_first_person(subject: str | None, text: str, expected: str) -> None:
    assert as_the_patient(text.lower(), subject) == expected


@pytest.mark.parametrize(
    ("subject", "question", "text", "expected"),
    [
        ("mother", "anti_her2", "she never had Herceptin", "no"),
        ("mother", "anti_her2", "She did have trastuzumab back in 2020", "yes"),
        ("father", "age", "he's 58", 58),
        ("mother", "age", "she is 67 years old", 67),
        ("mother", "age", "Mum turned 71 in May", 71),
        ("wife", "age", "my wife is 49", 49),
        ("mother", "her2_ihc", "her HER2 was 2+", "2+"),
        ("mother", "her2_ihc", "the report said her HER2 is 1+", "1+"),
        ("mother", "chemo_metastatic", "she had chemo after it spread", "metastatic"),
        ("mother", "chemo_metastatic", "she only had chemo before her surgery", "early_only"),
        ("mother", "hormone_receptor", "my mum's ER was positive", "positive"),
        ("husband", "hormone_receptor", "his ER and PR were both negative", "negative"),
        ("sister", "anti_her2", "my sister had herceptin", "yes"),
        ("sister", "chemo_metastatic", "my sister had chemo after it came back", "metastatic"),
        ("SOMEONE", "age", "she's 80", 80),
        # Someone else's history is still not the patient's.
        ("mother", "chemo_metastatic", "her sister had chemo after it spread", None),
        ("mother", "anti_her2", "my sister had Herceptin", None),
        ("mother", "anti_her2", "her brother had herceptin", None),
        ("mother", "age", "my dad is 80", None),
        ("father", "anti_her2", "my mum had kadcyla", None),
        # And the patient's own words, without a caregiver, are as before.
        (None, "anti_her2", "my sister had Herceptin", None),
        (SELF, "age", "I'm 54", 54),
    ],
)
def test_third_person_answers_are_read(
    subject: str | None, question: str, text: str, expected: AnswerValue | None
) -> None:
    subject = SOMEONE if subject == "SOMEONE" else subject
    reading = interpret(load_trial().question(question), text, "en", subject)
    got = reading.values[question] if reading else None
    assert got == expected

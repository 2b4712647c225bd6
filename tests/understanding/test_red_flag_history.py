"""A red flag told as past history is an answer; one happening now is an emergency (issue 14)."""

from __future__ import annotations

import pytest

from understanding.terms.matcher import medical_terms

HISTORY = [
    "I had a heart attack two years ago",
    "had a heart attack back in 2019",
    "I had a heart attack last year",
    "heart attack in 2015, fully recovered",
    "I used to get chest pains",
    "back in 2010 I collapsed at work",
    "I fainted once years ago",
    "I had heavy bleeding after surgery years ago",
    "history of a heart attack",
    "I had trouble breathing last winter with pneumonia",
    "I had a heart attack 2 years ago, I'm fine",
    "previously had chest pain, sorted now by stents in 2018",
]
PRESENT = [
    "I'm having chest pain right now",
    "I can't breathe",
    "my chest hurts",
    "chest pain",
    "I passed out this morning",
    "I had chest pain last year and now it's back",
    "I had chest pain since yesterday",
    "I fainted two days ago",
    "I'm bleeding heavily",
    "I want to kill myself",
    "I had a heart attack years ago and I'm having chest pain again",
    "I've been having chest pains for hours",
]


@pytest.mark.parametrize("text", HISTORY)
def test_history_is_no_red_flag(text: str) -> None:
    terms = medical_terms()
    assert [t for t in terms.find(text) if t.entity == "red_flag"] == []
    assert terms.red_flags.only_history(text)


@pytest.mark.parametrize("text", PRESENT)
def test_a_present_red_flag_is_one(text: str) -> None:
    terms = medical_terms()
    assert [t for t in terms.find(text) if t.entity == "red_flag"]
    assert not terms.red_flags.only_history(text)


def test_no_red_flag_at_all_is_no_history_either() -> None:
    assert not medical_terms().red_flags.only_history("I had chemo two years ago")

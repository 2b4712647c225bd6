"""Yes and no at each yes/no prompt: tables of wordings, and the ones that must not count.

Some wordings here are kept out of the NLU training data (nlu/data/en/) on purpose:
`test_some_wordings_are_not_training_examples` holds that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from understanding.yes_no import PROMPTS, prompt_answer

ROOT = Path(__file__).resolve().parents[2]

# A yes at every prompt.
YES = [
    "yes",
    "Yes.",
    "YES PLEASE",
    "yes please",
    "yeah sure",
    "yeah",
    "yep, go ahead",
    "yup",
    "ok",
    "Okay then",
    "sure",
    "sure thing",
    "of course",
    "alright",
    "absolutely",
    "definitely, yes",
    "yes, that's fine with me",
    "Yes!! please do",
    "ya sounds good",
    "yes go for it",
    "yes I'm happy with that",
    "yess",
    "no problem",  # an ok that opens with "no": read as a no before
    "No problem at all!",
    "no worries",
    "go ahead",
    "y",
]
# A no at every prompt.
NO = [
    "no",
    "No.",
    "nope",
    "no thanks",
    "no thank you",
    "no, not now",
    "nah",
    "nah I'm good",
    "no thank you, not interested",
    "nope, not today",
    "no way",
    "no, I'd rather not",
    "No!",
    "never mind",
]
# Neither: doubt, a turn-around, a question, or no yes or no at all.
NEITHER = [
    "yesterday",
    "not yet",
    "nobody told me",
    "no idea",
    "yes and no",
    "I don't know",
    "yes... actually no",
    "yes I'm not sure",
    "no wait, yes",
    "yes but not now",
    "maybe",
    "hmm",
    "yes, wait",
    "ok what is her2",
    "yes, how long does it take?",
    "no, go ahead",
    "nope actually yes",
    "ok I guess",
    "yeah or maybe not",
    "what?",
    "asdfgh",
    "sí",
    "",
    "noted",
    "yesss no",
]
# Wordings that fit one prompt.
AT = {
    "consent": [
        ("yes let's start", "yes"),
        ("ok, let's do this", "yes"),
        ("yes I'm ready", "yes"),
        ("sure, ask away", "yes"),
        ("no, I don't want to do this now", "no"),
        ("nope, not interested", "no"),
        ("no I do not want to start", "no"),
        ("no, another time", "no"),
        ("yes, but I'm not sure I qualify", None),
    ],
    "summary": [
        ("yes that's all correct", "yes"),
        ("yep all good", "yes"),
        ("yes, everything is right", "yes"),
        ("yes that's me", "yes"),
        ("no, one answer is wrong", "no"),
        ("no I need to fix something", "no"),
        ("no my age is different", "no"),
        ("yes, but change my age", None),
        ("yes except the HER2 is a mistake", None),
    ],
    "contact_offer": [
        ("yes, you can give them my details", "yes"),
        ("yes the study team can contact me", "yes"),
        ("yes please have them call me", "yes"),
        ("ok, they can email me", "yes"),
        ("sure, pass my details on", "yes"),
        ("no, I will talk to my oncologist first", "no"),
        ("no thanks, I'll contact them myself", "no"),
        ("no, please don't share my details", "no"),
        ("yes, don't call me", None),
    ],
    "contact_confirm": [
        ("yes send it", "yes"),
        ("yes that's my number", "yes"),
        ("yep, that's right", "yes"),
        ("ok send", "yes"),
        ("no the number is wrong", "no"),
        ("no, let me change it", "no"),
        ("nope, I made a typo", "no"),
        ("yes but there's a typo in the email", None),
        ("yes, change the time", None),
    ],
    "erasure": [
        ("yes delete it", "yes"),
        ("Yes, delete everything", "yes"),
        ("yes please erase it all", "yes"),
        ("ok, wipe it", "yes"),
        ("no, keep it", "no"),
        ("no don't delete it", "no"),
        ("nope, I changed my mind", "no"),
        ("no, delete everything", None),
        ("yes keep my answers", None),
    ],
}


def table(prompt: str) -> list[tuple[str, str | None]]:
    """Every wording tried at one prompt with the answer it must give."""
    return (
        [(t, "yes") for t in YES]
        + [(t, "no") for t in NO]
        + [(t, None) for t in NEITHER]
        + [(t, a) for t, a in AT[prompt]]
    )


CASES = [(prompt, text, answer) for prompt in PROMPTS for text, answer in table(prompt)]


def test_every_prompt_has_forty_wordings_or_more() -> None:
    assert set(AT) == set(PROMPTS)
    for prompt in PROMPTS:
        assert len(table(prompt)) >= 40, prompt


@pytest.mark.parametrize(("prompt", "text", "answer"), CASES)
def test_the_answer_at_a_prompt(prompt: str, text: str, answer: str | None) -> None:
    assert prompt_answer(text, prompt) == answer


@pytest.mark.parametrize("text", ["yes, you can give them my details", "ok, they can email me", "yes send it"])
def test_without_a_prompt_the_opening_word_still_counts(text: str) -> None:
    assert prompt_answer(text) == "yes"


def test_what_goes_against_one_prompt_only_counts_there() -> None:
    assert prompt_answer("no, delete everything", "consent") == "no"
    assert prompt_answer("no, delete everything", "erasure") is None
    assert prompt_answer("yes, change the time", "consent") == "yes"
    assert prompt_answer("yes, change the time", "contact_confirm") is None


def test_some_wordings_are_not_training_examples() -> None:
    training = " ".join(p.read_text().lower() for p in (ROOT / "nlu" / "data" / "en").rglob("*.yml"))
    kept_out = [t for t, _a in sum(AT.values(), []) if t.lower() not in training]
    assert len(kept_out) >= 20

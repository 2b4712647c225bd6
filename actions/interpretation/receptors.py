"""Read HER2 results (IHC score, ISH test) and hormone-receptor status."""

from __future__ import annotations

import re

from actions.interpretation.reading import Reading, not_sure
from actions.interpretation.text import cues_for, find, has, polarity
from criteria import Question
from criteria.model import AnswerValue

_WORD_SCORES = {"zero": "0", "one": "1", "two": "2", "three": "3"}
_SCORE_PATTERNS = (
    re.compile(r"(?<![\w.])([0-3])\s*\+"),  # 2+ / 2 +
    re.compile(r"\+\s*([0-3])(?![\w.])"),  # +2
    re.compile(r"\b(zero|one|two|three)\s+plus\b"),  # two plus
    re.compile(r"\bplus\s+(one|two|three)\b"),  # plus two
    re.compile(r"\b(?:ihc|score|scored|her2)\s*(?:of|was|is|=|:|-)?\s*([0-3]|zero)(?![\w.%+])"),
)
_ISH = re.compile(r"\b(?:fish|ish|cish|sish|ddish|silver ish)\b(?P<rest>[^,;.]*)")
_ISH_NEGATIVE = (
    "negative",
    "neg",
    "not amplified",
    "non amplified",
    "non-amplified",
    "no amplification",
    "normal",
    "-",
)
_ISH_POSITIVE = ("positive", "pos", "amplified", "amplification", "+")
_WORDS = (  # (phrases, IHC value), tried in order
    (("her2 low", "her2-low", "low her2", "low-her2", "her2 lo", "her2low"), "low"),
    (("her2 zero", "her2-zero", "her2 0", "her2-0", "ultralow", "ultra low", "ultra-low"), "0"),
    (
        ("her2 positive", "her2-positive", "her2+", "her2 pos", "her2 amplified", "her2 enriched"),
        "positive",
    ),
    (
        (
            "her2 negative",
            "her2-negative",
            "her2-",
            "her2 neg",
            "triple negative",
            "triple-negative",
            "tnbc",
        ),
        "negative",
    ),
    (("low",), "low"),
    (("positive",), "positive"),
    (("negative",), "negative"),
)


def _scores(text: str) -> set[str]:
    found: set[str] = set()
    for pattern in _SCORE_PATTERNS:
        for m in pattern.finditer(text):
            found.add(_WORD_SCORES.get(m.group(1), m.group(1)))
    return found


def _ish(text: str) -> str | None:
    """'negative', 'positive' or None from what is said about the ISH/FISH test."""
    results = set()
    for m in _ISH.finditer(text):
        rest = m.group("rest")
        if find(rest, _ISH_NEGATIVE) and not re.search(r"\bpositive\b|(?<!not )\bamplified", rest):
            results.add("negative")
        elif find(rest, _ISH_POSITIVE):
            results.add("positive")
    if "not amplified" in text or "non amplified" in text or "non-amplified" in text:
        results.add("negative")
    return results.pop() if len(results) == 1 else None


def read_her2(question: Question, text: str, language: str) -> Reading | None:
    """IHC score and, for 2+, the ISH result; words like 'HER2-low' too.

    "her2 was 2+ but fish negative" fills both the score and the ISH answer.
    Two different scores in one message are unclear.
    """
    cues = cues_for(language)
    scores = _scores(text)
    values: dict[str, AnswerValue] = {}
    if len(scores) > 1:
        return None
    if scores:
        score = scores.pop()
        values[question.id] = score if score == "0" else f"{score}+"
    else:
        if has(text, cues.unsure):
            return not_sure(question)
        for phrases, value in _WORDS:
            if find(text, phrases):
                values[question.id] = value
                break
    if not values:
        return None
    ish = _ish(text)
    if values[question.id] == "2+" and ish:
        values["her2_ish"] = ish
    return Reading(values, "read HER2 " + ", ".join(f"{k}={v}" for k, v in values.items()))


_RECEPTOR = re.compile(
    r"\b(?:er|pr|pgr|estrogen|oestrogen|progesterone|hormone|hormones|hr)"
    r"(?:\s*receptors?)?(?:\s*status)?(?:\s*(?:is|was|were|are|:))?\s*"
    r"(?P<sign>\+|-|positive|pos|negative|neg|sensitive)"
)


def read_hormone_receptor(question: Question, text: str, language: str) -> Reading | None:
    """ER or PR positive is positive; both negative (or triple negative) is negative."""
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    if find(text, ("triple negative", "triple-negative", "tnbc")):
        return Reading({question.id: "negative"}, "said triple negative")
    signs = {m.group("sign") for m in _RECEPTOR.finditer(text)}
    if signs & {"+", "positive", "pos", "sensitive"}:
        return Reading({question.id: "positive"}, "read ER/PR positive")
    if signs:
        return Reading({question.id: "negative"}, "read ER/PR negative")
    said = polarity(text, cues)
    if said == "yes":
        return Reading({question.id: "positive"}, "said yes")
    if said == "no" and not find(text, ("her2",)):
        return Reading({question.id: "negative"}, "said no")
    return None

"""Read HER2 results (IHC score, ISH test) and hormone-receptor status."""

from __future__ import annotations

import re

from criteria import Question
from criteria.model import AnswerValue
from understanding.reading import Reading, not_sure
from understanding.text import Cues, bare_polarity, cues_for, find, has, topic_clauses

_WORD_SCORES = {"zero": "0", "one": "1", "two": "2", "three": "3"}
_SCORE_PATTERNS = (
    re.compile(r"(?<![\w.])([0-3])\s*\+"),  # 2+ / 2 +
    re.compile(r"(?<![\w])\+\s*([0-3])(?![\w.])"),  # +2
    re.compile(r"\b([0-3]|zero|one|two|three)\s+plus\b"),  # two plus, 2 plus
    re.compile(r"\bplus\s+(one|two|three)\b"),  # plus two
    re.compile(r"\b(?:ihc|score|scored|her2)\s*(?:of|was|is|=|:)?\s*([0-3]|zero)(?![\w.%+])"),
)
_RANGE = re.compile(r"\b[0-3]\s*(?:-|/|to|or|\s)\s*[0-3]\s*\+")  # "1-2+", "0/1+": not one score
_ISH = re.compile(r"\b(?:fish|ish|cish|sish|ddish|silver ish)\b(?P<rest>[^,;.]*)")
_ISH_NEGATIVE = ("negative", "neg", "not amplified", "non amplified", "no amplification", "normal", "-")
_ISH_POSITIVE = ("positive", "pos", "amplified", "amplification", "+")
_HER2_SIGN = re.compile(r"\bher2\s*(?P<sign>[+-])(?!\w)")
_WORDS = (  # (phrases, IHC value), tried in order
    (("her2 low", "low her2", "her2 lo", "her2low"), "low"),
    (("her2 zero", "her2 0", "ultralow", "ultra low"), "0"),
    (("her2 positive", "her2 pos", "her2 amplified"), "positive"),
    (("her2 negative", "her2 neg", "triple negative", "tnbc"), "negative"),
)
_BARE_WORDS = ((("low",), "low"), (("positive",), "positive"), (("negative",), "negative"))
_RECEPTOR_WORDS = ("er", "pr", "pgr", "estrogen", "oestrogen", "progesterone", "hormone", "hormones", "hr")


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
        hits = {phrase for _s, _e, phrase in find(rest, _ISH_NEGATIVE + _ISH_POSITIVE)}
        if hits & set(_ISH_NEGATIVE):
            results.add("negative")
        if hits & set(_ISH_POSITIVE):
            results.add("positive")
    return results.pop() if len(results) == 1 else None


def _denied(text: str, cues: Cues) -> bool:
    """True when a negation word stands outside the ISH part ("not HER2 positive")."""
    outside_ish = _ISH.sub(" ", text)
    outside_ish = re.sub(r"\b(?:not|non) amplified\b", " ", outside_ish)
    return has(outside_ish, cues.negation)


def _ihc_value(text: str) -> str | None:
    scores = _scores(text)
    if len(scores) == 1:
        score = scores.pop()
        return score if score == "0" else f"{score}+"
    if scores:
        return None
    sign = {m.group("sign") for m in _HER2_SIGN.finditer(text)}
    if len(sign) == 1:
        return "positive" if sign == {"+"} else "negative"
    for phrases, value in _WORDS:
        if find(text, phrases):
            return value
    if has(text, _RECEPTOR_WORDS):
        return None  # "ER positive" is about hormones, not HER2
    for bare, meaning in _BARE_WORDS:
        if find(text, bare):
            return meaning
    return None


def _names_her2(clause: str) -> bool:
    """True when a clause speaks of the HER2 result (a score, ISH, a HER2 word)."""
    return bool(
        _scores(clause)
        or _ISH.search(clause)
        or _HER2_SIGN.search(clause)
        or find(clause, ("her2",))
        or any(find(clause, phrases) for phrases, _value in _WORDS)
    )


def read_her2(question: Question, text: str, language: str) -> Reading | None:
    """IHC score and, for 2+, the ISH result; words like 'HER2-low' too.

    "her2 was 2+ but fish negative" fills both the score and the ISH answer.
    Doubt ("maybe 2+"), a negation ("not HER2 positive"), a range ("1-2+") or
    two scores are not taken; nor is anything said about someone else.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    own = topic_clauses(text, cues, _names_her2)
    if not own or _RANGE.search(own) or _denied(own, cues):
        return None
    value = _ihc_value(own)
    if value is None:
        return None
    values: dict[str, AnswerValue] = {question.id: value}
    ish = _ish(own)
    if value == "2+" and ish:
        values["her2_ish"] = ish
    return Reading(values, "read HER2 " + ", ".join(f"{k}={v}" for k, v in values.items()))


_RECEPTOR = re.compile(
    r"\b(?P<which>er|pr|pgr|estrogen|oestrogen|progesterone|hormone|hormones|hr)"
    r"(?:\s*(?:and|/|&)\s*(?P<also>pr|pgr|progesterone))?"
    r"(?:\s*receptors?)?(?:\s*status)?(?:\s*(?:is|was|were|are|:))?\s*"
    r"(?P<sign>\+|-|positive|pos|negative|neg|sensitive)"
)
# "ER 95%": the share of stained cells; 1% or more is positive (ASCO/CAP), 0% negative.
_RECEPTOR_PERCENT = re.compile(
    r"\b(?P<which>er|pr|pgr|estrogen|oestrogen|progesterone)(?:\s*receptors?)?\s*(?:is|was|:|=|,)?\s*"
    r"(?P<percent>\d{1,3})\s*%"
)
_POSITIVE = {"+", "positive", "pos", "sensitive"}
_ER = {"er", "estrogen", "oestrogen"}
_PR = {"pr", "pgr", "progesterone"}


def _names_receptor(clause: str) -> bool:
    """True when a clause speaks of hormone receptors (ER, PR, HR, triple negative)."""
    return bool(_RECEPTOR.search(clause) or find(clause, ("triple negative", "tnbc", "receptor", "receptors")))


def read_hormone_receptor(question: Question, text: str, language: str) -> Reading | None:
    """ER or PR positive is positive; both negative (or triple negative) is negative.

    "ER negative" alone leaves PR unknown, so it is not taken.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    bare = bare_polarity(text, cues)
    if bare:
        return Reading({question.id: "positive" if bare == "yes" else "negative"}, f"said {bare}")
    own = topic_clauses(text, cues, _names_receptor)
    if not own or has(own, cues.negation):
        return None
    if find(own, ("triple negative", "tnbc")):
        return Reading({question.id: "negative"}, "said triple negative")
    negative: set[str] = set()
    for m in _RECEPTOR_PERCENT.finditer(own):
        if 1 <= int(m.group("percent")) <= 100:
            return Reading({question.id: "positive"}, "read ER/PR 1% or more")
        negative |= {"er"} if m.group("which") in _ER else {"pr"}
    for m in _RECEPTOR.finditer(own):
        if m.group("sign") in _POSITIVE:
            return Reading({question.id: "positive"}, "read ER/PR positive")
        which = {m.group("which"), m.group("also")} - {None}
        negative |= {"er" for w in which if w in _ER} | {"pr" for w in which if w in _PR}
        negative |= {"er", "pr"} if which & {"hormone", "hormones", "hr"} else set()
    if negative == {"er", "pr"} or find(own, ("both negative",)):
        return Reading({question.id: "negative"}, "read ER and PR negative")
    if negative or find(own, ("her2",)):
        return None
    if find(own, ("positive", "pos")) and not find(own, ("negative",)):
        return Reading({question.id: "positive"}, "said positive")
    if find(own, ("negative",)):
        return Reading({question.id: "negative"}, "said negative")
    return None

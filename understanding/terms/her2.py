"""HER2 results in patient wording, as one of a documented set of values.

Values: "0", "1+", "2+", "3+" (IHC scores), "2+ ish negative", "2+ ish positive"
(a 2+ score with its ISH/FISH result in the same stretch of text), "ish negative",
"ish positive" (an ISH/FISH result on its own), "low", "ultralow", "positive",
"negative" (words instead of a score; "triple negative" is "negative").
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from understanding.terms.pipeline import PatternFinder
from understanding.terms.terms import HER2_RESULT, Term

VALUES = (
    "0",
    "1+",
    "2+",
    "3+",
    "2+ ish negative",
    "2+ ish positive",
    "ish negative",
    "ish positive",
    "low",
    "ultralow",
    "positive",
    "negative",
)
_HEADS = (["her2"], ["her2neu"], ["erbb2"], ["her", "2"], ["her", "-", "2"], ["her", "two"])
_DIGITS = {"0": "0", "1": "1", "2": "2", "3": "3", "zero": "0", "one": "1", "two": "2", "three": "3"}
_LINKS = ["-", "is", "was", "status", ":", "=", "score", "result", "came", "back", "as", "test", "ihc", "of"]
_WORDS = {
    "low": "low",
    "lo": "low",
    "zero": "0",
    "0": "0",
    "ultralow": "ultralow",
    "positive": "positive",
    "pos": "positive",
    "+": "positive",
    "amplified": "positive",
    "negative": "negative",
    "neg": "negative",
    "-": "negative",
}
_ISH_WORDS = ["fish", "ish", "cish", "sish", "ddish"]
_ISH_LINKS = ["test", "testing", "tests", "result", "results", "was", "is", "were", "came", "back", "showed"]
_ISH_LINKS += ["shows", "said", "says", ":", "=", "it", "as", "also", "then"]
_ISH_RESULTS = ["negative", "neg", "normal", "amplified", "unamplified", "nonamplified", "positive", "pos"]
_ISH_NEGATIVE = {"negative", "neg", "normal", "unamplified", "nonamplified", "not", "non", "no", "-"}
_NOT_A_SCORE_AFTER = {"year", "years", "months", "weeks", "days", "hours", "cycles", "times", "kids", "children"}
_MERGE_GAP = 8  # tokens between a 2+ score and its ISH result
_CLAUSE_END = {".", ";", "!", "?"}


Pattern = list[dict[str, Any]]


def _heads() -> list[Pattern]:
    return [[{"LOWER": w} for w in head] for head in _HEADS]


def _patterns() -> dict[str, list[Pattern]]:
    link: dict[str, Any] = {"LOWER": {"IN": _LINKS}, "OP": "?"}
    word: dict[str, Any] = {"LOWER": {"IN": list(_WORDS)}}
    ultra: Pattern = [{"LOWER": "ultra"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "low"}]
    ish_link: dict[str, Any] = {"LOWER": {"IN": _ISH_LINKS}, "OP": "?"}
    ish: dict[str, Any] = {"LOWER": {"IN": _ISH_WORDS}}
    results: list[Pattern] = [
        [{"LOWER": {"IN": _ISH_RESULTS}}],
        [
            {"LOWER": {"IN": ["not", "non", "no"]}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": {"IN": ["amplified", "amplification"]}},
        ],
        [{"LOWER": {"IN": ["+", "-"]}}],
        [{"LOWER": "amplification"}],
    ]
    scored: dict[str, Any] = {"LOWER": {"IN": ["score", "scored"]}}
    score_link: dict[str, Any] = {"LOWER": {"IN": ["of", "was", "is", ":", "="]}, "OP": "?"}
    score: dict[str, Any] = {"LOWER": {"IN": ["0", "1", "2", "3"]}}
    scores: list[Pattern] = [
        [{"LOWER": "ihc", "OP": "?"}, score, {"ORTH": "+"}],
        [{"LOWER": "ihc", "OP": "?"}, {"ORTH": "+"}, {"LOWER": {"IN": ["1", "2", "3"]}}],
        [{"LOWER": "ihc", "OP": "?"}, {"LOWER": {"IN": [*_DIGITS]}}, {"LOWER": "plus"}],  # one plus, 1 plus
        [{"LOWER": "ihc"}, {"LOWER": {"IN": ["score", "was", "is", "of", ":", "="]}, "OP": "*"}, score],
        [{"LOWER": "ihc"}, {"LOWER": {"IN": ["score", "was", "is", "of", ":", "="]}, "OP": "*"}, {"LOWER": "zero"}],
    ]
    return {
        "WORD": [h + [link, link, word] for h in _heads()]
        + [h + [link, link, *ultra] for h in _heads()]
        + [[{"LOWER": {"IN": ["low", "negative", "positive"]}}, {"LOWER": "for", "OP": "?"}, *h] for h in _heads()]
        + [ultra, [{"LOWER": "ultralow"}], [{"LOWER": {"IN": ["her2low", "her2lo"]}}]],
        "TRIPLE": [
            [{"LOWER": "triple"}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["negative", "neg"]}}],
            [{"LOWER": "tnbc"}],
        ],
        "SCORE": scores + [[*h, scored, score_link, score] for h in _heads()],
        "ISH": [[ish, ish_link, ish_link, ish_link, *r] for r in results],
    }


def _score_value(span: Span) -> str | None:
    digits = [_DIGITS[t.lower_] for t in span if t.lower_ in _DIGITS]
    if len(digits) != 1:
        return None
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = list(doc[max(span.start - 2, 0) : span.start])
    if (
        after in _NOT_A_SCORE_AFTER
        or any(t.lower_ in {"-", "/", "or", "to"} for t in before[1:])
        and any(t.lower_ in _DIGITS for t in before[:1])
    ):
        return None  # "2+ years", "1-2+": not one score
    return "0" if digits[0] == "0" else f"{digits[0]}+"


def _word_value(span: Span) -> str:
    words = [t.lower_ for t in span]
    if "ultra" in words or "ultralow" in words:
        return "ultralow"
    if words[0] in ("her2low", "her2lo"):
        return "low"
    if words[0] in ("low", "negative", "positive"):
        return _WORDS[words[0]]
    return _WORDS[words[-1]]


def _ish_value(span: Span) -> str:
    negative = any(t.lower_ in _ISH_NEGATIVE for t in span[1:])
    return "ish negative" if negative else "ish positive"


class Her2Finder(PatternFinder):
    """Finds HER2 results; see the module docstring for the values."""

    def __init__(self) -> None:
        super().__init__(_patterns())

    def in_doc(self, doc: Doc) -> list[Term]:
        """The HER2 results in a tokenised text."""
        spans = self.spans(doc)
        found: list[tuple[Span, str]] = []
        for span in spans:
            value = {
                "SCORE": _score_value,
                "WORD": _word_value,
                "TRIPLE": lambda _s: "negative",
                "ISH": _ish_value,
            }[span.label_](span)
            if value:
                found.append((span, value))
        return [Term(HER2_RESULT, v, s.start_char, s.end_char, s.text) for s, v in _merge_ish(found)]


def _merge_ish(found: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Join a 2+ score and the ISH result that follows it closely: "2+ but FISH negative"."""
    merged: list[tuple[Span, str]] = []
    for span, value in found:
        if value.startswith("ish ") and merged:
            previous, previous_value = merged[-1]
            between = span.doc[previous.end : span.start]
            if (
                previous_value == "2+"
                and len(between) <= _MERGE_GAP
                and not any(t.text in _CLAUSE_END for t in between)
            ):
                joined = span.doc[previous.start : span.end]
                merged[-1] = (joined, f"2+ {value}")
                continue
        merged.append((span, value))
    return merged

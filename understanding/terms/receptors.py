"""Hormone-receptor (ER, PR) wording: each mention is "positive" or "negative".

"ER+ PR-" gives two entities (positive, negative); "ER/PR positive" one; "triple
negative" and "TNBC" are "negative"; "ER 90%" is "positive" (1% or more is positive).
Deciding what several mentions add up to is the interpreter's job, not the extractor's.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from understanding.terms.pipeline import PatternFinder
from understanding.terms.terms import HORMONE_RECEPTOR, Term

VALUES = ("positive", "negative")
_RECEPTORS = ["er", "pr", "pgr", "estrogen", "oestrogen", "progesterone", "hormone", "hormones", "hr"]
_SIGNS = {"+": "positive", "positive": "positive", "pos": "positive", "sensitive": "positive"}
_SIGNS |= {"-": "negative", "negative": "negative", "neg": "negative"}
_LINKS = ["is", "was", "were", "are", ":", "both", "-", "came", "back", "strongly", "weakly"]


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    receptor = {"LOWER": {"IN": _RECEPTORS}}
    sign = {"LOWER": {"IN": list(_SIGNS)}}
    return {
        "RECEPTOR": [
            [
                receptor,
                {"LOWER": {"IN": ["and", "/", "&", ",", "-"]}, "OP": "?"},
                {"LOWER": {"IN": _RECEPTORS}, "OP": "?"},
                {"LOWER": {"IN": ["receptor", "receptors"]}, "OP": "?"},
                {"LOWER": "status", "OP": "?"},
                {"LOWER": {"IN": _LINKS}, "OP": "?"},
                {"LOWER": {"IN": _LINKS}, "OP": "?"},
                sign,
            ],
            [{"LOWER": {"IN": ["positive", "negative"]}}, {"LOWER": "for"}, {"LOWER": "the", "OP": "?"}, receptor],
        ],
        "PERCENT": [
            [receptor, {"LOWER": {"IN": _LINKS}, "OP": "?"}, {"TEXT": {"REGEX": r"^\d{1,3}$"}}, {"ORTH": "%"}],
        ],
        "TRIPLE": [
            [{"LOWER": "triple"}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["negative", "neg"]}}],
            [{"LOWER": "tnbc"}],
        ],
    }


def _value(span: Span) -> str:
    if span.label_ == "TRIPLE":
        return "negative"
    if span.label_ == "PERCENT":  # 1% or more of cells stained counts as positive
        return "positive" if int(span[-2].text) >= 1 else "negative"
    words = [t.lower_ for t in span]
    return _SIGNS[words[0]] if words[0] in _SIGNS else _SIGNS[words[-1]]


class ReceptorFinder(PatternFinder):
    """Finds hormone-receptor results (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(_patterns())

    def in_doc(self, doc: Doc) -> list[Term]:
        """The receptor results in a tokenised text."""
        spans = self.spans(doc)
        return [Term(HORMONE_RECEPTOR, _value(s), s.start_char, s.end_char, s.text) for s in spans]

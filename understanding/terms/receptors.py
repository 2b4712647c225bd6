"""Hormone-receptor (ER, PR) wording: each mention is "positive" or "negative".

"ER+ PR-" gives two entities (positive, negative); "ER/PR positive" one; "triple
negative" and "TNBC" are "negative"; "ER 90%" is "positive" (1% or more is positive).
Deciding what several mentions add up to is the interpreter's job, not the extractor's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc, Span

from understanding.terms.pipeline import PatternFinder, triple_negative_patterns
from understanding.terms.terms import HORMONE_RECEPTOR, Term

VALUES = ("positive", "negative")


def _patterns(words: Mapping[str, Any]) -> dict[str, list[list[dict[str, Any]]]]:
    said = words["receptors"]
    which = [*said["er"], *said["pr"], *said["both"]]
    receptor = {"LOWER": {"IN": which}}
    # "ER(+, 80%)", "ER strong positive 90%": the words of a report line between receptor and sign.
    links = list(dict.fromkeys([*said["links"], *said["more_links"], *words["report_lines"]["receptor_links"]]))
    sign = {"LOWER": {"IN": [*said["positive"], *said["negative"]]}}
    return {
        "RECEPTOR": [
            [
                receptor,
                {"LOWER": {"IN": [*said["joiners"], *said["more_joiners"]]}, "OP": "?"},
                {"LOWER": {"IN": which}, "OP": "?"},
                {"LOWER": {"IN": said["receptor"]}, "OP": "?"},
                {"LOWER": {"IN": said["status"]}, "OP": "?"},
                {"LOWER": {"IN": links}, "OP": "?"},
                {"LOWER": {"IN": links}, "OP": "?"},
                sign,
            ],
            [  # "ER (3+, 90%)": a staining score; any staining is positive
                receptor,
                {"LOWER": {"IN": links}, "OP": "?"},
                {"TEXT": {"REGEX": r"^[1-3]$"}},
                {"ORTH": "+"},
            ],
            [
                {"LOWER": {"IN": said["before_receptor"]}},
                {"LOWER": {"IN": said["for"]}},
                {"LOWER": {"IN": said["the"]}, "OP": "?"},
                receptor,
            ],
        ],
        "PERCENT": [
            [receptor, {"LOWER": {"IN": links}, "OP": "?"}, {"TEXT": {"REGEX": r"^\d{1,3}$"}}, {"ORTH": "%"}],
        ],
        "TRIPLE": triple_negative_patterns(words),
    }


class ReceptorFinder(PatternFinder):
    """Finds hormone-receptor results (see the module docstring)."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        super().__init__(_patterns(words))
        said = words["receptors"]
        self.signs = {w: "positive" for w in said["positive"]} | {w: "negative" for w in said["negative"]}

    def _value(self, span: Span) -> str:
        if span.label_ == "TRIPLE":
            return "negative"
        if span.label_ == "PERCENT":  # 1% or more of cells stained counts as positive
            return "positive" if int(span[-2].text) >= 1 else "negative"
        words = [t.lower_ for t in span]
        return self.signs[words[0]] if words[0] in self.signs else self.signs[words[-1]]

    def in_doc(self, doc: Doc) -> list[Term]:
        """The receptor results in a tokenised text."""
        spans = self.spans(doc)
        return [Term(HORMONE_RECEPTOR, self._value(s), s.start_char, s.end_char, s.text) for s in spans]

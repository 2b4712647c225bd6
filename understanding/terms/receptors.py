"""Hormone-receptor (ER, PR) wording: each mention is "positive" or "negative".

"ER+ PR-" gives two entities (positive, negative); "ER/PR positive" one; "triple
negative" and "TNBC" are "negative"; "ER 90%" is "positive" (1% or more is positive).
Deciding what several mentions add up to is the interpreter's job, not the extractor's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc, Span

from understanding.terms.pipeline import PatternFinder, tokens_of, triple_negative_patterns
from understanding.terms.terms import HORMONE_RECEPTOR, Term

VALUES = ("positive", "negative")


Pattern = list[dict[str, Any]]


def _patterns(words: Mapping[str, Any]) -> dict[str, list[Pattern]]:
    said = words["receptors"]
    which = [*said["er"], *said["pr"], *said["both"]]
    # A receptor's name, one token or several ("ER"; "雌激素受体" read one character a token).
    names: list[Pattern] = [[{"LOWER": token} for token in tokens_of(str(name))] for name in dict.fromkeys(which)]
    # "ER(+, 80%)", "ER strong positive 90%": the words of a report line between receptor and sign.
    links = list(dict.fromkeys([*said["links"], *said["more_links"], *words["report_lines"]["receptor_links"]]))
    before_receptor: Pattern = [
        {"LOWER": {"IN": said["before_receptor"]}},
        {"LOWER": {"IN": said["for"]}},
        {"LOWER": {"IN": said["the"]}, "OP": "?"},
    ]
    sign: dict[str, Any] = {"LOWER": {"IN": [*said["positive"], *said["negative"]]}}
    return {
        "RECEPTOR": [
            *(
                [
                    *name,
                    {"LOWER": {"IN": [*said["joiners"], *said["more_joiners"]]}, "OP": "?"},
                    {"LOWER": {"IN": which}, "OP": "?"},
                    {"LOWER": {"IN": said["receptor"]}, "OP": "?"},
                    {"LOWER": {"IN": said["status"]}, "OP": "?"},
                    {"LOWER": {"IN": links}, "OP": "?"},
                    {"LOWER": {"IN": links}, "OP": "?"},
                    sign,
                ]
                for name in names
            ),
            *(  # "ER (3+, 90%)": a staining score; any staining is positive
                [*name, {"LOWER": {"IN": links}, "OP": "?"}, {"TEXT": {"REGEX": r"^[1-3]$"}}, {"ORTH": "+"}]
                for name in names
            ),
            *([*before_receptor, *name] for name in names),  # "positive for ER"
        ],
        "PERCENT": [
            [*name, {"LOWER": {"IN": links}, "OP": "?"}, {"TEXT": {"REGEX": r"^\d{1,3}$"}}, {"ORTH": "%"}]
            for name in names
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

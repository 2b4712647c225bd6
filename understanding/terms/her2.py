"""HER2 results in patient wording, as one of a documented set of values.

Values: "0", "1+", "2+", "3+" (IHC scores), "2+ ish negative", "2+ ish positive"
(a 2+ score with its ISH/FISH result in the same stretch of text), "ish negative",
"ish positive" (an ISH/FISH result on its own), "low", "ultralow", "positive",
"negative" (words instead of a score; "triple negative" is "negative").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc, Span

from understanding.normalise import HAN_CHARS
from understanding.terms.pipeline import PatternFinder, tokens_of, triple_negative_patterns
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
_MERGE_GAP = 8  # tokens between a 2+ score and its ISH result
_ISH_LINKS = 4  # tokens between an ISH test and its result ("FISH，结果是阴性")
_CLAUSE_END = {".", ";", "!", "?"}

Pattern = list[dict[str, Any]]


def _any(words: list[str], optional: str = "") -> dict[str, Any]:
    """A token that is one of the words (lower case); `optional`: spaCy's "?" or "*"."""
    return {"LOWER": {"IN": list(words)}, **({"OP": optional} if optional else {})}


def _said(phrase: str) -> Pattern:
    """A phrase of a language file as its tokens, a hyphen allowed between ("non-amplified", "基因无扩增")."""
    tokens = tokens_of(phrase)
    pattern: Pattern = []
    for i, token in enumerate(tokens):
        pattern += [{"ORTH": "-", "OP": "?"}] if i else []
        pattern.append({"LOWER": token})
    return pattern


def _patterns(words: Mapping[str, Any]) -> dict[str, list[Pattern]]:
    her2, ish = words["her2"], words["ish"]
    heads: list[Pattern] = [[{"LOWER": w} for w in tokens_of(str(head))] for head in her2["heads"]]
    digits = [d for d in her2["scores"] if str(d).isdigit()]
    link, word = _any(her2["links"], "?"), _any(list(her2["results"]))
    # "ultra-low", "超低表达" (the finder reads Chinese one character a token).
    ultras: list[Pattern] = [
        [_any(her2["ultra"]), {"ORTH": "-", "OP": "?"}, *_said(str(low))] for low in her2["low"]
    ] + [_said(str(said)) for said in her2["ultralow"]]
    # Links and test names of several tokens ("结果是", "原位杂交": one character a token) as their tokens.
    ish_link = _any(list(dict.fromkeys(t for link in ish["links"] for t in tokens_of(str(link)))), "?")
    tests: list[Pattern] = [[{"LOWER": t} for t in tokens_of(str(test))] for test in ish["tests"]]
    results: list[Pattern] = [
        [_any(ish["results"])],
        [_any(ish["denials"]), {"ORTH": "-", "OP": "?"}, _any(ish["amplified"])],
        [_any(["+", "-"])],
        [_any(ish["amplification"])],
        *([{"LOWER": t} for t in tokens_of(str(said))] for said in [*ish["not_amplified"], *ish["positive"]]),
    ]
    ihc, ihc_links, score = _any(her2["ihc"], "?"), _any(her2["ihc_links"], "*"), _any(digits)
    zero = [w for w, v in her2["scores"].items() if not str(w).isdigit() and str(v) == "0"]
    # A plus said in words after any score ("one plus", "两个加号"), or after a digit only ("2加").
    plus = [_said(str(p)) for p in her2["plus"]]
    digit_plus = [_said(str(p)) for p in her2.get("digit_plus") or []]
    scores: list[Pattern] = [
        [ihc, score, {"ORTH": "+"}],
        [ihc, {"ORTH": "+"}, _any([d for d in digits if her2["scores"][d] != "0"])],
        *([ihc, _any(list(her2["scores"])), *p] for p in plus),
        *([ihc, score, *p] for p in digit_plus),
        [_any(her2["ihc"]), ihc_links, score],
        [_any(her2["ihc"]), ihc_links, _any(zero)],
    ]
    return {
        "WORD": [h + [link, link, word] for h in heads]
        + [[_any(her2["before_head"]), _any(her2["for"], "?"), *h] for h in heads]
        + [[_any(her2["low_words"])]],
        "ULTRALOW": ultras + [h + [link, link, *u] for h in heads for u in ultras],
        "TRIPLE": triple_negative_patterns(words),
        "SCORE": scores + [[*h, _any(her2["scored"]), _any(her2["score_links"], "?"), score] for h in heads],
        "ISH": [[*test, *[ish_link] * _ISH_LINKS, *r] for test in tests for r in results],
        # The report's finding without the test's name ("HER2基因未扩增", "not amplified").
        "ISH_ALONE": [_said(str(said)) for said in [*ish["not_amplified"], *ish["amplified_alone"]]],
        "BRACKET": _bracket_patterns(her2, heads),
    }


def _bracket_patterns(her2: Mapping[str, Any], heads: list[Pattern]) -> list[Pattern]:
    """HER2 and a score written as signs in brackets ("HER2（++）"), where the language file has them."""
    brackets = her2.get("brackets") or []
    if not brackets:
        return []
    opening, closing = _any([o for o, _c in brackets]), _any([c for _o, c in brackets])
    return [
        [*h, opening, *({"ORTH": sign} for sign in signs), closing]
        for h in heads
        for signs in her2.get("bracket_scores", {})
    ]


class Her2Finder(PatternFinder):
    """Finds HER2 results; see the module docstring for the values."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        super().__init__(_patterns(words))
        her2 = words["her2"]
        self.scores = {str(k): str(v) for k, v in her2["scores"].items()}
        self.bracket_scores = {str(k): str(v) for k, v in her2.get("bracket_scores", {}).items()}
        self.openings = frozenset(o for o, _c in her2.get("brackets", []))
        self.results = {str(k): str(v) for k, v in her2["results"].items()}
        self.not_a_score_after = frozenset(her2["not_a_score_after"])
        plus_words = [tokens_of(str(p)) for p in [*her2["plus"], *(her2.get("digit_plus") or [])]]
        self.after_plus = frozenset(str(c) for c in her2.get("after_plus") or [])
        self.plus_ends = frozenset(p[-1] for p in plus_words if p) - self.after_plus  # "加", "plus"; not "号"
        self.range = frozenset(["-", "/", *her2["range"]])
        self.low_words = frozenset(her2["low_words"])
        self.before_head = frozenset(her2["before_head"])
        self.ish_negative = frozenset(words["ish"]["negative_tokens"])
        receptors = words["receptors"]
        self.receptor_words = frozenset([*receptors["er"], *receptors["pr"]])
        self.receptor_links = frozenset([*receptors["links"], *words["report_lines"]["receptor_links"]])

    def _score_value(self, span: Span) -> str | None:
        digits = [self.scores[t.lower_] for t in span if t.lower_ in self.scores]
        if len(digits) != 1:
            return None
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        before = list(doc[max(span.start - 2, 0) : span.start])
        if (
            after in self.not_a_score_after
            or any(t.lower_ in self.range for t in before[1:])
            and any(t.lower_ in self.scores for t in before[:1])
        ):
            return None  # "2+ years", "1-2+": not one score
        if span[-1].lower_ in self.plus_ends and re.fullmatch(f"[{HAN_CHARS}]", after) and after not in self.after_plus:
            return None  # "两个加强针": the plus word goes on into another word
        if self._after_receptor(span):
            return None  # "ER (3+, 90%)": the receptor's staining, not HER2
        return "0" if digits[0] == "0" else f"{digits[0]}+"

    def _after_receptor(self, span: Span) -> bool:
        """True when ER or PR stands right before the score (only linking words between).

        "PR+ 2+" is read as "PR+" and "+2": a score that starts with the sign stays HER2's.
        """
        if span[0].lower_ not in self.scores:
            return False
        for token in reversed(span.doc[max(span.start - 4, 0) : span.start]):
            if token.lower_ in self.receptor_words:
                return True
            if token.lower_ not in self.receptor_links:
                return False
        return False

    def _word_value(self, span: Span) -> str:
        words = [t.lower_ for t in span]
        if words[0] in self.low_words:
            return "low"
        if words[0] in self.before_head:
            return self.results[words[0]]
        return self.results[words[-1]]

    def _bracket_value(self, span: Span) -> str | None:
        """The score the signs in the brackets give ("HER2（++）" is 2+), as the language file counts them."""
        opening = max(i for i, t in enumerate(span) if t.lower_ in self.openings)
        return self.bracket_scores.get("".join(t.text for t in span[opening + 1 : -1]))

    def _ish_value(self, span: Span) -> str:
        """Negative when a word of the result says so (the test's name, first, says nothing)."""
        return self._amplification(span[1:])

    def _amplification(self, said: Span) -> str:
        """'ish negative' when a token of the words says no amplification, else 'ish positive'."""
        negative = any(t.lower_ in self.ish_negative for t in said)
        return "ish negative" if negative else "ish positive"

    def in_doc(self, doc: Doc) -> list[Term]:
        """The HER2 results in a tokenised text."""
        spans = self.spans(doc)
        found: list[tuple[Span, str]] = []
        for span in spans:
            value = {
                "SCORE": self._score_value,
                "WORD": self._word_value,
                "ULTRALOW": lambda _s: "ultralow",
                "TRIPLE": lambda _s: "negative",
                "ISH": self._ish_value,
                "ISH_ALONE": self._amplification,
                "BRACKET": self._bracket_value,
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

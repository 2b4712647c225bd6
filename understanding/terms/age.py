"""Ages in digits or words ("54", "I'm fifty-four", "seventy five years old") as integers.

A number is an age only when the words around it say so: "I'm", "I am", "age",
"aged", "turned" before it, or "years old", "yo" after it; a message that is only a
number from 10 to 120 is taken as an age too. "2+", "in 2019", "3 cycles", "I'm 5 kg
lighter" and "5 years ago" are not ages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from understanding.normalise import in_place
from understanding.numbers import spoken_number
from understanding.terms.pipeline import blank_english, tokens_of
from understanding.terms.terms import AGE, Term

MAX_AGE = 120
_BARE_RANGE = (10, MAX_AGE)

Pattern = list[dict[str, Any]]


class AgeFinder:
    """Finds ages; `words` is a language's data (its number words and `age` words)."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        self.nlp = blank_english()
        age = words["age"]
        self.numbers = {k.lower(): int(v) for k, v in words["numbers"].items()}
        self.multipliers = {str(k): int(v) for k, v in (words.get("number_multipliers") or {}).items()}
        self.years = frozenset(age["years"])
        self.not_an_age_after = frozenset(age["not_an_age_after"])
        self.matcher = Matcher(self.nlp.vocab)
        tens = [w for w, n in self.numbers.items() if 20 <= n < 100 and n % 10 == 0]
        units = [w for w, n in self.numbers.items() if 1 <= n <= 9]
        said: list[Pattern] = [
            [{"TEXT": {"REGEX": r"^\d{1,3}$"}}],
            [{"LOWER": {"IN": tens}}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": units}}],
            [{"LOWER": {"IN": list(self.numbers)}}],
        ]
        if self.multipliers:  # "五十四": one token a character
            said.append([{"LOWER": {"IN": [*self.numbers, *self.multipliers]}, "OP": "+"}])
        years, old = list(age["years"]), list(age["old"])
        years_old: Pattern = [{"LOWER": {"IN": years}}, {"LOWER": {"IN": old}}]
        after_head: Pattern = [{"LOWER": {"IN": years}, "OP": "?"}, {"LOWER": {"IN": old}, "OP": "?"}]
        heads = [tokens_of(str(head)) for head in age["heads"]]
        self.matcher.add(
            "AGE",
            [[{"LOWER": w} for w in head] + number + after_head for head in heads for number in said]
            + [number + years_old for number in said]
            + [number + [{"LOWER": {"IN": list(age["short"])}}] for number in said],
        )
        alone_heads = [tokens_of(str(head)) for head in age.get("alone_heads") or []]
        self.alone: Matcher | None = None  # English needs none ("i 'm" is a head)
        if alone_heads:
            self.alone = Matcher(self.nlp.vocab)
            self.alone.add("ALONE", [[{"LOWER": w} for w in head] + number for head in alone_heads for number in said])
        self.alone_after = frozenset(str(w) for w in age.get("alone_after") or [])
        self.bare = Matcher(self.nlp.vocab)
        self.bare.add("BARE", [number + [{"IS_PUNCT": True, "OP": "?"}] for number in said])

    def _number(self, span: Span) -> int | None:
        digits = [int(t.text) for t in span if t.text.isdigit()]
        if digits:
            return digits[0] if len(digits) == 1 else None
        said = [t.lower_ for t in span if t.lower_ in self.numbers or t.lower_ in self.multipliers]
        return spoken_number(said, self.numbers, self.multipliers) if said else None

    def _number_words(self, span: Span) -> Span:
        """The part of a matched span that is the number itself ("fifty-four" of "I'm fifty-four")."""
        inside = [t.i for t in span if t.text.isdigit() or t.lower_ in self.numbers or t.lower_ in self.multipliers]
        return span.doc[inside[0] : inside[-1] + 1]

    def _plain(self, span: Span) -> bool:
        """False when the words after the number say it counts something else."""
        doc = span.doc
        after = [t.lower_ for t in doc[span.end : span.end + 2]]
        if after[:1] and after[0] in self.not_an_age_after:
            return False
        return not (span[-1].lower_ in self.years and after[:1] and after[0] in self.not_an_age_after)

    def _alone(self, span: Span) -> bool:
        """True for "我61", "我五十八了": a number an age could be, at the end of its clause."""
        doc = span.doc
        after = doc[span.end] if span.end < len(doc) else None
        ends = after is None or after.is_punct or after.lower_ in self.alone_after
        return ends and _BARE_RANGE[0] <= (self._number(span) or 0) <= _BARE_RANGE[1]

    def in_doc(self, doc: Doc) -> list[Term]:
        """The ages in a tokenised text."""
        alone = [doc[s:e] for _m, s, e in self.alone(doc)] if self.alone is not None else []
        spans = filter_spans([doc[s:e] for _m, s, e in self.matcher(doc)] + [s for s in alone if self._alone(s)])
        if not spans:
            whole = [doc[s:e] for _m, s, e in self.bare(doc) if s == 0 and e == len(doc)]
            spans = [w for w in whole if _BARE_RANGE[0] <= (self._number(w) or 0) <= _BARE_RANGE[1]]
        terms = []
        for span in spans:
            age = self._number(span)
            if age and 0 < age <= MAX_AGE and self._plain(span):
                words = self._number_words(span)
                terms.append(Term(AGE, age, words.start_char, words.end_char, words.text))
        return terms

    def find(self, text: str) -> list[Term]:
        """The ages in a text."""
        return self.in_doc(self.nlp.make_doc(in_place(text)))

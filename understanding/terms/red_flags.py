"""Emergency red flags: chest pain, breathing, self-harm, fainting, heavy bleeding.

A flag plainly negated earlier in the same clause ("no chest pain", "I don't have
trouble breathing") or only supposed ("what if I pass out?") is not reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from understanding.terms.pipeline import blank_english
from understanding.terms.terms import RED_FLAG, Term

VALUES = ("chest_pain", "breathing", "self_harm", "fainting", "bleeding")  # the kinds; their words: red_flags


def _not_now(span: Span, not_now: frozenset[str], clause_breaks: frozenset[str]) -> bool:
    """True when a negation or an 'if' stands before the flag in the same clause."""
    for token in reversed(span.doc[: span.start]):
        if token.lower_ in clause_breaks:
            return False
        if token.lower_ in not_now:
            return True
    return False


class RedFlagFinder:
    """Finds emergency red flags said as happening (not negated, not supposed)."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        self.nlp = blank_english()
        flags = words["red_flags"]
        self.not_now = frozenset(flags["not_now"])
        self.clause_breaks = frozenset(flags["clause_breaks"])
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for flag in VALUES:
            self.matcher.add(flag, [self.nlp.make_doc(p) for p in flags["phrases"][flag]])

    def in_doc(self, doc: Doc) -> list[Term]:
        """The red flags in a tokenised text."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)])
        return [
            Term(RED_FLAG, s.label_, s.start_char, s.end_char, s.text)
            for s in spans
            if not _not_now(s, self.not_now, self.clause_breaks)
        ]

    def find(self, text: str) -> list[Term]:
        """The red flags in a text."""
        return self.in_doc(self.nlp.make_doc(text))

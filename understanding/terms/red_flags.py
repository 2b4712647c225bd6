"""Emergency red flags: chest pain, breathing, self-harm, fainting, heavy bleeding.

A flag plainly negated earlier in the same clause ("no chest pain", "I don't have
trouble breathing") or only supposed ("what if I pass out?") is not reported; nor is
one told as past history ("I had a heart attack two years ago", "back in 2019"), unless
the message brings it back to now ("... and now it's back", "since this morning").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from understanding.normalise import in_place
from understanding.terms.pipeline import blank_english
from understanding.terms.terms import RED_FLAG, Term
from understanding.text import has

VALUES = ("chest_pain", "breathing", "self_harm", "fainting", "bleeding")  # the kinds; their words: red_flags
DEGREE = "{degree}"  # in a phrase, where a degree word may stand ("胸口{degree}疼", "chest {degree} hurts")


def spellings(phrases: Iterable[str], degree: Iterable[str]) -> list[str]:
    """Every way the phrases are written: where one says {degree}, nothing or each degree word.

    "胸口{degree}疼" is 胸口疼, 胸口好疼, 胸口有点疼...: one phrase of the file, not one per degree word.
    """
    found: list[str] = []
    for phrase in phrases:
        words = ["", *degree] if DEGREE in phrase else [""]
        found += [" ".join(phrase.replace(DEGREE, word).split()) for word in words]
    return list(dict.fromkeys(found))


def _not_now(span: Span, not_now: frozenset[str], clause_breaks: frozenset[str]) -> bool:
    """True when a negation or an 'if' stands before the flag in the same clause.

    A word of several tokens ("没有", read one character a token) is looked for in the
    clause's text before the flag.
    """
    start = span.start
    while start > 0 and span.doc[start - 1].lower_ not in clause_breaks:
        start -= 1
    before = span.doc[start : span.start]
    return any(t.lower_ in not_now for t in before) or has(before.text.lower(), [w for w in not_now if len(w) > 1])


def _clause(span: Span, clause_breaks: frozenset[str]) -> tuple[int, int]:
    """The token range of the clause the span stands in."""
    start, end = span.start, span.end
    while start > 0 and span.doc[start - 1].lower_ not in clause_breaks:
        start -= 1
    while end < len(span.doc) and span.doc[end].lower_ not in clause_breaks:
        end += 1
    return start, end


class RedFlagFinder:
    """Finds emergency red flags said as happening now (not negated, not supposed, not history)."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        self.nlp = blank_english()
        flags = words["red_flags"]
        self.not_now = frozenset(flags["not_now"])
        self.clause_breaks = frozenset(flags["clause_breaks"])
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        degree = [str(w) for w in flags.get("degree") or []]  # a model trained before it has none
        for flag in VALUES:
            self.matcher.add(flag, [self.nlp.make_doc(p) for p in spellings(flags["phrases"][flag], degree)])
        history = words.get("red_flag_history") or {}  # a model trained before it has none
        self.past = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.past.add("past", [self.nlp.make_doc(p) for p in history.get("past", [])])
        self.present = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.present.add("present", [self.nlp.make_doc(p) for p in history.get("present", [])])
        self.past_year = re.compile(history["past_year"]) if history.get("past_year") else None

    def told_as_history(self, span: Span) -> bool:
        """True when the flag's clause places it in the past and nothing in the message says now."""
        doc = span.doc
        if self.present(doc):
            return False
        start, end = _clause(span, self.clause_breaks)
        # Not the flag's own words: "昏过去" holds "过去" (the past), but is no history.
        if any(start <= s and e <= end and (e <= span.start or s >= span.end) for _m, s, e in self.past(doc)):
            return True
        year = self.past_year
        return year is not None and any(year.match(t.text) for t in doc[start:end])

    def spans(self, doc: Doc) -> list[Span]:
        """Every red-flag phrase said as happening (not negated, not supposed), history or not."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)])
        return [s for s in spans if not _not_now(s, self.not_now, self.clause_breaks)]

    def in_doc(self, doc: Doc) -> list[Term]:
        """The red flags in a tokenised text that are happening now."""
        return [
            Term(RED_FLAG, s.label_, s.start_char, s.end_char, s.text)
            for s in self.spans(doc)
            if not self.told_as_history(s)
        ]

    def find(self, text: str) -> list[Term]:
        """The red flags in a text."""
        return self.in_doc(self.nlp.make_doc(in_place(text)))

    def only_history(self, text: str) -> bool:
        """True when the text names red flags, but each only as past history (no emergency now)."""
        spans = self.spans(self.nlp.make_doc(in_place(text)))
        return bool(spans) and all(self.told_as_history(s) for s in spans)

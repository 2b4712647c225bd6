"""Emergency red flags: chest pain, breathing, self-harm, fainting, heavy bleeding.

A flag plainly negated earlier in the same clause ("no chest pain", "I don't have
trouble breathing") or only supposed ("what if I pass out?") is not reported.
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from understanding.terms.pipeline import blank_english
from understanding.terms.terms import RED_FLAG, Term

PHRASES: dict[str, tuple[str, ...]] = {
    "chest_pain": (
        "chest pain", "chest pains", "pain in my chest", "pains in my chest", "chest hurts", "chest is hurting",
        "chest hurting", "chest is tight", "tight chest", "tightness in my chest", "chest tightness",
        "pressure in my chest", "chest pressure", "crushing pain", "heart attack", "my chest is killing me",
    ),
    "breathing": (
        "trouble breathing", "difficulty breathing", "difficulty in breathing", "hard to breathe",
        "hard to breath", "can't breathe", "cant breathe", "cannot breathe", "can not breathe", "can't breath",
        "cant breath", "struggling to breathe", "struggling to breath", "short of breath", "shortness of breath",
        "out of breath", "breathless", "gasping for air", "gasping", "unable to breathe", "difficult to breathe",
        "can't catch my breath", "cant catch my breath", "not breathing", "barely breathe", "problems breathing",
        "problem breathing", "trouble to breathe", "can't get air", "cant get air", "choking",
    ),
    "self_harm": (
        "kill myself", "killing myself", "suicide", "suicidal", "end my life", "ending my life", "end it all",
        "take my own life", "take my life", "want to die", "wanna die", "wish i was dead", "wish i were dead",
        "hurt myself", "hurting myself", "harm myself", "harming myself", "self harm", "self-harm", "cut myself",
        "cutting myself", "better off dead", "don't want to live", "dont want to live", "no reason to live",
        "not worth living", "overdose",
    ),
    "fainting": (
        "fainted", "faint", "fainting", "passed out", "pass out", "passing out", "blacked out", "blacking out",
        "black out", "lost consciousness", "losing consciousness", "collapsed", "keeled over", "unconscious",
    ),
    "bleeding": (
        "heavy bleeding", "bleeding heavily", "bleeding a lot", "bleeding badly", "bleeding really bad",
        "bleeding so much", "won't stop bleeding", "wont stop bleeding", "can't stop bleeding",
        "cant stop bleeding", "can't stop the bleeding", "bleeding won't stop", "bleeding wont stop",
        "bleeding that won't stop", "bleeding that wont stop", "bleeding and it won't stop",
        "bleeding and it wont stop", "bleeding and won't stop", "bleeding and wont stop",
        "bleeding that will not stop", "bleeding and it will not stop", "bleeding everywhere", "lots of blood",
        "lot of blood", "losing blood", "coughing up blood", "vomiting blood", "throwing up blood",
        "blood everywhere", "bleeding profusely", "hemorrhage", "haemorrhage", "hemorrhaging", "soaked in blood",
    ),
}  # fmt: skip
VALUES = tuple(PHRASES)
_NOT_NOW = {"no", "not", "n't", "nt", "never", "without", "none", "nor", "neither", "nothing", "denies", "deny"}
_NOT_NOW |= {"if", "whether", "unless"}
_CLAUSE_BREAKS = {",", ";", ".", "!", "?", ":", "but", "however", "though", "although", "yet", "now"}


def _not_now(span: Span) -> bool:
    """True when a negation or an 'if' stands before the flag in the same clause."""
    for token in reversed(span.doc[: span.start]):
        if token.lower_ in _CLAUSE_BREAKS:
            return False
        if token.lower_ in _NOT_NOW:
            return True
    return False


class RedFlagFinder:
    """Finds emergency red flags said as happening (not negated, not supposed)."""

    def __init__(self) -> None:
        self.nlp = blank_english()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for flag, phrases in PHRASES.items():
            self.matcher.add(flag, [self.nlp.make_doc(p) for p in phrases])

    def in_doc(self, doc: Doc) -> list[Term]:
        """The red flags in a tokenised text."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)])
        return [Term(RED_FLAG, s.label_, s.start_char, s.end_char, s.text) for s in spans if not _not_now(s)]

    def find(self, text: str) -> list[Term]:
        """The red flags in a text."""
        return self.in_doc(self.nlp.make_doc(text))

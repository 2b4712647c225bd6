"""Medicines by generic, brand or code name, any case, listed misspellings, close typos and Chinese sound-alikes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from understanding.normalise import in_place
from understanding.terms.pipeline import blank_english
from understanding.terms.sounds import SoundAlikes
from understanding.terms.terms import MEDICINE, Term

_FUZZY_WORD = re.compile(r"[a-z][a-z0-9]{5,}")
_FUZZY_CUTOFF = 0.84


def spellings(entry: Mapping[str, Any]) -> list[str]:
    """Every spelling of one lexicon entry, also with hyphens read as spaces ("t-dm1", "t dm1")."""
    found: list[str] = []
    for spelling in [entry["name"], *entry.get("also", [])]:
        for variant in (str(spelling).lower(), re.sub(r"(?<=\w)-(?=\w)", " ", str(spelling).lower())):
            if variant not in found:
                found.append(variant)
    return found


class MedicineFinder:
    """Finds medicines named in a text; each maps to the lexicon's generic name and class."""

    def __init__(self, lexicon: Sequence[Mapping[str, Any]]) -> None:
        self.nlp = blank_english()
        self.classes: dict[str, str] = {str(e["name"]): str(e["class"]) for e in lexicon}
        self.by_spelling: dict[str, str] = {}
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for entry in lexicon:
            names = spellings(entry)
            self.by_spelling.update({n: str(entry["name"]) for n in names})
            self.matcher.add(str(entry["name"]), [self.nlp.make_doc(n) for n in names])
        self._single = sorted(n for n in self.by_spelling if " " not in n and len(n) >= 6)
        self.sounds = SoundAlikes(self.by_spelling)  # the Chinese names' pinyin, once

    def typo_of(self, word: str) -> str | None:
        """The generic name a long unknown word is a close typo of, when only one fits."""
        if not _FUZZY_WORD.fullmatch(word):
            return None
        close = difflib.get_close_matches(word, self._single, n=2, cutoff=_FUZZY_CUTOFF)
        names = {self.by_spelling[c] for c in close}
        return names.pop() if len(names) == 1 else None

    def in_doc(self, doc: Doc) -> list[Term]:
        """The medicines in a tokenised text: exact spellings first, then close typos and Chinese sound-alikes."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)])
        terms = [Term(MEDICINE, s.label_, s.start_char, s.end_char, s.text) for s in spans]
        taken = {i for s in spans for i in range(s.start, s.end)}
        for token in doc:
            if token.i in taken:
                continue
            name = self.typo_of(token.lower_)
            if name:
                terms.append(Term(MEDICINE, name, token.idx, token.idx + len(token), token.text))
        spelled = (i for s in spans for i in range(s.start_char, s.end_char))
        for start, end, name in self.sounds.find(doc.text, spelled):
            terms.append(Term(MEDICINE, name, start, end, doc.text[start:end]))
        return sorted(terms, key=lambda t: t.start)

    def find(self, text: str) -> list[Term]:
        """The medicines named in a text."""
        return self.in_doc(self.nlp.make_doc(in_place(text)))

    def drug_class(self, name: str) -> str:
        """The class (anti_her2, chemotherapy, endocrine, cdk46, other) of a generic name."""
        return self.classes[name]

"""All medical terms of a message at once; no Rasa import, so the action server can use it.

terms = MedicalTerms.from_criteria().find("I'm 54 and never had Herceptin")
# [Term("age", 54, ...), Term("medicine", "trastuzumab", ...)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from criteria import load_lexicon
from understanding.language import languages, load_language
from understanding.normalise import in_place
from understanding.terms.age import AgeFinder
from understanding.terms.her2 import Her2Finder
from understanding.terms.medicines import MedicineFinder
from understanding.terms.pipeline import blank_english
from understanding.terms.receptors import ReceptorFinder
from understanding.terms.red_flags import RedFlagFinder
from understanding.terms.terms import Term

EVERY_LANGUAGE = "every_language"
MAX_CHARS = 2000  # as the gateway's limit and the answer interpreter's


def term_words(language: str = "en") -> dict[str, Any]:
    """A language's words, which the finders are built from (snapshotted into a model).

    Any language but English also gets the English words: Chinese patients copy report
    terms as the report prints them ("HER2 2+, FISH negative", "ER 90%+"). "every_language": the
    words of every language (a red flag is found whatever language the patient writes).
    """
    if language == EVERY_LANGUAGE:
        every: dict[str, Any] = {}
        for code in languages():
            every = merged(every, term_words(code))
        return every
    words = dict(load_language(language))
    return words if language == "en" else merged(words, load_language("en"))


def merged(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    """Two languages' words as one: lists joined (no repeats), mappings merged, the first's other values."""
    both: dict[str, Any] = dict(first)
    for key, value in second.items():
        mine = both.get(key)
        if key not in both:
            both[key] = value
        elif isinstance(mine, list) and isinstance(value, list):
            both[key] = mine + [v for v in value if v not in mine]
        elif isinstance(mine, Mapping) and isinstance(value, Mapping):
            both[key] = merged(mine, value)
    return both


class MedicalTerms:
    """Medicines, HER2 results, hormone receptors, ages and red flags in one pass."""

    def __init__(self, lexicon: Sequence[Mapping[str, Any]], words: Mapping[str, Any]) -> None:
        """`words`: a language's term words (`term_words`), e.g. from a model's snapshot."""
        self.nlp = blank_english()
        self._lexicon = tuple(lexicon)
        self.medicines = MedicineFinder(lexicon)
        self.red_flags = RedFlagFinder(words)
        self._finders = (
            self.medicines,
            Her2Finder(words),
            ReceptorFinder(words),
            AgeFinder(words),
            self.red_flags,
        )

    @classmethod
    def from_criteria(cls, language: str = "en") -> MedicalTerms:
        """Built from the one lexicon in criteria/ and that language's words."""
        return cls(load_lexicon(), term_words(language))

    def medicines_lexicon(self) -> tuple[Mapping[str, Any], ...]:
        """The lexicon entries this matcher was built from."""
        return self._lexicon

    def find(self, text: str) -> list[Term]:
        """Every term in the text's first MAX_CHARS characters, in reading order.

        A patient's answer is short (the gateway stops at 2,000 characters); a longer
        text straight at Rasa is read from its start, so 100 kB of garbage costs no
        more than an answer (the typo search looks at every long word).
        """
        text = text[:MAX_CHARS]
        doc = self.nlp.make_doc(in_place(text))  # "喘不過氣" read as "喘不过气"; offsets hold
        found = sorted((t for f in self._finders for t in f.in_doc(doc)), key=lambda t: (t.start, t.entity))
        return [replace(t, text=text[t.start : t.end]) for t in found]


@lru_cache(maxsize=1)
def medical_terms() -> MedicalTerms:
    """The shared instance, from criteria/ and every language's words (a red flag in any language)."""
    return MedicalTerms(load_lexicon(), term_words(EVERY_LANGUAGE))

"""A blank English spaCy pipeline whose tokenizer splits "+", "-" and "/" off words.

The default blank tokenizer keeps "ER+/PR+", "her2-" and "her-2" as single tokens
but splits "2+" and "HER2-low"; splitting the signs everywhere makes one set of
token patterns fit every spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from understanding.language import load_language
from understanding.text import alternation

_EXTRA_PREFIXES = (r"\+", r"-")
_EXTRA_SUFFIXES = (r"\+", r"-")
_EXTRA_INFIXES = (r"[+/]", r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The shared blank pipeline (no model download; tokenizer only)."""
    nlp = spacy.blank("en")
    after_number = rf"(?<=[0-9])(?:{alternation(load_language('en')['age']['suffixes'])})"  # "54yo": "54" "yo"
    defaults = nlp.Defaults
    prefixes, suffixes, infixes = defaults.prefixes or (), defaults.suffixes or (), defaults.infixes or ()
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex((*prefixes, *_EXTRA_PREFIXES)).search
    tokenizer.suffix_search = compile_suffix_regex((*suffixes, *_EXTRA_SUFFIXES, after_number)).search
    tokenizer.infix_finditer = compile_infix_regex((*infixes, *_EXTRA_INFIXES)).finditer
    return nlp


def triple_negative_patterns(words: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    """Token patterns for "triple negative" (any hyphen) and its one-word names ("TNBC")."""
    triple = words["triple_negative"]
    return [
        [{"LOWER": {"IN": triple["triple"]}}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": triple["negative"]}}],
        *([{"LOWER": phrase}] for phrase in triple["phrases"] if " " not in phrase),
    ]


class PatternFinder:
    """Token patterns over the shared blank pipeline: the longest matches, labelled by pattern."""

    def __init__(self, patterns: Mapping[str, list[list[dict[str, Any]]]]) -> None:
        self.nlp = blank_english()
        self.matcher = Matcher(self.nlp.vocab)
        for label, rules in patterns.items():
            self.matcher.add(label, rules)

    def spans(self, doc: Doc) -> list[Span]:
        """The longest non-overlapping matches in a tokenised text, each labelled with its pattern."""
        return list(filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]))

    def in_doc(self, doc: Doc) -> list[Any]:
        """The terms in a tokenised text (each finder says what it finds)."""
        raise NotImplementedError

    def find(self, text: str) -> list[Any]:
        """The terms in a text."""
        return self.in_doc(self.nlp.make_doc(text))

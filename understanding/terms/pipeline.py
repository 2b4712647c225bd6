"""A blank English spaCy pipeline whose tokenizer splits "+", "-", "/", brackets and Chinese off words.

The default blank tokenizer keeps "ER+/PR+", "her2-" and "her-2" as single tokens
but splits "2+" and "HER2-low"; splitting the signs everywhere makes one set of
token patterns fit every spelling. Chinese is written without spaces: every Chinese
character (and full-width sign) is a token of its own, so a Chinese phrase is a
sequence of one-character tokens ("赫 赛 汀") while the Latin report terms inside a
Chinese sentence ("我HER2(1+)") are tokenised as in English. One pipeline reads both
languages; no segmenter is needed to find terms, and character offsets stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from understanding.language import load_language
from understanding.normalise import in_place
from understanding.text import alternation

# One Chinese character, or a Chinese or full-width sign ("（", "，", "。").
_HAN = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_HAN_OR_OTHER = re.compile(rf"{_HAN}|(?:(?!{_HAN}).)+", re.DOTALL)
_EXTRA_PREFIXES = (r"\+", r"-", r"[:=](?=[A-Za-z])")  # "：HER2" after a Chinese character: ":" "HER2"
_EXTRA_SUFFIXES = (r"\+", r"-")
_EXTRA_INFIXES = (
    r"[+/()]",
    r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])",
    r"(?<=[)%+])[,;]",
    r"(?<=[0-9])%",  # "ER 90%+,PR 10%+": the % of "90%" off its number
    r"(?<=[0-9])[,;](?=[A-Za-z])",  # "54,HER2 1+" (Chinese "，" made ","): two tokens
    r"(?<=[A-Za-z)])[:=]",  # "ER:90%", "(FISH):HER2" (a report's label, Chinese "：" made ":")
    r"[:=](?=[0-3](?![0-9]))",  # "HER2:0", "HER-2:0" ("2:0"), but a time ("10:30") stays one token
)
# The tokenizer's emoticons that are a label and its score or a bracket and a colon in a report
# (":0", "=3", "（FISH）：HER2"): not kept whole.
_NOT_EMOTICONS = re.compile(r"[:=]-?[0-3]|\):")


class HanSplitting:
    """A tokenizer that makes each Chinese character a token and cuts the rest as English.

    "我HER2(1+)，54岁" is 我 HER2 ( 1 + ) ， 54 岁: the report terms inside Chinese are
    tokenised exactly as they would be alone; the tokens spell the text, so offsets hold.
    """

    def __init__(self, english: Any) -> None:
        self.english = english
        self.vocab = english.vocab

    def __call__(self, text: str) -> Doc:
        """The tokens of a text (English alone is cut by the English tokenizer as it was)."""
        if not re.search(_HAN, text):
            english: Doc = self.english(text)
            return english
        words: list[str] = []
        spaces: list[bool] = []
        for piece in _HAN_OR_OTHER.finditer(text):
            chunk = piece.group()
            if re.fullmatch(_HAN, chunk):
                words.append(chunk)
                spaces.append(False)
                continue
            if words and chunk.startswith(" "):  # one space after a character belongs to it
                spaces[-1], chunk = True, chunk[1:]
            for token in self.english(chunk):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return Doc(self.vocab, words=words, spaces=spaces)


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The shared blank pipeline (no model download; tokenizer only), for every language's terms."""
    nlp = spacy.blank("en")
    after_number = rf"(?<=[0-9])(?:{alternation(load_language('en')['age']['suffixes'])})"  # "54yo": "54" "yo"
    defaults = nlp.Defaults
    prefixes, suffixes, infixes = defaults.prefixes or (), defaults.suffixes or (), defaults.infixes or ()
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex((*prefixes, *_EXTRA_PREFIXES)).search
    tokenizer.suffix_search = compile_suffix_regex((*suffixes, *_EXTRA_SUFFIXES, after_number)).search
    tokenizer.infix_finditer = compile_infix_regex((*infixes, *_EXTRA_INFIXES)).finditer
    tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if not _NOT_EMOTICONS.fullmatch(k)}
    nlp.tokenizer = HanSplitting(tokenizer)
    return nlp


def tokens_of(phrase: str) -> list[str]:
    """A token phrase of a language file as tokens ("i 'm": i 'm; "我今年": 我 今 年).

    Its space-separated parts are the tokens; Chinese is cut one character a token.
    """
    found: list[str] = []
    for part in phrase.lower().split(" "):
        if re.search(_HAN, part):
            found += [t.lower_ for t in blank_english().make_doc(part)]
        elif part:
            found.append(part)
    return found


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
        return self.in_doc(self.nlp.make_doc(in_place(text)))

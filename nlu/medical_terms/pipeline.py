"""A blank English spaCy pipeline whose tokenizer splits "+", "-" and "/" off words.

The default blank tokenizer keeps "ER+/PR+", "her2-" and "her-2" as single tokens
but splits "2+" and "HER2-low"; splitting the signs everywhere makes one set of
token patterns fit every spelling.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

_EXTRA_PREFIXES = (r"\+", r"-")
_EXTRA_SUFFIXES = (r"\+", r"-", r"(?<=[0-9])(?:yo|yrs|yr)")
_EXTRA_INFIXES = (r"[+/]", r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The shared blank pipeline (no model download; tokenizer only)."""
    nlp = spacy.blank("en")
    defaults = nlp.Defaults
    prefixes, suffixes, infixes = defaults.prefixes or (), defaults.suffixes or (), defaults.infixes or ()
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex((*prefixes, *_EXTRA_PREFIXES)).search
    tokenizer.suffix_search = compile_suffix_regex((*suffixes, *_EXTRA_SUFFIXES)).search
    tokenizer.infix_finditer = compile_infix_regex((*infixes, *_EXTRA_INFIXES)).finditer
    return nlp

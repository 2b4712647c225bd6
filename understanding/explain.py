"""How an answer was read, in words for people: the phrase of a reader's code in a language."""

from __future__ import annotations

import re
from collections.abc import Mapping

from criteria import load_lexicon
from understanding.language import load_language


def _in_language(value: str, language: str) -> str:
    """A detail in the language: "yes" as its `how_values` word, a medicine by its name there."""
    words: Mapping[str, str] = load_language(language).get("how_values") or {}
    if value in words:
        return str(words[value])
    letters = str(load_language(language).get("script", {}).get("letters", ""))
    own = re.compile(f"[{letters}]") if letters else None
    for entry in load_lexicon() if own else ():
        if entry["name"] == value:
            names = [
                str(n) for n in entry.get("also", []) if own and any(ord(ch) > 127 and own.match(ch) for ch in str(n))
            ]
            return names[0] if names else value
    return value


def how_phrase(code: str, details: Mapping[str, str], language: str = "en") -> str:
    """The phrase for the code, filled in from the details; a code with no phrase is shown as it is.

    Readings stored before the codes (migration 0004) keep their English phrase as the code.
    """
    phrases: Mapping[str, str] = load_language(language).get("how") or {}
    phrase = phrases.get(code) or load_language("en").get("how", {}).get(code)
    if not phrase:
        return code
    try:
        return str(phrase).format_map({key: _in_language(str(value), language) for key, value in details.items()})
    except (KeyError, ValueError):
        return str(phrase)

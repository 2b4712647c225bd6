"""How an answer was read, in words for people: the phrase of a reader's code in a language."""

from __future__ import annotations

from collections.abc import Mapping

from understanding.language import load_language


def how_phrase(code: str, details: Mapping[str, str], language: str = "en") -> str:
    """The phrase for the code, filled in from the details; a code with no phrase is shown as it is.

    Readings stored before the codes (migration 0004) keep their English phrase as the code.
    """
    phrases: Mapping[str, str] = load_language(language).get("how") or {}
    phrase = phrases.get(code) or load_language("en").get("how", {}).get(code)
    if not phrase:
        return code
    try:
        return str(phrase).format_map(dict(details))
    except (KeyError, ValueError):
        return str(phrase)

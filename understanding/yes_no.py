"""Yes or no at a yes/no prompt: a message that opens with a plain yes or no is one.

At the consent, summary, contact-offer, read-back and erasure prompts the patient's
"yes, you can give them my details" is a yes, whatever the intent classifier made of
it; "yes... actually no", "yes I'm not sure" and "no wait, yes" are neither, and
neither are "yesterday", "not yet", "nobody told me" or "no idea" (never guess).
The words are in the language file (`prompt_answers`); this module holds the logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Mapping, Sequence

from understanding.cues import Cues, cues_for
from understanding.language import load_language
from understanding.normalise import normalise
from understanding.text import alternation, find, has, is_question, negated_before, not_in_language, says_only

Answer = Literal["yes", "no"]
YES: Answer = "yes"
NO: Answer = "no"
# The prompts that ask yes or no (the keys of `prompt_answers.against` name some of them).
PROMPTS = ("consent", "summary", "contact_offer", "contact_confirm", "erasure")


@dataclass(frozen=True)
class PromptWords:
    """One language's words for answers at a yes/no prompt, normalised."""

    openers: Mapping[str, tuple[str, ...]]
    doubt: tuple[str, ...]
    turn_to_yes: tuple[str, ...]
    against: Mapping[str, Mapping[str, tuple[str, ...]]]


def _normalised(items: Sequence[object], language: str) -> tuple[str, ...]:
    return tuple(normalise(str(w), language) for w in items)


@lru_cache(maxsize=8)
def prompt_words(language: str = "en") -> PromptWords:
    """The `prompt_answers` words of a language (cached)."""
    raw = load_language(language)["prompt_answers"]
    against = {
        prompt: {answer: _normalised(words, language) for answer, words in by_answer.items()}
        for prompt, by_answer in (raw.get("against") or {}).items()
    }
    return PromptWords(
        openers={YES: _normalised(raw["yes_openers"], language), NO: _normalised(raw["no_openers"], language)},
        doubt=_normalised(raw["doubt"], language),
        turn_to_yes=_normalised(raw["turn_to_yes"], language),
        against=against,
    )


def opener(text: str, words: PromptWords) -> tuple[Answer, str] | None:
    """The yes or no the normalised text opens with, and the rest of the text; None without one."""
    for answer in (YES, NO):
        pattern = rf"^\s*(?:{alternation(sorted(words.openers[answer], key=len, reverse=True))})(?![\w'])"
        found = re.match(pattern, text)
        if found:
            return answer, text[found.end() :]
    return None


def _against(answer: Answer, cues: Cues, words: PromptWords) -> tuple[str, ...]:
    """What, after an opening yes or no, turns it around or doubts it, at any prompt."""
    if answer == YES:
        return cues.no + cues.decline + cues.negation + cues.unsure + words.doubt
    return cues.yes + words.turn_to_yes + cues.unsure + words.doubt


def _against_here(rest: str, answer: Answer, prompt: str | None, cues: Cues, words: PromptWords) -> bool:
    """True when the rest names, not negated, what goes against this answer at this prompt only."""
    phrases = (words.against.get(prompt or "") or {}).get(answer) or ()
    return any(not negated_before(rest, start, cues) for start, _end, _p in find(rest, phrases))


def prompt_answer(text: str, prompt: str | None = None, language: str = "en") -> Answer | None:
    """'yes' or 'no' when the message says it plainly at a yes/no prompt; None otherwise.

    Plain: only a yes (or no) and filler ("ok", "go ahead"); or it opens with a yes or
    no word and nothing after it doubts it, turns it around, asks a question, or (at
    this `prompt`) names what goes against it.
    """
    cues = cues_for(language)
    said = normalise(text, language)
    if not said or not_in_language(said, language) or has(said, cues.unsure):
        return None
    words = prompt_words(language)
    for answer, wanted, contrary in (
        (YES, cues.yes + cues.agree, cues.no + cues.decline),
        (NO, cues.no + cues.decline, cues.yes + cues.agree),
    ):
        if says_only(said, cues, wanted, contrary) and not _against_here(said, answer, prompt, cues, words):
            return answer
    opened = opener(said, words)
    if opened is None:
        return None
    answer, rest = opened
    rest = rest.strip(" ,.!;:-")
    if "?" in rest or (rest and is_question(rest, cues)):
        return None
    if has(rest, _against(answer, cues, words)) or _against_here(rest, answer, prompt, cues, words):
        return None
    return answer

"""Who the answers are about: the patient themselves, or a person a caregiver asks for.

A caregiver says "she's 67" or "my mum's ER was positive". The readers read the
patient's own words ("I'm 67"), and treat what is said about anyone else as someone
else's history. So, once the subject is known, the subject's words are put in the
first person (`as_the_patient`) before any reader sees them: "her sister had chemo"
becomes "my sister had chemo", which is still someone else's history, while "my
sister had chemo", said for one's sister, becomes "I had chemo". The words are the
language file's (`caregiver:` in understanding/languages/<code>.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

from criteria import load_lexicon
from understanding.cues import cues_for
from understanding.language import load_language
from understanding.normalise import normalise
from understanding.text import EDGE_AFTER, EDGE_BEFORE, alternation, find, has, has_segmenter

SELF = "self"  # the patient answers for themselves
SOMEONE = "someone_unnamed"  # someone else, who is not named yet


@dataclass(frozen=True)
class _Words:
    """One language's caregiver words, normalised."""

    relations: Mapping[str, tuple[str, ...]]  # relation code -> words
    possessives: tuple[str, ...]
    others_possessives: tuple[str, ...]
    for_someone: tuple[str, ...]
    someone_else: tuple[str, ...]
    for_self: tuple[str, ...]
    pronouns: tuple[str, ...]
    not_pronouns: tuple[str, ...]  # words holding a pronoun that are none ("他莫昔芬")
    stands_for: str
    first_person: tuple[tuple[re.Pattern[str], str], ...]
    ending: str
    owned: tuple[str, ...]  # a relation with a possessive before it ("我妈妈", "my mum")


@lru_cache(maxsize=8)
def _words(language: str) -> _Words:
    raw = load_language(language)["caregiver"]

    def norm(items: list[str]) -> tuple[str, ...]:
        return tuple(normalise(str(w), language) for w in items)

    pronouns = norm(raw["pronouns"])
    names = norm([w for entry in load_lexicon() for w in [entry["name"], *entry.get("also", [])]])
    # Medicine names that hold a pronoun are none ("多西他赛" is docetaxel, "卡培他滨" capecitabine).
    named = tuple(n for n in names if has(n, pronouns))

    relations = {str(code): norm(words) for code, words in raw["relations"].items()}
    possessives = norm(raw["possessives"])
    joint = "" if has_segmenter(cues_for(language)) else " "  # "我妈妈", but "my mum"
    return _Words(
        relations=relations,
        possessives=possessives,
        others_possessives=norm(raw["others_possessives"]),
        for_someone=norm(raw["for_someone"]),
        someone_else=norm(raw["someone_else"]),
        for_self=norm(raw["for_self"]),
        pronouns=pronouns,
        not_pronouns=tuple(dict.fromkeys([*norm(raw.get("not_pronouns") or []), *named])),
        stands_for=normalise(str(raw["stands_for"]), language),
        first_person=tuple(
            (re.compile(rf"{EDGE_BEFORE}{re.escape(normalise(a, language))}{EDGE_AFTER}"), normalise(b, language))
            for a, b in raw["first_person"]
        ),
        ending=str(raw["possessive_ending"]),
        owned=tuple(
            f"{own}{joint}{said}" for own in possessives for said_all in relations.values() for said in said_all
        ),
    )


def relations(language: str = "en") -> tuple[str, ...]:
    """The relation codes the language's words name."""
    return tuple(_words(language).relations)


def _named(text: str, words: _Words) -> set[str]:
    """The relation codes whose words the text holds ("mother in law" is not "mother")."""
    code_of = {w: code for code, said in words.relations.items() for w in said}
    return {code_of[phrase] for _start, _end, phrase in find(text, code_of)}


def _says_self(text: str, words: _Words) -> bool:
    """True when a for-self phrase stands apart from a person named ("是我" in "是我妈妈" is no "me")."""
    taken = [(start, end) for start, end, _phrase in find(text, words.owned)]
    return any(
        not any(start < t_end and t_start < end for t_start, t_end in taken)
        for phrase in words.for_self  # each apart: "和我" must not hide "我和"
        for start, end, _phrase in find(text, [phrase])
    )


def read_relation(text: str, language: str = "en") -> str | None:
    """The answer to "who are the answers about?": SELF, a relation code, or None when unclear.

    "my mum" is mother; "me" and "myself" are SELF; "not sure", "my mum or my
    dad" and "me and my mum" are unclear, so the question is asked again.
    """
    text = normalise(text, language)
    words = _words(language)
    if not text or has(text, cues_for(language).unsure):
        return None
    named = _named(text, words)
    said_self = _says_self(text, words) and not has(text, words.someone_else)
    if said_self and not named:
        return SELF
    if len(named) == 1 and not said_self:
        return named.pop()
    return None


def _relation_after(text: str, cues: tuple[str, ...], words: _Words) -> str | None:
    """The one relation named right after one of the cues ("asking for my mum": mother)."""
    found = set()
    for _start, end, _cue in find(text, cues):
        after = " ".join(text[end:].split()[:4])
        found |= _named(after, words)
    return found.pop() if len(found) == 1 else (SOMEONE if found else None)


def for_someone_else(text: str, language: str = "en") -> str | None:
    """Whether a message says it is about someone else; if so, whom (a code, or SOMEONE).

    "I'm asking for my mother" is mother; "my mum's ER was positive", "on behalf
    of a relative", "she's 67" and "her HER2 was 2+" are SOMEONE: the patient is
    asked whom (a patient may speak of a relative's report). "my sister had Herceptin" is None: another person's
    history, said by a patient.
    """
    text = normalise(text, language)
    words = _words(language)
    relation = _relation_after(text, words.for_someone, words)
    if relation:
        return relation
    owned = alternation(words.possessives)
    everyone = alternation(w for said in words.relations.values() for w in said)
    gap = cues_for(language).script.gap
    if re.search(rf"{EDGE_BEFORE}(?:{owned}){gap}(?:{everyone}){re.escape(words.ending)}", text):
        return SOMEONE  # "my mum's ER": whose answers these are is asked, not guessed
    if has(text, words.someone_else) or has(_outside(text, words.not_pronouns, lambda part: part), words.pronouns):
        return SOMEONE
    return None


def as_the_patient(text: str, subject: str | None, language: str = "en") -> str:
    """The normalised text with the subject's words in the first person, as the readers read the patient's.

    For SELF (or no subject) the text is unchanged. "my mum's er was positive",
    for one's mother, reads "my er was positive"; "he's 58" reads "i'm 58";
    "her sister had chemo" reads "my sister had chemo" (still someone else).
    """
    words = _words(language)
    if not subject or subject == SELF:
        return text
    said = words.relations.get(subject, ())
    if said:
        before = alternation(words.possessives + words.others_possessives)
        gap = cues_for(language).script.gap
        pattern = re.compile(
            rf"{EDGE_BEFORE}(?:(?P<owner>{before}){gap})?(?P<who>{alternation(sorted(said, key=len, reverse=True))})"
            rf"(?P<ending>{re.escape(words.ending)})?{EDGE_AFTER}"
        )

        def replace(m: re.Match[str]) -> str:
            if m.group("owner") and m.group("owner") not in words.possessives:
                return m.group(0)  # "her sister": someone else's
            return words.possessives[0] if m.group("ending") else words.stands_for

        text = pattern.sub(replace, text)

    def first_person(part: str) -> str:
        for pattern_, first in words.first_person:
            part = pattern_.sub(first, part)
        return part

    return _outside(text, words.not_pronouns, first_person, keep=True)


def _outside(text: str, words: tuple[str, ...], change: Callable[[str], str], keep: bool = False) -> str:
    """The text with `change` applied to what lies outside the words; the words kept, or made " " each."""
    if not words:
        return change(text)
    parts = re.split(f"({alternation(sorted(words, key=len, reverse=True))})", text)
    return "".join(change(part) if n % 2 == 0 else (part if keep else " ") for n, part in enumerate(parts))

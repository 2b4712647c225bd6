"""Low-level text helpers: normalising, clauses, phrase search, negation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from understanding.language import load_language


@dataclass(frozen=True)
class Cues:
    """The cue words of one language (see understanding/languages/<code>.yml)."""

    yes: tuple[str, ...]
    plain_yes: tuple[str, ...]
    no: tuple[str, ...]
    unsure: tuple[str, ...]
    negation: tuple[str, ...]
    answer_words: tuple[str, ...]
    answer_followers: tuple[str, ...]
    why: tuple[str, ...]
    agree: tuple[str, ...]
    decline: tuple[str, ...]
    hello: tuple[str, ...]
    restart: tuple[str, ...]
    erase: tuple[str, ...]
    change: tuple[str, ...]
    person: tuple[str, ...]
    thanks: tuple[str, ...]
    bye: tuple[str, ...]
    hypothetical: tuple[str, ...]
    cancelling: tuple[str, ...]
    persisting: tuple[str, ...]
    filler: tuple[str, ...]
    others: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    time_words: tuple[str, ...]
    recurrence: tuple[str, ...]
    until: tuple[str, ...]
    not_since: tuple[str, ...]
    chemo: tuple[str, ...]
    numbers: Mapping[str, int]


@lru_cache(maxsize=4)
def cues_for(language: str = "en") -> Cues:
    """Load the cue words for a language (cached)."""
    raw: Mapping[str, Any] = load_language(language)
    lists = {
        k: tuple(w if k == "clause_breaks" else normalise(str(w)) for w in raw[k])
        for k in Cues.__dataclass_fields__
        if k != "numbers"
    }
    return Cues(numbers=dict(raw["numbers"]), **lists)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, single spaces, HER2 spelled one way."""
    text = text.translate(_APOSTROPHES).lower()
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # "non-amplified" -> "non amplified"
    text = re.sub(r"\bher[\s-]?(2|two)\b", "her2", text)
    text = re.sub(r"\bcan not\b", "cannot", text)
    text = re.sub(r"\b(can|don|didn|doesn|isn|wasn|haven|hasn|won|couldn|wouldn|shouldn|aren|weren)t\b", r"\1't", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=2048)
def _pattern(phrase: str) -> re.Pattern[str]:
    start = r"(?<![\w])" if phrase[:1].isalnum() else ""
    end = r"(?![\w])" if phrase[-1:].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end)


def find(text: str, phrases: Iterable[str]) -> list[tuple[int, int, str]]:
    """Whole-word matches of the phrases, longest first, never overlapping."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        for m in _pattern(phrase).finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                found.append((m.start(), m.end(), phrase))
                taken.append((m.start(), m.end()))
    return sorted(found)


def has(text: str, phrases: Iterable[str]) -> bool:
    """True when any phrase occurs as whole words."""
    return any(_pattern(p).search(text) for p in phrases)


def clauses(text: str, cues: Cues) -> list[str]:
    """Split a normalised message into clauses at commas, 'but' and the like."""
    parts = [text]
    for brk in cues.clause_breaks:
        parts = [piece for part in parts for piece in part.split(brk)]
    return [p.strip() for p in parts if p.strip()]


def without_opening_answer(clause: str, cues: Cues) -> str:
    """The clause without an opening yes or no that answers the question.

    "no it is shrinking" answers no and then says it shrinks: the "no" negates
    nothing after it. "no brain mets" is left as it is.
    """
    words = "|".join(re.escape(w) for w in cues.answer_words)
    followers = "|".join(re.escape(w) for w in cues.answer_followers)
    return re.sub(rf"^\s*(?:{words})\s+(?=(?:{followers})(?![\w']))", "", clause)


def negated_before(clause: str, start: int, cues: Cues) -> bool:
    """True when a negation word stands before position `start` in the clause."""
    return has(without_opening_answer(clause[:start], cues), cues.negation)


def about_someone_else(clause: str, cues: Cues) -> bool:
    """True when the clause speaks of a relative or friend, not the patient."""
    return has(clause, cues.others)


def own_clauses(text: str, cues: Cues) -> list[str]:
    """The clauses that are about the patient (not about family or friends)."""
    return [c for c in clauses(text, cues) if not about_someone_else(c, cues)]


def topic_clauses(text: str, cues: Cues, mentions: Callable[[str], bool]) -> str:
    """The patient's own clauses on one topic, joined; all of them when no clause is on it.

    In "my her2 was 1+, I'm 54 and never had herceptin" the "never" is about
    another question. Short clauses ("no", "not sure") always stay: they may be
    about the topic ("HER2 positive? no").
    """
    own = own_clauses(text, cues)
    kept = [c for c in own if mentions(c) or len(c.split()) < 3]
    return " , ".join(kept if any(mentions(c) for c in kept) else own)


def polarity(text: str, cues: Cues) -> str | None:
    """'not_sure', 'yes' or 'no' when the patient's own words say so clearly."""
    if has(text, cues.unsure):
        return "not_sure"
    own = " , ".join(own_clauses(text, cues))
    kinds = {("yes" if p in cues.yes else "no") for _, _, p in find(own, cues.yes + cues.no)}
    if len(kinds) == 1:
        return kinds.pop()
    return None


def phrases_of(says: Mapping[str, Sequence[str]], language: str) -> list[str]:
    """The 'says' phrases of an option for a language (English as fallback)."""
    return [normalise(p) for p in (says.get(language) or says.get("en") or [])]


_QUESTION_START = re.compile(
    r"^(what|what's|whats|why|how|who|where|when|which|is|are|does|do|can|could|should|would|will)\b"
)


def is_question(text: str) -> bool:
    """True when the patient asks something ("Herceptin?", "what is FISH")."""
    return text.rstrip().endswith("?") or bool(_QUESTION_START.match(text))


def not_in_language(text: str, language: str) -> bool:
    """True when an English message holds letters of another script or accent ("no sé", "我")."""
    return language == "en" and any(ch.isalpha() and ord(ch) > 127 for ch in text)


def bare_polarity(text: str, cues: Cues) -> str | None:
    """'yes' or 'no' only when the message says nothing else ("nope, never had it").

    "I haven't had a scan" holds a no, but also other words: it is not a bare no.
    """
    said = polarity(text, cues)
    if said not in ("yes", "no"):
        return None
    rest = " , ".join(own_clauses(text, cues))
    for _start, _end, phrase in find(rest, cues.yes + cues.no):
        rest = re.sub(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", " ", rest, count=1)
    words = re.findall(r"[a-z0-9']+", rest)
    return said if all(w in cues.filler for w in words) else None


def hedged_before(clause: str, start: int, cues: Cues) -> bool:
    """True when the mention is only offered or planned ("they offered Herceptin")."""
    return has(clause[:start], cues.hypothetical)


def cancelled_after(clause: str, end: int, cues: Cues) -> bool:
    """True when words after the mention say it does not apply ("brain scan was clear").

    "not under control" and the like say the opposite: the problem is still there.
    """
    rest = clause[end:]
    for _start, _end, phrase in find(rest, cues.persisting):
        rest = re.sub(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", " ", rest, count=1)
    return has(rest, cues.cancelling)


MAX_REMARK_WORDS = 4
NOT_A_REMARK = ("no", "not", "never")  # alone after a comma, these may deny or affirm: "hepatitis, never treated"


def cancelling_remark(clause: str, cues: Cues) -> bool:
    """True for a short clause that only says the mention before it does not apply.

    In "hepatitis, well controlled now" the comma cuts "well controlled now" off
    the hepatitis; as a clause of its own it still cancels it. "not well
    controlled" and the like say the problem is still there, and do not.
    """
    if len(clause.split()) > MAX_REMARK_WORDS or find(clause, cues.persisting) or has(clause, NOT_A_REMARK):
        return False
    return has(clause, cues.cancelling)


def is_payload(text: str, payload: str) -> bool:
    """True for a button's payload, with or without its entities ("/restart_x" is another one)."""
    text = text.strip()
    return text == payload or text.startswith(payload + "{")


def says_only(text: str, cues: Cues, wanted: tuple[str, ...], against: tuple[str, ...] = ()) -> bool:
    """True when the message holds a wanted phrase, none against it, and only filler besides."""
    text = normalise(text)
    if not text or not_in_language(text, "en") or not has(text, wanted):
        return False
    if find(text, against) and not set(p for _s, _e, p in find(text, wanted + against)) <= set(wanted):
        return False
    rest = text
    for _start, _end, phrase in find(text, wanted + cues.filler):
        rest = re.sub(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", " ", rest, count=1)
    return not re.findall(r"[a-z0-9]+", rest)

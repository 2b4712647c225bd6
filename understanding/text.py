"""Low-level text helpers: normalising, clauses, phrase search, negation, words.

Nothing here names a word of any language: the words come from the language's data
file (`Cues`, understanding/languages/<code>.yml). Phrase search is on whole words in
scripts written with spaces; a phrase that starts or ends with a character of a script
written without spaces (Chinese, Japanese, Thai) matches inside a run of text, and
such a script's words are cut by the segmenter its data file names.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from understanding.cues import cues_for
from understanding.language import Segmenter, registered, segmenter
from understanding.normalise import normalise
from understanding.startup import prepare

if TYPE_CHECKING:
    from understanding.cues import Cues

_LOG = logging.getLogger(__name__)
# Scripts written without spaces between words: no word boundary is looked for there.
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_CHAR = f"[^\\W{_UNSPACED}]"  # a letter or digit of a script written with spaces
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# Word edges for patterns that must work in every script: no letter, digit or apostrophe of a
# script written with spaces just before (or after); a Chinese character is no obstacle.
EDGE_BEFORE = f"(?<!{_WORD_CHAR})(?<!')"
EDGE_AFTER = f"(?!{_WORD_CHAR})(?!')"


def _bounded(phrase: str, also: str = "") -> str:
    """The phrase as a pattern on whole words (`also`: more characters a word may hold)."""
    needs = [ch.isalnum() and not _UNSPACED_CHAR.match(ch) for ch in (phrase[:1], phrase[-1:])]
    word = f"(?:{_WORD_CHAR}|[{also}])" if also else _WORD_CHAR
    start = f"(?<!{word})" if needs[0] else ""
    end = f"(?!{word})" if needs[1] else ""
    return start + re.escape(phrase) + end


def words_alternation(phrases: Iterable[str]) -> str:
    """The phrases as an alternation of whole words, longest first (no boundary at a Chinese edge)."""
    return "(?:" + "|".join(_bounded(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


@lru_cache(maxsize=2048)
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(_bounded(phrase))


def _without(text: str, phrase: str) -> str:
    """The text with the first whole-word occurrence of the phrase blanked out."""
    return re.sub(_bounded(phrase, also="'"), " ", text, count=1)


def without_phrases(text: str, phrases: Iterable[str]) -> str:
    """The text with every whole-word occurrence of the phrases blanked out (longest first)."""
    rest = text
    for _start, _end, phrase in find(text, phrases):
        rest = _without(rest, phrase)
    return rest


def has_segmenter(cues: Cues) -> bool:
    """True for a script written without spaces, whose words a segmenter cuts (Chinese)."""
    return _segmenter(cues) is not None


def _segmenter(cues: Cues) -> Segmenter | None:
    """The language's segmenter; one not registered at start-up is registered now (with a warning)."""
    if not registered(cues.script.segmenter):
        _LOG.warning("segmenter %r not registered at start-up: registering it now", cues.script.segmenter)
        prepare()
    return segmenter(cues.script.segmenter)


def words(text: str, cues: Cues) -> list[str]:
    """The words of a text: by the language's word pattern, or by its segmenter."""
    cut = _segmenter(cues)
    if cut is None:
        return re.findall(cues.script.word, text)
    return [w for w in cut(text) if any(ch.isalnum() for ch in w)]  # a segmenter returns punctuation too


def word_count(text: str, cues: Cues) -> int:
    """How many words a text holds (space-separated, or as the segmenter cuts them)."""
    cut = _segmenter(cues)
    return len(text.split()) if cut is None else len(words(text, cues))


def alternation(phrases: Iterable[str]) -> str:
    """The phrases as a regular-expression alternation, in the order given."""
    return "|".join(re.escape(p) for p in phrases)


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
    answers = "|".join(re.escape(w) for w in cues.answer_words)
    followers = "|".join(re.escape(w) for w in cues.answer_followers)
    return re.sub(rf"^\s*(?:{answers})\s+(?=(?:{followers})(?![\w']))", "", clause)


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
    kept = [c for c in own if mentions(c) or word_count(c, cues) < 3]
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
    return [normalise(p, language) for p in (says.get(language) or says.get("en") or [])]


def is_question(text: str, cues: Cues) -> bool:
    """True when the patient asks something ("Herceptin?", "what is FISH", "赫赛莱是什么", "低表达还是阳性啊")."""
    end = text.rstrip(" .!~")
    return (
        end.endswith("?")
        or any(_pattern(w).match(text) for w in cues.question_start)
        or any(end.endswith(w) for w in cues.question_end)
        or (has(text, cues.alternatives) and any(end.endswith(w) for w in cues.alternative_ends))
    )


def not_in_language(text: str, language: str) -> bool:
    """True when the message holds letters the language does not use ("no sé", "我" in English)."""
    letters = cues_for(language).script.letters
    return bool(letters) and any(ch.isalpha() and not re.match(f"[{letters}]", ch) for ch in text)


def bare_polarity(text: str, cues: Cues) -> str | None:
    """'yes' or 'no' only when the message says nothing else ("nope, never had it").

    "I haven't had a scan" holds a no, but also other words: it is not a bare no.
    """
    said = polarity(text, cues)
    if said not in ("yes", "no"):
        return None
    own = " , ".join(own_clauses(text, cues))
    rest = without_phrases(own, cues.yes + cues.no)
    if all(w in cues.filler for w in words(rest, cues)):
        return said
    # Cut into words first: "没有过敏" is 没有 过敏, though the no-phrase "没有过" is longer.
    return said if all(w in cues.filler or w in cues.yes or w in cues.no for w in words(own, cues)) else None


def hedged_before(clause: str, start: int, cues: Cues) -> bool:
    """True when the mention is only offered or planned ("they offered Herceptin")."""
    return has(clause[:start], cues.hypothetical)


def cancelled_after(clause: str, end: int, cues: Cues) -> bool:
    """True when words after the mention say it does not apply ("brain scan was clear").

    "not under control" and the like say the opposite: the problem is still there.
    """
    rest = clause[end:]
    for _start, _end, phrase in find(rest, cues.persisting):
        rest = _without(rest, phrase)
    return has(rest, cues.cancelling)


MAX_REMARK_WORDS = 4


def cancelling_remark(clause: str, cues: Cues) -> bool:
    """True for a short clause that only says the mention before it does not apply.

    In "hepatitis, well controlled now" the comma cuts "well controlled now" off
    the hepatitis; as a clause of its own it still cancels it. "not well
    controlled" and the like say the problem is still there, and do not.
    """
    if word_count(clause, cues) > MAX_REMARK_WORDS or find(clause, cues.persisting) or has(clause, cues.not_a_remark):
        return False
    return has(clause, cues.cancelling)


def is_payload(text: str, payload: str) -> bool:
    """True for a button's payload, with or without its entities ("/restart_x" is another one)."""
    text = text.strip()
    return text == payload or text.startswith(payload + "{")


def says_only(text: str, cues: Cues, wanted: tuple[str, ...], against: tuple[str, ...] = ()) -> bool:
    """True when the message holds a wanted phrase, none against it, and only filler besides."""
    text = normalise(text, cues.language)
    if not text or not_in_language(text, cues.language) or not has(text, wanted):
        return False
    if find(text, against) and not set(p for _s, _e, p in find(text, wanted + against)) <= set(wanted):
        return False
    rest = without_phrases(text, wanted + cues.filler)
    return not any(any(ch.isalnum() for ch in w) for w in words(rest, cues))

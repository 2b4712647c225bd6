"""Find medicines in patient text (lexicon from criteria/) and read anti-HER2 history."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from actions.interpretation.reading import Reading, not_sure
from actions.interpretation.text import (
    Cues,
    clauses,
    cues_for,
    find,
    has,
    negated_before,
    own_clauses,
    polarity,
)
from criteria import Question, load_lexicon

# Words for HER2-targeted treatment in general, beyond named medicines.
HER2_THERAPY_WORDS = (
    "anti-her2",
    "anti her2",
    "her2 therapy",
    "her2 medicine",
    "her2 drug",
    "her2 targeted",
    "her2-targeted",
    "targeted her2",
    "her2 treatment",
)
ONLY_WORDS = ("only", "just", "nothing but")


@dataclass(frozen=True)
class Mention:
    """A medicine named in the text."""

    name: str  # canonical generic name
    drug_class: str
    said: str  # the words the patient used
    negated: bool
    unsure: bool


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    """Every spelling (lower case) -> (generic name, class)."""
    names: dict[str, tuple[str, str]] = {}
    for entry in load_lexicon():
        for spelling in [entry["name"], *entry.get("also", [])]:
            names[str(spelling).lower()] = (entry["name"], entry["class"])
    return names


def _fuzzy(token: str) -> str | None:
    """The one lexicon spelling a long, unknown word is a typo of, if any."""
    if len(token) < 6:
        return None
    single = [n for n in _names() if " " not in n and len(n) >= 6]
    close = difflib.get_close_matches(token, single, n=2, cutoff=0.84)
    if len(close) == 1 or (len(close) == 2 and _names()[close[0]] == _names()[close[1]]):
        return close[0]
    return None


def find_medicines(clause: str, cues: Cues) -> list[Mention]:
    """Medicines named in one clause, exact spellings first, then close typos."""
    mentions: list[Mention] = []
    unsure = has(clause, cues.unsure)
    spans = find(clause, _names())
    for start, _end, spelling in spans:
        name, drug_class = _names()[spelling]
        negated = negated_before(clause, start, cues)
        mentions.append(Mention(name, drug_class, spelling, negated, unsure))
    for m in re.finditer(r"[a-z][a-z0-9-]{5,}", clause):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        typo_of = _fuzzy(m.group())
        if typo_of:
            name, drug_class = _names()[typo_of]
            negated = negated_before(clause, m.start(), cues)
            mentions.append(Mention(name, drug_class, m.group(), negated, unsure))
    return mentions


def read_anti_her2(question: Question, text: str, language: str) -> Reading | None:
    """Ever had an anti-HER2 medicine? Named medicines decide; doubt is 'not sure'.

    "I had Herceptin in 2019" is yes; "never had herceptin" is no; "my sister
    had Herceptin" says nothing about the patient; "not sure if I had Kadcyla"
    is not sure; "only tamoxifen" is no; "yes, tamoxifen" is unclear.
    """
    cues = cues_for(language)
    mentions = [m for c in own_clauses(text, cues) for m in find_medicines(c, cues)]
    for clause in own_clauses(text, cues):
        for start, _end, _p in find(clause, HER2_THERAPY_WORDS):
            mentions.append(Mention("HER2 therapy", "anti_her2", _p, negated_before(clause, start, cues), False))
    her2 = [m for m in mentions if m.drug_class == "anti_her2"]
    said = tuple(m.said for m in mentions)
    if any(m.unsure for m in her2) or has(text, cues.unsure):
        return not_sure(question)
    affirmed = [m for m in her2 if not m.negated]
    if affirmed:
        return Reading({question.id: "yes"}, f"named {affirmed[0].name}", said)
    if her2:
        return Reading({question.id: "no"}, f"said never had {her2[0].name}", said)
    said_yes_no = polarity(text, cues)
    others = [m for m in mentions if not m.negated]
    if others:
        if said_yes_no == "no" or has(text, ONLY_WORDS):
            return Reading({question.id: "no"}, "named only non-HER2 medicines", said)
        return None  # e.g. "yes, tamoxifen": tamoxifen is not a HER2 medicine
    if said_yes_no in ("yes", "no"):
        return Reading({question.id: said_yes_no}, f"said {said_yes_no}")
    return None


def in_clauses(text: str, cues: Cues) -> list[tuple[str, list[Mention]]]:
    """Each of the patient's own clauses with the medicines it names."""
    return [(c, find_medicines(c, cues)) for c in clauses(text, cues) if c in own_clauses(c, cues)]

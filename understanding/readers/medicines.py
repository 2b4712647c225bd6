"""Find medicines in patient text (lexicon from criteria/) and read anti-HER2 history."""

from __future__ import annotations

from dataclasses import dataclass

from criteria import Question
from understanding.cues import Cues, cues_for
from understanding.reading import Reading, not_sure
from understanding.terms.matcher import medical_terms
from understanding.text import bare_polarity, find, has, hedged_before, negated_before, own_clauses, polarity

AFFIRMED, NEGATED, HEDGED = "affirmed", "negated", "hedged"
# A no after the mention that is more than a plain no ("赫赛汀用了没多久"): not taken either way.
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Mention:
    """A medicine (or a word for a kind of treatment) named in one clause."""

    name: str  # canonical generic name
    drug_class: str
    said: str  # the words the patient used
    state: str  # affirmed | negated | hedged


def _state(clause: str, start: int, end: int, cues: Cues) -> str:
    """Negated, hedged or affirmed by the words before the mention, or by a no right after it.

    Chinese puts the no after the medicine ("赫赛汀没用过", "herceptin - never had it"):
    the words after it, up to the next mention (`end` to the clause's end), decide too.
    """
    if negated_before(clause, start, cues):
        return NEGATED
    if hedged_before(clause, start, cues):
        return HEDGED
    after = clause[end:]
    if bare_polarity(after, cues) == "no":
        return NEGATED
    if has(after, cues.negation) or polarity(after, cues) == "no":
        return UNCLEAR
    return AFFIRMED


def find_medicines(clause: str, cues: Cues) -> list[Mention]:
    """Medicines named in one clause (the NLU's medicine finder), plus 'chemo' and 'HER2 therapy'."""
    finder = medical_terms().medicines
    named = finder.find(clause)
    spans = [(t.start, t.end) for t in named]
    found = [(t.start, t.end, str(t.value), finder.drug_class(str(t.value)), t.text) for t in named]
    found += [(start, end, "HER2 therapy", "anti_her2", words) for start, end, words in find(clause, cues.her2_therapy)]
    found += [
        (start, end, "chemotherapy", "chemotherapy", words)
        for start, end, words in find(clause, cues.chemo)
        if not any(s <= start < e for s, e in spans)
    ]
    starts = sorted(start for start, *_rest in found)
    mentions: list[Mention] = []
    for start, end, name, drug_class, words in found:
        until = next((s for s in starts if s >= end), len(clause))  # the words up to the next mention
        mentions.append(Mention(name, drug_class, words, _state(clause[:until], start, end, cues)))
    return mentions


def read_anti_her2(question: Question, text: str, language: str) -> Reading | None:
    """Ever had an anti-HER2 medicine? Named medicines decide; doubt is 'not sure'.

    "I had Herceptin in 2019" is yes; "never had herceptin", "赫赛汀没用过" and "I refused
    Herceptin" are no; "my sister had Herceptin" says nothing about the patient;
    "not sure if I had Kadcyla" is not sure; "they offered Herceptin",
    "trastuzumab? no" and "yes, tamoxifen" are unclear; "only tamoxifen" is no.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    clauses = own_clauses(text, cues)
    by_clause = [(c, find_medicines(c, cues)) for c in clauses]
    mentions = [m for _c, found in by_clause for m in found]
    said = tuple(m.said for m in mentions)
    her2 = [m for m in mentions if m.drug_class == "anti_her2"]
    if any(m.state == UNCLEAR for m in her2):
        return None
    if any(m.state == HEDGED for m in her2):
        if not any(m.state == AFFIRMED for m in her2) and _then_said_no(by_clause, cues):
            return Reading({question.id: "no"}, "never_had_medicine", said, {"medicine": her2[0].name})
        return None
    affirmed = [m for m in her2 if m.state == AFFIRMED]
    elsewhere = [polarity(c, cues) for c, found in by_clause if not any(m.drug_class == "anti_her2" for m in found)]
    if affirmed:
        if "no" in elsewhere:
            return None  # "trastuzumab? no": a HER2 medicine and a no, side by side
        return Reading({question.id: "yes"}, "named_medicine", said, {"medicine": affirmed[0].name})
    if her2:
        return Reading({question.id: "no"}, "never_had_medicine", said, {"medicine": her2[0].name})
    others = [m for m in mentions if m.state == AFFIRMED]
    if others:
        if polarity(text, cues) == "no" and "yes" not in elsewhere or has(text, cues.only):
            return Reading({question.id: "no"}, "only_other_medicines", said)
        return None  # e.g. "yes, tamoxifen": tamoxifen is not a HER2 medicine
    bare = bare_polarity(text, cues)
    if bare:
        return Reading({question.id: bare}, "said_yes_no", details={"answer": bare})
    return None


def _then_said_no(by_clause: list[tuple[str, list[Mention]]], cues: Cues) -> bool:
    """True when, after a clause with an offered HER2 medicine, a clause of its own says only no.

    "the doctor suggested Herceptin, but I didn't have it" ("医生建议用赫赛汀但我没打"): no.
    """
    offered = [n for n, (_c, found) in enumerate(by_clause) if any(m.state == HEDGED for m in found)]
    return bool(offered) and any(
        not found and bare_polarity(clause, cues) == "no" for clause, found in by_clause[offered[0] + 1 :]
    )


def mentions_in_own_clauses(text: str, cues: Cues) -> list[tuple[str, list[Mention]]]:
    """Each of the patient's own clauses with the medicines it names."""
    return [(c, find_medicines(c, cues)) for c in own_clauses(text, cues)]

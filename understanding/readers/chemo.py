"""Read whether chemotherapy was given after the cancer came back or spread."""

from __future__ import annotations

import re

from criteria import Question
from understanding.cues import Cues, cues_for
from understanding.readers.choices import matched_options
from understanding.readers.medicines import AFFIRMED, HEDGED, NEGATED, UNCLEAR, mentions_in_own_clauses
from understanding.reading import Reading, not_sure
from understanding.text import (
    bare_polarity,
    find,
    has,
    negated_before,
    polarity,
    without_phrases,
    word_count,
    words,
    words_alternation,
)


def _after_recurrence(clause: str, cues: Cues) -> bool:
    """True when the clause places something after the cancer came back or spread.

    "after it came back", "when it spread", "metastatic" count; "before it
    spread" does not, nor does "it never came back".
    """
    for start, end, _phrase in find(clause, cues.recurrence):
        window = clause[max(0, start - 25) : start]
        before_it = bool(cues.early_after) and re.match(rf"\s*{words_alternation(cues.early_after)}", clause[end:])
        if not negated_before(clause, start, cues) and not has(window, cues.early_context) and not before_it:
            return True
    return False


def _only_yes_since_recurrence(text: str, cues: Cues) -> bool:
    """True when the text says only yes, and when: "复发后做过", "yes, after it spread".

    Not "复发后吃了他莫昔芬" (the yes is about another medicine) nor "复发后吃了东西" (about
    something else): Chinese yes words are verbs (吃了, 用过) that take what was had after them.
    Nor "复发后吃了药" / "I took medicine after it spread": a medicine not named may be hormone pills.
    """
    if has(text, cues.unnamed_medicine):
        return False
    said = without_phrases(text, (*cues.recurrence, *cues.yes, *cues.chemo, *cues.after_links, *cues.filler))
    return not words(said, cues)


def _put_off_until_recurrence(clause: str, cues: Cues) -> bool:
    """True when the clause says chemo waited until the cancer came back ("no chemo until it spread")."""
    return any(has(clause[end:], cues.recurrence) for _start, end, _phrase in find(clause, cues.until))


def _nothing_since_recurrence(text: str, cues: Cues) -> bool:
    """True when the whole answer is "not since it came back" (or "nothing since it spread")."""
    return any(
        start == 0 and has(text[end:], cues.recurrence) and word_count(text[end:], cues) <= 6
        for start, end, _phrase in find(text, cues.not_since)
    )


def read_chemo(question: Question, text: str, language: str) -> Reading | None:
    """Chemo for recurrent or metastatic disease excludes; for early cancer does not.

    "I had Xeloda after it came back" is metastatic, even when chemo before
    surgery is named too; "only before surgery" is early only; a bare "no" is
    no; "I had chemo" without saying when, and "they offered chemo", are unclear.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    early = "early_only" in matched_options(question, text, cues, language).affirmed
    chemo_said = other_said = hedged = denied = False
    for clause, medicines in mentions_in_own_clauses(text, cues):
        chemo = [m for m in medicines if m.drug_class == "chemotherapy"]
        hedged |= any(m.state in (HEDGED, UNCLEAR) for m in chemo)
        denied |= any(m.state == NEGATED for m in chemo)
        if any(m.state == NEGATED for m in chemo) and _put_off_until_recurrence(clause, cues):
            return Reading({question.id: "metastatic"}, "chemo_only_after_recurrence")
        if any(m.state == AFFIRMED for m in chemo):
            chemo_said = True
            if _after_recurrence(clause, cues):
                return Reading({question.id: "metastatic"}, "chemo_after_recurrence")
        other_said |= any(m.drug_class != "chemotherapy" and m.state == AFFIRMED for m in medicines)
    if hedged:
        return None
    if (
        not chemo_said
        and not other_said
        and polarity(text, cues) == "yes"
        and _after_recurrence(text, cues)
        and _only_yes_since_recurrence(text, cues)
    ):
        return Reading({question.id: "metastatic"}, "said_yes_after_recurrence")
    if early:
        return Reading({question.id: "early_only"}, "chemo_early_only")
    said = bare_polarity(text, cues)
    if denied and not chemo_said:
        return Reading({question.id: "no"}, "no_chemo_since_then")
    if not chemo_said and not other_said and _nothing_since_recurrence(text, cues):
        return Reading({question.id: "no"}, "no_chemo_since_recurrence")
    if said == "no" or (other_said and not chemo_said and has(text, cues.only)):
        return Reading({question.id: "no"}, "no_chemo_since_then")
    if said == "yes" and has(text, cues.plain_yes):
        return Reading({question.id: "metastatic"}, "said_yes_no", details={"answer": "yes"})
    return None

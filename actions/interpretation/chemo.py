"""Read whether chemotherapy was given after the cancer came back or spread."""

from __future__ import annotations

from actions.interpretation.choices import matched_options
from actions.interpretation.medicines import ONLY_WORDS, in_clauses
from actions.interpretation.reading import Reading, not_sure
from actions.interpretation.text import PLAIN_YES, cues_for, find, has, negated_before, polarity
from criteria import Question


def read_chemo(question: Question, text: str, language: str) -> Reading | None:
    """Chemo for recurrent or metastatic disease excludes; for early cancer does not.

    "I had Xeloda after it came back" is metastatic; "only before surgery" is
    early only; "no" is no; "I had chemo" without saying when is unclear.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    early = "early_only" in matched_options(question, text, cues, language)
    chemo_said = False
    other_drug_said = False
    for clause, medicines in in_clauses(text, cues):
        named = any(m.drug_class == "chemotherapy" and not m.negated for m in medicines)
        worded = any(not negated_before(clause, s, cues) for s, _e, _p in find(clause, cues.chemo))
        if named or worded:
            chemo_said = True
            recurrence = [s for s, _e, _p in find(clause, cues.recurrence)]
            if any(not negated_before(clause, s, cues) for s in recurrence) and not early:
                return Reading({question.id: "metastatic"}, "chemo after it came back or spread")
        other_drug_said |= any(m.drug_class != "chemotherapy" and not m.negated for m in medicines)
    if early:
        return Reading({question.id: "early_only"}, "chemo only for early cancer")
    said = polarity(text, cues)
    if said == "no" or (other_drug_said and not chemo_said and has(text, ONLY_WORDS)):
        return Reading({question.id: "no"}, "said no chemo since then")
    if said == "yes" and has(text, PLAIN_YES) and not other_drug_said:
        return Reading({question.id: "metastatic"}, "said yes")
    return None

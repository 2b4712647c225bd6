"""Scripted patients: what each one answers, and what the bot must conclude."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Union

Answer = Union[str, list[str]]  # one message, or several for the same question


def button(value: str) -> str:
    """The message a pressed answer button sends."""
    return "/answer" + json.dumps({"choice": value})


# A patient who fits, answering in free text, in the order the bot asks.
ELIGIBLE: dict[str, Answer] = {
    "her2_ihc": "1+",
    "anti_her2": "never",
    "chemo_metastatic": "no",
    "hormone_receptor": "ER positive",
    "disease_extent": "it spread to my liver",
    "progression": "yes it grew",
    "age": "I'm 54",
    "daily_activity": "I can do light housework",
    "cancer_history": "none",
    "heart_lung": "none of these",
    "other_conditions": "no",
    "allergies": "none",
}

ELIGIBLE_BUTTONS: dict[str, Answer] = {
    "her2_ihc": button("2+"),
    "her2_ish": button("negative"),
    "anti_her2": button("no"),
    "chemo_metastatic": button("early_only"),
    "hormone_receptor": button("positive"),
    "disease_extent": button("locally_advanced_unresectable"),
    "progression": button("yes"),
    "age": button("from_18_to_75"),
    "daily_activity": button("fully_active"),
    "cancer_history": button("none"),
    "heart_lung": button("none"),
    "other_conditions": button("none"),
    "allergies": button("none"),
}


@dataclass(frozen=True)
class Case:
    """One scripted patient and the expected end of the screening."""

    name: str
    changes: dict[str, Answer]
    outcome: str
    not_met: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    says: tuple[str, ...] = ()  # words the patient must be shown
    base: dict[str, Answer] = field(default_factory=lambda: ELIGIBLE)
    # Caregiver mode (issue 14): what is said at the consent question (a caregiver may say
    # "yes, I'm asking for my mother"), and the relation the bot must end up with.
    consent: tuple[str, ...] = ("yes",)
    relation: str | None = None

    def answers(self) -> dict[str, Answer]:
        """The base answers with this patient's changes."""
        return {**self.base, **self.changes}


NOT_A_MATCH = ("not a match", "only about this one study", "cancer doctor")
NEEDS = ("rules you out", "still needed", "pathology report")
LIKELY = ("may be able to join", "Qingyuan Zhang", "blood tests")

CASES = [
    # --- likely eligible
    Case("eligible, free text", {}, "likely_eligible", says=LIKELY),
    Case("eligible, buttons only", {}, "likely_eligible", says=LIKELY, base=ELIGIBLE_BUTTONS),
    Case("eligible, HER2 2+ and FISH negative in one message", {"her2_ihc": "her2 was 2+ but fish negative"},
         "likely_eligible", says=LIKELY),
    Case("eligible, HER2 2+ then ISH asked", {"her2_ihc": "2+", "her2_ish": "not amplified"}, "likely_eligible"),
    Case("eligible, HER2-low in words", {"her2_ihc": "her two was one plus"}, "likely_eligible"),
    Case("eligible, chemo only before surgery", {"chemo_metastatic": "only before my surgery"}, "likely_eligible"),
    Case("eligible, aged 18", {"age": "18"}, "likely_eligible"),
    Case("eligible, aged 75 in words", {"age": "seventy-five"}, "likely_eligible"),
    Case("eligible, typos and lower case", {"anti_her2": "nope never", "hormone_receptor": "er+ pr-",
         "progression": "it got bigger", "daily_activity": "i still go to work"}, "likely_eligible"),
    Case("eligible, nonsense mid-question then an answer", {"age": ["asdfgh", "54"]}, "likely_eligible"),
    # --- not eligible, one per decisive criterion
    Case("HER2 zero", {"her2_ihc": "IHC 0"}, "not_eligible", ["INC-03A"], says=(*NOT_A_MATCH, "score is 0")),
    Case("HER2 3+", {"her2_ihc": "3+"}, "not_eligible", ["INC-03A"], says=("HER2-positive",)),
    Case("HER2 2+ ISH positive", {"her2_ihc": "2+", "her2_ish": button("positive")}, "not_eligible", ["INC-03A"]),
    Case("had Herceptin", {"anti_her2": "I had Herceptin in 2019"}, "not_eligible", ["EXC-19"],
         says=("targets HER2",)),
    Case("chemo after it came back", {"chemo_metastatic": "I had Xeloda after it came back"}, "not_eligible",
         ["EXC-18"], says=("came back or spread",)),
    Case("hormone receptor negative", {"hormone_receptor": "triple negative"}, "not_eligible", ["INC-04"]),
    Case("early cancer", {"disease_extent": "stage 2, it can be removed"}, "not_eligible", ["INC-03B"]),
    Case("no growth on scan", {"progression": "it's stable"}, "not_eligible", ["INC-05"]),
    Case("aged 17", {"age": "17"}, "not_eligible", ["INC-02A"], says=("aged 18 to 75",)),
    Case("aged 76", {"age": "I am 76 years old"}, "not_eligible", ["INC-02A"]),
    Case("mostly in bed", {"daily_activity": button("limited_self_care")}, "not_eligible", ["INC-02B"]),
    Case("brain metastases", {"cancer_history": button("brain")}, "not_eligible", ["EXC-17.4"]),
    Case("blood clot", {"heart_lung": "I had a blood clot", "clot_when": "last month"}, "not_eligible", ["EXC-07"]),
    Case("dialysis", {"other_conditions": "I'm on dialysis"}, "not_eligible", ["EXC-12"]),
    Case("antibody allergy", {"allergies": button("antibody_allergy")}, "not_eligible", ["EXC-20"]),
    # --- needs review, one per kind of unknown
    Case("HER2 not known", {"her2_ihc": "I don't know"}, "needs_review", unknown=["INC-03A"],
         says=(*NEEDS, "HER2 score")),
    Case("HER2-negative, no score", {"her2_ihc": "HER2 negative"}, "needs_review", unknown=["INC-03A"]),
    Case("ISH not done", {"her2_ihc": "2+", "her2_ish": "it was not done"}, "needs_review", unknown=["INC-03A"]),
    Case("not sure about Kadcyla", {"anti_her2": "I'm not sure if I had Kadcyla"}, "needs_review",
         unknown=["EXC-19"], says=("Herceptin",)),
    Case("two unclear answers become not sure", {"progression": ["asdfgh", "qwerty"]}, "needs_review",
         unknown=["INC-05"], says=("did not understand", 'note "not sure"')),
    Case("heart and lungs not sure", {"heart_lung": "not sure"}, "needs_review",
         unknown=["EXC-05", "EXC-06", "EXC-07", "EXC-09"], says=("blood clots",)),
]  # fmt: skip

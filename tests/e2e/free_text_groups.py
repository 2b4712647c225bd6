"""Patients who type their conditions at the grouped questions (issue 14), never a button.

Several conditions in one message, a time that decides a criterion ("a year ago",
"three weeks ago", "in 2012"), a qualifier the registry makes decisive ("stable
since", "cured", "needed prednisone", "drained once"), negation and other people's
history; and the follow-up asked when the time or the qualifier is missing. Each
expectation follows the trial's rules (criteria/data/nct06561607.yml). The wordings
are not in the training data; those of the issue are here in other words.

No case depends on today's date: a time that is unclear on any day ("a while back") is
used where the follow-up must be asked (tests/understanding/test_group_reading.py reads
seasons and months against a fixed today).
"""

from __future__ import annotations

from tests.e2e.patients import ELIGIBLE, LIKELY, NOT_A_MATCH, Case

CANCER = ["EXC-01", "EXC-17.3", "EXC-17.4", "EXC-17.5"]

GROUP_CASES: list[Case] = [
    # ------------------------------------------------------------ likely eligible
    Case("old DVT, the time in the same message", {"heart_lung": "I had a DVT in my calf about two years ago"},
         "likely_eligible", says=LIKELY),
    Case("embolism, then the year asked", {"heart_lung": "pulmonary embolism", "clot_when": "that was back in 2018"},
         "likely_eligible", says=("When was the blood clot?",)),
    Case("melanoma long ago", {"cancer_history": "a melanoma removed from my back in 2012"}, "likely_eligible"),
    Case("thyroid cancer, then the year asked",
         {"cancer_history": "thyroid cancer", "other_cancer_when": "it was in 2009"}, "likely_eligible"),
    Case("treated brain mets, stable", {"cancer_history": "brain metastases, had radiosurgery, stable ever since"},
         "likely_eligible"),
    Case("brain mets, stable asked after",
         {"cancer_history": "I have brain mets", "brain_active": "they were treated with radiation and are stable now"},
         "likely_eligible", says=("Is the cancer in your brain active now?",)),
    Case("hep C cured by tablets", {"other_conditions": "I had hep C but tablets cured it in 2020"},
         "likely_eligible"),
    Case("hep B, controlled asked after",
         {"other_conditions": "hepatitis b", "hepatitis_controlled": "it's controlled with medicine"},
         "likely_eligible"),
    Case("pneumonitis without steroids",
         {"heart_lung": "I had pneumonitis", "ild_steroids": "no steroids, it went away on its own"},
         "likely_eligible"),
    Case("fluid drained once", {"cancer_history": "fluid on my lung that was drained once last year"},
         "likely_eligible"),
    Case("COPD last bad over a year ago",
         {"heart_lung": "copd", "lung_disease_when": "it was last bad over a year ago"}, "likely_eligible"),
    Case("no heart trouble, a clot years ago", {"heart_lung": "no heart problems, but I had a clot years ago"},
         "likely_eligible"),
    Case("mum's stroke is not mine", {"heart_lung": ["my mum had a stroke", "none of these"]}, "likely_eligible"),
    Case("breast cancer is not another cancer", {"cancer_history": ["just my breast cancer", "none of them"]},
         "likely_eligible"),
    Case("clot a year ago", {"heart_lung": "one blood clot, a year ago"}, "likely_eligible"),
    Case("no clots, then none", {"heart_lung": ["no clots", "none of them"]}, "likely_eligible"),
    Case("bowel cancer, 2019 asked after",
         {"cancer_history": "bowel cancer", "other_cancer_when": "that was in 2019"}, "likely_eligible"),
    Case("brain mets, no symptoms since treatment",
         {"cancer_history": "a brain met", "brain_active": "no symptoms since the gamma knife"}, "likely_eligible"),
    # ---------------------------------------------------------------- not eligible
    Case("ovarian cancer four years ago", {"cancer_history": "breast cancer and then ovarian cancer too, 4 years ago"},
         "not_eligible", ["EXC-01"], says=NOT_A_MATCH),
    Case("clot three weeks ago", {"heart_lung": "they found a clot in my leg three weeks ago"}, "not_eligible",
         ["EXC-07"]),
    Case("dialysis three times a week", {"other_conditions": "I go for dialysis 3 times a week"}, "not_eligible",
         ["EXC-12"]),
    Case("kidneys failed", {"other_conditions": "my kidneys have failed, I need a machine"}, "not_eligible",
         ["EXC-12"]),
    Case("heart failure and an old clot", {"heart_lung": "I had heart failure and a clot last spring"},
         "not_eligible", ["EXC-09"]),
    Case("brain mets still growing", {"cancer_history": "cancer spread to my brain and it is still growing"},
         "not_eligible", ["EXC-17.4"]),
    Case("hep B not under control, asked after",
         {"other_conditions": "hep b", "hepatitis_controlled": "no, it is not under control"}, "not_eligible",
         ["EXC-11"]),
    Case("cirrhosis from hepatitis", {"other_conditions": "cirrhosis from hepatitis b"}, "not_eligible", ["EXC-11"]),
    Case("HIV and dialysis", {"other_conditions": "I'm HIV positive and on dialysis"}, "not_eligible",
         ["EXC-12", "EXC-13"]),
    Case("pneumonitis needed prednisone",
         {"heart_lung": "I had pneumonitis after radiotherapy and needed prednisone"}, "not_eligible", ["EXC-05"]),
    Case("fluid drained every week", {"cancer_history": "fluid in my belly that they drain every week"},
         "not_eligible", ["EXC-17.3"]),
    Case("PE, then two months ago", {"heart_lung": "a PE", "clot_when": "about 2 months ago"}, "not_eligible",
         ["EXC-07"]),
    # ---------------------------------------------------------------- needs review
    Case("DVT a while back, date unknown",
         {"heart_lung": "there was a DVT in my arm a while back", "clot_when": "not sure of the month"},
         "needs_review", unknown=["EXC-07"]),
    Case("brain mets, not sure if active", {"cancer_history": "brain mets", "brain_active": "I don't know"},
         "needs_review", unknown=["EXC-17.4"]),
    Case("hepatitis, unsure if controlled", {"other_conditions": "hepatitis c", "hepatitis_controlled": "not sure"},
         "needs_review", unknown=["EXC-11"]),
    Case("lymphoma, when forgotten", {"cancer_history": "I had lymphoma", "other_cancer_when": "I can't remember"},
         "needs_review", unknown=["EXC-01"]),
    Case("ILD, steroids unknown", {"heart_lung": "interstitial lung disease", "ild_steroids": "no idea"},
         "needs_review", unknown=["EXC-05"]),
    Case("emphysema, when unknown", {"heart_lung": "emphysema", "lung_disease_when": "dunno"}, "needs_review",
         unknown=["EXC-06"]),
    Case("effusion, drainage not understood twice",
         {"cancer_history": "pleural effusion", "fluid_repeated": ["purple", "banana"]}, "needs_review",
         unknown=["EXC-17.3"], says=('note "not sure"',)),
]  # fmt: skip

assert all(case.base is ELIGIBLE for case in GROUP_CASES)
del CANCER

__all__ = ["GROUP_CASES"]

"""Whole report lines and plain answers at the HER2, ISH and hormone questions.

A pathology report line given in one message ("ER 90% PR 5% HER2 2+ FISH not
amplified") answers every question it holds, whichever of them is asked; what it
does not say clearly is left for its own question: "HER2 negative" with no score,
an ISH test that is pending or equivocal, a 2+ with no ISH result. A 3+ is
HER2-positive whatever else is said. An opening yes or no at the hormone question
must agree with the results that follow it.

Each table row: (question asked, what the patient typed, the values expected or None).
"""

from __future__ import annotations

import pytest

from criteria import load_trial
from understanding.interpret import interpret
from understanding.terms.matcher import medical_terms

TRIAL = load_trial()
NOT_SURE = "not_sure"


def case(question: str, text: str, expected: dict[str, str] | str | None, id: str) -> object:
    """One row: `expected` is a values dict, one value of the asked question, or None (asked again)."""
    values = {question: expected} if isinstance(expected, str) else expected
    return pytest.param(question, text, values, id=id)


HER2_2_NEG = {"her2_ihc": "2+", "her2_ish": "negative"}

# The HER2 question: the score, and for a 2+ the ISH result, from the whole line.
AT_HER2 = [
    case("her2_ihc", "IHC HER2 2+ / ISH: no amplification", HER2_2_NEG, id="her2-slash-ish-colon-no-amplification"),
    case("her2_ihc", "HER2 (IHC) 2+ ; FISH: not amplified", HER2_2_NEG, id="her2-ihc-bracket-fish-colon"),
    case("her2_ihc", "FISH: non-amplified; IHC 2+", HER2_2_NEG, id="her2-ish-first-then-score"),
    case("her2_ihc", "ISH negative, HER2 2+", HER2_2_NEG, id="her2-ish-before-score"),
    case("her2_ihc", "ER(+, 80%) PR(-) HER2 2+ FISH neg", HER2_2_NEG, id="her2-receptor-brackets-fish-neg"),
    case("her2_ihc", "HR+ HER2 2+ (ISH not amplified)", HER2_2_NEG, id="her2-hr-plus-ish-in-brackets"),
    case("her2_ihc", "Her2: 2+, ISH negative; ER strong positive 90%", HER2_2_NEG, id="her2-colon-ish-er-strong"),
    case("her2_ihc", "HER2 2+ FISH neg ER+ PR+", HER2_2_NEG, id="her2-fish-neg-then-receptor-signs"),
    case("her2_ihc", "ER+ PR+ 2+ FISH negative", HER2_2_NEG, id="her2-score-without-her2-word"),
    case("her2_ihc", "PR+ 2+ FISH neg", HER2_2_NEG, id="her2-pr-plus-then-score"),
    case("her2_ihc", "ER 95% PR 10% HER2 1+ Ki67 30%", "1+", id="her2-full-line-1plus"),
    case("her2_ihc", "ER 3+ 90%, PR 2+ 40%, HER2 1+", "1+", id="her2-receptor-staining-scores-not-her2"),
    case("her2_ihc", "ER (3+, 90%) PR (1+, 5%) HER2 (2+) FISH negative", HER2_2_NEG, id="her2-all-in-brackets"),
    case("her2_ihc", "HER2 2+ ISH amplified, ER 70%", {"her2_ihc": "2+", "her2_ish": "positive"}, id="her2-ish-amp"),
    # never a guess
    case("her2_ihc", "HER2 2+, FISH pending", "2+", id="her2-fish-pending-asks-ish"),
    case("her2_ihc", "HER2 2+ ISH equivocal", "2+", id="her2-ish-equivocal-asks-ish"),
    case("her2_ihc", "HER2 2+ FISH not negative", "2+", id="her2-fish-not-negative-asks-ish"),
    case("her2_ihc", "IHC 2+, ER positive", "2+", id="her2-2plus-no-ish-asks-ish"),
    case("her2_ihc", "HER2 3+ FISH negative", "3+", id="her2-3plus-whatever-else"),
    case("her2_ihc", "ER+ PR+ HER2 negative", "negative", id="her2-negative-no-score-stays-unknown"),
    case("her2_ihc", "ER 3+ PR 2+", None, id="her2-only-receptor-staining"),
    case("her2_ihc", "my sister's report said HER2 2+ FISH negative", None, id="her2-someone-else"),
]

# The ISH question: what the line says of the ISH test only.
AT_ISH = [
    case("her2_ish", "ER+ PR+, HER2 2+, FISH not amplified", "negative", id="ish-line-not-amplified"),
    case("her2_ish", "HER2 2+ ISH: no amplification", "negative", id="ish-colon-no-amplification"),
    case("her2_ish", "fish amplified, er positive", "positive", id="ish-amplified-with-er"),
    case("her2_ish", "ER positive", None, id="ish-receptors-alone-answer-nothing"),
    case("her2_ish", "FISH equivocal, ER positive", None, id="ish-equivocal-with-er"),
    case("her2_ish", "the FISH is still pending", None, id="ish-pending"),
    case("her2_ish", "fish not done", "not_done", id="ish-not-done"),
    case("her2_ish", "my sister's fish was negative", None, id="ish-someone-else"),
]

# The hormone question: the receptors of the line; plain answers with a yes or no first.
AT_HORMONE = [
    case("hormone_receptor", "ER 95% PR 10% HER2 1+ Ki67 30%", "positive", id="hr-full-line-percent"),
    case("hormone_receptor", "ER(+, 80%) PR(-) HER2 2+ FISH neg", "positive", id="hr-brackets"),
    case("hormone_receptor", "HR+ HER2 2+ (ISH not amplified)", "positive", id="hr-ish-not-is-no-negation"),
    case("hormone_receptor", "Her2: 2+, ISH negative; ER strong positive 90%", "positive", id="hr-er-strong-positive"),
    case("hormone_receptor", "ER 3+ 90%, PR 2+ 40%, HER2 1+", "positive", id="hr-staining-score"),
    case("hormone_receptor", "ER-/PR-, HER2 2+ (FISH: no amplification)", "negative", id="hr-both-minus-in-line"),
    case("hormone_receptor", "ER weakly positive 5%, PR negative", "positive", id="hr-weakly-positive"),
    case("hormone_receptor", "no, the ER and the PR were both negative", "negative", id="hr-no-the-er-and-the-pr"),
    case("hormone_receptor", "nope, the ER and PR came back negative", "negative", id="hr-nope-came-back-negative"),
    case("hormone_receptor", "yes, ER positive, PR negative", "positive", id="hr-yes-er-pos-pr-neg"),
    case("hormone_receptor", "yeah. the er was positive", "positive", id="hr-yeah-er-positive"),
    case("hormone_receptor", "ER negative but PR positive", "positive", id="hr-er-neg-but-pr-pos"),
    case("hormone_receptor", "ER+ PR-", "positive", id="hr-er-plus-pr-minus"),
    case("hormone_receptor", "triple negative", "negative", id="hr-triple-negative"),
    case("hormone_receptor", "no idea", NOT_SURE, id="hr-no-idea"),
    case("hormone_receptor", "no, not sure what they were", NOT_SURE, id="hr-no-not-sure"),
    # never a guess
    case("hormone_receptor", "yes, triple negative", None, id="hr-yes-but-triple-negative"),
    case("hormone_receptor", "no, ER positive", None, id="hr-no-but-er-positive"),
    case("hormone_receptor", "no, her2 positive", None, id="hr-no-her2-positive"),
    case("hormone_receptor", "HER2 2+ FISH negative", None, id="hr-her2-line-only"),
    case("hormone_receptor", "ER negative, HER2 1+", None, id="hr-er-negative-pr-unknown"),
    case("hormone_receptor", "not ER positive, HER2 1+", None, id="hr-negated-receptor"),
]


@pytest.mark.parametrize(("question", "text", "expected"), [*AT_HER2, *AT_ISH, *AT_HORMONE])
def test_report_line(question: str, text: str, expected: dict[str, str] | None) -> None:
    reading = interpret(TRIAL.question(question), text)
    got = dict(reading.values) if reading else None
    assert got == expected, f"{text!r} at {question}: {got}"


# The term finders name the questions a line answers, so that the others are noted too.
HR, HER2 = "hormone_receptor", "her2_result"
FOUND = [
    ("ER(+, 80%) PR(-) HER2 2+ FISH neg", {HR: ["positive", "negative"], HER2: ["2+ ish negative"]}),
    ("Her2: 2+, ISH negative; ER strong positive 90%", {HR: ["positive"], HER2: ["2+ ish negative"]}),
    ("IHC HER2 2+ / ISH: no amplification", {HR: [], HER2: ["2+ ish negative"]}),
    ("ER 3+ 90%, PR 2+ 40%, HER2 1+", {HR: ["positive", "positive"], HER2: ["1+"]}),
    ("no, the ER and the PR were both negative", {HR: ["negative"], HER2: []}),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[text for text, _ in FOUND])
def test_the_finders_name_each_result_of_a_line(text: str, expected: dict[str, list[str]]) -> None:
    terms = medical_terms().find(text)
    for entity, values in expected.items():
        assert [t.value for t in terms if t.entity == entity] == values, entity

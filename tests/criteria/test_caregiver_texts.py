"""Every patient-facing text of the trial that speaks to the patient has its caregiver form.

A caregiver answering for their mother reads "Has your mother ever had...", never
"Have you ever had...": the forms are data (`caregiver:` in the trial file), filled
for each relation of criteria/data/relations.yml.
"""

from __future__ import annotations

import re
import string

import pytest

from criteria import load_trial, localize
from criteria.audience import FORMS, SELF, addressed, caregiver_form, caregiver_forms, load_relations
from criteria.model import Text

# Words that speak to the reader or of the writer: a text with one is about the patient.
SPEAKS_TO_PATIENT = re.compile(r"(?i)\b(you|your|yours|yourself|i|my|me)\b")


def patient_texts() -> list[tuple[str, Text]]:
    """(where, text): questions (text, why, meaning, missing, summary, labels) and reasons."""
    trial = load_trial()
    found: list[tuple[str, Text]] = []
    for q in trial.questions:
        for name in ("text", "why", "meaning", "missing", "summary"):
            if getattr(q, name):
                found.append((f"{q.id}.{name}", getattr(q, name)))
        found += [(f"{q.id}.label.{o.value}", o.label) for o in q.options]
    for c in trial.criteria:
        for name in ("not_met_reason", "unknown_reason"):
            if getattr(c, name):
                found.append((f"{c.id}.{name}", getattr(c, name)))
        found += [(f"{c.id}.case{n}", case.reason) for n, case in enumerate(c.cases) if case.reason]
    return found


def speaking_to_patient() -> list[tuple[str, Text]]:
    return [(where, text) for where, text in patient_texts() if SPEAKS_TO_PATIENT.search(localize(text))]


@pytest.mark.parametrize(("where", "text"), speaking_to_patient(), ids=[w for w, _ in speaking_to_patient()])
def test_every_text_that_speaks_to_the_patient_has_a_caregiver_form(where: str, text: Text) -> None:
    assert caregiver_form(text), f"{where} has no caregiver form in the trial file's caregiver block"


def test_every_question_text_has_a_caregiver_form_or_speaks_to_no_one() -> None:
    for q in load_trial().questions:
        assert caregiver_form(q.text) or not SPEAKS_TO_PATIENT.search(localize(q.text)), q.id


def test_the_check_can_fail() -> None:
    assert speaking_to_patient(), "no text speaks to the patient: the test reads nothing"
    assert caregiver_form({"en": "Have you ever had a blood test?"}) is None


@pytest.mark.parametrize("relation", [r.code for r in load_relations() if r.code != SELF])
def test_caregiver_forms_fill_every_placeholder(relation: str) -> None:
    person = next(r for r in load_relations() if r.code == relation).filled("en")
    for own, other in caregiver_forms().items():
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(localize(other)) if name}
        assert names <= set(FORMS), f"{own!r}: unknown placeholders {names - set(FORMS)}"
        said = addressed({"en": own}, "en", relation)
        assert "{" not in said and "}" not in said
        if names:
            assert any(person[name] in said for name in names), said


def test_the_patient_reads_the_patient_text_and_a_caregiver_the_other() -> None:
    anti_her2 = load_trial().question("anti_her2")
    assert addressed(anti_her2.text, "en", None).startswith("Have you ever had")
    assert addressed(anti_her2.text, "en", SELF).startswith("Have you ever had")
    assert addressed(anti_her2.text, "en", "mother").startswith("Has your mother ever had")
    assert addressed(anti_her2.text, "en", "other").startswith("Has the person you are asking for ever had")
    reason = load_trial().criterion("EXC-18").cases[0].reason
    assert addressed(reason, "en", "husband").startswith("Your husband had chemo after")


def _languages() -> list[str]:
    from understanding.language import languages

    return list(languages())


@pytest.mark.parametrize("language", _languages())
def test_every_relation_has_its_words_in_every_language_of_understanding(language: str) -> None:
    from understanding.audience import relations
    from understanding.language import load_language

    if "caregiver" not in load_language(language):
        pytest.skip(f"understanding/languages/{language}.yml has no caregiver words yet (issue 15: zhreading)")
    codes = {r.code for r in load_relations() if r.code != SELF}
    assert codes == set(relations(language))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_relation_has_its_texts_in_every_language(language: str) -> None:
    for r in load_relations():
        assert localize(r.label, language) and localize(r.answered_by, language), r.code
        assert r.code == SELF or all(r.filled(language)[name] for name in FORMS), r.code
        assert set(r.label) == set(r.answered_by) == {"en", "zh"}, r.code


def test_every_caregiver_form_is_in_both_languages() -> None:
    forms = caregiver_forms()
    assert forms
    assert [own for own, other in forms.items() if set(other) != {"en", "zh"}] == []

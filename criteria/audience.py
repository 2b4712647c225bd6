"""Who answers (the patient, or a caregiver for a relative or friend) and the texts for each.

A caregiver is spoken to about the patient ("Has your mother ever had..."). The
caregiver's texts are data: the `caregiver:` block of the trial file holds, per
question and criterion, the texts with {person}, {Person}, {persons} and {Persons},
which `criteria/data/relations.yml` fills for the relation in each language. No
grammar is built here: a text without a caregiver form is the same for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from criteria.loading import DATA_DIR, DEFAULT_TRIAL, TrialDataError, _read, load_trial
from criteria.model import DEFAULT_LANGUAGE, Text, Trial, localize

SELF = "self"  # the patient answers for themselves
FORMS = ("person", "Person", "persons", "Persons")  # the placeholders of a caregiver text


@dataclass(frozen=True)
class Relation:
    """Whom a caregiver answers for (or SELF): the button, the words for them, the navigators' words."""

    code: str
    label: Text
    answered_by: Text
    name: Text
    forms: Mapping[str, Text]  # placeholder -> text per language

    def filled(self, language: str) -> dict[str, str]:
        """The placeholders of a caregiver text, in one language."""
        return {name: localize(text, language) for name, text in self.forms.items()}


@lru_cache(maxsize=1)
def load_relations() -> tuple[Relation, ...]:
    """SELF first, then every relation, in the data file's order."""
    raw = _read(DATA_DIR / "relations.yml")
    own = Relation(SELF, raw["self"]["label"], raw["self"]["answered_by"], raw["self"]["answered_by"], {})
    others = tuple(
        Relation(str(r["code"]), r["label"], r["answered_by"], r["name"], {name: r[name] for name in FORMS})
        for r in raw["relations"]
    )
    return (own, *others)


def relation(code: str | None) -> Relation | None:
    """The relation with this code (SELF included), or None."""
    return next((r for r in load_relations() if r.code == code), None)


def answered_by(code: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """Who answered, in words for the navigators: "the patient", or "their son or daughter (a caregiver)...".

    In Chinese: "患者本人", or "患者的子女（家属代答）；代答对象：母亲".
    """
    raw = _read(DATA_DIR / "relations.yml")
    found = relation(code)
    if found is None:
        return localize(raw["not_said"], language)
    said = localize(found.answered_by, language)
    if found.code == SELF:
        return said
    return localize(raw["asked_for"], language).format(answered_by=said, relation=localize(found.name, language))


def _forms_of(block: Mapping[str, Any], trial: Trial) -> dict[str, Text]:
    """The caregiver form of each text, keyed by the patient's own text in English."""
    index: dict[str, Text] = {}

    def add(own: Text | None, other: Text | None, where: str) -> None:
        key = localize(own, DEFAULT_LANGUAGE)
        if not key or not other:
            raise TrialDataError(f"caregiver: {where} has no text to stand for")
        if key in index and index[key] != other:
            raise TrialDataError(f"caregiver: {where} gives a second form of one text")
        index[key] = other

    for qid, fields in (block.get("questions") or {}).items():
        question = trial.question(qid)
        for name, other in fields.items():
            if name == "labels":
                for value, label in other.items():
                    option = question.option(str(value))
                    add(option.label if option else None, label, f"{qid}.labels.{value}")
            else:
                add(getattr(question, name), other, f"{qid}.{name}")
    for cid, fields in (block.get("criteria") or {}).items():
        criterion = trial.criterion(cid)
        for name, other in fields.items():
            if name == "reasons":
                for number, reason in other.items():
                    add(criterion.cases[int(number)].reason, reason, f"{cid}.reasons.{number}")
            else:
                add(getattr(criterion, name), other, f"{cid}.{name}")
    return index


@lru_cache(maxsize=4)
def caregiver_forms(path: str | None = None) -> Mapping[str, Text]:
    """The caregiver texts of the trial file (`caregiver:`), keyed by the patient's own English text."""
    trial_path = Path(path) if path else DEFAULT_TRIAL
    return _forms_of(_read(trial_path).get("caregiver") or {}, load_trial(path))


def caregiver_form(text: Text | None) -> Text | None:
    """The caregiver form of a patient-facing text of the trial, if it has one."""
    return caregiver_forms().get(localize(text, DEFAULT_LANGUAGE)) if text else None


def addressed(text: Text | None, language: str, who: str | None) -> str:
    """The text in `language`, spoken to whoever answers: the patient, or a caregiver for `who`.

    `who` is a relation code; SELF or None means the patient answers.
    """
    found = relation(who) if who and who != SELF else None
    other = caregiver_form(text) if found else None
    if found is None or other is None:
        return localize(text, language)
    return localize(other, language).format_map(found.filled(language))

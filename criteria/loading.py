"""Read the trial and the medicine lexicon from YAML files (language words: understanding/languages/)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from criteria.engine import MEMBERSHIP
from criteria.model import Case, Criterion, NamedBy, Option, Question, Result, TimeLimit, Trial

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_TRIAL = DATA_DIR / "nct06561607.yml"


class TrialDataError(ValueError):
    """The trial file is inconsistent (unknown question, value or result)."""


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _option(raw: Mapping[str, Any]) -> Option:
    return Option(
        value=str(raw["value"]),
        label=raw["label"],
        says=raw.get("says", {}),
        settles={str(k): str(v) for k, v in (raw.get("settles") or {}).items()},
    )


def _question(raw: Mapping[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        kind=raw["kind"],
        text=raw["text"],
        why=raw["why"],
        summary=raw["summary"],
        options=tuple(_option(o) for o in raw["options"]),
        missing=raw.get("missing"),
        follows=raw.get("follows"),
        meaning=raw.get("meaning"),
        named_by=_named_by(raw.get("named_by") or {}),
        about=raw.get("about"),
        limit=TimeLimit(**raw["limit"]) if raw.get("limit") else None,
    )


def _named_by(raw: Mapping[str, Any]) -> NamedBy:
    unknown = set(raw) - set(NamedBy.__dataclass_fields__)
    if unknown:
        raise TrialDataError(f"named_by: unknown keys {sorted(unknown)}")
    lists = {key: tuple(str(v) for v in values) for key, values in raw.items() if key != "own_words"}
    return NamedBy(**lists, own_words=bool(raw.get("own_words", False)))


def _criterion(raw: Mapping[str, Any]) -> Criterion:
    cases = tuple(
        Case(when=c["when"], result=Result(c["result"]), reason=c.get("reason")) for c in raw.get("cases", ())
    )
    return Criterion(
        id=raw["id"],
        kind=raw["kind"],
        registry=raw["registry"],
        check=raw["check"],
        title=raw.get("title"),
        cases=cases,
        otherwise=Result(raw.get("otherwise", "unknown")),
        not_met_reason=raw.get("not_met_reason"),
        unknown_reason=raw.get("unknown_reason"),
        site_note=raw.get("site_note"),
    )


def _check(trial: Trial) -> None:
    """Refuse a trial whose rules name unknown questions or option values."""
    by_id = {q.id: q for q in trial.questions}
    for question in trial.questions:
        if question.follows and question.follows not in by_id:
            raise TrialDataError(f"{question.id}: follows unknown question {question.follows}")
        if question.about and not (question.follows and by_id[question.follows].option(question.about)):
            raise TrialDataError(f"{question.id}: about {question.about} is no option of its parent")
        for option in question.options:
            for qid, value in option.settles.items():
                if qid not in by_id or by_id[qid].follows != question.id or not by_id[qid].option(value):
                    raise TrialDataError(f"{question.id}: {option.value} settles no follow-up {qid}={value}")
    for criterion in trial.criteria:
        if criterion.check not in ("chat", "site"):
            raise TrialDataError(f"{criterion.id}: check must be chat or site")
        if criterion.asked and not criterion.cases:
            raise TrialDataError(f"{criterion.id}: an asked criterion needs cases")
        for case in criterion.cases:
            for qid, condition in case.when.items():
                if qid not in by_id:
                    raise TrialDataError(f"{criterion.id}: unknown question {qid}")
                named = condition if isinstance(condition, list) else []
                if isinstance(condition, Mapping):
                    named = [v for key in MEMBERSHIP for v in condition.get(key, ())]
                unknown = set(map(str, named)) - set(by_id[qid].values())
                if unknown:
                    raise TrialDataError(f"{criterion.id}: {qid} has no {unknown}")


def parse_trial(raw: Mapping[str, Any]) -> Trial:
    """Build a checked Trial from the parsed YAML mapping."""
    questions = [_question(q) for q in raw["questions"]]
    trial = Trial(
        info=raw["trial"],
        questions=tuple(
            replace(q, asks_more=tuple(f for f in questions if f.follows == q.id and f.about)) for q in questions
        ),
        criteria=tuple(_criterion(c) for c in raw["criteria"]),
    )
    _check(trial)
    return trial


@lru_cache(maxsize=4)
def load_trial(path: str | None = None) -> Trial:
    """Load (once) and check the trial file; the default is NCT06561607."""
    return parse_trial(_read(Path(path) if path else DEFAULT_TRIAL))


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Mapping[str, Any], ...]:
    """The medicine lexicon: dicts with name, class and also (other names)."""
    return tuple(_read(DATA_DIR / "medicines.yml")["medicines"])

"""Scores of NLU predictions against a labelled set: intents, entities, FAQ responses.

Pure functions over plain data (no Rasa), so they are tested without a model.
Entities are scored by value: per message, the multiset of (entity, value) pairs
predicted is compared with the one annotated; spans are not compared (the value is
what the dialogue uses).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Example:
    """One labelled message: intent (retrieval intents as the base, e.g. 'faq'), FAQ key, entities."""

    text: str
    intent: str
    response_key: str | None = None  # e.g. "faq/what_is_tqb2102"
    entities: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Prediction:
    """What the model said about one message."""

    intent: str
    response_key: str | None = None
    entities: tuple[tuple[str, str], ...] = ()


@dataclass
class Counts:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Tp / (tp + fp); 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Tp / (tp + fn); 0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rates, rounded for the report."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.tp + self.fn,
            "predicted": self.tp + self.fp,
        }


@dataclass
class Report:
    """The figures of one evaluation run, and the messages that went wrong."""

    examples: int
    intent_accuracy: float
    intent_macro_f1: float
    intents: dict[str, dict[str, float | int]]
    entities: dict[str, dict[str, float | int]]
    response_accuracy: float | None  # None when the set has no FAQ examples
    errors: list[dict[str, Any]] = field(default_factory=list)

    def entity_f1(self, entity: str) -> float:
        """The F1 of one entity type (0 when it never occurs)."""
        return float(self.entities.get(entity, {}).get("f1", 0.0))


def _count(gold: list[str], predicted: list[str]) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for g, p in zip(gold, predicted, strict=True):
        counts.setdefault(g, Counts())
        counts.setdefault(p, Counts())
        if g == p:
            counts[g].tp += 1
        else:
            counts[g].fn += 1
            counts[p].fp += 1
    return counts


def _entity_counts(examples: list[Example], predictions: list[Prediction], types: tuple[str, ...]) -> dict[str, Counts]:
    counts = {t: Counts() for t in types}
    for example, prediction in zip(examples, predictions, strict=True):
        gold = Counter(e for e in example.entities if e[0] in counts)
        said = Counter(e for e in prediction.entities if e[0] in counts)
        for (entity, _value), n in (gold & said).items():
            counts[entity].tp += n
        for (entity, _value), n in (said - gold).items():
            counts[entity].fp += n
        for (entity, _value), n in (gold - said).items():
            counts[entity].fn += n
    return counts


def _error(example: Example, prediction: Prediction) -> dict[str, Any] | None:
    """What went wrong with one message, or None when all was right."""
    error: dict[str, Any] = {}
    if example.intent != prediction.intent:
        error["predicted"] = prediction.intent
    if example.response_key and example.response_key != prediction.response_key:
        error["predicted_key"] = prediction.response_key
    if Counter(example.entities) != Counter(prediction.entities):
        error["entities"] = sorted(example.entities)
        error["predicted_entities"] = sorted(prediction.entities)
    if not error:
        return None
    return {"text": example.text, "intent": example.response_key or example.intent, **error}


def score(examples: list[Example], predictions: list[Prediction], entity_types: tuple[str, ...]) -> Report:
    """Intent accuracy, macro F1 over the intents of the set, F1 per entity type, FAQ accuracy."""
    if len(examples) != len(predictions) or not examples:
        raise ValueError("need one prediction per example, and at least one example")
    gold = [e.intent for e in examples]
    said = [p.intent for p in predictions]
    intents = _count(gold, said)
    labelled = sorted(set(gold))
    faq = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.response_key]
    errors = [err for e, p in zip(examples, predictions, strict=True) if (err := _error(e, p))]
    return Report(
        examples=len(examples),
        intent_accuracy=round(sum(g == s for g, s in zip(gold, said, strict=True)) / len(gold), 4),
        intent_macro_f1=round(sum(intents[i].f1 for i in labelled) / len(labelled), 4),
        intents={i: intents[i].as_dict() for i in labelled},
        entities={t: c.as_dict() for t, c in _entity_counts(examples, predictions, entity_types).items()},
        response_accuracy=round(sum(e.response_key == p.response_key for e, p in faq) / len(faq), 4) if faq else None,
        errors=errors,
    )


def below_floors(
    report: Report,
    min_intent_accuracy: float,
    min_macro_f1: float,
    min_entity_f1: dict[str, float],
    min_response_accuracy: float,
) -> list[str]:
    """Which figures are below their floors, in words (empty when all are met)."""
    failures = []
    if report.intent_accuracy < min_intent_accuracy:
        failures.append(f"intent accuracy {report.intent_accuracy:.4f} < {min_intent_accuracy}")
    if report.intent_macro_f1 < min_macro_f1:
        failures.append(f"intent macro F1 {report.intent_macro_f1:.4f} < {min_macro_f1}")
    for entity, floor in sorted(min_entity_f1.items()):
        if report.entity_f1(entity) < floor:
            failures.append(f"{entity} F1 {report.entity_f1(entity):.4f} < {floor}")
    if min_response_accuracy > 0 and (report.response_accuracy or 0.0) < min_response_accuracy:
        failures.append(f"FAQ response accuracy {report.response_accuracy} < {min_response_accuracy}")
    return failures

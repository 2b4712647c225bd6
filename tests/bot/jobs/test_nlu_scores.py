"""Scoring of NLU predictions (no model): intents, entities by value, FAQ keys, floors."""

from __future__ import annotations

import pytest

from bot.jobs.nlu_scores import Example, Prediction, below_floors, score

TYPES = ("medicine", "age")
EXAMPLES = [
    Example("hi", "greet"),
    Example("herceptin and taxol", "inform", None, (("medicine", "trastuzumab"), ("medicine", "paclitaxel"))),
    Example("i'm 54", "inform", None, (("age", "54"),)),
    Example("what is tqb2102", "faq", "faq/what_is_tqb2102", (("medicine", "TQB2102"),)),
]


def test_perfect_predictions_score_one() -> None:
    predictions = [Prediction(e.intent, e.response_key, e.entities) for e in EXAMPLES]
    report = score(EXAMPLES, predictions, TYPES)
    assert (report.intent_accuracy, report.intent_macro_f1, report.response_accuracy) == (1.0, 1.0, 1.0)
    assert report.entity_f1("medicine") == report.entity_f1("age") == 1.0
    assert report.errors == []


def test_mistakes_are_counted_and_listed() -> None:
    predictions = [
        Prediction("goodbye"),
        Prediction("inform", None, (("medicine", "trastuzumab"), ("medicine", "docetaxel"))),
        Prediction("inform", None, ()),
        Prediction("faq", "faq/dosing", (("medicine", "TQB2102"),)),
    ]
    report = score(EXAMPLES, predictions, TYPES)
    assert report.intent_accuracy == 0.75
    assert report.intents["greet"]["f1"] == 0.0
    assert report.response_accuracy == 0.0
    assert report.entities["medicine"] == {
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
        "support": 3,
        "predicted": 3,
    }
    assert report.entities["age"]["recall"] == 0.0
    assert [e["text"] for e in report.errors] == ["hi", "herceptin and taxol", "i'm 54", "what is tqb2102"]
    assert report.errors[3]["predicted_key"] == "faq/dosing"


def test_floors() -> None:
    report = score(EXAMPLES, [Prediction(e.intent, e.response_key, e.entities) for e in EXAMPLES], TYPES)
    assert below_floors(report, 1.0, 1.0, {"medicine": 1.0}, 1.0) == []
    failures = below_floors(report, 1.01, 0.0, {"medicine": 1.01}, 0.0)
    assert failures == ["intent accuracy 1.0000 < 1.01", "medicine F1 1.0000 < 1.01"]


def test_a_prediction_per_example_is_needed() -> None:
    with pytest.raises(ValueError):
        score(EXAMPLES, [], TYPES)

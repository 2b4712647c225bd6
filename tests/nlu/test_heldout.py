"""The held-out NLU set and the dev set: big enough, apart from the training data, well labelled.

The dev set (tests/nlu/dev.yml) is the one the training data is tuned against
(`python -m bot.jobs.nlu_eval --heldout tests/nlu/dev.yml`); the held-out set is only measured.

The entity figures are checked here without a model too: the extractor is rule-based,
so its F1 on the set is the matcher's (the Rasa-level check is in test_nlu_eval.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.jobs.nlu_eval import ENTITY_F1_FLOORS, ENTITY_TYPES, HELDOUT, load_examples
from bot.jobs.nlu_scores import Example, Prediction, score
from bot.startup.processes import DATA_PATHS
from bot.startup.settings import ROOT
from understanding.terms.her2 import VALUES as HER2_VALUES
from understanding.terms.matcher import medical_terms
from understanding.terms.receptors import VALUES as RECEPTOR_VALUES
from understanding.terms.red_flags import VALUES as RED_FLAG_VALUES

DEV = ROOT / "tests" / "nlu" / "dev.yml"
FAQ_TOPICS = (
    "what_is_tqb2102", "her2_low", "randomisation", "open_label", "comparator", "dosing",
    "treatment_length", "size", "sites", "sponsor", "contact", "recruiting",
)  # fmt: skip
OTHER_INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "ask_why", "ask_meaning", "change_answer", "restart",
    "delete_data", "confirm_delete", "keep_data", "human_handoff", "emergency", "out_of_scope",
)  # fmt: skip


@pytest.fixture(scope="module", params=[HELDOUT, DEV], ids=["heldout", "dev"])
def labelled_set(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="module")
def examples(labelled_set: Path) -> list[Example]:
    return load_examples(labelled_set)


def training_texts() -> set[str]:
    """Every example text in the training data paths, lower case, annotations removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    texts: set[str] = set()
    for folder in DATA_PATHS:
        for path in (ROOT / folder).rglob("*.yml"):
            if "nlu" in (yaml.safe_load(path.read_text()) or {}):
                texts |= {m.get("text").lower().strip() for m in load_data(str(path)).intent_examples}
    return texts


def test_the_set_is_big_and_covers_every_intent(examples: list[Example]) -> None:
    assert len(examples) >= 330
    by_intent = Counter(e.intent for e in examples)
    by_topic = Counter(e.response_key for e in examples if e.response_key)
    assert by_intent["inform"] >= 90
    assert all(by_intent[i] >= 10 for i in OTHER_INTENTS), by_intent
    assert all(by_topic[f"faq/{t}"] >= 8 for t in FAQ_TOPICS), by_topic


def test_the_set_is_never_trained_on(labelled_set: Path, examples: list[Example]) -> None:
    assert not any(labelled_set.is_relative_to(ROOT / folder) for folder in DATA_PATHS)
    overlap = {e.text.lower().strip() for e in examples} & training_texts()
    assert not overlap, overlap


def test_no_message_is_there_twice(examples: list[Example]) -> None:
    texts = Counter(e.text.lower() for e in examples)
    assert [t for t, n in texts.items() if n > 1] == []


def test_annotations_use_the_documented_values(examples: list[Example]) -> None:
    allowed = {
        "her2_result": set(HER2_VALUES),
        "hormone_receptor": set(RECEPTOR_VALUES),
        "red_flag": set(RED_FLAG_VALUES),
        "medicine": {e["name"] for e in medical_terms().medicines_lexicon()},
    }
    for example in examples:
        for entity, value in example.entities:
            assert entity in ENTITY_TYPES, example
            if entity == "age":
                assert value.isdigit() and 0 < int(value) <= 120, example
            else:
                assert value in allowed[entity], example


def test_the_matcher_meets_the_entity_floors_on_the_set(examples: list[Example]) -> None:
    predictions = [
        Prediction(e.intent, None, tuple((t.entity, str(t.value)) for t in medical_terms().find(e.text)))
        for e in examples
    ]
    report = score(examples, predictions, ENTITY_TYPES)
    for entity, floor in ENTITY_F1_FLOORS.items():
        assert report.entity_f1(entity) >= floor, (entity, report.entities[entity], report.errors)

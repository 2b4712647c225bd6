"""The Rasa component: create, train (snapshot into model storage), load, process."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.medical_terms_extractor import SNAPSHOT_FILE, MedicalTermsExtractor

CASES = [
    (
        "I'm 54 and never had Herceptin",
        [("age", 54, "54"), ("medicine", "trastuzumab", "Herceptin")],
    ),
    (
        "her2 was 2+ but fish negative, ER+ PR-",
        [
            ("her2_result", "2+ ish negative", "2+ but fish negative"),
            ("hormone_receptor", "positive", "ER+"),
            ("hormone_receptor", "negative", "PR-"),
        ],
    ),
    ("I had Xeloda after it came back", [("medicine", "capecitabine", "Xeloda")]),
    (
        "my chest hurts and I can't breathe",
        [("red_flag", "chest_pain", "chest hurts"), ("red_flag", "breathing", "can't breathe")],
    ),
    ("no chest pain, just chemo", []),
    ("what's the weather like", []),
]


def trained(tmp_path: Path) -> tuple[LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("medical_terms")
    context = ExecutionContext(graph_schema=None, node_name="medical_terms")  # type: ignore[arg-type]
    component = MedicalTermsExtractor.create({}, storage, resource, context)
    assert component.train(TrainingData()) == resource
    return storage, resource


def load(storage: LocalModelStorage, resource: Resource) -> MedicalTermsExtractor:
    context = ExecutionContext(graph_schema=None, node_name="medical_terms")  # type: ignore[arg-type]
    return MedicalTermsExtractor.load({}, storage, resource, context)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_loaded_component_adds_entities(tmp_path: Path, text: str, expected: list[tuple[str, object, str]]) -> None:
    storage, resource = trained(tmp_path)
    message = Message(data={"text": text})
    load(storage, resource).process([message])
    entities = message.get("entities")
    assert [(e["entity"], e["value"], text[e["start"] : e["end"]]) for e in entities] == expected
    assert all(e["extractor"] == "MedicalTermsExtractor" for e in entities)


def test_entities_are_added_to_those_already_there(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    earlier = {"entity": "other", "value": "x", "start": 0, "end": 1}
    message = Message(data={"text": "Kadcyla", "entities": [earlier]})
    load(storage, resource).process([message])
    assert message.get("entities")[0] == earlier
    assert message.get("entities")[1]["value"] == "trastuzumab emtansine"


def test_the_model_keeps_the_lexicon_it_was_trained_with(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    with storage.write_to(resource) as directory:
        snapshot = (directory / SNAPSHOT_FILE).read_text().replace('"hercepin"', '"hercepin", "hercy"')
        (directory / SNAPSHOT_FILE).write_text(snapshot)
    component = load(storage, resource)
    message = Message(data={"text": "hercy"})
    component.process([message])
    assert [e["value"] for e in message.get("entities")] == ["trastuzumab"]  # a spelling only the model knows


def test_the_fingerprint_follows_the_lexicon() -> None:
    """By default the component reads every language's words (a Chinese red flag in any model)."""
    every = MedicalTermsExtractor.fingerprint_addon({"language": "every_language"})
    assert MedicalTermsExtractor.fingerprint_addon({}) == every
    assert MedicalTermsExtractor.fingerprint_addon({"language": "en"}) != every


def test_by_default_chinese_and_english_terms_are_found(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    message = Message(data={"text": "我胸痛，HER2（++），打过赫赛汀 and Kadcyla"})
    load(storage, resource).process([message])
    assert {(e["entity"], e["value"]) for e in message.get("entities")} == {
        ("red_flag", "chest_pain"),
        ("her2_result", "2+"),
        ("medicine", "trastuzumab"),
        ("medicine", "trastuzumab emtansine"),
    }


def test_an_untrained_component_refuses_to_process(tmp_path: Path) -> None:
    context = ExecutionContext(graph_schema=None, node_name="medical_terms")  # type: ignore[arg-type]
    component = MedicalTermsExtractor.create({}, LocalModelStorage(tmp_path), Resource("x"), context)
    with pytest.raises(RuntimeError):
        component.process([Message(data={"text": "herceptin"})])

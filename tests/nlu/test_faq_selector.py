"""The FAQ selector answers only messages taken for `faq` (unit, and on the real model over HTTP)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.training_data.message import Message

from bot.startup.settings import Settings
from nlu.faq_selector import FaqResponseSelector


def message(intent: str) -> Message:
    return Message(data={"text": "x", "intent": {"name": intent, "confidence": 0.9}})


def test_only_faq_messages_reach_the_selector(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Message] = []

    def record(self: Any, messages: list[Message]) -> list[Message]:
        seen.extend(messages)
        for each in messages:
            each.set("response_selector", {"faq": {"response": {"intent_response_key": "faq/dosing"}}})
        return messages

    monkeypatch.setattr(ResponseSelector, "process", record)
    config = {**FaqResponseSelector.get_default_config(), "retrieval_intent": "faq"}
    selector = FaqResponseSelector.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("faq"),
        ExecutionContext(graph_schema=None),  # type: ignore[arg-type]
    )
    asking, answering, unknown = message("faq"), message("inform"), Message(data={"text": "x"})
    assert selector.process([answering, asking, unknown]) == [answering, asking, unknown]
    assert seen == [asking]
    assert answering.get("response_selector") is None and unknown.get("response_selector") is None


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("text", "answered"),
    [("how often do I get the medicine", True), ("my her2 was 1+", False), ("yes", False)],
)
def test_the_real_model_selects_only_for_questions(
    settings: Settings, servers: dict, text: str, answered: bool
) -> None:
    reply = httpx.post(
        f"{settings.rasa_url}/model/parse", params={"token": settings.rasa_api_token}, json={"text": text}, timeout=60
    )
    parsed = reply.json()
    selected = (parsed.get("response_selector") or {}).get("faq")
    if answered:
        assert parsed["intent"]["name"] == "faq"
        assert selected is not None and selected["response"]["intent_response_key"] == "faq/dosing"
    else:
        assert parsed["intent"]["name"] != "faq"
        assert selected is None

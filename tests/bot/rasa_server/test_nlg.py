"""The response generator says the most specific matching variant: language, then caregiver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.core.nlg import NaturalLanguageGenerator, TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.rasa_server.nlg import MostSpecificResponseGenerator, most_specific

ROOT = Path(__file__).resolve().parents[3]
TYPE = "bot.rasa_server.nlg.MostSpecificResponseGenerator"
TRIES = 40  # Rasa picks at random: the same answer forty times is no luck

SMALL_DOMAIN = """
version: "3.1"
slots:
  language: {type: text, initial_value: en, influence_conversation: false, mappings: [{type: custom}]}
  answering_for:
    type: categorical
    values: [self, someone_else]
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_outcome:
    - condition: [{type: slot, name: language, value: en}]
      text: "you may join"
    - condition: [{type: slot, name: language, value: zh}]
      text: "您可能符合条件"
    - condition:
        - {type: slot, name: language, value: en}
        - {type: slot, name: answering_for, value: someone_else}
      text: "{patient_person} may join"
    - condition:
        - {type: slot, name: language, value: zh}
        - {type: slot, name: answering_for, value: someone_else}
      text: "{patient_person}可能符合条件"
  utter_channel:
    - condition: [{type: slot, name: language, value: en}]
      text: "any channel"
    - condition: [{type: slot, name: language, value: en}]
      channel: telegram
      text: "telegram"
  utter_plain:
    - text: "no condition"
  utter_only_zh:
    - condition: [{type: slot, name: language, value: zh}]
      text: "只有中文"
    - text: "the default"
"""


def tracker(domain: Domain, **slots: Any) -> DialogueStateTracker:
    """A conversation whose slots were set to these values."""
    t = DialogueStateTracker.from_events("nlg-test", [SlotSet(k, v) for k, v in slots.items()], domain.slots)
    return t


async def texts(
    nlg: NaturalLanguageGenerator, domain: Domain, name: str, channel: str = "rest", **slots: Any
) -> set[str]:
    """Every text the generator gives for this response over many tries."""
    said = set()
    for _ in range(TRIES):
        response = await nlg.generate(name, tracker(domain, **slots), channel, patient_person="P")
        said.add(response["text"] if response else "")
    return said


@pytest.fixture
def small() -> Domain:
    return Domain.from_yaml(SMALL_DOMAIN)


@pytest.mark.parametrize(
    ("slots", "said"),
    [
        ({}, "you may join"),  # language starts as en
        ({"language": "zh"}, "您可能符合条件"),
        ({"answering_for": "self"}, "you may join"),
        ({"answering_for": "someone_else"}, "P may join"),  # two conditions beat one
        ({"language": "zh", "answering_for": "someone_else"}, "P可能符合条件"),
        ({"language": "zh", "answering_for": "self"}, "您可能符合条件"),
    ],
)
async def test_the_variant_with_the_most_matching_conditions_is_said(
    small: Domain, slots: dict[str, Any], said: str
) -> None:
    nlg = MostSpecificResponseGenerator(domain=small)
    assert await texts(nlg, small, "utter_outcome", **slots) == {said}


async def test_rasas_own_generator_mixes_them_which_is_why_this_exists(small: Domain) -> None:
    np.random.seed(7)
    stock = TemplatedNaturalLanguageGenerator(small.responses)
    assert await texts(stock, small, "utter_outcome", answering_for="someone_else") == {"you may join", "P may join"}


@pytest.mark.parametrize(
    ("name", "channel", "slots", "said"),
    [
        ("utter_channel", "telegram", {}, "telegram"),  # a channel variant first, as in Rasa
        ("utter_channel", "rest", {}, "any channel"),
        ("utter_plain", "rest", {"language": "zh"}, "no condition"),  # no conditions at all: kept
        ("utter_only_zh", "rest", {"language": "zh"}, "只有中文"),
        ("utter_only_zh", "rest", {}, "the default"),  # nothing conditional matches: Rasa's default
        ("utter_missing", "rest", {}, ""),  # no such response
    ],
)
async def test_rasas_order_of_channel_and_default_variants_is_kept(
    small: Domain, name: str, channel: str, slots: dict[str, Any], said: str
) -> None:
    nlg = MostSpecificResponseGenerator(domain=small)
    assert await texts(nlg, small, name, channel, **slots) == {said}


def test_most_specific_keeps_every_variant_of_the_top_count() -> None:
    one, two = {"condition": [{"name": "a"}]}, {"condition": [{"name": "a"}, {"name": "b"}]}
    assert most_specific([one, two, dict(two)]) == [two, two]
    assert most_specific([{"text": "x"}]) == [{"text": "x"}]
    assert most_specific([]) == []


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "endpoints.cluster.yml"])
def test_endpoints_make_rasa_build_this_generator(
    endpoints: str, small: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "ACTION_ENDPOINT_URL",
        "TRACKER_STORE_URL",
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
        "REDIS_KEY_PREFIX",
    ):
        monkeypatch.setenv(name, "1")  # the files read them; only `nlg` matters here
    config = read_endpoint_config(str(ROOT / endpoints), "nlg")
    assert config is not None and config.type == TYPE
    nlg = NaturalLanguageGenerator.create(config, small)  # as rasa/core/agent.py does
    assert isinstance(nlg, MostSpecificResponseGenerator)
    assert nlg.responses == small.responses


@pytest.mark.parametrize(
    ("slots", "start"),
    [
        ({}, "Good news: from your answers, you may"),
        (
            {"answering_for": "someone_else", "patient_person": "your mother"},
            "Good news: from your answers, your mother",
        ),
        ({"language": "zh"}, "好消息：根据您的回答，您可能符合条件"),
        (
            {"language": "zh", "answering_for": "someone_else", "patient_person": "您的母亲"},
            "好消息：根据您的回答，您的母亲可能",
        ),
    ],
)
async def test_the_real_domain_speaks_the_language_and_of_the_patient(slots: dict[str, Any], start: str) -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    nlg = MostSpecificResponseGenerator(domain=domain)
    for _ in range(TRIES // 4):
        response = await nlg.generate("utter_outcome_likely_eligible", tracker(domain, **slots), "rest")
        assert response is not None and response["text"].startswith(start)


async def test_chinese_buttons_keep_the_payloads() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    nlg = MostSpecificResponseGenerator(domain=domain)
    response = await nlg.generate("utter_ask_consent", tracker(domain, language="zh"), "rest")
    assert response is not None
    assert [b["title"] for b in response["buttons"]] == ["同意，我本人回答", "同意，替家人回答", "不了，谢谢"]
    assert response["buttons"][1]["payload"] == '/affirm{"audience": "someone_else"}'

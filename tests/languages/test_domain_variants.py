"""Every domain.yml response says the same thing in English and in Chinese, in one variant each.

Rasa falls back silently to any variant whose conditions hold, so a missing translation would
show the patient the other language, or a mix (DESIGN.md section 4): each response has, for
each combination of its other conditions (caregiver, channel), exactly one `en` and one `zh`
variant, with the same placeholders and the same button payloads.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
import yaml

from tests.languages.texts import LANGUAGES, ROOT, language_of, other_conditions

Variants = list[dict[str, Any]]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def responses() -> dict[str, Variants]:
    return dict(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"])


def problems(name: str, variants: Variants) -> list[str]:
    """What is wrong with one response's variants, in words (empty when nothing is)."""
    found = []
    by_conditions: dict[tuple[tuple[str, str], ...], dict[str, Variants]] = defaultdict(lambda: defaultdict(list))
    for variant in variants:
        language = language_of(variant)
        if language not in LANGUAGES:
            found.append(f"{name}: a variant without a language condition: {variant.get('text', '')[:40]!r}")
            continue
        by_conditions[other_conditions(variant)][language].append(variant)
    for conditions, languages in by_conditions.items():
        where = name + "".join(f"[{k}={v}]" for k, v in conditions)
        counts = {language: len(languages.get(language, [])) for language in LANGUAGES}
        if set(counts.values()) != {1}:
            found.append(f"{where}: variants per language {counts}, one each expected")
            continue
        en, zh = (languages[language][0] for language in LANGUAGES)
        # "of {patient_person}" in English is "{patient_persons}" (您母亲的) in Chinese: one person, two forms.
        placeholders = [[p.removesuffix("s") for p in PLACEHOLDER.findall(v.get("text", ""))] for v in (en, zh)]
        if set(placeholders[0]) != set(placeholders[1]):
            found.append(f"{where}: placeholders differ: {placeholders[0]} / {placeholders[1]}")
        # A payload that is an intent ("/affirm") is the same in both; one that is words ("上午",
        # sent as if typed, then read back to the patient) is in the variant's language.
        payloads = [
            [b["payload"] if b["payload"].startswith("/") else "words" for b in v.get("buttons") or []]
            for v in (en, zh)
        ]
        if payloads[0] != payloads[1]:
            found.append(f"{where}: button payloads differ: {payloads[0]} / {payloads[1]}")
        if not zh.get("text", "").strip():
            found.append(f"{where}: the Chinese text is empty")
    return found


@pytest.mark.parametrize("name", sorted(responses()))
def test_one_variant_per_language_with_the_same_placeholders_and_payloads(name: str) -> None:
    assert problems(name, responses()[name]) == []


EN = {"type": "slot", "name": "language", "value": "en"}
ZH = {"type": "slot", "name": "language", "value": "zh"}
CARER = {"type": "slot", "name": "answering_for", "value": "someone_else"}


@pytest.mark.parametrize(
    ("variants", "problem"),
    [
        ([{"text": "Hi"}, {"condition": [ZH], "text": "您好"}], "without a language condition"),
        ([{"condition": [EN], "text": "Hi"}], "{'en': 1, 'zh': 0}"),  # no Chinese
        (
            [
                {"condition": [EN], "text": "Hi"},
                {"condition": [EN], "text": "Hey"},
                {"condition": [ZH], "text": "您好"},
            ],
            "{'en': 2, 'zh': 1}",
        ),
        (  # the caregiver's Chinese variant is missing, the patient's own is there
            [
                {"condition": [EN, CARER], "text": "a"},
                {"condition": [EN], "text": "b"},
                {"condition": [ZH], "text": "乙"},
            ],
            "[answering_for=someone_else]: variants per language {'en': 1, 'zh': 0}",
        ),
        (
            [{"condition": [EN], "text": "Question {number}"}, {"condition": [ZH], "text": "第 {numbre} 题"}],
            "placeholders differ",
        ),
        (
            [
                {"condition": [EN], "text": "OK?", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
                {"condition": [ZH], "text": "好吗？", "buttons": [{"title": "好", "payload": "/deny"}]},
            ],
            "button payloads differ",
        ),
    ],
)
def test_the_check_finds_each_gap(variants: Variants, problem: str) -> None:
    found = problems("utter_x", variants)
    assert any(problem in p for p in found), found

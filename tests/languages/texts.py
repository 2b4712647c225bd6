"""Every patient-facing text of every source, with its key and language, for the language tests.

One collector, so that a new source is added once and every check (both languages present,
no untranslated English, Chinese readability) covers it. Sources (DESIGN.md section 6):
domain.yml responses (text and button titles, keyed by name and non-language conditions),
the trial file and relations.yml (every `{en: ..., zh: ...}` mapping of strings, keyed by
its path in the file), the gateway's replies.yml, the widget's static/texts/<code>.json and
Telegram's texts/<code>.yml (keyed by the key, the language from the file).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "zh")
TRIAL_FILES = ("criteria/data/nct06561607.yml", "criteria/data/relations.yml")
# Keys whose value names the file's language rather than saying anything.
NOT_TEXT = {"language"}


@dataclass(frozen=True)
class Text:
    """One text a patient may read: where it is, its key there, its language and its words."""

    source: str
    key: str
    language: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.source}: {self.key} [{self.language}]"


def _yaml(path: str) -> Any:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def language_of(variant: dict[str, Any]) -> str | None:
    """The language a domain response variant is conditioned on, if any."""
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return None


def other_conditions(variant: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The variant's conditions besides the language (a caregiver's `answering_for`), and its channel."""
    others = [(str(c["name"]), str(c["value"])) for c in variant.get("condition") or [] if c.get("name") != "language"]
    if variant.get("channel"):
        others.append(("channel", str(variant["channel"])))
    return tuple(sorted(others))


def domain_texts() -> Iterator[Text]:
    """The words of every response variant in domain.yml, its button titles included."""
    for name, variants in _yaml("domain.yml")["responses"].items():
        for variant in variants:
            language = language_of(variant) or "(none)"
            key = name + "".join(f"[{k}={v}]" for k, v in other_conditions(variant))
            yield Text("domain.yml", key, language, variant.get("text", ""))
            for i, button in enumerate(variant.get("buttons") or []):
                yield Text("domain.yml", f"{key}.buttons[{i}]", language, str(button["title"]))


def is_language_mapping(value: Any) -> bool:
    """A `{en: ..., zh: ...}` text: a mapping whose keys are language codes and whose values are words."""
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= set(LANGUAGES)
        and all(isinstance(v, str) for v in value.values())
    )


def _walk(value: Any, path: str) -> Iterator[tuple[str, dict[str, str]]]:
    if is_language_mapping(value):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            label = v.get("id") or v.get("code") or v.get("value") if isinstance(v, dict) else None
            yield from _walk(v, f"{path}[{label if label is not None else i}]")


def trial_texts() -> Iterator[Text]:
    """Every language mapping of the trial file and relations.yml, one Text per language given."""
    for source in TRIAL_FILES:
        for path, mapping in _walk(_yaml(source), ""):
            for language, words in mapping.items():
                yield Text(source, path, language, words)


def _flat(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flat(v, f"{path}.{k}" if path else str(k))
    else:
        yield path, str(value)


def channel_texts() -> Iterator[Text]:
    """The gateway's replies (by language inside the file), the widget's and Telegram's (a file a language)."""
    for language, replies in _yaml("bot/gateway/replies.yml").items():
        for key, words in _flat(replies):
            yield Text("bot/gateway/replies.yml", key, language, words)
    for path in sorted((ROOT / "bot/gateway/static/texts").glob("*.json")):
        for key, words in _flat(json.loads(path.read_text(encoding="utf-8"))):
            if key not in NOT_TEXT:
                yield Text("bot/gateway/static/texts", key, path.stem, words)
    for path in sorted((ROOT / "bot/telegram/texts").glob("*.yml")):
        for key, words in _flat(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield Text("bot/telegram/texts", key, path.stem, words)


@lru_cache(maxsize=1)
def all_texts() -> tuple[Text, ...]:
    """Every patient-facing text of every source."""
    return (*domain_texts(), *trial_texts(), *channel_texts())


def texts_in(language: str) -> list[Text]:
    return [t for t in all_texts() if t.language == language]


SOURCES = ("domain.yml", *TRIAL_FILES, "bot/gateway/replies.yml", "bot/gateway/static/texts", "bot/telegram/texts")

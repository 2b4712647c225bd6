"""The gateway's own patient-facing replies, from replies.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

REPLIES = Path(__file__).with_name("replies.yml")


@cache
def _all() -> dict[str, dict[str, str]]:
    with REPLIES.open(encoding="utf-8") as handle:
        loaded: dict[str, dict[str, str]] = yaml.safe_load(handle)
    return loaded


def reply(key: str, language: str = "en", **values: object) -> str:
    """The reply `key` in `language` (English when there is no translation)."""
    texts = _all().get(language) or _all()["en"]
    return texts.get(key, _all()["en"][key]).format(**values)

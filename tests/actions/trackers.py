"""Build rasa_sdk trackers for action unit tests, from the real domain's slots."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

from tests.criteria.helpers import ELIGIBLE

ROOT = Path(__file__).resolve().parents[2]

# The eligible patient of the criteria tests, aged 54 and doing light work.
ELIGIBLE_ANSWERS: dict[str, Any] = {**ELIGIBLE, "age": 54, "daily_activity": "light_work"}


@lru_cache(maxsize=1)
def domain() -> dict[str, Any]:
    """The real domain.yml as a dict."""
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
    return loaded


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str | None = None,
    filled: dict[str, Any] | None = None,
    active_loop: str | None = None,
    intent: str = "inform",
) -> Tracker:
    """A tracker whose last user message is `text`; `filled` are slots Rasa just set from it."""
    values = {name: spec.get("initial_value") for name, spec in domain()["slots"].items()}
    values["requested_slot"] = None
    values.update(slots or {})
    values.update(filled or {})
    latest: dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"}]
    if text is not None:
        events.append({"event": "user", "text": text, "parse_data": latest})
    events += [{"event": "slot", "name": k, "value": v} for k, v in (filled or {}).items()]
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("unit-test", values, latest, events, False, None, loop, "action_listen")


def slot_events(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(name, value) of the SlotSet events, in order, with answer-log times removed."""
    out = []
    for event in events:
        assert event["event"] == "slot", event
        value = event["value"]
        if event["name"] == "answer_log":
            value = [{k: v for k, v in entry.items() if k != "at"} for entry in value]
        out.append((event["name"], value))
    return out

"""The phases are named once: the enum, the domain's slot values and the rules agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from actions.phases import FORMS, Phase, enter, phase_of
from tests.actions.trackers import make_tracker

ROOT = Path(__file__).resolve().parents[2]


def rule_phases(node: Any) -> set[str]:
    """Every value a rule's slot condition gives the phase slot."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "phase" and isinstance(value, str):
                found.add(value)
            else:
                found |= rule_phases(value)
    elif isinstance(node, list):
        for item in node:
            found |= rule_phases(item)
    return found


def test_the_domain_slot_has_exactly_the_phases() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert domain["slots"]["phase"]["values"] == [p.value for p in Phase]


def test_every_phase_in_the_rules_is_a_phase() -> None:
    rules = yaml.safe_load((ROOT / "bot" / "flows" / "rules.yml").read_text())
    used = rule_phases(rules["rules"])
    assert used, "the rules name no phase: the walk is wrong"
    assert used <= {p.value for p in Phase}


def test_the_phase_is_read_and_set_only_through_the_phases_module() -> None:
    """Elsewhere a phase is Phase.X, read with phase_of and set with enter: no string literals."""
    for path in (ROOT / "actions").glob("*.py"):
        if path.name == "phases.py":
            continue
        text = path.read_text()
        for banned in ("PHASE", '"phase"', "'phase'"):
            assert banned not in text, f"{path.name} uses {banned}"


def test_phase_of_and_enter_round_trip() -> None:
    for phase in Phase:
        tracker = make_tracker({"phase": phase.value}, "hi")
        assert phase_of(tracker) is phase
        assert enter(phase) == {"event": "slot", "timestamp": None, "name": "phase", "value": phase.value}
    assert phase_of(make_tracker({}, "hi")) is None
    assert phase_of(make_tracker({"phase": "no such phase"}, "hi")) is None


def test_forms_are_the_phases_with_a_form() -> None:
    assert FORMS == {Phase.SCREENING: "screening_form", Phase.CONTACT: "contact_form"}

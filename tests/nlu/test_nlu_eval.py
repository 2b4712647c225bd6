"""`make nlu-eval` on the real model: the held-out figures of both languages must meet the floors (CI).

One run of the evaluation checks both that the figures meet the floors and that a
floor above them fails the command in each language (the report is written either way),
so the held-out messages are parsed once, not twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.jobs.nlu_eval import FLOORS, LANGUAGES
from bot.startup.settings import ROOT, Settings

pytestmark = pytest.mark.rasa_cli


def test_heldout_figures_meet_the_floors_and_a_higher_floor_fails(
    settings: Settings, trained_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "nlu-eval.json"
    result = subprocess.run(
        [sys.executable, "-m", "bot.jobs.nlu_eval", "--model", str(trained_model), "--out", str(out),
         "--min-intent-accuracy", "1.01"],
        cwd=ROOT, env=settings.process_env(), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    # the floor of 1.01 is above any figure: the command fails and says which floor, in each language
    assert result.returncode == 1, (result.stdout + result.stderr)[-4000:]
    for language in LANGUAGES:
        assert f"BELOW FLOOR: {language}: intent accuracy" in result.stderr
        assert f"== {language}:" in result.stdout
    assert "intent accuracy:" in result.stdout and "entity medicine" in result.stdout
    # the real floors hold in both languages: nothing else is below
    document = json.loads(out.read_text())
    assert set(document["languages"]) == set(LANGUAGES)
    assert len(document["below_floors"]) == len(LANGUAGES), document["below_floors"]
    for language, figures in document["languages"].items():
        assert figures["below_floors"] == [f"intent accuracy {figures['intent_accuracy']:.4f} < 1.01"], language
        assert figures["examples"] >= 330
        floors = FLOORS[language]
        assert figures["intent_accuracy"] >= floors.intent_accuracy, language
        assert figures["intent_macro_f1"] >= floors.macro_f1, language
        assert figures["response_accuracy"] >= floors.response_accuracy, language
        for entity, floor in floors.entity_f1.items():
            assert figures["entities"][entity]["f1"] >= floor, (language, figures["entities"][entity])
    # English meets the targets; what Chinese still lacks is said, not hidden
    assert not [gap for gap in document["below_targets"] if gap.startswith("en:")]
    assert all(f"TARGET NOT MET: {gap}" in result.stdout for gap in document["below_targets"])

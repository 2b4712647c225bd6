"""`make nlu-eval` on the real model: the held-out figures must meet the floors (CI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.jobs.nlu_eval import ENTITY_F1_FLOORS, INTENT_ACCURACY_FLOOR
from bot.startup.settings import ROOT, Settings

pytestmark = pytest.mark.rasa_cli


def test_heldout_figures_meet_the_floors(settings: Settings, trained_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "nlu-eval.json"
    result = subprocess.run(
        [sys.executable, "-m", "bot.jobs.nlu_eval", "--model", str(trained_model), "--out", str(out)],
        cwd=ROOT,
        env=settings.process_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    figures = json.loads(out.read_text())
    assert figures["examples"] >= 330
    assert figures["intent_accuracy"] >= INTENT_ACCURACY_FLOOR
    for entity, floor in ENTITY_F1_FLOORS.items():
        assert figures["entities"][entity]["f1"] >= floor, figures["entities"][entity]
    assert "intent accuracy:" in result.stdout and "entity medicine" in result.stdout


def test_a_floor_above_the_figures_fails(settings: Settings, trained_model: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.jobs.nlu_eval", "--model", str(trained_model), "--out", str(tmp_path / "e.json"),
         "--min-intent-accuracy", "1.01"],
        cwd=ROOT, env=settings.process_env(), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 1
    assert "BELOW FLOOR: intent accuracy" in result.stderr

"""The training fingerprint: same inputs, same model; any change, a new one."""

from __future__ import annotations

from pathlib import Path

from bot.processes import training_fingerprint


def make_project(root: Path) -> None:
    (root / "nlu").mkdir()
    (root / "bot" / "flows").mkdir(parents=True)
    (root / "config.yml").write_text("pipeline: []\n")
    (root / "domain.yml").write_text("intents: [greet]\n")
    (root / "nlu" / "intents.yml").write_text("nlu: []\n")
    (root / "bot" / "flows" / "rules.yml").write_text("rules: []\n")


def test_same_inputs_same_fingerprint(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert training_fingerprint(root=tmp_path) == training_fingerprint(root=tmp_path)


def test_any_change_changes_it(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = training_fingerprint(root=tmp_path)
    for path in ("config.yml", "domain.yml", "nlu/intents.yml", "bot/flows/rules.yml"):
        target = tmp_path / path
        original = target.read_text()
        target.write_text(original + "# changed\n")
        assert training_fingerprint(root=tmp_path) != before, path
        target.write_text(original)
    (tmp_path / "nlu" / "more.yml").write_text("nlu: []\n")
    assert training_fingerprint(root=tmp_path) != before

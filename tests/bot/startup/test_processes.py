"""The training fingerprint: same inputs, same model; any change, a new one."""

from __future__ import annotations

from pathlib import Path

from bot.startup.processes import MODEL_CODE, MODEL_INPUTS, training_fingerprint


def make_project(root: Path) -> None:
    (root / "nlu" / "data" / "en").mkdir(parents=True)
    (root / "bot" / "flows").mkdir(parents=True)
    for folder in MODEL_CODE:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "component.py").write_text("X = 1\n")
    (root / "config.yml").write_text("pipeline: []\n")
    (root / "domain.yml").write_text("intents: [greet]\n")
    (root / "nlu" / "data" / "en" / "intents.yml").write_text("nlu: []\n")
    (root / "bot" / "flows" / "rules.yml").write_text("rules: []\n")
    for name in MODEL_INPUTS:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("medicines: []\n")


def test_same_inputs_same_fingerprint(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert training_fingerprint(root=tmp_path) == training_fingerprint(root=tmp_path)


def test_any_change_changes_it(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = training_fingerprint(root=tmp_path)
    code = [f"{folder}/component.py" for folder in MODEL_CODE]
    for path in ("config.yml", "domain.yml", "nlu/data/en/intents.yml", "bot/flows/rules.yml", *MODEL_INPUTS, *code):
        target = tmp_path / path
        original = target.read_text()
        target.write_text(original + "# changed\n")
        assert training_fingerprint(root=tmp_path) != before, path
        target.write_text(original)
    (tmp_path / "nlu" / "data" / "en" / "more.yml").write_text("nlu: []\n")
    assert training_fingerprint(root=tmp_path) != before


def test_compiled_python_does_not_change_it(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = training_fingerprint(root=tmp_path)
    (tmp_path / "nlu" / "__pycache__").mkdir()
    (tmp_path / "nlu" / "__pycache__" / "component.cpython-310.pyc").write_bytes(b"\0")
    assert training_fingerprint(root=tmp_path) == before

"""The WeChat front end's own patient-facing words, one YAML file per language under `texts/`."""

from __future__ import annotations

from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
KEYS = ("please_type", "languages", "unavailable", "restarting")
DEFAULT_LANGUAGE = "zh"  # a WeChat patient starts in Chinese

Texts = dict[str, dict[str, str]]  # language -> key -> text


def load_texts(folder: Path = TEXTS_DIR) -> Texts:
    """Every language's words; ValueError naming a key missing, empty or unknown in any file."""
    texts: Texts = {}
    for path in sorted(folder.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: expected a mapping of keys to texts")
        missing = [key for key in KEYS if not isinstance(raw.get(key), str) or not raw[key].strip()]
        unknown = sorted(set(raw) - set(KEYS))
        if missing or unknown:
            raise ValueError(f"{path}: missing or empty {missing}, unknown {unknown}")
        texts[path.stem] = {key: raw[key].strip() for key in KEYS}
    if DEFAULT_LANGUAGE not in texts:
        raise ValueError(f"{folder}: no {DEFAULT_LANGUAGE}.yml")
    return texts


def text(texts: Texts, language: str, key: str) -> str:
    """One text in the patient's language (Chinese when there is no file for it)."""
    return texts.get(language, texts[DEFAULT_LANGUAGE])[key]

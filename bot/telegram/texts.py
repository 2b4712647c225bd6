"""The Telegram front end's own patient-facing words, one YAML file per language under `texts/`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Texts:
    """The words of one language: help, errors, the older-button reply and the command menu."""

    help: str
    unavailable: str
    restarting: str
    error: str
    older_button: str
    text_only: str
    chosen: str
    all_choices: str
    languages: str  # after the greeting of /start: both languages, and how to switch ("中文" / "English")
    commands: dict[str, str]

    def chosen_line(self, title: str) -> str:
        """The line that marks which button was pressed."""
        return self.chosen.format(title=title)


def language_of(language_code: object, default: str = DEFAULT_LANGUAGE) -> str:
    """Our code for a Telegram user's language_code: zh, zh-hans, zh-CN... are zh; any other is en; none, `default`."""
    if not isinstance(language_code, str) or not language_code.strip():
        return default
    return "zh" if language_code.strip().lower().replace("_", "-").split("-")[0] == "zh" else "en"


def load_all(folder: Path = TEXTS_DIR) -> dict[str, Texts]:
    """Every language's texts (each complete, or ValueError naming what is missing)."""
    return {path.stem: load_texts(path.stem, folder) for path in sorted(folder.glob("*.yml"))}


def available_languages() -> list[str]:
    """The languages that have a texts file."""
    return sorted(path.stem for path in TEXTS_DIR.glob("*.yml"))


def load_texts(language: str = DEFAULT_LANGUAGE, folder: Path = TEXTS_DIR) -> Texts:
    """Read `<language>.yml`; every key of `Texts` must be there and none may be empty."""
    path = folder / f"{language}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of keys to texts")
    names = [f.name for f in fields(Texts)]
    missing = [name for name in names if not raw.get(name)]
    unknown = sorted(set(raw) - set(names))
    if missing or unknown:
        raise ValueError(f"{path}: missing or empty {missing}, unknown {unknown}")
    if not isinstance(raw["commands"], dict) or not all(raw["commands"].values()):
        raise ValueError(f"{path}: 'commands' must map each command to a description")
    return Texts(**{name: raw[name] for name in names})

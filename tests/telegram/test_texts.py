"""The Telegram front end's own words: one keyed file per language, complete and plain."""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat
import yaml

from bot.telegram.handlers import FrontEnd
from bot.telegram.texts import TEXTS_DIR, Texts, available_languages, load_texts
from tests.test_readability import MAX_GRADE, plain


def test_english_is_there_and_complete() -> None:
    texts = load_texts("en")
    assert "en" in available_languages()
    assert "emergency" in texts.help and "automated assistant" in texts.help
    for command in ("/start", "/restart", "/delete", "/help"):
        assert command in texts.help
    assert "try again later" in texts.unavailable
    assert "older message" in texts.older_button and "type your answer" in texts.older_button
    assert texts.chosen_line("2+") == "You chose: 2+"


def test_the_menu_lists_the_commands_the_bot_handles() -> None:
    menu = set(load_texts().commands)
    handled = {"start", "restart", "delete", "help"}
    assert menu == handled
    assert all(hasattr(FrontEnd, name) for name in handled)


@pytest.mark.parametrize("language", available_languages())
def test_every_language_has_the_same_keys(language: str) -> None:
    english = yaml.safe_load((TEXTS_DIR / "en.yml").read_text())
    other = yaml.safe_load((TEXTS_DIR / f"{language}.yml").read_text())
    assert set(other) == set(english)
    assert set(other["commands"]) == set(english["commands"])
    assert isinstance(load_texts(language), Texts)


def english_texts() -> list[tuple[str, str]]:
    texts = load_texts("en")
    found = [(name, getattr(texts, name)) for name in ("help", "unavailable", "error", "older_button", "text_only")]
    return found + [(f"commands.{k}", v) for k, v in texts.commands.items()]


@pytest.mark.parametrize(("key", "text"), english_texts(), ids=[k for k, _ in english_texts()])
def test_reading_grade_at_most_8(key: str, text: str) -> None:
    text = text.replace("/", " ")  # command names are names, not words
    grade = textstat.flesch_kincaid_grade(plain(text))
    assert grade <= MAX_GRADE, f"{key}: grade {grade}"


def test_a_missing_key_is_refused(tmp_path: Path) -> None:
    english = yaml.safe_load((TEXTS_DIR / "en.yml").read_text())
    del english["older_button"]
    (tmp_path / "xx.yml").write_text(yaml.safe_dump(english))
    with pytest.raises(ValueError, match="older_button"):
        load_texts("xx", folder=tmp_path)


def test_an_empty_text_is_refused(tmp_path: Path) -> None:
    english = yaml.safe_load((TEXTS_DIR / "en.yml").read_text())
    english["help"] = ""
    (tmp_path / "xx.yml").write_text(yaml.safe_dump(english))
    with pytest.raises(ValueError, match="help"):
        load_texts("xx", folder=tmp_path)

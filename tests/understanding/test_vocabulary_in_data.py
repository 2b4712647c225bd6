"""understanding/ holds logic only: its words live in the language data files, and it imports no Rasa.

The readers and term finders must take every word, phrase and pattern of a language
from understanding/languages/<code>.yml, so that adding a language is adding a file.
A string constant in the code that is an entry of a list (or a key of a mapping) in
a language file is a word written twice: the test names it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from criteria import load_lexicon, load_trial
from understanding.language import languages, load_language
from understanding.terms.her2 import VALUES as HER2_VALUES
from understanding.terms.receptors import VALUES as RECEPTOR_VALUES
from understanding.terms.red_flags import VALUES as RED_FLAG_VALUES
from understanding.terms.terms import ENTITY_TYPES

PACKAGE = Path(__file__).resolve().parents[2] / "understanding"
FORBIDDEN = ("actions", "nlu", "bot", "rasa", "rasa_sdk")

# Names and values are no words the code reads: the trial's question kinds and answer
# values and the medicine classes (criteria/), the entity types and values of the finders,
# and the readers' codes for how an answer was read (the keys of `how:`; its phrases are words).
VALUES = (
    {code for language in languages() for code in load_language(language).get("how", {})}
    | {o.value for q in load_trial().questions for o in q.options}
    | {q.kind for q in load_trial().questions}
    | set(ENTITY_TYPES)
    | {str(e["class"]) for e in load_lexicon()}
    | set(HER2_VALUES)
    | set(RECEPTOR_VALUES)
    | set(RED_FLAG_VALUES)
)
# Strings that equal a word of a language file but are none: one reason each.
ALLOWED: dict[str, str] = {
    "consent": "the name of the greeting's yes/no prompt (understanding/yes_no.py PROMPTS), not a word read",
}


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def entries(data: Any) -> Iterator[str]:
    """Every string in the lists of a language file, and the words of its word mappings ("two": 2)."""
    if isinstance(data, dict):
        if not any(isinstance(v, (list, dict)) for v in data.values()):
            yield from (str(k) for k in data)
        for value in data.values():
            yield from entries(value)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (list, dict)):
                yield from entries(item)
            else:
                yield str(item)


def language_words() -> set[str]:
    """The words and phrases of every language file (entries with a letter or digit)."""
    words = {w for code in languages() for w in entries(load_language(code))}
    return {w for w in words if any(ch.isalnum() for ch in w)}


def keys(tree: ast.AST) -> set[int]:
    """The ids of the strings that index a mapping (`data["her2"]`, `entry.get("also")`): names, not words."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            found.add(id(node.slice))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            found |= {id(a) for a in node.args[:1] if isinstance(a, ast.Constant)}
        if isinstance(node, ast.Dict):  # {"medicine": name}: a key names a field
            found |= {id(k) for k in node.keys if isinstance(k, ast.Constant)}
    return found


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree) | keys(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def test_there_is_code_and_data_to_check() -> None:
    assert len(python_files()) >= 15
    assert {"en"} <= set(languages())
    assert {"yes", "chest pain", "fish", "oestrogen", "aged"} <= language_words()


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_word_of_a_language_file_is_written_in_the_code(path: Path) -> None:
    words = language_words()
    written = [
        f"line {line}: {value!r}"
        for line, value in string_constants(path)
        if value in words and value not in VALUES and value not in ALLOWED
    ]
    assert written == [], f"{path.name} writes words of the language file: {written}"


def test_every_allowed_string_is_still_needed() -> None:
    constants = {value for path in python_files() for _line, value in string_constants(path)}
    assert set(ALLOWED) <= constants & language_words()


def test_a_word_written_in_the_code_is_found(tmp_path: Path) -> None:
    code = tmp_path / "reader.py"
    code.write_text('"""Never: a docstring."""\nNEVER = ("never", "x")\nREAD = data["not"] or data.get("no")\n')
    assert [value for _line, value in string_constants(code) if value in language_words()] == ["never"]


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_understanding_imports_nothing_of_rasa_actions_nlu_or_bot(path: Path) -> None:
    bad = [m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN]
    assert bad == [], f"{path.name} imports {bad}"


def test_the_red_flag_kinds_are_those_of_every_language_file() -> None:
    for code in languages():
        assert tuple(load_language(code)["red_flags"]["phrases"]) == RED_FLAG_VALUES, code


def structure(data: Any, path: str = "") -> Iterator[str]:
    """The key paths of a language file, but not the words of its word mappings ("two": 2, "春天": [3, 5])."""
    if isinstance(data, dict) and any(
        isinstance(v, dict) or isinstance(v, list) and any(isinstance(w, (str, dict, list)) for w in v)
        for v in data.values()
    ):
        for key, value in data.items():
            yield f"{path}/{key}"
            yield from structure(value, f"{path}/{key}")


def test_every_language_file_has_the_keys_of_the_english_one() -> None:
    english = set(structure(load_language("en")))
    for code in languages():
        assert set(structure(load_language(code))) == english, code
        assert set(load_language(code)["how"]) == set(load_language("en")["how"]), code

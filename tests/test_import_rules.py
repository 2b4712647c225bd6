"""The house rules of DESIGN.md section 3: which package may import which, and no import loops.

Read from the source with `ast` (every import, at module level or inside a function),
so a new wrong import fails here before anyone runs it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("criteria", "understanding", "nlu", "actions", "bot")

# package (or sub-package) -> the packages of ours it may import (besides itself)
ALLOWED: dict[str, tuple[str, ...]] = {
    "criteria": (),
    "understanding": ("criteria",),
    "nlu": ("understanding", "criteria"),
    # the actions record through the store (bot.store) and nothing else of bot
    "actions": ("understanding", "criteria", "bot.store"),
}
# package -> the packages of ours it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot": ("actions", "nlu"),
    "bot.gateway": ("actions", "nlu", "understanding"),
    "bot.telegram": ("actions", "nlu", "understanding"),
    "bot.wechat": ("actions", "nlu", "understanding"),
}


def module_name(path: Path) -> str:
    """bot/store/schema.py -> bot.store.schema; a package's __init__.py -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Every Python module of ours, by name."""
    found = {}
    for package in OURS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in the file, resolved to our module where it is one."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, full if full in modules() else node.module


def ours(name: str) -> bool:
    return name.split(".")[0] in OURS


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def rule_of(module: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The most specific package of the table that holds the module."""
    holders = [p for p in table if within(module, p)]
    return max(holders, key=len) if holders else None


def violations() -> list[str]:
    found = []
    for module, path in sorted(modules().items()):
        for line, name in imported(path):
            if not ours(name):
                continue
            allowed = rule_of(module, ALLOWED)
            if allowed and not within(name, allowed) and not any(within(name, p) for p in ALLOWED[allowed]):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name} ({allowed} may not)")
            for package in [p for p in FORBIDDEN if within(module, p)]:
                if any(within(name, banned) for banned in FORBIDDEN[package]):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name} ({package} must not)")
    return list(dict.fromkeys(found))


def test_every_package_imports_only_what_it_may() -> None:
    assert violations() == []


def test_the_rules_see_a_wrong_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself works: a criteria module importing bot is caught."""
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "bad.py").write_text("def f():\n    from bot.store import schema\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    modules.cache_clear()
    try:
        assert violations() == ["criteria/bad.py:2 imports bot.store (criteria may not)"]
    finally:
        modules.cache_clear()


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (a package import counts as its __init__)."""
    graph: dict[str, set[str]] = {}
    for module, path in modules().items():
        graph[module] = {name for _line, name in imported(path) if name in modules() and name != module}
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_two_modules_import_each_other_in_a_loop() -> None:
    """Also through imports inside functions, which only hide a loop."""
    assert loops(import_graph()) == []


def test_the_loop_finder_finds_a_loop() -> None:
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

"""The architecture's lines that import-linter cannot see (issue 18): screens and widgets
never open a session (they call named services), and no screen module grows past ~300 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mace_tui

ROOT = Path(mace_tui.__file__).parent
UI_FILES = sorted([*(ROOT / "screens").glob("*.py"), *(ROOT / "widgets").glob("*.py")])
SCREEN_FILES = sorted((ROOT / "screens").glob("*.py"))
MOST_LINES = 300


def _sessions_opened(path: Path) -> list[int]:
    """Lines calling ``<something>.session(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "session"
    ]


def test_the_walk_sees_the_ui() -> None:
    assert len(UI_FILES) > 50 and any(p.name == "case.py" for p in SCREEN_FILES)


def test_the_check_finds_a_session_opened() -> None:
    assert _sessions_opened(ROOT / "launch.py")  # a service module: it opens sessions


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_screen_or_widget_opens_a_session(path: Path) -> None:
    assert _sessions_opened(path) == [], "read and write through a named service instead"


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: p.name)
def test_no_screen_module_is_over_300_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{lines} lines: split it by what it shows"

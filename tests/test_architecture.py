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


def _thread_workers_querying(path: Path) -> list[int]:
    """Lines where a thread worker (``@work(thread=True)``) queries the screen's widgets: the
    DOM belongs to the event loop; a worker is handed what it needs and calls back."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any("thread=True" in ast.unparse(d) for d in node.decorator_list):
            continue
        found += [
            sub.lineno
            for sub in ast.walk(node)
            if isinstance(sub, ast.Attribute)
            and sub.attr in ("query_one", "query", "query_exactly_one", "focused")
            and isinstance(sub.value, ast.Name)
            and sub.value.id == "self"
        ]
    return found


def test_the_check_finds_a_worker_querying(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "@work(thread=True)\ndef load(self):\n    self.query_one('#x').update('')\n",
        encoding="utf-8",
    )
    assert _thread_workers_querying(sample) == [3]


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_thread_worker_queries_the_screen(path: Path) -> None:
    assert _thread_workers_querying(path) == [], "hand the worker its values; show on return"

"""The core runs without the UI, and the command line starts without the heavy stacks."""

from __future__ import annotations

import subprocess
import sys

import pytest


def every_module(package: str) -> str:
    """An import statement for a package and every module below it (not just its __init__)."""
    return (
        f"import importlib, pkgutil, {package} as p; "
        "[importlib.import_module(m.name) for m in "
        "pkgutil.walk_packages(p.__path__, p.__name__ + '.') if '.migrations' not in m.name]"
    )


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


CORE_PACKAGES = [
    "mace_tui.rules",
    "store",
    "mace_tui.audio",
    "mace_tui.reports",
    "mace_tui.chair",
    "mace_tui.prep",
    "mace_tui.review",
    "mace_tui.directory",
]


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_does_not_import_textual(package: str) -> None:
    modules = loaded_after(every_module(package))
    # The walk really loaded the package's modules, not just its __init__.
    assert sum(m.startswith(package + ".") for m in modules) >= 3
    assert "textual" not in modules


@pytest.mark.parametrize("module", ["mace_tui.demo", "mace_tui.overview"])
def test_core_modules_do_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_rules_import_no_database_stack() -> None:
    modules = loaded_after(every_module("mace_tui.rules"))
    assert not {"sqlalchemy", "sqlmodel"} & modules
    # The record decorator (store/frozen.py) is the one part of the store a rule may load.
    assert {m for m in modules if m.split(".")[0] == "store"} == {"store", "store.frozen"}


def test_command_line_starts_light() -> None:
    modules = loaded_after("import mace_tui.cli")
    assert not {"textual", "sqlalchemy", "sqlmodel", "alembic", "holidays"} & modules
    # Each sub-command's module loads only when it runs.
    assert not {"mace_tui.commands.export", "mace_tui.commands.review"} & modules


def test_the_command_forks_before_importing_anything_heavy() -> None:
    """The console script forks first: what it imports before, both processes pay for."""
    modules = loaded_after("import mace_tui.handoff")
    assert not {"click", "textual", "sqlalchemy", "mace_tui.config", "mace_tui.cli"} & modules


def test_app_paints_without_the_database_stack() -> None:
    modules = loaded_after("import mace_tui.factory")
    assert "textual" in modules
    assert not {"sqlalchemy", "sqlmodel", "alembic"} & modules


def test_first_screen_records_arrive_without_the_database_stack() -> None:
    # The forked helper sends these; the UI must read them before it has SQLAlchemy.
    modules = loaded_after("import mace_tui.overview, store.records, mace_tui.early")
    assert not {"sqlalchemy", "sqlmodel", "textual"} & modules


@pytest.mark.parametrize(
    "statement",
    [
        "import store.quickread, store.quickqueue, store.quickreview",
        "from mace_tui.launch import quick_chair, quick_home, read_prep",
        "import mace_tui.overview, mace_tui.early",
        # What the helpers' results are made of: the UI unpickles them on start-up.
        "import mace_tui.chair.start, mace_tui.chair.attendance",
        "import mace_tui.directory.records",
        # The directory's lists and the view the helper makes of them.
        "import store.quickdirectory, mace_tui.directory.gaps",
        "from mace_tui.directory.early_read import quick_directory",
        # The review list the helper sends, the retention it is shown with, and its job.
        "import store.review_records, mace_tui.review.listed, mace_tui.review.periods",
        # The review screen's first detail line (the format of the highlighted recording).
        "import mace_tui.audio.formats",
        "from mace_tui.review.early_read import read_review",
    ],
)
def test_the_start_up_reads_import_no_database_stack(statement: str) -> None:
    """The forked helper's quick reads exist to skip SQLAlchemy and SQLModel (start-up); the
    records it sends back are unpickled by the UI, so their modules must stay light too."""
    modules = loaded_after(statement)
    named = statement.replace(",", " ").split()[1]
    assert named in modules
    assert not {"sqlalchemy", "sqlmodel", "textual"} & modules


@pytest.mark.parametrize(
    "module",
    [
        "mace_tui.app",
        "mace_tui.screens.home",
        "mace_tui.screens.chair_start",
        "mace_tui.screens.attendance",
        "mace_tui.screens.prep",
        "mace_tui.screens.review",
        "mace_tui.screens.directory",
        "mace_tui.screens.minutes",
        "mace_tui.screens.setup",
    ],
)
def test_the_first_screens_import_no_database_stack(module: str) -> None:
    """Each mode's first screen paints before the store is open: importing it must not
    take the GIL for SQLAlchemy (a module-level ``from store.db import Store`` did)."""
    modules = loaded_after(f"import {module}")
    assert module in modules
    assert not {"sqlalchemy", "sqlmodel"} & modules


def test_the_review_screens_first_lines_need_no_heavy_stack() -> None:
    """The review screen draws its list's status and the highlighted recording's detail in
    its first frame, from the start-up helper's records: neither may pull in the database
    stack, nor numpy (the audio readers')."""
    statement = (
        "from datetime import UTC, date, datetime; "
        "from store.review_records import ReviewRow; "
        "from mace_tui.review.listed import listed; "
        "from mace_tui.review.periods import Retention, is_expired; "
        "from mace_tui.widgets.recordings_table import detail_text, review_status; "
        "row = ReviewRow(1, 1, date(2026, 11, 23), 'llr-drmm', 'child', 1, 1, 'C1', 'A Name', "
        "'/nowhere/x.sealed', 16000, 1, 16000, 1.0, '', 'complete', "
        "datetime(2026, 11, 23, tzinfo=UTC), None, True); "
        "days = Retention(30); item = listed(row); "
        "assert 'kept until 23 Dec 2026' in detail_text(item, days, None); "
        "assert is_expired(row, today=date(2027, 1, 1), days=days); "
        "assert '1 recording' in review_status(1, 1, days, expired_only=False)"
    )
    modules = loaded_after(statement)
    assert "mace_tui.audio.formats" in modules
    assert not {"sqlalchemy", "sqlmodel", "numpy"} & modules

"""The installed command: help, version, demo seeding, and one-line errors with exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mace_tui import __version__


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout
    assert "--db" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"mace-tui, version {__version__}"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--db", "nonsense", "demo", "--no-ui"],
            "mace-tui: --db / MACE_DB_URL: 'nonsense' is not a database URL",
        ),
        (
            ["demo", "--no-ui", "--db", "mysql://x/y"],
            "mace-tui: --db / MACE_DB_URL: the database kind 'mysql'",
        ),
        (
            ["--profile", "weekly-chat", "demo", "--no-ui"],
            "mace-tui: profile: 'weekly-chat' is not a known profile",
        ),
    ],
)
def test_bad_settings_exit_2_with_one_line(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(says)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_unwritable_data_dir_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("--data-dir", str(blocker / "sub"), "demo", "--no-ui")
    assert result.returncode == 2
    assert "MACE_DATA_DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_no_ui_seeds_then_refuses_a_second_time(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = run("demo", "--no-ui", "--db", f"sqlite:///{db}")
    assert first.returncode == 0, first.stderr
    assert "Demo written to" in first.stdout
    assert db.exists()
    second = run("demo", "--no-ui", "--db", f"sqlite:///{db}")
    assert second.returncode == 2
    assert "already holds meetings" in second.stderr
    assert "Traceback" not in second.stderr


def test_demo_no_ui_default_goes_to_the_data_dir(tmp_path: Path) -> None:
    result = run("demo", "--no-ui")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "demo.db").exists()

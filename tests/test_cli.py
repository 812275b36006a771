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


# A stand-in for a machine without psycopg (it is installed here): a package of that
# name whose import fails, first on the path.
NO_PSYCOPG = 'raise ImportError("psycopg is absent (a test stand-in)")\n'


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--no-ui"],
        ["chair"],
        ["export", "--meeting", "2026-11-23", "--format", "md", "--out", "x"],
        ["audit"],
    ],
)
def test_postgresql_without_psycopg_names_what_to_install(tmp_path: Path, args: list[str]) -> None:
    shadow = tmp_path / "shadow" / "psycopg"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(NO_PSYCOPG)
    url = "postgresql+psycopg://mace@dbhost/mace"
    result = run("--db", url, *args, env={"PYTHONPATH": str(shadow.parent)})
    assert result.returncode == 2
    assert result.stderr == (
        "mace-tui: --db / MACE_DB_URL: a PostgreSQL database needs the psycopg package, "
        "which is not installed. Install it with pip install 'mace-tui[postgres]' "
        "(in a checkout: uv sync --extra postgres).\n"
    )


def test_postgresql_needs_the_psycopg_driver_named() -> None:
    result = run("--db", "postgresql://mace@dbhost/mace", "audit")
    assert result.returncode == 2
    assert "postgresql+psycopg://" in result.stderr
    assert result.stderr.count("\n") == 1


def test_commands_on_a_real_postgresql_store(pg_url: str, tmp_path: Path) -> None:
    """The demo seeds PostgreSQL; the next commands open it and write to it."""
    seeded = run("demo", "--no-ui", "--db", pg_url)
    assert seeded.returncode == 0, seeded.stderr
    again = run("demo", "--no-ui", "--db", pg_url)
    assert again.returncode == 2 and "already holds meetings" in again.stderr
    from sqlmodel import select

    from store.db import Store
    from store.models import Meeting

    with Store.open(pg_url).session() as session:
        finished = session.exec(
            select(Meeting).where(Meeting.status == "finished").order_by(Meeting.date.desc())  # type: ignore[attr-defined]
        ).first()
    assert finished is not None
    out = tmp_path / "out"
    exported = run(
        "--db", pg_url, "export", "--meeting", finished.date.isoformat(), "--profile",
        finished.profile, "--format", "csv", "--out", str(out),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert any(out.iterdir())
    audited = run("--db", pg_url, "audit", "--verify")
    assert audited.returncode == 0, audited.stderr
    assert "Audit log intact" in audited.stdout

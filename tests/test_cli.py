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
            "mace-tui: --db / MACE_DB_URL: this is not a database URL",
        ),
        (
            ["--db", "sqlite+pysqlcipher:////tmp/x.db", "audit"],
            "mace-tui: --db / MACE_DB_URL: the driver 'pysqlcipher' is not supported",
        ),
        (
            ["--db", "postgresql+pg8000://hub@dbhost/mace", "audit"],
            "mace-tui: --db / MACE_DB_URL: the driver 'pg8000' is not supported",
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


def _settings_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.toml").write_bytes(content)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b"retention_days = 99999999999\n",
            "retention_days: must be a whole number from 1 to 36500",
        ),
        (b"retention_days = 0\n", "retention_days: must be a whole number from 1 to 36500"),
        (b"sample_rate = 99999999999999999999\n", "sample_rate: must be a whole number"),
        (b'profile = "llr-drmm"\n# caf\xe9\n', "line 2 is not UTF-8 text"),
        (b"\xff\xfe\x00\x01", "line 1 is not UTF-8 text"),
    ],
)
def test_bad_settings_file_exit_2_with_one_line(tmp_path: Path, content: bytes, says: str) -> None:
    _settings_file(tmp_path, content)
    result = run("audit")
    assert result.returncode == 2
    assert result.stderr.startswith(f"mace-tui: {tmp_path / 'config' / 'settings.toml'}: ")
    assert says in result.stderr
    assert result.stderr.count("\n") == 1


def test_unknown_settings_key_is_warned_about_with_the_nearest(tmp_path: Path) -> None:
    _settings_file(tmp_path, b"retention_dayz = 30\naudio_devise = 'USB'\n")
    result = run("audit")
    assert result.returncode == 0, result.stderr
    assert (
        "unknown key 'retention_dayz' is ignored; did you mean 'retention_days'?" in result.stderr
    )
    assert "unknown key 'audio_devise' is ignored; did you mean 'audio_device'?" in result.stderr


def test_upper_case_sqlite_url_is_the_same_database(tmp_path: Path) -> None:
    db = tmp_path / "upper.db"
    result = run("--db", f"SQLITE:///{db}", "audit")
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_db_naming_another_kind_of_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("meeting notes\n")
    notes.chmod(0o644)
    result = run("--db", f"sqlite:///{notes}", "audit")
    assert result.returncode == 2
    assert "exists and is not a database (it was left as it is)" in result.stderr
    assert result.stderr.count("\n") == 1
    assert (notes.stat().st_mode & 0o777, notes.read_text()) == (0o644, "meeting notes\n")


def test_a_broken_user_profile_only_stops_commands_that_use_it(tmp_path: Path) -> None:
    profiles = tmp_path / "config" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "hub-weekly.toml").write_bytes(b'name = "Weekly \xff"\n')
    other = run("audit")
    assert other.returncode == 0, other.stderr
    assert "hub-weekly.toml: line 1 is not UTF-8 text" in other.stderr
    assert "left out" in other.stderr
    using = run("--profile", "hub-weekly", "audit")
    assert using.returncode == 2
    assert "hub-weekly.toml: line 1 is not UTF-8 text" in using.stderr
    assert "Traceback" not in using.stderr


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

"""``mace-tui directory --import/--export`` from a script."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_import_then_export(settings, tmp_path: Path) -> None:
    out = tmp_path / "hub.csv"
    done = run("directory", "--import", str(SAMPLE), "--export", str(out))
    assert done.returncode == 0, done.stderr
    assert "5 agencies added" in done.stdout and "9 people added" in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = run("directory", "--export", str(out))
    assert again.returncode == 2 and "never replaced" in again.stderr


def test_a_bad_file_names_row_and_column_and_imports_nothing(settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kind,agency,name,sector,role\n"
        "agency,testshire-police,Testshire Police,police,\n"
        "person,testshire-police,Jo Mockridge,,wizard\n",
        encoding="utf-8",
    )
    done = run("directory", "--import", str(bad))
    assert done.returncode == 2
    assert "row 3, role: is not one of" in done.stderr
    assert "wizard" not in done.stderr and "Mockridge" not in done.stderr
    db = settings.sqlite_path
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM agency").fetchone() == (0,)

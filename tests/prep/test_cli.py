"""``mace-tui prep`` from a script: import and export, errors in one line with exit status 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from mace_tui.clock import local_today, system_clock
from mace_tui.prep.deadline import default_meeting_date
from mace_tui.profiles import get_profile

SAMPLE = Path(__file__).parent.parent / "data" / "prep_sample.csv"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", "prep", *args],
        capture_output=True,
        text=True,
        env={**os.environ},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def queue_rows(tmp_path: Path) -> list[tuple[str, str, int]]:
    """(meeting date, child name, position) of every queued child, from the database file."""
    with closing(sqlite3.connect(tmp_path / "data" / "mace.db")) as db:
        return db.execute(
            "SELECT m.date, c.name, a.position FROM agenda_item a "
            "JOIN meeting m ON m.id = a.meeting_id JOIN child c ON c.id = a.child_id "
            "WHERE a.status != 'removed' ORDER BY a.position"
        ).fetchall()


def test_import_then_export_for_the_next_meeting(tmp_path: Path) -> None:
    result = run("--import", str(SAMPLE), "--export-list", str(tmp_path / "list"))
    assert result.returncode == 0, result.stderr
    assert "prep_sample.csv (UTF-8): 5 rows read, 5 valid." in result.stderr
    assert "Imported 5 children onto the DRMM queue" in result.stdout
    next_day = default_meeting_date(get_profile("llr-drmm"), local_today(system_clock))
    rows = queue_rows(tmp_path)
    assert [r[1] for r in rows] == [
        "Ellis Examplewood", "Rowan Mockingham", "Kit Fabricate", "Jules Placeholder-Smith", "Noa Inventedson",
    ]  # fmt: skip
    assert {r[0] for r in rows} == {next_day.isoformat()}
    markdown = (tmp_path / "list.md").read_text()
    assert markdown.startswith("OFFICIAL-SENSITIVE") and "Kit Fabricate" in markdown
    assert (tmp_path / "list.csv").exists()
    # A second export to the same place is refused: nothing is replaced.
    again = run("--export-list", str(tmp_path / "list.md"))
    assert again.returncode == 2
    assert "already exists and is not replaced" in again.stderr
    assert "Traceback" not in again.stderr


def test_a_file_with_bad_rows_imports_nothing_unless_asked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace("27/06/2013", "31/06/2013"))
    result = run("--import", str(bad))
    assert result.returncode == 2
    assert "row 4, date_of_birth: is not a day in the calendar" in result.stderr
    assert "nothing was imported" in result.stderr
    assert "Kit Fabricate" not in result.stderr  # no child's name in messages
    assert queue_rows(tmp_path) == []
    chosen = run("--import", str(bad), "--only-valid")
    assert chosen.returncode == 0, chosen.stderr
    assert "Left out 1 rows with problems" in chosen.stdout
    assert [r[1] for r in queue_rows(tmp_path)] == [
        "Ellis Examplewood", "Rowan Mockingham", "Jules Placeholder-Smith", "Noa Inventedson",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--date", "24/11/2026"], "--date: '24/11/2026' is not a date; use YYYY-MM-DD"),
        (["--date", "2001-01-01"], "--date: 2001-01-01 is in the past"),
        (["--date", "9999-12-31"], "--date: 9999-12-31 is more than 2 years ahead"),
        (["--only-valid"], "--only-valid: use it together with --import"),
        (["--import", "/no/such/file.csv"], "/no/such/file.csv: no such file"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run("--import", str(empty))
    assert result.returncode == 2
    assert "empty.csv: the file is empty" in result.stderr


def test_a_refused_import_leaves_the_store_exactly_as_it_was(tmp_path: Path) -> None:
    made = run("--import", str(SAMPLE))  # the store exists, with the next meeting's queue
    assert made.returncode == 0, made.stderr
    with closing(sqlite3.connect(tmp_path / "data" / "mace.db")) as db:
        before = list(db.iterdump())
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace("27/06/2013", "31/06/2013"))
    later = local_today(system_clock).replace(day=1).toordinal() + 400
    from datetime import date

    result = run("--import", str(bad), "--date", date.fromordinal(later).isoformat())
    assert result.returncode == 2 and "nothing was imported" in result.stderr
    with closing(sqlite3.connect(tmp_path / "data" / "mace.db")) as db:
        after = list(db.iterdump())
    assert after == before  # not even the meeting row of that date


@pytest.mark.parametrize(
    ("date_text", "says"),
    [
        ("9999-12-31", "--date: 9999-12-31 is more than 2 years ahead"),
        ("1926-12-01", "--date: 1926-12-01 is more than 10 years ago"),
        ("2026-02-30", "--date: '2026-02-30' is not a real date"),
    ],
)
def test_the_chair_refuses_a_meeting_date_years_away(
    tmp_path: Path, date_text: str, says: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mace_tui", "chair", "--date", date_text],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "mace.db").exists()  # nothing created


def test_research_from_a_script_is_checked_and_all_or_nothing(tmp_path: Path) -> None:
    assert run("--import", str(SAMPLE)).returncode == 0
    unknown = run("--ask-research", "Nowhere Borough Council")
    assert unknown.returncode == 2
    assert "is not an agency in the directory" in unknown.stderr
    research = tmp_path / "research.csv"
    research.write_text(
        "child_ref,agency,person,kind,text,received\n"
        "C-NOBODY99,Nowhere Borough Council,Pat,rumour,Seen.,20/11/2026\n",
        encoding="utf-8",
    )
    refused = run("--import-research", str(research))
    assert refused.returncode == 2, refused.stderr
    assert "research.csv: 1 rows read, 0 valid, 1 with problems (3 in all)." in refused.stderr
    assert "row 2, child_ref: is not on this meeting's queue" in refused.stderr
    assert "row 2, agency: is not in the directory" in refused.stderr
    assert "row 2, kind: is neither fact nor opinion" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert "Nowhere" not in refused.stderr.replace(str(research), "")
    with closing(sqlite3.connect(tmp_path / "data" / "mace.db")) as db:
        assert db.execute("SELECT count(*) FROM research").fetchone() == (0,)

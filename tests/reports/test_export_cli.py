"""``mace-tui export``: past meetings to files, printing only paths and counts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from mace_tui.cli import main
from mace_tui.reports.csv_out import ENCODING
from mace_tui.reports.marking import marking_line
from store.db import Store
from tests.reports.conftest import Meetings

CHILDREN = ("Zoë", "Siân", "Jamie", "Riley", "Sasha", "Parker", "Frankie", "Drew")


def export(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def assert_no_child_named(*texts: str) -> None:
    for text in texts:
        for name in CHILDREN:
            assert name not in text


def test_installed_command_writes_all_formats_private(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "mace_tui", "export", "--meeting", "2026-11-19:llr-drmm",
         "--format", "all", "--out", str(out)],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stem = str(out / "action-log_llr-drmm_2026-11-19_v1")
    assert lines == [
        f"{stem}.md",
        f"{stem}.csv",
        f"{stem}.docx",
        "Wrote 3 files (action log version 1: 3 children, 5 actions, 0 carried-over updates).",
    ]
    assert result.stderr == ""
    assert_no_child_named(result.stdout)
    for line in lines[:3]:
        assert stat.S_IMODE(Path(line).stat().st_mode) == 0o600
    marking = marking_line("version 1")
    assert Path(lines[0]).read_text("utf-8").splitlines()[0] == marking
    assert Path(lines[1]).read_text(ENCODING).splitlines()[-1] == marking
    assert marking in docx.Document(lines[2]).sections[0].header.paragraphs[0].text


def test_latest_is_the_most_recent_ended_meeting(demo_store: Store, tmp_path: Path) -> None:
    code, out, err = export("--meeting", "latest", "--format", "md", "--out", str(tmp_path))
    assert code == 0, err
    assert out.splitlines()[0].endswith("action-log_llr-drmm_2026-11-20_v1.md")


def test_date_alone_finds_the_one_meeting_that_day(demo_store: Store, tmp_path: Path) -> None:
    code, out, _ = export("--meeting", "2026-11-19", "--format", "csv", "--out", str(tmp_path))
    assert code == 0
    assert out.splitlines()[0].endswith("action-log_llr-drmm_2026-11-19_v1.csv")


def test_several_meetings_on_a_date_need_a_profile(demo_store: Store, tmp_path: Path) -> None:
    code, out, err = export("--meeting", "2026-11-11", "--format", "md", "--out", str(tmp_path))
    assert code == 2 and out == ""
    assert (
        "--meeting: several meetings on 2026-11-11; choose one of 2026-11-11:llr-drmm, 2026-11-11:llr-form"
        in err
    )
    code, out, _ = export(
        "--meeting", "2026-11-11:llr-form", "--format", "md", "--out", str(tmp_path)
    )
    assert code == 0 and "llr-form_2026-11-11" in out


def test_agency_filter_writes_that_agencys_copy(meetings: Meetings, tmp_path: Path) -> None:
    code, out, err = export(
        "--meeting", "2026-11-16", "--format", "csv", "--format", "md",
        "--agency", "Mockbridge Schools (made up)", "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    paths = [Path(p) for p in out.splitlines()[:2]]
    assert [p.name for p in paths] == [
        "action-log_llr-drmm_2026-11-16_v1_school.csv",
        "action-log_llr-drmm_2026-11-16_v1_school.md",
    ]
    assert out.splitlines()[2] == (
        "Wrote 2 files (action log version 1: 1 child, 1 action, 0 carried-over updates)."
    )
    assert_no_child_named(out, err)
    text = paths[1].read_text("utf-8")
    assert "Share attendance for the last four weeks with police" in text
    assert "Circulate the updated contact list" not in text


def test_without_notes_leaves_thrive_out(meetings: Meetings, tmp_path: Path) -> None:
    code, out, _ = export(
        "--meeting", "2026-11-16", "--format", "md", "--without-notes", "--out", str(tmp_path)
    )
    assert code == 0
    text = Path(out.splitlines()[0]).read_text("utf-8")
    assert "Adult seen collecting" not in text and "Allocate a named professional" in text


def test_inquorate_meeting_exports_its_short_record(meetings: Meetings, tmp_path: Path) -> None:
    code, out, _ = export("--meeting", "2026-11-17", "--format", "md", "--out", str(tmp_path))
    assert code == 0
    assert "Who was missing" in Path(out.splitlines()[0]).read_text("utf-8")


def test_exporting_twice_keeps_the_first_file(demo_store: Store, tmp_path: Path) -> None:
    args = ("--meeting", "latest", "--format", "md", "--out", str(tmp_path))
    first = Path(export(*args)[1].splitlines()[0])
    first.write_text("edited by hand")
    second = Path(export(*args)[1].splitlines()[0])
    assert second.name.endswith("_v1-2.md")
    assert first.read_text() == "edited by hand"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--meeting", "19/11/2026"], "--meeting: '19/11/2026' is not a meeting. Use a date as YYYY-MM-DD"),
        (["--meeting", "2026-11-22"], "--meeting: there is no meeting on 2026-11-22."),
        (["--meeting", "2026-11-19:llr-form"], "there is no llr-form meeting on 2026-11-19"),
        (["--meeting", "2026-11-23"], "is planned; its log can be issued once the chair has ended it"),
        (["--meeting", "latest", "--agency", "Nowhere Council"], "--agency: no actions for 'Nowhere Council' at this meeting. Agencies with actions: "),
    ],
)  # fmt: skip
def test_bad_input_is_named_with_what_to_do(
    demo_store: Store, tmp_path: Path, args: list[str], says: str
) -> None:
    out_dir = tmp_path / "out"
    code, out, err = export(*args, "--format", "md", "--out", str(out_dir))
    assert code == 2
    assert says in err and err.startswith("mace-tui: ")
    assert out == "" and not out_dir.exists()
    assert_no_child_named(err)


def test_out_must_be_a_folder_whose_parent_exists(demo_store: Store, tmp_path: Path) -> None:
    code, _, err = export(
        "--meeting", "latest", "--format", "md", "--out", str(tmp_path / "a" / "b")
    )
    assert code == 2 and "--out:" in err and "does not exist; create it first" in err


def test_format_is_checked_by_the_command(demo_store: Store, tmp_path: Path) -> None:
    code, _, err = export("--meeting", "latest", "--format", "pdf", "--out", str(tmp_path))
    assert code == 2 and "'pdf' is not one of 'md', 'csv', 'docx', 'all'" in err

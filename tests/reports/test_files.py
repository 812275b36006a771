"""Output files: private, written whole or not at all, never over an existing file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from mace_tui.reports import files
from mace_tui.reports.export import FORMATS, export_action_log
from mace_tui.reports.files import OutputError, prepare_folder, write_new
from tests.reports.conftest import Meetings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_created_private(tmp_path: Path) -> None:
    path = write_new(tmp_path, "log", ".md", b"hello")
    assert path == tmp_path / "log.md"
    assert path.read_bytes() == b"hello"
    assert mode(path) == 0o600


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    taken = tmp_path / "log.md"
    taken.write_bytes(b"keep me")
    first = write_new(tmp_path, "log", ".md", b"one")
    second = write_new(tmp_path, "log", ".md", b"two")
    assert (first.name, second.name) == ("log-2.md", "log-3.md")
    assert taken.read_bytes() == b"keep me"
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log-2.md", "log-3.md", "log.md"]


def test_missing_folder_is_created_private_but_not_its_parents(tmp_path: Path) -> None:
    made = prepare_folder(tmp_path / "exports")
    assert made.is_dir() and mode(made) == 0o700
    with pytest.raises(OutputError, match=r"--out: .*nowhere does not exist; create it first"):
        prepare_folder(tmp_path / "nowhere" / "exports")
    assert not (tmp_path / "nowhere").exists()


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(OutputError, match=r"notes\.txt is a file; name a folder"):
        prepare_folder(tmp_path / "notes.txt", field="Folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    with pytest.raises(OutputError, match="is not writable"):
        prepare_folder(folder)


def test_full_disk_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fake: a disk that fills up part-way (this cannot be arranged for real in a test).
    real_write = os.write
    calls = {"n": 0}

    def filling_write(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data[:3]))

    monkeypatch.setattr(files.os, "write", filling_write)
    with pytest.raises(OutputError, match="the disk is full; free some space"):
        write_new(tmp_path, "log", ".md", b"a longer body")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_removes_the_files_it_had_written(
    meetings: Meetings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fake: the third file (Word) cannot be written, after Markdown and CSV were.
    real = files.write_new
    import mace_tui.reports.export as export_module

    def failing(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
        if suffix == ".docx":
            raise OutputError(f"{folder / (stem + suffix)}: cannot write (fake failure).")
        return real(folder, stem, suffix, data)

    monkeypatch.setattr(export_module, "write_new", failing)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="fake failure"):
        export_action_log(meetings.log(meetings.rich), out, FORMATS)
    assert list(out.iterdir()) == []


def test_export_writes_every_format_with_a_name_free_of_children(
    meetings: Meetings, tmp_path: Path
) -> None:
    log = meetings.log(meetings.rich)
    result = export_action_log(log, tmp_path / "out", FORMATS)
    assert [p.name for p in result.paths] == [
        "action-log_llr-drmm_2026-11-16_v1.md",
        "action-log_llr-drmm_2026-11-16_v1.csv",
        "action-log_llr-drmm_2026-11-16_v1.docx",
    ]
    assert all(mode(p) == 0o600 for p in result.paths)
    assert result.summary() == (
        "Wrote 3 files (action log version 1: 3 children, 5 actions, 2 carried-over updates)."
    )
    again = export_action_log(log, tmp_path / "out", ["md"])
    assert again.paths[0].name == "action-log_llr-drmm_2026-11-16_v1-2.md"
    police_actions = log.agency("police")
    assert police_actions is not None
    police = export_action_log(log.for_agency(police_actions), tmp_path / "out", ["csv"])
    assert police.paths[0].name == "action-log_llr-drmm_2026-11-16_v1_police.csv"
    assert police.summary() == (
        "Wrote 1 file (action log version 1: 1 child, 2 actions, 1 carried-over update)."
    )

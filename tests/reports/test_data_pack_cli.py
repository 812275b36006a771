"""``mace-tui data-pack --month YYYY-MM``: bad months refused in one line, files marked and private."""

from __future__ import annotations

import csv
import stat
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from sqlmodel import select

from mace_tui.cli import main
from mace_tui.datapack.export import EXPORT_PACK
from mace_tui.datapack.render import ENCODING
from mace_tui.reports.marking import marking_line
from store.db import Store
from store.models import AuditEvent
from tests.reports.test_data_pack import Hub


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["data-pack", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "November", "2026-11-01"])
def test_a_bad_month_is_one_line_naming_the_option(
    store: Store, tmp_path: Path, month: str
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("--month", month, "--out", str(out))
    assert code == 2
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--month" in lines[0] and "YYYY-MM" in lines[0]
    assert not out.exists()


def test_the_pack_is_written_marked_private_and_audited(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        hub = Hub(session)
        child = hub.child(setting="Exampleford Academy")
        hub.item(child, date(2026, 11, 2), types="cse", source="screening-tool")
        hub.item(child, date(2026, 12, 1), types="cce")
        session.commit()
    out = tmp_path / "out"
    code, stdout, stderr = run("--month", "2026-11", "--out", str(out))
    assert code == 0, stderr
    lines = stdout.splitlines()
    stem = out / "data-pack-2026-11"
    assert lines == [
        f"{stem}.md",
        f"{stem}.csv",
        f"{stem}.docx",
        "Wrote the data pack for 2026-11 (3 files: Markdown, CSV and Word).",
    ]
    assert "Ellis" not in stdout + stderr
    marking = marking_line()
    for line in lines[:3]:
        assert stat.S_IMODE(Path(line).stat().st_mode) == 0o600
    markdown = Path(lines[0]).read_text("utf-8").splitlines()
    assert markdown[0] == marking and markdown[-1] == marking
    assert "| Exampleford Academy | 1 | 1 | 1 |" in markdown
    rows = list(csv.reader(Path(lines[1]).read_text(ENCODING).splitlines()))
    assert rows[0] == [marking] and rows[-1] == [marking]
    values = {(r[1], r[2], r[3]): r[4] for r in rows[2:-1] if len(r) == 6}
    assert values[("referrals", "All referrals", "2026-11")] == "1"
    assert values[("referrals", "CSE", "2026-11")] == "1"
    assert values[("screening-tool", "Screening-tool referrals", "2026-11")] == "1"
    assert values[("referrals", "All referrals", "2025-12")] == "0"
    word = docx.Document(lines[2])
    assert marking in word.sections[0].header.paragraphs[0].text
    assert marking in word.sections[0].footer.paragraphs[0].text
    assert len(word.tables) >= 7
    with store.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == EXPORT_PACK)).all()
    assert len(events) == 1
    assert "data pack of 2026-11" in events[0].detail


def test_an_existing_file_is_never_replaced(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "data-pack-2026-11.md").write_text("mine")
    code, stdout, _ = run("--month", "2026-11", "--out", str(out))
    assert code == 0
    assert (out / "data-pack-2026-11.md").read_text() == "mine"
    assert stdout.splitlines()[0] == str(out / "data-pack-2026-11-2.md")


def test_a_folder_that_cannot_be_made_is_one_line_and_nothing_written(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "missing" / "out"
    code, stdout, stderr = run("--month", "2026-11", "--out", str(out))
    assert code == 2
    assert stdout == ""
    assert stderr.startswith("mace-tui: --out:")
    assert not out.exists()

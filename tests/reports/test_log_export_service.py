"""The action log screen's export service (chair.log_export.export_log_files) on a real store:
every format written, the whole log kept as version 1, one agency's copy not kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from mace_tui.chair.amend import issued_versions
from mace_tui.chair.log_export import export_log_files
from mace_tui.reports.action_log import build_action_log
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.reports.conftest import Meetings


def test_the_whole_log_is_written_and_kept_as_version_1(meetings: Meetings, tmp_path: Path) -> None:
    log = meetings.log(meetings.rich)
    agency = log.agencies[0]
    part = export_log_files(
        meetings.store, log=log, agency=agency, folder=tmp_path / "one", user="ellis", at=DEMO_NOW
    )
    assert sorted(p.suffix for p in part.paths) == [".csv", ".docx", ".md"]
    with meetings.store.session() as session:
        assert issued_versions(session, meeting_id=meetings.rich) == []  # one agency's copy

    whole = export_log_files(
        meetings.store, log=log, agency=None, folder=tmp_path / "all", user="ellis", at=DEMO_NOW
    )
    assert all(p.parent == tmp_path / "all" and p.exists() for p in whole.paths)
    other = log.agencies[1].name
    assert other in next(p for p in whole.paths if p.suffix == ".md").read_text("utf-8-sig")
    assert other not in next(p for p in part.paths if p.suffix == ".md").read_text("utf-8-sig")
    with meetings.store.session() as session:
        assert [v.number for v in issued_versions(session, meeting_id=meetings.rich)] == [1]


# -- the export's audit event and version 1: one commit -------------------------------------------
def export_in_child(store: Store, *, meeting_id: int, folder: str) -> None:
    """In a child process (tests.store.test_all_or_nothing.run_move): the screen's export."""
    with store.session() as session:
        log = build_action_log(session, meeting_id=meeting_id, generated_at=DEMO_NOW)
    export_log_files(store, log=log, agency=None, folder=Path(folder), user="ellis", at=DEMO_NOW)


def export_command(store: Store, *, meeting_id: int, folder: str) -> None:
    """In a child process: ``mace-tui export`` as typed (it opens the store itself)."""
    from mace_tui.cli import main

    store.close()
    args = ["export", "--meeting", "2026-11-16:llr-drmm", "--format", "md", "--out", folder]
    main.main(args=args, prog_name="mace-tui", standalone_mode=False)


def export_held(store: Store, meeting_id: int) -> tuple[int, list[int]]:
    """(action-log exports in the audit log, the versions kept); the chain must hold."""
    from store.audit import audit_events, verify_chain

    with store.session() as session:
        events = [e for e in audit_events(session) if e.action == "export-log"]
        kept = [v.number for v in issued_versions(session, meeting_id=meeting_id)]
        check = verify_chain(session, seal=store.audit_seal)
    assert check.ok, check.problem
    return len(events), kept


@pytest.mark.parametrize("move", ["export_in_child", "export_command"])
@pytest.mark.parametrize(
    "die_after",
    ["mace_tui.chair.amend.keep_first_issue", "mace_tui.access.events.record_log_export"],
)
def test_an_export_cut_short_by_a_crash_neither_audits_nor_keeps_version_1(
    meetings: Meetings, tmp_path: Path, move: str, die_after: str
) -> None:
    """The first whole export is audited and kept as version 1 together. A crash between the
    two used to leave it audited but not kept, so a later file became "version 1"."""
    from tests.store.test_all_or_nothing import run_move

    store = meetings.store
    assert export_held(store, meetings.rich) == (0, [])
    store.close()
    target = f"tests.reports.test_log_export_service:{move}"
    args = {"meeting_id": meetings.rich, "folder": str(tmp_path / "out")}

    assert run_move(target, die_after, **args) == 9
    assert export_held(store, meetings.rich) == (0, [])  # none of it

    assert run_move(target, "", **args) == 0
    assert export_held(store, meetings.rich) == (1, [1])  # all of it

"""The action log screen's export service (chair.log_export.export_log_files) on a real store:
every format written, the whole log kept as version 1, one agency's copy not kept."""

from __future__ import annotations

from pathlib import Path

from mace_tui.chair.amend import issued_versions
from mace_tui.chair.log_export import export_log_files
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

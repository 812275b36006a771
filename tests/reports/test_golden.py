"""Fixed meetings render byte for byte as the checked-in files under golden/.

After an intended change of wording, rewrite them with
``MACE_UPDATE_GOLDEN=1 uv run pytest tests/reports/test_golden.py`` and review the diff.
"""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.reports.action_log import ActionLog, build_action_log, ended_meeting
from mace_tui.reports.csv_out import render_csv_bytes
from mace_tui.reports.markdown import render_markdown_bytes
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.reports.conftest import Meetings, assert_golden

# A finished DRMM of the demo hub, with a deputy standing in.
DEMO_MEETING = date(2026, 11, 19)


def demo_log(store: Store) -> ActionLog:
    with store.session() as session:
        meeting = ended_meeting(session, profile="llr-drmm", on=DEMO_MEETING)
        assert meeting.id is not None
        return build_action_log(session, meeting_id=meeting.id, generated_at=DEMO_NOW)


@pytest.mark.parametrize(
    ("suffix", "render"), [("md", render_markdown_bytes), ("csv", render_csv_bytes)]
)
def test_demo_meeting_matches_golden(demo_store: Store, suffix: str, render) -> None:
    assert_golden(f"demo-drmm-2026-11-19.{suffix}", render(demo_log(demo_store)))


@pytest.mark.parametrize(
    ("suffix", "render"), [("md", render_markdown_bytes), ("csv", render_csv_bytes)]
)
@pytest.mark.parametrize("which", ["rich", "inquorate"])
def test_hand_built_meetings_match_golden(
    meetings: Meetings, which: str, suffix: str, render
) -> None:
    log = meetings.log(getattr(meetings, which))
    day = log.meeting.date.isoformat()
    assert_golden(f"{which}-{day}.{suffix}", render(log))


@pytest.mark.parametrize(
    ("suffix", "render"), [("md", render_markdown_bytes), ("csv", render_csv_bytes)]
)
def test_one_agency_copy_matches_golden(meetings: Meetings, suffix: str, render) -> None:
    log = meetings.log(meetings.rich)
    police = log.agency("police")
    assert police is not None
    assert_golden(f"rich-2026-11-16-police.{suffix}", render(log.for_agency(police)))

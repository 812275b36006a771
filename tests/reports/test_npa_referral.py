"""The NPA referral drafted from the discussion (R7): content, route, marked files, audit."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from mace_tui.cli import main
from mace_tui.reports.form_export import blocks_markdown
from mace_tui.reports.marking import marking_line
from mace_tui.reports.npa_referral import CLOSING, NpaReferral, build_referrals, document
from store import models as m
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.reports.conftest import Meetings, assert_golden

SIAN = "Siân O'Hara-Łukasz"


def refer_sian(meetings: Meetings, *, crime: bool = False) -> list[NpaReferral]:
    """Siân's outcome made an NPA referral (the builders' panel chose a strategy discussion)."""
    with meetings.store.session() as session:
        grading = session.exec(
            select(m.Grading).where(m.Grading.child_id == meetings.hub.child[SIAN])
        ).one()
        grading.outcome = "npa-referral"
        grading.crime_identified = crime
        session.add(grading)
        session.commit()
    with meetings.store.session() as session:
        return build_referrals(session, meeting_id=meetings.rich, generated_at=DEMO_NOW)


def test_only_children_referred_to_the_npa_get_a_draft(meetings: Meetings) -> None:
    with meetings.store.session() as session:
        assert build_referrals(session, meeting_id=meetings.rich, generated_at=DEMO_NOW) == []
    assert [r.child.child.name for r in refer_sian(meetings)] == [SIAN]


def test_draft_matches_golden(meetings: Meetings) -> None:
    (draft,) = refer_sian(meetings)
    data = blocks_markdown(
        document(draft), marking=marking_line(draft.log.version_label), closing=CLOSING
    )
    assert_golden("npa-referral-rich-2026-11-16-sian.md", data)


@pytest.mark.parametrize(
    ("outcome", "crime", "managed", "route"),
    [
        ("npa-referral", True, False, "crime"),
        ("npa-referral", False, False, "safeguarding"),
        ("npa-referral", False, True, "master"),
        ("npa-master-report", True, False, "master"),
    ],
)
def test_route_follows_crime_and_npa_management(
    meetings: Meetings, outcome: str, crime: bool, managed: bool, route: str
) -> None:
    (draft,) = refer_sian(meetings)
    child = draft.child.__class__(**{**draft.child.__dict__, "outcome": outcome})
    assert NpaReferral(draft.log, child, crime, managed).route == route


def test_export_command_writes_marked_private_drafts_and_audits(
    demo_store: Store, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        ["export", "--meeting", "2026-11-19:llr-drmm", "--npa-referrals", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "Wrote 1 draft NPA referral (2 files)."
    md, word = (Path(p) for p in lines[:2])
    assert stat.S_IMODE(md.stat().st_mode) == 0o600 == stat.S_IMODE(word.stat().st_mode)
    text = md.read_text("utf-8")
    assert text.splitlines()[0] == marking_line("version 1")
    assert "- **Route:** " in text and "## Disruption opportunities" in text
    with demo_store.session() as session:
        events = session.exec(
            select(m.AuditEvent).where(m.AuditEvent.action == "export-npa-referral")
        ).all()
    assert len(events) == 1 and md.name in events[0].detail

"""Amended action logs (R20): a changed action issues version N+1; earlier versions stay as issued.

On the hand-built hub's rich meeting of 16 November (SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import col, select

from mace_tui.chair.amend import (
    ActionChange,
    AmendError,
    amend_action,
    issued_versions,
)
from mace_tui.cli import main
from store import models as m
from tests.conftest import DEMO_NOW, DEMO_TODAY
from tests.reports.conftest import Meetings

MEETING = "2026-11-16:llr-drmm"
USER = "chair-account"


def export(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["export", "--meeting", MEETING, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def first_action(meetings: Meetings) -> m.Action:
    with meetings.store.session() as session:
        action = session.exec(
            select(m.Action)
            .where(m.Action.meeting_id == meetings.rich, col(m.Action.item_id).is_not(None))
            .order_by(col(m.Action.id))
        ).first()
        assert action is not None
        return action


def amend(meetings: Meetings, **given: object) -> object:
    action = first_action(meetings)
    values: dict[str, object] = {
        "action_id": action.id,
        "text": action.text,
        "owner": "DC Robin Placeholder",
        "due": "2026-12-04",
        "reason": "The owner moved team after the meeting.",
    }
    values.update(given)
    meeting_id = int(str(values.pop("meeting_id", meetings.rich)))
    with meetings.store.session() as session:
        return amend_action(
            session,
            meeting_id=meeting_id,
            change=ActionChange(**values),  # type: ignore[arg-type]
            user=USER,
            at=DEMO_NOW,
            today=DEMO_TODAY,
        )


def test_an_amendment_issues_version_2_and_version_1_stays_as_issued(
    meetings: Meetings, tmp_path: Path
) -> None:
    first_out = tmp_path / "first"
    (md1,) = [Path(p) for p in export("--format", "md", "--out", str(first_out))[:-1]]
    assert md1.name.endswith("_v1.md")
    issued = md1.read_bytes()
    old_owner = first_action(meetings).owner

    amend(meetings)

    # The next export is version 2: named, marked and listing the amendment.
    paths = [Path(p) for p in export("--format", "all", "--out", str(first_out))[:-1]]
    assert sorted(p.suffix for p in paths) == [".csv", ".docx", ".md"]
    assert all("_v2" in p.name for p in paths)
    text = next(p for p in paths if p.suffix == ".md").read_text()
    assert text.splitlines()[0].endswith("(version 2)")
    assert "## Versions" in text
    assert "Reason: The owner moved team after the meeting." in text
    assert f"owner: {old_owner} → DC Robin Placeholder" in text
    assert f"by {USER}" in text
    assert md1.read_bytes() == issued  # never replaced on disk

    # Version 1, written again from the store, is byte for byte what went out.
    again = Path(export("--version", "1", "--out", str(first_out))[0])
    assert again != md1 and again.read_bytes() == issued

    with meetings.store.session() as session:
        assert [v.number for v in issued_versions(session, meeting_id=meetings.rich)] == [1, 2]
        audit = session.exec(
            select(m.AuditEvent.action, m.AuditEvent.detail, m.AuditEvent.reason).order_by(
                col(m.AuditEvent.id)
            )
        ).all()
    amended = [row for row in audit if row[0] == "amend-log"]
    assert len(amended) == 1 and "v2" in amended[0][1]
    assert amended[0][2] == "The owner moved team after the meeting."
    assert any(row[0] == "export-log" and "v1" in row[1] and "as issued" in row[1] for row in audit)


def test_amended_before_any_export_keeps_the_log_as_it_stood(meetings: Meetings) -> None:
    before = first_action(meetings)
    amend(meetings)
    amend(meetings, due="2026-12-11", reason="Due date agreed again with the owner.")
    with meetings.store.session() as session:
        versions = issued_versions(session, meeting_id=meetings.rich)
        contents = session.exec(
            select(m.LogVersion.content)
            .where(m.LogVersion.meeting_id == meetings.rich)
            .order_by(col(m.LogVersion.number))
        ).all()
    assert [v.number for v in versions] == [1, 2, 3]
    assert before.owner in contents[0] and "DC Robin Placeholder" not in contents[0]
    assert "due: 2026-12-04 → 2026-12-11" in versions[2].change
    # Version 3 lists both amendments, oldest first.
    assert contents[2].index("Version 2, issued") < contents[2].index("Version 3, issued")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"reason": "  "}, "Reason: say why"),
        ({"owner": ""}, "Owner: name the person or team"),
        ({"text": ""}, "What: say what the action is"),
        ({"due": "04/12/2026"}, "Due: write the date as YYYY-MM-DD"),
        ({"due": "2026-11-01"}, "Due: the date is in the past"),
        ({"action_id": 999_999}, "Action: choose one of this meeting's actions"),
        ({"meeting_id": "the inquorate meeting"}, "Action: choose one of this meeting's actions"),
    ],
)
def test_refused_amendments_write_nothing(
    meetings: Meetings, given: dict[str, object], message: str
) -> None:
    if "meeting_id" in given:  # the rich meeting's action, amended through another meeting
        given = {"meeting_id": meetings.inquorate}
    before = first_action(meetings)
    with pytest.raises(AmendError, match=message):
        amend(meetings, **given)
    after = first_action(meetings)
    assert (after.owner, after.due, after.text) == (before.owner, before.due, before.text)
    with meetings.store.session() as session:
        assert session.exec(select(m.LogVersion)).all() == []


def test_an_unchanged_action_is_not_an_amendment(meetings: Meetings) -> None:
    action = first_action(meetings)
    due = action.due if action.due and action.due >= DEMO_TODAY else date(2026, 12, 4)
    amend(meetings, owner=action.owner or "x", due=f"{due:%Y-%m-%d}")
    with pytest.raises(AmendError, match="nothing was changed"):
        amend(meetings, owner=action.owner or "x", due=f"{due:%Y-%m-%d}")


def test_a_version_never_issued_is_named(meetings: Meetings, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", "--meeting", MEETING, "--version", "3", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "--version: there is no version 3 of this log (issued: none yet)" in result.stderr


@pytest.mark.parametrize("how", ["save", "delete"])
def test_the_store_refuses_a_direct_change_to_an_ended_meetings_action(
    meetings: Meetings, how: str
) -> None:
    """Outside an amendment, an ended meeting's actions cannot be saved over or removed."""
    from store import actions

    action = first_action(meetings)
    assert action.id is not None and action.item_id is not None
    with meetings.store.session() as session, pytest.raises(actions.ActionError, match="amending"):
        if how == "save":
            actions.save_action(
                session, action_id=action.id, item_id=action.item_id, kind=action.kind,
                text="changed behind the log's back", owner=action.owner,
                owner_person_id=action.owner_person_id, agency_id=action.agency_id,
                due=action.due, agreed=action.agreed, at=DEMO_NOW,
            )  # fmt: skip
        else:
            actions.delete_action(session, action_id=action.id)
    after = first_action(meetings)
    assert (after.id, after.text) == (action.id, action.text)

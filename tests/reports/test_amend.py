"""Amended action logs (R20): a changed action issues version N+1; earlier versions stay as issued.

On the hand-built hub's rich meeting of 16 November (SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import replace
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


# -- notes and grades (R20) ----------------------------------------------------------------


def first_note(meetings: Meetings) -> m.ThriveNote:
    with meetings.store.session() as session:
        note = session.exec(
            select(m.ThriveNote)
            .join(m.AgendaItem, col(m.AgendaItem.id) == col(m.ThriveNote.item_id))
            .where(m.AgendaItem.meeting_id == meetings.rich, m.ThriveNote.text != "")
            .order_by(col(m.ThriveNote.id))
        ).first()
        assert note is not None
        return note


def first_grading(meetings: Meetings) -> m.Grading:
    with meetings.store.session() as session:
        grading = session.exec(
            select(m.Grading)
            .join(m.AgendaItem, col(m.AgendaItem.id) == col(m.Grading.item_id))
            .where(m.AgendaItem.meeting_id == meetings.rich)
            .order_by(col(m.Grading.id))
        ).first()
        assert grading is not None
        return grading


def amend_other(meetings: Meetings, change: object) -> object:
    from mace_tui.chair.amend import amend as amend_any

    with meetings.store.session() as session:
        return amend_any(
            session,
            meeting_id=meetings.rich,
            change=change,  # type: ignore[arg-type]
            user=USER,
            at=DEMO_NOW,
            today=DEMO_TODAY,
        )


def test_a_note_and_a_grade_are_amended_and_version_1_stays_byte_identical(
    meetings: Meetings, tmp_path: Path
) -> None:
    from mace_tui.chair.amend import GradeChange, NoteChange

    (md1,) = [Path(p) for p in export("--format", "md", "--out", str(tmp_path))[:-1]]
    issued = md1.read_bytes()
    note, grading = first_note(meetings), first_grading(meetings)
    other_kind = "opinion" if note.kind == "fact" else "fact"

    amend_other(
        meetings,
        NoteChange(note.id or 0, "Seen with two older youths near the station.", other_kind[0],
                   "The note named the wrong place."),
    )  # fmt: skip
    amend_other(
        meetings,
        GradeChange(grading.item_id, "Missing three times this month; new adult links.",
                    "The rationale left out the missing episodes."),
    )  # fmt: skip

    after_note, after_grading = first_note(meetings), first_grading(meetings)
    assert after_note.text == "Seen with two older youths near the station."
    assert after_note.kind == other_kind
    assert after_grading.rationale == "Missing three times this month; new adult links."
    assert after_grading.grade == grading.grade  # the grade itself stays

    paths = [Path(p) for p in export("--format", "md", "--out", str(tmp_path))[:-1]]
    text = paths[0].read_text()
    assert paths[0].name.endswith("_v3.md")
    assert "Seen with two older youths near the station." in text
    assert "Missing three times this month; new adult links." in text
    assert "Reason: The note named the wrong place." in text
    assert "Reason: The rationale left out the missing episodes." in text
    assert f"{note.kind} → {other_kind}" in text
    assert md1.read_bytes() == issued
    again = Path(export("--version", "1", "--out", str(tmp_path))[0])
    assert again != md1 and again.read_bytes() == issued
    second = Path(export("--version", "2", "--out", str(tmp_path))[0])
    assert "Seen with two older youths" in second.read_text()
    assert "Missing three times this month" not in second.read_text()
    with meetings.store.session() as session:
        versions = issued_versions(session, meeting_id=meetings.rich)
    assert [(v.number, v.reason) for v in versions[1:]] == [
        (2, "The note named the wrong place."),
        (3, "The rationale left out the missing episodes."),
    ]


@pytest.mark.parametrize(
    ("kind", "given", "message"),
    [
        ("note", {"reason": " "}, "Reason: say why"),
        ("note", {"text": ""}, "Note: write what the note says"),
        ("note", {"kind": "maybe"}, "Fact or opinion: write fact or opinion"),
        ("note", {"note_id": 999_999}, "Note: choose one of this meeting's notes"),
        ("note", {"same": True}, "nothing was changed"),
        ("grade", {"reason": ""}, "Reason: say why"),
        ("grade", {"rationale": "  "}, "Rationale: say why the panel gave this grade"),
        ("grade", {"item_id": 999_999}, "Grade: choose one of this meeting's graded subjects"),
        ("grade", {"same": True}, "nothing was changed"),
    ],
)
def test_refused_note_and_grade_amendments_write_nothing(
    meetings: Meetings, kind: str, given: dict[str, object], message: str
) -> None:
    from mace_tui.chair.amend import GradeChange, NoteChange

    note, grading = first_note(meetings), first_grading(meetings)
    given = dict(given)  # the parameter is shared by the SQLite and PostgreSQL runs
    same = bool(given.pop("same", False))
    change: object
    if kind == "note":
        values: dict[str, object] = {
            "note_id": note.id,
            "text": note.text if same else "Changed text.",
            "kind": note.kind,
            "reason": "A reason.",
        }
        values.update(given)
        change = NoteChange(**values)  # type: ignore[arg-type]
    else:
        values = {
            "item_id": grading.item_id,
            "rationale": grading.rationale if same else "Changed rationale.",
            "reason": "A reason.",
        }
        values.update(given)
        change = GradeChange(**values)  # type: ignore[arg-type]
    with pytest.raises(AmendError, match=message):
        amend_other(meetings, change)
    assert (first_note(meetings).text, first_grading(meetings).rationale) == (
        note.text,
        grading.rationale,
    )
    with meetings.store.session() as session:
        assert session.exec(select(m.LogVersion)).all() == []


def _direct_change(meetings: Meetings, what: str) -> None:
    """Change an ended meeting's row through the store's own functions, not an amendment."""
    from store import actions, discussion

    action, note, grading = first_action(meetings), first_note(meetings), first_grading(meetings)
    assert action.id is not None and action.item_id is not None and note.id is not None
    with meetings.store.session() as session:
        if what == "action saved":
            actions.save_action(
                session, action_id=action.id, item_id=action.item_id, kind=action.kind,
                text="changed behind the log's back", owner=action.owner,
                owner_person_id=action.owner_person_id, agency_id=action.agency_id,
                due=action.due, agreed=action.agreed, at=DEMO_NOW,
            )  # fmt: skip
        elif what == "action deleted":
            actions.delete_action(session, action_id=action.id)
        elif what == "note saved":
            discussion.save_note(
                session, note_id=note.id, item_id=note.item_id, section=note.section,
                agency_id=note.agency_id, person_id=note.person_id, kind=note.kind,
                text="changed behind the log's back", at=DEMO_NOW,
            )  # fmt: skip
        elif what == "note added":
            discussion.save_note(
                session, note_id=None, item_id=note.item_id, section=note.section,
                agency_id=note.agency_id, person_id=note.person_id, kind="fact",
                text="added behind the log's back", at=DEMO_NOW,
            )  # fmt: skip
        elif what == "note deleted":
            discussion.delete_note(session, note_id=note.id)
        elif what == "grade saved":
            record = discussion.grading(session, item_id=grading.item_id)
            assert record is not None
            discussion.save_grading(
                session,
                record=replace(record, rationale="changed"),
                at=DEMO_NOW,
            )


@pytest.mark.parametrize(
    ("what", "says"),
    [
        ("action saved", "an action changes only by amending"),
        ("action deleted", "an action changes only by amending"),
        ("note saved", "a note changes only by amending"),
        ("note added", "a note changes only by amending"),
        ("note deleted", "a note changes only by amending"),
        ("grade saved", "a grade changes only by amending"),
    ],
)
def test_the_store_refuses_direct_changes_to_an_ended_meeting(
    meetings: Meetings, what: str, says: str
) -> None:
    """Actions, notes and grades of an ended meeting: refused with a plain message, unchanged."""
    from store.errors import UserError

    def state() -> tuple[object, ...]:
        with meetings.store.session() as session:
            notes = session.exec(select(m.ThriveNote.id, m.ThriveNote.text)).all()
            grades = session.exec(select(m.Grading.rationale)).all()
            acts = session.exec(select(m.Action.id, m.Action.text)).all()
        return (sorted(notes), sorted(grades), sorted(acts))

    before = state()
    with pytest.raises(UserError, match=says) as raised:
        _direct_change(meetings, what)
    assert "(n on the action log)" in str(raised.value)
    assert state() == before

"""What the action log says: attendance, conflicts, overrides, deferrals, carry-over, agencies."""

from __future__ import annotations

import csv
import io
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from mace_tui.reports.action_log import ActionLogError, ended_meeting
from mace_tui.reports.csv_out import COLUMNS, ENCODING, render_csv_bytes
from mace_tui.reports.markdown import md, render_markdown
from mace_tui.reports.marking import CLASSIFICATION, marking_line
from tests.reports.conftest import Meetings

MARKING = marking_line("version 1")
ZOE, SIAN, JAMIE = "Zoë Ñandú-Øster", "Siân O'Hara-Łukasz", "Jamie Ünal"


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(ENCODING), newline="")))


def test_every_output_is_marked_first_and_last_with_its_version(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    text = render_markdown(log).splitlines()
    assert text[0] == text[-1] == MARKING
    assert "version 1" in MARKING and CLASSIFICATION in MARKING and "Do not print" in MARKING
    rows = csv_rows(render_csv_bytes(log))
    assert rows[0] == rows[-1] == [MARKING]
    assert rows[1] == list(COLUMNS)


def test_log_is_plain_frozen_data_with_room_for_versions(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    assert (log.version, log.version_label, log.amendment_reason) == (1, "version 1", "")
    with pytest.raises(FrozenInstanceError):
        log.version = 2  # type: ignore[misc]


def test_children_come_in_discussion_order_numbered_as_on_the_queue(meetings: Meetings) -> None:
    """One numbering everywhere: the queue's, as the recordings say "Discussion 2"."""
    log = meetings.log(meetings.rich)
    assert [(c.child.name, c.position) for c in log.children] == [(SIAN, 2), (ZOE, 1), (JAMIE, 3)]
    assert [c.order for c in log.children] == [2, 1, 3]
    text = render_markdown(log)
    assert text.index(f"### 2. {SIAN} — MEDIUM") < text.index(f"### 1. {ZOE} — HIGH")


def test_attendance_shows_deputies_walk_ins_and_times(meetings: Meetings) -> None:
    text = render_markdown(meetings.log(meetings.rich))
    assert (
        "| Dee Standin | Sampleburgh Children's Services (made up) | Member | Present, deputy for Ciarán Notaperson | 09:01 | — |"
        in text
    )
    assert (
        "| Ngozi Examplé | Mockbridge Schools (made up) | Member | Left early, not on the invitation list | 09:20 | 09:40 |"
        in text
    )
    assert (
        "| Ciarán Notaperson | Sampleburgh Children's Services (made up) | Member | Absent | — | — |"
        in text
    )


def test_conflict_shows_who_left_and_rejoined_for_which_child(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    (conflict,) = log.children[1].conflicts
    assert conflict.person == "Nurse Maëlle Pretendsworth"
    text = render_markdown(log)
    assert (
        f"| 1. {ZOE} | Nurse Maëlle Pretendsworth | Exampleville Health (made up) "
        "| declared when the child came up | 09:20 | 09:31 | Related to the child's foster carer. |"
    ) in text
    assert "left 09:20, rejoined 09:31: Related to the child's foster carer." in text


def test_per_child_quorum_override_reason_is_shown(meetings: Meetings) -> None:
    text = render_markdown(meetings.log(meetings.rich))
    assert "**Discussed without full quorum:** the chair overrode the per-child quorum" in text
    # A pipe typed by the chair is escaped, so it cannot break the Markdown.
    assert r"written update \| agreed by all." in text


def test_outcome_override_shows_the_rules_proposal_and_the_reason(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    sian = log.children[0]
    assert sian.outcome_overridden and not log.children[1].outcome_overridden
    text = render_markdown(log)
    assert "**Outcome:** Strategy discussion." in text
    assert "**The rules' reasoning:** MEDIUM: the exploitation coordinator sends" in text
    assert (
        "**Override:** the rules proposed Referral to the neighbourhood policing area (NPA); "
        "the panel decided otherwise: A brother is already the subject of a strategy discussion"
    ) in text


def test_deferral_is_shown_with_its_reason_and_no_grade(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    jamie = log.children[2]
    assert jamie.deferred and not jamie.grade
    text = render_markdown(log)
    assert f"### 3. {JAMIE} — deferred" in text
    assert (
        "**Deferred to the next meeting:** No children's services member free of a conflict" in text
    )


def test_thrive_notes_are_marked_fact_or_opinion_and_can_be_left_out(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    text = render_markdown(log)
    assert "| Threat | Testshire Police (made up) | Fact | Adult seen" in text
    assert (
        "| Engagement | Sampleburgh Children's Services (made up) | Professional opinion |" in text
    )
    assert r"vehicle \*not\* yet traced \| check ANPR." in text
    trimmed = render_markdown(log.without_notes())
    assert "THRIVE notes" in trimmed  # the closing line says they were left out
    assert "Adult seen collecting" not in trimmed
    assert "THRIVE notes are left out of this copy." in trimmed


def test_recording_reference_has_file_duration_and_checksum(meetings: Meetings) -> None:
    text = render_markdown(meetings.log(meetings.rich))
    assert (
        "- **Recording 1:** file 2026-11-16_01_C90001-AAAA.wav, 11 min 00 s, SHA-256 " + "9f2c" * 16
    ) in text
    assert "file 2026-11-16_00_meeting.wav, length unknown, no checksum recorded (failed)" in text


def test_carried_over_actions_show_old_and_new_status(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    assert [(c.action.text, c.previous_status, c.new_status) for c in log.carried] == [
        ("Share the return-home interview with the hub", "open", "complete"),
        ("Check the address named by the school", "open", "not-done"),
    ]
    rows = csv_rows(render_csv_bytes(log))
    carried = [r for r in rows[2:-1] if r[COLUMNS.index("origin")] == "carried-over"]
    assert [(r[3], r[COLUMNS.index("status")], r[COLUMNS.index("update")]) for r in carried] == [
        ("A1", "complete", "Shared on 6 November."),
        ("A2", "not-done", "Officer on leave; to be rebooked."),
    ]


def test_each_agency_gets_its_actions_soonest_due_first(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    by_agency = {a.key: [(x.due, x.text[:20]) for x in a.actions] for a in log.agencies}
    assert by_agency["cs"] == [
        (date(2026, 11, 19), "=Add Siân to Thursda"),
        (date(2026, 11, 20), "Allocate a named pro"),
    ]
    assert [d for d, _ in by_agency["police"]] == [date(2026, 11, 18), date(2026, 11, 30)]
    police = log.agency("Testshire Police (made up)")
    assert police is not None
    assert [c.action.id for c in police.carried] == [2]


def test_agency_copy_holds_only_that_agencys_actions(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    school = log.agency("MOCKBRIDGE SCHOOLS (made up)")
    assert school is not None and log.agency("school") == school
    copy = log.for_agency(school)
    text = render_markdown(copy)
    assert "Share attendance for the last four weeks with police" in text
    # Nothing of the other agencies' actions, the notes, or children it has no action for.
    assert "Allocate a named professional" not in text
    assert "Adult seen collecting" not in text
    assert ZOE not in text and JAMIE not in text
    rows = csv_rows(render_csv_bytes(copy))[2:-1]
    assert [r[COLUMNS.index("agency")] for r in rows] == ["Mockbridge Schools (made up)"]
    assert log.agency("no such agency") is None


def test_information_sharing_action_says_what_with_whom_and_why(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    text = render_markdown(log)
    assert (
        "(information sharing: share description of the adult and vehicle, with Mockbridge "
        "Schools, because staff can report sightings at the gate)"
    ) in text
    (row,) = [r for r in csv_rows(render_csv_bytes(log)) if r[3:4] == ["A4"]]
    assert row[COLUMNS.index("kind")] == "info-share"
    assert row[COLUMNS.index("share_with")] == "Mockbridge Schools"


def test_csv_keeps_unicode_and_never_runs_a_formula(meetings: Meetings) -> None:
    data = render_csv_bytes(meetings.log(meetings.rich))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    names = {r[COLUMNS.index("child_name")] for r in rows[2:-1]}
    assert names == {ZOE, SIAN, ""}
    actions = [r[COLUMNS.index("action")] for r in rows[2:-1]]
    assert "'=Add Siân to Thursday's strategy discussion and send the minutes" in actions


def test_inquorate_meeting_gives_the_short_record(meetings: Meetings) -> None:
    log = meetings.log(meetings.inquorate)
    assert log.short_record
    assert log.meeting.missing == ("Health", "Children's services")
    text = render_markdown(log)
    assert "(inquorate)" in text.splitlines()[2]
    assert "- **Rearranged to:** Tuesday 24 November 2026" in text
    assert "- **Not represented:** Health, Children's services" in text
    who_was_there = text.split("## Who was there")[1].split("## Who was missing")[0]
    assert "DS Örjan Fauxley" in who_was_there and "Nurse Maëlle" not in who_was_there
    missing = text.split("## Who was missing")[1].split("## Who must be told")[0]
    assert "Nurse Maëlle Pretendsworth" in missing and "Ciarán Notaperson" in missing
    assert "- Named nurse, Exampleville Health (made up)" in text
    assert "- DS Örjan Fauxley (chair)" in text
    # The short record names no child: the queue was never discussed.
    assert JAMIE not in text and "## Children" not in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("plain words", "plain words"),
        ("a | b", r"a \| b"),
        ("*bold* and _under_", r"\*bold\* and \_under\_"),
        ("file_name_01.wav", "file_name_01.wav"),
        ("[link](x) <b>", r"\[link\](x) \<b\>"),
        ("two\nlines", "two lines"),
        ("back\\slash `code`", r"back\\slash \`code\`"),
    ],
)
def test_typed_text_cannot_break_the_markdown(typed: str, shown: str) -> None:
    assert md(typed) == shown


def test_meeting_lookup_explains_what_to_do(meetings: Meetings) -> None:
    with meetings.store.session() as session:
        assert ended_meeting(session, profile=None, on=None).date == date(2026, 11, 17)
        assert ended_meeting(session, profile="llr-drmm", on=date(2026, 11, 16)).id == meetings.rich
        with pytest.raises(ActionLogError, match="no llr-form meeting on 2026-11-16"):
            ended_meeting(session, profile="llr-form", on=date(2026, 11, 16))
        with pytest.raises(ActionLogError, match="no meeting on 2026-11-18"):
            ended_meeting(session, profile=None, on=date(2026, 11, 18))


def test_latest_needs_an_ended_meeting(store) -> None:
    with store.session() as session, pytest.raises(ActionLogError, match="no meeting has ended"):
        ended_meeting(session, profile=None, on=None)


def test_a_meeting_still_running_has_no_log_yet(demo_store) -> None:
    with demo_store.session() as session, pytest.raises(ActionLogError, match="is planned"):
        ended_meeting(session, profile=None, on=date(2026, 11, 23))


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Monitor the address and be aware of new contacts", "[vague: “monitor”, “be aware”]"),
        ("Share the attendance record with police by Friday", ""),
        ("Consider a referral; consider it again", "[vague: “consider”]"),
    ],
)
def test_vague_actions_are_marked_in_the_log_as_on_screen(text: str, marked: str) -> None:
    """R8: wording flagged as vague when typed stays flagged in every rendering of the log."""
    from mace_tui.reports.records import ActionEntry, ChildRef
    from mace_tui.reports.words import action_text

    entry = ActionEntry(
        id=1,
        child=ChildRef(),
        kind="action",
        text=text,
        owner="Owner",
        agency="Agency",
        agency_key="a",
        due=date(2026, 12, 1),
        agreed=True,
        status="open",
    )
    shown = action_text(entry)
    assert shown.startswith(text)
    assert shown.removeprefix(text).strip() == marked
    # The CSV has the same words in its own column (issue 17).
    from datetime import datetime

    from mace_tui.reports.records import ActionLog, MeetingInfo

    meeting = MeetingInfo(1, "llr-drmm", "DRMM", "DRMM", date(2026, 11, 23), "ended", "Chair",
                          "09:00", 120, None, None, None)  # fmt: skip
    log = ActionLog(meeting, datetime(2026, 11, 23, 12), (), meeting_actions=(entry,))
    rows = csv_rows(render_csv_bytes(log))
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["action"] == text
    assert row["vague"] == "; ".join(m.strip("“”") for m in marked[8:-1].split(", ") if m)


def test_actions_not_done_or_overdue_twice_are_listed_for_escalation(meetings: Meetings) -> None:
    """R12: per agency, to its point of contact: not done (agency), or overdue two meetings running."""
    from tests.reports import builders

    hub = meetings.hub
    zoe = "Zoë Ñandú-Øster"
    with meetings.store.session() as session:
        older = builders._meeting(session, hub, date(2026, 10, 19))
        for text, agency, due, status in (
            ("Book the health check with the school nurse", "health", date(2026, 10, 26), "open"),
            ("Visit the family with the youth worker", "cs", date(2026, 10, 30), "in-progress"),
            (
                "Finish the chronology for the strategy meeting",
                "cs",
                date(2026, 10, 28),
                "complete",
            ),
        ):
            builders._action(
                session, hub, older, date(2026, 10, 19), item_id=None, child=zoe,
                text=text, owner="Dee Standin", agency=agency, due=due, status=status,
            )  # fmt: skip
        # Overdue at this meeting only (due after the previous meeting): not yet escalated.
        builders._action(
            session, hub, older, date(2026, 10, 19), item_id=None, child=zoe,
            text="Share the school timetable", owner="Ngozi Examplé", agency="school",
            due=date(2026, 11, 5), status="open",
        )  # fmt: skip
        session.commit()
    log = meetings.log(meetings.rich)
    listed = {a.name: [(e.action.text, e.reason) for e in a.escalations] for a in log.agencies}
    assert listed["Testshire Police (made up)"] == [
        ("Check the address named by the school", "not-done")
    ]
    assert listed["Exampleville Health (made up)"] == [
        ("Book the health check with the school nurse", "overdue")
    ]
    assert listed["Sampleburgh Children's Services (made up)"] == [
        ("Visit the family with the youth worker", "overdue")
    ]
    assert listed.get("Mockbridge Schools (made up)", []) == []
    text = render_markdown(log)
    police = text[text.index("### Testshire Police (made up)") :]
    assert "For escalation" in police and "To raise with MACE desk." in police
    assert "Not done (agency), said at this meeting" in police
    assert "Overdue here and at the meeting of 2 Nov" in text


def test_the_summary_says_when_children_were_discussed_under_a_quorum_override(
    meetings: Meetings,
) -> None:
    """R2: a quorate meeting where one child was discussed under an override says so up front."""
    text = render_markdown(meetings.log(meetings.rich))
    summary = text[: text.index("## ", text.index("**Quorum:**"))]
    assert (
        "**Quorum:** quorate; 1 child was discussed under a quorum override "
        "(queue 1; reasons under each child)"
    ) in summary

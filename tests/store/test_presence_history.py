# mypy: disable-error-code="arg-type"
"""What changed in the room stays on record (issue 12): leaving and coming back, a quorum
override later cleared, and who may still be offered as a deputy."""

from __future__ import annotations

from datetime import UTC, datetime

from store import attendance, conflicts
from tests.store.test_conflicts import Room, at, room  # noqa: F401  (the fixture)


def test_leaving_and_coming_back_keeps_both_times(room: Room) -> None:  # noqa: F811
    s, bea = room.s, room.bea
    attendance.mark_left(s, meeting_id=room.meeting.id, person_id=bea.id, at=at(40))
    attendance.mark_present(s, meeting_id=room.meeting.id, person_id=bea.id, at=at(55))
    (seat,) = [
        p
        for p in attendance.meeting_attendance(s, meeting_id=room.meeting.id)
        if p.person_id == bea.id
    ]
    assert seat.in_room and seat.left_at is None
    assert seat.breaks == ((at(40), at(55)),)
    # Leaving again later: the first break stays, the new leaving is the current one.
    attendance.mark_left(s, meeting_id=room.meeting.id, person_id=bea.id, at=at(58))
    (seat,) = [
        p
        for p in attendance.meeting_attendance(s, meeting_id=room.meeting.id)
        if p.person_id == bea.id
    ]
    assert (seat.left_at, seat.breaks) == (at(58), ((at(40), at(55)),))


def test_the_action_log_says_who_left_and_came_back(room: Room) -> None:  # noqa: F811
    from mace_tui.reports.action_log import build_action_log
    from mace_tui.reports.layout import child_facts, comings_and_goings

    s, bea, riley = room.s, room.bea, room.items[0]
    room.meeting.started_at = at(0)
    s.add(room.meeting)
    s.commit()
    attendance.mark_left(s, meeting_id=room.meeting.id, person_id=bea.id, at=at(40))
    attendance.mark_present(s, meeting_id=room.meeting.id, person_id=bea.id, at=at(55))
    conflicts.set_quorum_override(
        s, item_id=riley.id, reason="Health briefed by phone", gaps=("health",)
    )
    conflicts.clear_quorum_override(s, item_id=riley.id, at=at(50))
    log = build_action_log(
        s, meeting_id=room.meeting.id, generated_at=datetime(2026, 11, 23, 12, tzinfo=UTC)
    )
    said = dict(comings_and_goings(log))
    assert "Bea Mockford" in said["Left and came back"]
    assert "left at" in said["Left and came back"] and "back at" in said["Left and came back"]
    (section,) = [c for c in log.children if c.child.name == "Riley Example"]
    assert section.cleared_overrides == (("Health briefed by phone", at(50)),)
    facts = str(child_facts(section))
    assert "Health briefed by phone" in facts


def test_a_cleared_override_keeps_its_reason(room: Room) -> None:  # noqa: F811
    s, riley = room.s, room.items[0]
    conflicts.set_quorum_override(
        s, item_id=riley.id, reason="Urgent; health briefed", gaps=("health",)
    )
    conflicts.clear_quorum_override(s, item_id=riley.id, at=at(30))
    assert conflicts.quorum_override(s, item_id=riley.id) == ""
    assert conflicts.cleared_overrides(s, item_id=riley.id) == [("Urgent; health briefed", at(30))]
    conflicts.clear_quorum_override(s, item_id=riley.id, at=at(31))  # nothing more to keep
    assert len(conflicts.cleared_overrides(s, item_id=riley.id)) == 1


def test_someone_who_has_left_is_not_offered_as_a_deputy(room: Room) -> None:  # noqa: F811
    s = room.s
    attendance.mark_left(s, meeting_id=room.meeting.id, person_id=room.bea.id, at=at(40))
    found = conflicts.deputy_choices(s, meeting_id=room.meeting.id, sectors=("health",), roles=())
    assert [d.name for d in found] == ["Dev Fakeley"]

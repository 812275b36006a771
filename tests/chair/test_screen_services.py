"""The chair services the register, the room step, the carried-over actions and the chair's
way in call (issue 18): each one unit of work on a real SQLite store, given plain values;
a refused change is a ``UserError`` and leaves the store as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import pytest
from sqlmodel import select

from mace_tui.chair.attendance import AttendanceView, mark_person, read_attendance, walk_in
from mace_tui.chair.carry_over import read_carry_over, review_carried
from mace_tui.chair.inquorate import InquorateError, read_follow_on
from mace_tui.chair.register import read_register_check
from mace_tui.chair.room import (
    RoomReread,
    change_room,
    clear_conflict,
    declare_conflict,
    deputies_for_child,
    override_quorum,
)
from mace_tui.chair.stage import check_seat, record_inquorate_as_typed, start_as_chair
from mace_tui.chair.start import open_chair_meeting
from mace_tui.profiles import get_profile
from store import seats
from store.attendance import AttendanceError
from store.db import Store
from store.models import AgendaItem
from store.seats import ChairLost
from tests.app.chair_helpers import meeting_under_way
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
PROFILE = get_profile("llr-drmm")


def todays_meeting(store: Store) -> AttendanceView:
    opening = open_chair_meeting(store, profile=PROFILE, on=DEMO_TODAY)
    assert opening.attendance is not None
    return opening.attendance


def test_the_register_is_read_and_marked_through_the_services(demo_store: Store) -> None:
    view = todays_meeting(demo_store)
    assert view.people and not view.quorum.quorate
    first = view.people[0]

    mark_person(demo_store, meeting_id=view.meeting.id, person_id=first.person_id,
                now="present", at=AT)  # fmt: skip
    now = read_attendance(demo_store, meeting_id=view.meeting.id, profile=PROFILE)
    assert [p.status for p in now.people if p.person_id == first.person_id] == ["present"]

    # Someone who has joined cannot be marked absent: refused, nothing changed.
    with pytest.raises(AttendanceError, match="mark them as left"):
        mark_person(demo_store, meeting_id=view.meeting.id, person_id=first.person_id,
                    now="absent", at=AT)  # fmt: skip
    again = read_attendance(demo_store, meeting_id=view.meeting.id, profile=PROFILE)
    assert again.people == now.people

    agency = view.agencies[0]
    person_id = walk_in(demo_store, meeting_id=view.meeting.id, name="Robin Sampleton",
                        agency_id=agency.id, title="Officer", role="member", at=AT)  # fmt: skip
    joined = read_attendance(demo_store, meeting_id=view.meeting.id, profile=PROFILE)
    [robin] = [p for p in joined.people if p.person_id == person_id]
    assert robin.walk_in and robin.in_room


def test_a_meeting_starts_only_when_quorate_and_from_the_seat_holding_the_chair(
    demo_store: Store,
) -> None:
    view = todays_meeting(demo_store)
    meeting_id = view.meeting.id
    # Nobody is here yet: nothing is written, the register comes back.
    refused = start_as_chair(demo_store, meeting_id=meeting_id, profile=PROFILE, at=AT, seat=None)
    assert isinstance(refused, AttendanceView) and not refused.quorum.quorate

    for person in view.people:
        mark_person(demo_store, meeting_id=meeting_id, person_id=person.person_id,
                    now="present", at=AT)  # fmt: skip
    with demo_store.session() as session:
        seats.take_chair(session, meeting_id=meeting_id, seat="other-seat",
                         holder="sam on hub-pc-2", at=AT)  # fmt: skip
    check_seat(demo_store, meeting_id=meeting_id, seat=None)  # no seat of ours: no check
    with pytest.raises(ChairLost):
        start_as_chair(demo_store, meeting_id=meeting_id, profile=PROFILE, at=AT, seat="ours")
    assert read_attendance(demo_store, meeting_id=meeting_id, profile=PROFILE).meeting.stage == (
        "attendance"
    )

    started = start_as_chair(
        demo_store, meeting_id=meeting_id, profile=PROFILE, at=AT, seat="other-seat"
    )
    assert not isinstance(started, AttendanceView)
    assert started.stage == "statements"


def test_an_inquorate_meeting_with_a_mistyped_date_is_not_recorded(demo_store: Store) -> None:
    view = todays_meeting(demo_store)
    plan = read_follow_on(demo_store, profile=PROFILE, meeting_date=view.meeting.date)
    assert plan.proposed > view.meeting.date
    with pytest.raises(InquorateError, match="date: type it as YYYY-MM-DD"):
        record_inquorate_as_typed(demo_store, meeting_id=view.meeting.id, profile=PROFILE,
                                  reason="No police", to_date="next Tuesday", at=AT)  # fmt: skip
    after = read_attendance(demo_store, meeting_id=view.meeting.id, profile=PROFILE)
    assert after.meeting.stage == "attendance" and after.queue == view.queue


def first_waiting(store: Store, meeting_id: int) -> int:
    with store.session() as session:
        item = session.exec(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.status == "waiting"
            )
        ).first()
        assert item is not None and item.id is not None
        return item.id


def room_after(store: Store, item_id: int, edit: Callable[[Store], None] | None) -> RoomReread:
    """The room step's one write: the change, then the room read again."""
    return change_room(store, edit, item_id=item_id, profile=PROFILE, started=False, at=AT)


def test_the_room_step_changes_and_rereads_the_room(demo_store: Store) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    item_id = first_waiting(demo_store, meeting_id)
    read = room_after(demo_store, item_id, None)
    assert not read.refused and not read.view.conflicts
    police = next(p for p in read.view.in_room if p.sector == "police")
    declare = partial(
        declare_conflict, item_id=item_id, person_id=police.person_id, source="asked", at=AT
    )

    declared = room_after(demo_store, item_id, partial(declare, reason="Knows the family"))
    assert declared.view.out_names == (police.name,)

    # Declared twice: refused with words that name the field; the room is as it was.
    twice = room_after(demo_store, item_id, partial(declare, reason="Again"))
    assert twice.refused.startswith("Person: they already have a conflict")
    assert twice.view.conflicts == declared.view.conflicts

    # Whoever is out for this child (here or not) is never offered as its deputy.
    found = partial(deputies_for_child, demo_store, item_id=item_id, sectors=("police",), roles=())
    _, offered = found()
    assert offered and police.person_id not in {d.person_id for d in offered}
    _, without = found(conflicted=frozenset({offered[0].person_id}))
    assert [d.person_id for d in without] == [d.person_id for d in offered[1:]]

    [conflict] = declared.view.conflicts
    clear = partial(clear_conflict, conflict_id=conflict.id, reason="Wrong person")
    assert room_after(demo_store, item_id, clear).view.out_names == ()


def test_an_override_that_no_longer_stands_is_cleared_on_the_reread(demo_store: Store) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    item_id = first_waiting(demo_store, meeting_id)
    override = partial(
        override_quorum, item_id=item_id, reason="Police on the phone", profile=PROFILE, at=AT
    )
    # Quorate: there is nothing to override, and nothing is written.
    refused = room_after(demo_store, item_id, override)
    assert refused.refused == "Quorate for this child: no override is needed."
    assert refused.view.room.override_reason == ""
    # Every police officer declares: the override is written for that gap.
    police = [p for p in refused.view.in_room if p.sector == "police"]
    for person in police:
        room_after(demo_store, item_id, partial(declare_conflict, item_id=item_id,
                   person_id=person.person_id, reason="Knows the family", source="asked",
                   at=AT))  # fmt: skip
    written = room_after(demo_store, item_id, override)
    assert written.view.room.overridden and not written.cleared
    # Quorate again before the discussion (a conflict cleared): not needed, and it goes.
    conflict = written.view.conflict_of(police[0].person_id)
    assert conflict is not None
    clear = partial(clear_conflict, conflict_id=conflict.id, reason="Wrong person")
    read = room_after(demo_store, item_id, clear)
    assert read.cleared == "Quorate again: the override is no longer needed."
    assert read.cleared_reason == "Police on the phone"
    assert read.view.room.override_reason == ""


def test_carried_over_actions_are_read_and_updated(demo_store: Store) -> None:
    meeting_id = meeting_under_way(demo_store, stage="carry-over", at=AT)
    view = read_carry_over(demo_store, meeting_id=meeting_id)
    assert view.items and view.in_room
    first, giver = view.items[0], view.in_room[0]
    review_carried(demo_store, action_id=first.action_id, meeting_id=meeting_id,
                   status="complete", note="Done", given_by_id=giver.person_id, at=AT)  # fmt: skip
    [after] = [i for i in read_carry_over(demo_store, meeting_id=meeting_id).items
               if i.action_id == first.action_id]  # fmt: skip
    assert after.review is not None and after.review.status == "complete"


def test_the_register_during_the_meeting_checks_quorum_again(demo_store: Store) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=AT)
    assert read_register_check(demo_store, meeting_id=meeting_id, profile=PROFILE).words() == ""
    view = read_attendance(demo_store, meeting_id=meeting_id, profile=PROFILE)
    for person in view.people:
        if person.sector == "police":
            mark_person(demo_store, meeting_id=meeting_id, person_id=person.person_id,
                        now="left", at=AT)  # fmt: skip
    words = read_register_check(demo_store, meeting_id=meeting_id, profile=PROFILE).words()
    assert words.startswith("The meeting has lost quorum")


def test_the_line_above_the_register_names_what_the_directory_does_not_fill(
    store: Store,
) -> None:
    from mace_tui.directory.coverage import read_gap_summary

    # A store with no agencies and no people: every core sector is missing.
    empty = read_gap_summary(store, profile=PROFILE)
    assert empty.startswith("The directory does not fill DRMM's")
    assert "Police (sector police)" in empty


def test_no_line_above_the_register_when_the_directory_fills_the_profile(
    demo_store: Store,
) -> None:
    from mace_tui.directory.coverage import read_gap_summary

    assert read_gap_summary(demo_store, profile=PROFILE) == ""

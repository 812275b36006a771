"""Carried-over actions in the store (R12): what comes back, updates, who gave them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from store import carryover
from store.carryover import CarryOverError
from store.db import Store
from store.models import Action, ActionReview, Agency, Attendance, Child, Meeting, Person
from tests.ids import id_of

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


class Hub:
    """Today's DRMM, two earlier DRMMs and a FORM, with actions in each."""

    def __init__(self, s: Session) -> None:
        self.s = s
        police = Agency(key="police", name="Demoshire Police (demo)", sector="police")
        s.add(police)
        s.commit()
        self.agency = police
        self.ada = Person(name="DS Ada Testwell", agency_id=id_of(police))
        self.pat = Person(name="Pat Sampleby", agency_id=id_of(police))
        self.riley = Child(ref="C1", name="Riley Example")
        self.jordan = Child(ref="C2", name="Jordan Sample")
        s.add_all([self.ada, self.pat, self.riley, self.jordan])
        self.today = self.meeting(TODAY)
        s.add(Attendance(meeting_id=id_of(self.today), person_id=id_of(self.ada), status="present"))
        s.add(Attendance(meeting_id=id_of(self.today), person_id=id_of(self.pat), status="absent"))
        s.commit()

    def meeting(self, day: date, profile: str = "llr-drmm") -> Meeting:
        m = Meeting(profile=profile, date=day, status="finished")
        self.s.add(m)
        self.s.commit()
        return m

    def action(self, day: date, text: str, *, child: Child | None = None, status: str = "open",
               profile: str = "llr-drmm", due: date | None = None) -> Action:  # fmt: skip
        m = self.s.exec(
            select(Meeting).where(Meeting.date == day, Meeting.profile == profile)
        ).first()
        m = m or self.meeting(day, profile)
        a = Action(meeting_id=id_of(m), child_id=id_of(child or self.riley), meeting_date=day,
                   profile=profile, text=text, owner="DS Ada Testwell", agency_id=self.agency.id,
                   due=due or day, status=status)  # fmt: skip
        self.s.add(a)
        self.s.commit()
        return a


@pytest.fixture
def hub(store: Store):
    with store.session() as s:
        yield Hub(s)


def test_open_actions_of_the_same_profile_come_back_oldest_first(hub: Hub) -> None:
    old = hub.action(date(2026, 11, 2), "Old open one")
    hub.action(date(2026, 11, 9), "Finished one", status="complete")
    going = hub.action(date(2026, 11, 16), "In progress one", status="in-progress")
    hub.action(date(2026, 11, 18), "A FORM action", profile="llr-form")
    hub.action(TODAY, "Agreed today")
    found = carryover.meeting_carryover(hub.s, meeting_id=id_of(hub.today))
    assert [c.action_id for c in found] == [old.id, going.id]
    assert found[0].child_name == "Riley Example"
    assert found[0].agency == "Demoshire Police (demo)"
    assert carryover.count_carried(hub.s, meeting_id=id_of(hub.today)) == 2


def test_an_update_is_stored_with_who_and_when_and_stays_listed(hub: Hub) -> None:
    action = hub.action(date(2026, 11, 2), "Share the school record with police")
    carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today), status="complete",
                            note="Sent on Friday", given_by_id=hub.ada.id, at=NOW)  # fmt: skip
    hub.s.refresh(action)
    assert action.status == "complete"
    [row] = hub.s.exec(select(ActionReview)).all()
    assert (row.status, row.note, row.given_by_id, row.reviewed_at) == (
        "complete", "Sent on Friday", hub.ada.id, NOW,
    )  # fmt: skip
    # Closed now, but the chair still sees what was said at this meeting.
    [listed] = carryover.meeting_carryover(hub.s, meeting_id=id_of(hub.today))
    assert listed.review is not None
    assert (listed.review.status, listed.review.given_by) == ("complete", "DS Ada Testwell")


def test_a_second_update_at_the_same_meeting_is_the_one_shown(hub: Hub) -> None:
    action = hub.action(date(2026, 11, 2), "Visit the family home")
    for status, minute in (("complete", 10), ("in-progress", 12)):
        carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today),
                                status=status, note="", given_by_id=hub.ada.id,
                                at=NOW.replace(minute=minute))  # fmt: skip
    [listed] = carryover.meeting_carryover(hub.s, meeting_id=id_of(hub.today))
    assert listed.review is not None
    assert listed.status == "in-progress" and listed.review.status == "in-progress"


@pytest.mark.parametrize(
    ("status", "note", "who", "message"),
    [
        ("open", "", "ada", "Status"),
        ("not-done", "", "ada", "Note"),
        ("not-possible", " ", "ada", "Note"),
        ("complete", "", None, "Given by: choose"),
        ("complete", "", "pat", "not in the room"),
    ],
)
def test_updates_refused_with_the_field_named(hub: Hub, status, note, who, message) -> None:
    action = hub.action(date(2026, 11, 2), "Visit the family home")
    with pytest.raises(CarryOverError, match=message):
        carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today), status=status,
                                note=note, given_by_id=getattr(hub, who).id if who else None,
                                at=NOW)  # fmt: skip
    hub.s.refresh(action)
    assert action.status == "open"
    assert hub.s.exec(select(ActionReview)).all() == []


def test_todays_own_action_is_not_carried_over(hub: Hub) -> None:
    action = hub.action(TODAY, "Agreed today")
    with pytest.raises(CarryOverError, match="not carried over"):
        carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today),
                                status="complete", note="", given_by_id=hub.ada.id, at=NOW)  # fmt: skip


def test_a_childs_earlier_actions_from_any_meeting_kind(hub: Hub) -> None:
    drmm = hub.action(date(2026, 11, 2), "From a DRMM")
    form = hub.action(date(2026, 11, 18), "From a FORM", profile="llr-form")
    hub.action(date(2026, 11, 3), "Jordan's", child=hub.jordan)
    found = carryover.child_carryover(hub.s, meeting_id=id_of(hub.today), child_id=id_of(hub.riley))
    assert {c.action_id for c in found} == {drmm.id, form.id}


def test_start_review_moves_the_stage_and_keeps_the_statements_time(hub: Hub) -> None:
    carryover.start_review(hub.s, meeting_id=id_of(hub.today), at=NOW)
    hub.s.refresh(hub.today)
    assert (hub.today.stage, hub.today.statements_confirmed_at) == ("carry-over", NOW)


def test_someone_with_a_conflict_for_the_child_cannot_give_its_update(hub: Hub) -> None:
    from store.models import AgendaItem, Conflict

    action = hub.action(date(2026, 11, 2), "Visit the family home")  # Riley's
    item = AgendaItem(meeting_id=id_of(hub.today), child_id=id_of(hub.riley), meeting_date=TODAY,
                      profile="llr-drmm", position=1)  # fmt: skip
    hub.s.add(item)
    hub.s.commit()
    hub.s.add(Conflict(item_id=id_of(item), person_id=id_of(hub.ada), reason="Neighbour"))
    hub.s.commit()
    assert carryover.conflicted_for_child(hub.s, meeting_id=id_of(hub.today)) == {
        hub.riley.id: {hub.ada.id}
    }
    with pytest.raises(CarryOverError, match="conflict for this discussion"):
        carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today),
                                status="complete", note="", given_by_id=hub.ada.id,
                                at=NOW)  # fmt: skip
    # Jordan's action is another child's: Ada may speak to it.
    other = hub.action(date(2026, 11, 2), "Share school records", child=hub.jordan)
    carryover.review_action(hub.s, action_id=id_of(other), meeting_id=id_of(hub.today),
                            status="complete", note="", given_by_id=hub.ada.id, at=NOW)  # fmt: skip


@pytest.mark.parametrize(
    ("status", "comes_back"),
    [("complete", False), ("not-possible", False), ("in-progress", True), ("not-done", True)],
)
def test_only_complete_and_not_possible_close_an_action(hub: Hub, status, comes_back) -> None:
    """R12: in progress and not done (agency) keep the action open, overdue mark and all."""
    from mace_tui.rules.carryover import is_overdue

    action = hub.action(date(2026, 11, 2), "Check the address", due=date(2026, 11, 9))
    carryover.review_action(hub.s, action_id=id_of(action), meeting_id=id_of(hub.today), status=status,
                            note="Officer on leave", given_by_id=hub.ada.id, at=NOW)  # fmt: skip
    later = hub.meeting(date(2026, 11, 30))
    found = carryover.meeting_carryover(hub.s, meeting_id=id_of(later))
    assert [c.action_id for c in found] == ([action.id] if comes_back else [])
    for item in found:
        assert is_overdue(item.due, item.status, today=date(2026, 11, 30))

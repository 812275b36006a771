"""Preparing one meeting: each edit commits, lateness follows the deadline, history comes along."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from sqlmodel import select

from mace_tui.prep import meeting as prep
from mace_tui.prep.fields import ChildDetails, FieldError, ItemDetails
from mace_tui.prep.meeting import PrepTarget, load_view, open_meeting
from mace_tui.profiles import get_profile
from store.agenda import AgendaError
from store.db import Store
from store.models import AgendaItem, Child, Conflict, Meeting
from tests.conftest import DEMO_TODAY
from tests.ids import id_of
from tests.prep.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, MEETING_DAY, Hub

DRMM = ("llr-drmm",)
DETAILS = ItemDetails("intelligence", ("cse", "missing"), "Seen with an older adult twice.")


def _item(store: Store, item_id: int) -> AgendaItem:
    with store.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        return item


def _view(store: Store, target: PrepTarget) -> prep.PrepView:
    with store.session() as session:
        return load_view(session, target=target, drmm_profiles=DRMM)


def test_open_meeting_creates_it_once_with_the_last_panel(store: Store, hub: Hub) -> None:
    profile = get_profile("llr-drmm")
    with store.session() as session:
        target, created = open_meeting(session, profile=profile, on=MEETING_DAY)
        again, created_again = open_meeting(session, profile=profile, on=MEETING_DAY)
    assert created and not created_again and target == again
    assert target.deadline == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    view = _view(store, target)
    assert [i.person.name for i in view.invitations] == ["DS Ada Testwell", "Bea Mockford"]
    # Children's services is a core agency of the DRMM and nobody from it is invited yet.
    assert view.missing == ("Children's services",)
    assert view.editable and view.queue == () and view.late.total == 0 and not view.can_undo


def test_every_edit_is_committed_at_once(store: Store, target: PrepTarget, hub: Hub) -> None:
    with store.session() as session:
        item_id = prep.add_child(
            session, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley
        )
    # Another process's connection sees it: nothing waits for a later save.
    other = create_engine(store.url, poolclass=NullPool)
    with other.connect() as conn:
        row = conn.execute(
            text(
                "SELECT referral_source, exploitation_types, late_change FROM agenda_item "
                "WHERE id = :id"
            ),
            {"id": item_id},
        ).one()
    other.dispose()
    assert tuple(row) == ("intelligence", "cse,missing", False)


def test_additions_and_removals_after_the_deadline_are_late(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    with store.session() as s:
        early = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
        late = prep.add_child(s, target, details=DETAILS, at=AFTER_DEADLINE, child_id=hub.jordan)
    assert not _item(store, early).late_change
    assert _item(store, late).late_change
    assert _view(store, target).late == prep.LateChanges(added=1, removed=0)

    with store.session() as s:
        prep.remove(s, target, item_id=early, at=AFTER_DEADLINE)
    assert _item(store, early).late_change
    assert _view(store, target).late == prep.LateChanges(added=1, removed=1)

    # Undoing the late removal puts the list back as it was circulated.
    with store.session() as s:
        assert prep.undo_removal(s, target, at=AFTER_DEADLINE) == early
    assert not _item(store, early).late_change
    # Taking off a child added late cancels that late change too.
    with store.session() as s:
        prep.remove(s, target, item_id=late, at=AFTER_DEADLINE)
    assert _view(store, target).late.total == 0


def test_removal_before_the_deadline_is_not_late(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    with store.session() as s:
        item_id = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
        prep.remove(s, target, item_id=item_id, at=BEFORE_DEADLINE)
    assert _view(store, target).late.total == 0
    # ...but putting the child back after the deadline is a late addition.
    with store.session() as s:
        prep.undo_removal(s, target, at=AFTER_DEADLINE)
    assert _view(store, target).late == prep.LateChanges(added=1, removed=0)


def test_profiles_without_a_deadline_have_no_late_changes(store: Store, hub: Hub) -> None:
    with store.session() as s:
        target, _ = open_meeting(s, profile=get_profile("lincs-mace-l1"), on=date(2026, 11, 26))
        prep.add_child(
            s, target, details=DETAILS, at=datetime(2026, 11, 26, 9, tzinfo=UTC), child_id=hub.riley
        )
    assert target.deadline is None
    assert _view(store, target).late.total == 0


def test_undo_with_nothing_removed(store: Store, target: PrepTarget) -> None:
    with store.session() as s:
        assert prep.undo_removal(s, target, at=AFTER_DEADLINE) is None


def test_adding_a_removed_child_again_puts_their_row_back(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    with store.session() as s:
        first = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
        prep.remove(s, target, item_id=first, at=AFTER_DEADLINE)
        again = prep.add_child(
            s,
            target,
            details=ItemDetails("partner-referral", (), "New report."),
            at=AFTER_DEADLINE,
            child_id=hub.riley,
        )
    assert again == first
    item = _item(store, first)
    assert (item.status, item.referral_source, item.late_change) == (
        "waiting",
        "partner-referral",
        False,
    )
    with store.session() as s:
        assert len(s.exec(select(AgendaItem).where(AgendaItem.child_id == hub.riley)).all()) == 1


def test_a_new_child_gets_a_record_and_a_twin_is_refused(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    new = ChildDetails(
        name="Kit Fabricate", date_of_birth=date(2013, 6, 27), local_authority="Exampleford"
    )
    with store.session() as s:
        item_id = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, new_child=new)
    with store.session() as s:
        child = s.exec(select(Child).where(Child.name == "Kit Fabricate")).one()
        assert _item(store, item_id).child_id == child.id
        assert child.local_authority == "Exampleford"
        twin = ChildDetails(name="kit fabricate", date_of_birth=date(2013, 6, 27))
        with pytest.raises(AgendaError, match=f"already recorded \\(MACE reference {child.ref}\\)"):
            prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, new_child=twin)
        assert len(s.exec(select(Child).where(Child.name == "Kit Fabricate")).all()) == 1


def test_edit_move_conflicts_and_invitations(store: Store, target: PrepTarget, hub: Hub) -> None:
    with store.session() as s:
        riley = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
        jordan = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.jordan)
        prep.edit_item(
            s, target, item_id=riley, details=ItemDetails("screening-tool", ("cce",), "Changed.")
        )
        assert prep.move(s, target, item_id=jordan, offset=-1) == 1
        prep.record_conflict(
            s,
            target,
            item_id=riley,
            person_id=hub.cal,
            reason="  Knows the family. ",
            at=BEFORE_DEADLINE,
        )
        prep.invite_person(s, target, person_id=hub.cal)
    view = _view(store, target)
    assert [q.entry.name for q in view.queue] == ["Jordan Sample", "Riley Example"]
    assert (view.queue[1].entry.referral_source, view.queue[1].entry.reason) == (
        "screening-tool",
        "Changed.",
    )
    assert [(c.person.name, c.reason) for c in view.conflicts_for(riley)] == [
        ("Cal Exampleton", "Knows the family.")
    ]
    assert view.missing == ()
    with store.session() as s:
        conflict = s.exec(select(Conflict)).one()
        assert conflict.source == "prepared"
        prep.drop_conflict(s, target, conflict_id=id_of(conflict))
        seat = next(i for i in view.invitations if i.person.id == hub.cal)
        prep.withdraw_invitation(s, target, attendance_id=seat.attendance_id)
    view = _view(store, target)
    assert view.conflicts == () and view.missing == ("Children's services",)


def test_a_too_long_conflict_reason_names_the_field(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    with store.session() as s:
        riley = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
        with pytest.raises(FieldError, match="Conflict reason: is 1001 characters long"):
            prep.record_conflict(
                s, target, item_id=riley, person_id=hub.cal, reason="x" * 1001, at=BEFORE_DEADLINE
            )


def test_history_at_a_glance_from_the_demo(demo_store: Store) -> None:
    """The demo plants the cases R16 and R17 are about; the view shows each."""
    with demo_store.session() as s:
        target, created = open_meeting(s, profile=get_profile("llr-drmm"), on=DEMO_TODAY)
        view = load_view(s, target=target, drmm_profiles=DRMM)
    assert not created and len(view.queue) == 10
    by_name = {q.entry.name: q for q in view.queue}
    casey = by_name["Casey Testcase"]
    assert casey.drmm_referrals == 3 and "repeat" in {f.key for f in casey.flags}
    assert [h.grade for h in casey.history] == ["LOW", "LOW", "LOW"]
    morgan = by_name["Morgan Placeholder"]
    assert morgan.discharged_on is not None and "returning" in {f.key for f in morgan.flags}
    jordan = by_name["Jordan Sample"]
    assert jordan.last_medium is not None and "medium-3m" in {f.key for f in jordan.flags}
    assert by_name["Alex Demo"].open_actions == 2
    assert [c.person.name for c in view.conflicts] == ["Hal Pretendy"]


def test_a_started_meeting_takes_late_children_only(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    """R25: a child added while the meeting runs is a late change, even before the deadline;
    once the meeting has finished nothing is added."""
    with store.session() as s:
        meeting = s.get(Meeting, target.meeting_id)
        assert meeting is not None
        meeting.status = "in-progress"
        s.commit()
        item_id = prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
    assert _item(store, item_id).late_change
    view = _view(store, target)
    assert not view.editable and view.late_adds and view.late.added == 1
    with store.session() as s:
        meeting = s.get(Meeting, target.meeting_id)
        assert meeting is not None
        meeting.status = "finished"
        s.commit()
        with pytest.raises(AgendaError, match="can no longer be prepared here"):
            prep.add_child(s, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.jordan)
    assert not _view(store, target).late_adds


def test_required_roles_count_as_missing_from_the_panel(store: Store, hub: Hub) -> None:
    """MACE Level 2 cannot sit without a minute taker; preparing shows nobody is invited as one."""
    with store.session() as s:
        target, _ = open_meeting(s, profile=get_profile("lincs-mace-l2"), on=date(2026, 11, 26))
        prep.invite_person(s, target, person_id=hub.ada)
    assert _view(store, target).missing == ("Health", "Children's services", "Minute taker")

"""Every kind of subject (R22) goes through the meeting as a child does: conflicts (R3), the
subject's quorum (R2), pacing (R13), recording per subject (R10), carry-over (R12) and the
action log (R11) with the kind's own fields. Table-driven over the kinds, real SQLite store,
through the services the chair's screens call."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from mace_tui.chair.case import load_queue
from mace_tui.chair.room import load_room, start_child
from mace_tui.profiles import get_profile
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.markdown import render_markdown
from mace_tui.rules.pacing import meeting_pace
from store import actions, attendance, carryover, conflicts, discussion, meetings, recordings
from store.agenda import concern
from store.conflicts import ConflictError
from store.db import Store
from store.models import AgendaItem, ConcernLocation, ConcernPerson, Meeting
from tests.app.chair_helpers import meeting_under_way

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
KINDS = ["child", "person", "location"]
PROFILE = get_profile("llr-drmm")
THIS = {"child": "this child", "person": "this person", "location": "this location"}


def subject_on_queue(store: Store, meeting_id: int, kind: str) -> int:
    """A waiting item of ``kind`` on the meeting's queue: a demo child, or a new person
    (with aliases and a police reference) or location; its item id."""
    with store.session() as s:
        if kind == "child":
            item = s.exec(
                select(AgendaItem).where(
                    AgendaItem.meeting_id == meeting_id,
                    AgendaItem.subject_kind == "child",
                    AgendaItem.status == "waiting",
                )
            ).first()
            assert item is not None and item.id is not None
            return item.id
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        made: ConcernPerson | ConcernLocation
        if kind == "person":
            made = concern.create_person(s, name="Dale Testperson", aliases="Big D; Dee",
                                         police_ref="TP/70001/FAKE", at=START)  # fmt: skip
        else:
            made = concern.create_location(s, name="The Sample Street Arcade", kind="premises",
                                           address="1 Example Row, Testtown",
                                           local_authority="Testshire", at=START)  # fmt: skip
        assert made.id is not None
        item = concern.add_subject_item(s, meeting=meeting, kind=kind, subject_id=made.id,
                                        reason="Named by children", at=START, late=False)  # fmt: skip
        s.commit()
        assert item.id is not None
        return item.id


def police_present(store: Store, meeting_id: int) -> list[int]:
    with store.session() as s:
        people = attendance.meeting_attendance(s, meeting_id=meeting_id)
    found = [p.person_id for p in people if p.in_room and p.sector == "police"]
    assert found, "the demo meeting has police present"
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_conflicts_and_the_subjects_quorum(demo_store: Store, kind: str) -> None:
    """Everyone from the police declares a conflict: they leave when the subject starts, the
    subject is inquorate without them, an override reason lets it go ahead, and they rejoin
    when the next subject starts."""
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = subject_on_queue(demo_store, meeting_id, kind)
    police = police_present(demo_store, meeting_id)
    with demo_store.session() as s:
        assert load_room(s, item_id=item_id, profile=PROFILE).room.quorum.quorate
        for person_id in police:
            conflicts.declare(s, item_id=item_id, person_id=person_id, reason="Knows the family",
                              source="asked", at=START)  # fmt: skip
        room = load_room(s, item_id=item_id, profile=PROFILE).room
        assert not room.can_proceed and room.missing_labels() == ["Police"]
        assert room.short() == f"Not quorate for {THIS[kind]}: no Police"
        conflicts.set_quorum_override(
            s, item_id=item_id, reason="Police view sent in writing", gaps=("police",)
        )
        assert load_room(s, item_id=item_id, profile=PROFILE).room.overridden
        start_child(s, item_id=item_id, meeting_id=meeting_id, at=START)
        view = load_room(s, item_id=item_id, profile=PROFILE)
        assert view.started and set(police) <= set(view.room.conflicted)
        assert all(c.left_at == START for c in conflicts.item_conflicts(s, item_id=item_id))
        # A conflicted person's note is refused for this subject, whatever its kind.
        with pytest.raises(ConflictError, match=f"has a conflict for {THIS[kind]} "):
            conflicts.check_may_take_part(s, item_id=item_id, person_id=police[0], as_what="author")
        discussion.close(s, item_id=item_id, at=START + timedelta(minutes=5))
        other = subject_on_queue(demo_store, meeting_id, "child" if kind != "child" else "person")
        start_child(s, item_id=other, meeting_id=meeting_id, at=START + timedelta(minutes=6))
        rejoined = {c.rejoined_at for c in conflicts.item_conflicts(s, item_id=item_id)}
    assert rejoined == {START + timedelta(minutes=6)}


@pytest.mark.parametrize("kind", KINDS)
def test_pacing_counts_the_subject(demo_store: Store, kind: str) -> None:
    """The subject under discussion is counted in the subjects left and gets a budget."""
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = subject_on_queue(demo_store, meeting_id, kind)
    with demo_store.session() as s:
        before = load_queue(s, meeting_id=meeting_id, profile=PROFILE, drmm_profiles=("llr-drmm",))
        start_child(s, item_id=item_id, meeting_id=meeting_id, at=START)
        state = load_queue(s, meeting_id=meeting_id, profile=PROFILE, drmm_profiles=("llr-drmm",))
    assert state.current is not None and state.current.item_id == item_id
    assert state.left() == before.left() == len(state.queue)
    pace = meeting_pace(now=START + timedelta(minutes=30), meeting_started=START,
                        scheduled=timedelta(minutes=60), child_started=START,
                        children_left=state.left())  # fmt: skip
    assert pace.child_budget == timedelta(minutes=60) / len(state.queue)
    assert pace.overrun == timedelta(minutes=30) - pace.child_budget


@pytest.mark.parametrize("kind", KINDS)
def test_each_subject_has_its_own_recording(demo_store: Store, kind: str) -> None:
    """A recording row for the subject's discussion names its item and its own reference."""
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = subject_on_queue(demo_store, meeting_id, kind)
    with demo_store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        ref = concern.subject_ref(s, item)
        recordings.add_recording(s, meeting_id=meeting_id, item_id=item_id, kind="child",
                                 path=f"/tmp/{ref}.wav", sample_rate=16_000, channels=1,
                                 first_frame=0, started_at=START)  # fmt: skip
        [row] = [r for r in recordings.meeting_recordings(s, meeting_id=meeting_id)
                 if r.item_id == item_id]  # fmt: skip
    assert row.child_ref == ref and ref


@pytest.mark.parametrize("kind", KINDS)
def test_an_open_action_carries_over_and_a_deferral_moves_the_subject(
    demo_store: Store, kind: str
) -> None:
    """An action on the subject comes back at the subject's next meeting (R12) and is closed
    there by its update; deferring the subject puts it on the next meeting's queue."""
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = subject_on_queue(demo_store, meeting_id, kind)
    with demo_store.session() as s:
        start_child(s, item_id=item_id, meeting_id=meeting_id, at=START)
        action_id = actions.save_action(s, action_id=None, item_id=item_id, kind="action",
                                        text="Visit the address with a warning notice by Friday",
                                        owner="PC Example", owner_person_id=None, agency_id=None,
                                        due=date(2026, 11, 27), agreed=True, at=START)  # fmt: skip
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        later = Meeting(profile=meeting.profile, date=meeting.date + timedelta(days=1),
                        status="planned", scheduled_start=meeting.scheduled_start,
                        scheduled_minutes=meeting.scheduled_minutes)  # fmt: skip
        s.add(later)
        s.commit()
        assert later.id is not None
        moved_id = discussion.defer(s, item_id=item_id, reason="Police not ready",
                                    to_meeting_id=later.id, at=START)  # fmt: skip
        meetings.end(s, meeting_id=meeting_id, at=START + timedelta(hours=1))
        moved = s.get(AgendaItem, moved_id)
        assert moved is not None and moved.subject_kind == kind
        kind_, subject_id, name = concern.subject_of(s, moved)
        carried = carryover.subject_carryover(s, meeting_id=later.id, kind=kind_,
                                              subject_id=subject_id)  # fmt: skip
        assert [(c.action_id, c.child_name) for c in carried] == [(action_id, name)]
        # At the next meeting someone in the room gives the update: complete closes it.
        giver = police_present(demo_store, meeting_id)[0]
        attendance.mark_present(s, meeting_id=later.id, person_id=giver, at=START)
        carryover.review_action(s, action_id=action_id, meeting_id=later.id, status="complete",
                                note="Notice served", given_by_id=giver, at=START)  # fmt: skip
        again = carryover.subject_carryover(s, meeting_id=later.id, kind=kind_,
                                            subject_id=subject_id)  # fmt: skip
    assert [c.review.status for c in again if c.review is not None] == ["complete"]


# kind → lines its section of the action log shows, and child-only lines it must not
FIELDS = [
    ("child", ["**Date of birth:**", "**Neighbourhood policing area:**"], ["**Known as:**"]),
    ("person", ["**Known as:** Big D; Dee", "police TP/70001/FAKE"],
     ["**Neighbourhood policing area:**", "**Date of birth:**", "**Kind:**"]),
    ("location", ["**Kind:** Premises", "**Address or description:** 1 Example Row, Testtown",
                  "**Local authority:** Testshire"],
     ["**Neighbourhood policing area:**", "**Date of birth:**", "**Known as:**"]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "shown", "not_shown"), FIELDS)
def test_the_action_log_shows_each_kind_with_its_own_fields(
    demo_store: Store, kind: str, shown: list[str], not_shown: list[str]
) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = subject_on_queue(demo_store, meeting_id, kind)
    with demo_store.session() as s:
        start_child(s, item_id=item_id, meeting_id=meeting_id, at=START)
        police = attendance.agencies(s)
        agency = next(a for a in police if a.sector == "police")
        actions.save_action(s, action_id=None, item_id=item_id, kind="action",
                            text="Visit the address with a warning notice by Friday",
                            owner="PC Example", owner_person_id=None, agency_id=agency.id,
                            due=date(2026, 11, 27), agreed=True, at=START)  # fmt: skip
        discussion.close(s, item_id=item_id, at=START + timedelta(minutes=5))
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    text = render_markdown(log)
    section = next(c for c in log.children if c.item_id == item_id)
    heading = f"{section.order}. {section.child.name}"
    body = text.split(heading, 1)[1].split("\n#", 1)[0]
    for line in shown:
        assert line in body
    for line in not_shown:
        assert line not in body
    per_agency = text.split(f"## {agency.name}", 1)[1] if f"## {agency.name}" in text else text
    header = {
        "child": "| Due | Ref | Child | Date of birth |",
        "person": "| Due | Ref | Person of concern | Known as | Police ref |",
        "location": "| Due | Ref | Location of concern | Kind | Local authority |",
    }[kind]
    assert header in per_agency

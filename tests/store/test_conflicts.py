"""Conflicts in the store (R2, R3): declared, applied at the start, cleared, rejoined, refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from store import conflicts
from store.conflicts import ConflictError
from store.db import Store
from store.models import Agency, AgendaItem, Attendance, Child, Conflict, Meeting, Person
from tests.ids import id_of

DAY = date(2026, 11, 23)


def at(minute: int) -> datetime:
    return datetime(2026, 11, 23, 9, minute, tzinfo=UTC)


class Room:
    """A meeting with three children and four people, three of them present."""

    def __init__(self, s: Session) -> None:
        self.s = s
        police = Agency(key="police", name="Demoshire Police (demo)", sector="police")
        health = Agency(key="health", name="Sampleton Community Health (demo)", sector="health")
        hospital = Agency(key="hospital", name="Demoshire Hospitals Trust (demo)", sector="health")
        s.add_all([police, health, hospital])
        s.commit()
        self.ada = Person(name="DS Ada Testwell", agency_id=id_of(police))
        self.bea = Person(name="Bea Mockford", agency_id=id_of(health))
        self.pat = Person(name="Pat Sampleby", agency_id=id_of(police))
        self.dev = Person(name="Dev Fakeley", agency_id=id_of(hospital))
        s.add_all([self.ada, self.bea, self.pat, self.dev])
        self.meeting = Meeting(profile="llr-drmm", date=DAY, status="in-progress")
        s.add(self.meeting)
        s.commit()
        for person in (self.ada, self.bea, self.pat):
            s.add(
                Attendance(
                    meeting_id=id_of(self.meeting), person_id=id_of(person), status="present"
                )
            )
        self.items = []
        for position, name in enumerate(("Riley Example", "Jordan Sample", "Casey Testcase"), 1):
            child = Child(ref=f"C{position}", name=name)
            s.add(child)
            s.commit()
            item = AgendaItem(meeting_id=id_of(self.meeting), child_id=id_of(child), meeting_date=DAY,
                              profile="llr-drmm", position=position)  # fmt: skip
            s.add(item)
            s.commit()
            self.items.append(item)

    def conflict(self, item: AgendaItem, person: Person) -> Conflict:
        return self.s.exec(
            select(Conflict).where(Conflict.item_id == item.id, Conflict.person_id == person.id)
        ).one()


@pytest.fixture
def room(store: Store):
    with store.session() as s:
        yield Room(s)


def test_prepared_conflict_applies_when_the_child_starts(room: Room) -> None:
    s, riley = room.s, room.items[0]
    s.add(
        Conflict(
            item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour", source="prepared"
        )
    )
    s.commit()
    assert conflicts.conflicted_ids(s, item_id=id_of(riley)) == {id_of(room.bea)}
    assert conflicts.apply_at_start(s, item_id=id_of(riley), at=at(5)) == 1
    assert room.conflict(riley, room.bea).left_at == at(5)
    # Starting again (a resume) does not move the time.
    assert conflicts.apply_at_start(s, item_id=id_of(riley), at=at(9)) == 0
    assert room.conflict(riley, room.bea).left_at == at(5)


def test_asked_before_the_start_leaves_at_the_start(room: Room) -> None:
    s, riley = room.s, room.items[0]
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.pat), reason="Family friend",
                      source="asked", at=at(4))  # fmt: skip
    row = room.conflict(riley, room.pat)
    assert (row.source, row.declared_at, row.left_at) == ("asked", at(4), None)
    conflicts.apply_at_start(s, item_id=id_of(riley), at=at(5))
    assert room.conflict(riley, room.pat).left_at == at(5)


def test_raised_during_the_discussion_leaves_at_once(room: Room) -> None:
    s, riley = room.s, room.items[0]
    riley.status = "in-discussion"
    s.commit()
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Treats the mother",
                      source="raised", at=at(12))  # fmt: skip
    assert room.conflict(riley, room.bea).left_at == at(12)


def test_everyone_out_rejoins_when_the_next_child_starts(room: Room) -> None:
    s, riley, jordan = room.s, *room.items[:2]
    riley.status = "in-discussion"
    s.commit()
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Treats the mother",
                      source="raised", at=at(12))  # fmt: skip
    # Still Riley's discussion: nobody rejoins.
    assert (
        conflicts.rejoin_all(
            s, meeting_id=id_of(room.meeting), except_item_id=id_of(riley), at=at(13)
        )
        == 0
    )
    assert (
        conflicts.rejoin_all(
            s, meeting_id=id_of(room.meeting), except_item_id=id_of(jordan), at=at(20)
        )
        == 1
    )
    assert room.conflict(riley, room.bea).rejoined_at == at(20)
    # Bea counts again for Jordan.
    assert conflicts.conflicted_ids(s, item_id=id_of(jordan)) == set()


@pytest.mark.parametrize(
    ("person", "reason", "source", "message"),
    [
        ("bea", "", "asked", "Reason"),
        ("bea", "Neighbour", "prepared", "Conflict source"),
        ("dev", "Neighbour", "asked", "only someone in the room"),
    ],
)
def test_declaring_is_refused_with_a_reason(room: Room, person, reason, source, message) -> None:
    with pytest.raises(ConflictError, match=message):
        conflicts.declare(room.s, item_id=id_of(room.items[0]), person_id=getattr(room, person).id,
                          reason=reason, source=source, at=at(1))  # fmt: skip
    assert room.s.exec(select(Conflict)).all() == []


def test_declaring_twice_or_after_the_close_is_refused(room: Room) -> None:
    s, riley = room.s, room.items[0]
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour",
                      source="asked", at=at(1))  # fmt: skip
    with pytest.raises(ConflictError, match="already have a conflict"):
        conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Again",
                          source="raised", at=at(2))  # fmt: skip
    riley.status = "done"
    s.commit()
    with pytest.raises(ConflictError, match="closed"):
        conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.ada), reason="Late",
                          source="raised", at=at(3))  # fmt: skip


def test_chair_clears_a_prepared_conflict_with_a_reason(room: Room) -> None:
    s, riley = room.s, room.items[0]
    row = Conflict(
        item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour", source="prepared"
    )
    s.add(row)
    s.commit()
    with pytest.raises(ConflictError, match="Reason"):
        conflicts.clear_prepared(s, conflict_id=id_of(row), reason=" ")
    conflicts.clear_prepared(s, conflict_id=id_of(row), reason="Moved away last year")
    cleared = room.conflict(riley, room.bea)
    assert cleared.source == "cleared"
    assert (
        cleared.reason
        == "Cleared by the chair: Moved away last year (recorded beforehand: Neighbour)"
    )
    assert conflicts.conflicted_ids(s, item_id=id_of(riley)) == set()
    assert conflicts.apply_at_start(s, item_id=id_of(riley), at=at(5)) == 0
    # Cleared, then declared after all: the same row becomes a conflict again.
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Remembered a link",
                      source="asked", at=at(6))  # fmt: skip
    assert conflicts.conflicted_ids(s, item_id=id_of(riley)) == {id_of(room.bea)}


def test_an_applied_conflict_cannot_be_cleared(room: Room) -> None:
    s, riley = room.s, room.items[0]
    row = Conflict(
        item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour", source="prepared"
    )
    s.add(row)
    s.commit()
    conflicts.apply_at_start(s, item_id=id_of(riley), at=at(5))
    with pytest.raises(ConflictError, match="before the child starts"):
        conflicts.clear_prepared(s, conflict_id=id_of(row), reason="Changed my mind")


def test_conflicted_person_cannot_author_or_own(room: Room) -> None:
    s, riley, jordan = room.s, *room.items[:2]
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour",
                      source="asked", at=at(1))  # fmt: skip
    with pytest.raises(ConflictError, match="Author: Bea Mockford has a conflict"):
        conflicts.check_may_take_part(
            s, item_id=id_of(riley), person_id=id_of(room.bea), as_what="author"
        )
    with pytest.raises(ConflictError, match="Owner: Bea Mockford"):
        conflicts.check_may_take_part(
            s, item_id=id_of(riley), person_id=id_of(room.bea), as_what="owner"
        )
    # For another child, or someone else, nothing is refused.
    conflicts.check_may_take_part(
        s, item_id=id_of(jordan), person_id=id_of(room.bea), as_what="owner"
    )
    conflicts.check_may_take_part(
        s, item_id=id_of(riley), person_id=id_of(room.ada), as_what="owner"
    )
    conflicts.check_may_take_part(s, item_id=id_of(riley), person_id=None, as_what="author")


def test_quorum_override_needs_a_reason(room: Room) -> None:
    s, riley = room.s, room.items[0]
    with pytest.raises(ConflictError, match="Override reason"):
        conflicts.set_quorum_override(s, item_id=id_of(riley), reason="  ", gaps=("health",))
    conflicts.set_quorum_override(
        s, item_id=id_of(riley), reason="Nurse joins by phone later", gaps=("health",)
    )
    assert conflicts.quorum_override(s, item_id=id_of(riley)) == "Nurse joins by phone later"


def test_deputy_choices_are_from_the_missing_sector_and_not_in_the_room(room: Room) -> None:
    found = conflicts.deputy_choices(
        room.s, meeting_id=id_of(room.meeting), sectors=("health",), roles=()
    )
    assert [(d.name, d.listed) for d in found] == [("Dev Fakeley", False)]
    assert (
        conflicts.deputy_choices(room.s, meeting_id=id_of(room.meeting), sectors=(), roles=()) == []
    )


def test_item_conflicts_lists_names_and_agencies(room: Room) -> None:
    s, riley = room.s, room.items[0]
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Neighbour",
                      source="asked", at=at(1))  # fmt: skip
    [found] = conflicts.item_conflicts(s, item_id=id_of(riley))
    assert (found.name, found.agency, found.source, found.active) == (
        "Bea Mockford", "Sampleton Community Health (demo)", "asked", True,
    )  # fmt: skip


# -- found in review: people not in the room, deferrals, updates --------------------------


def test_someone_absent_gets_no_leave_or_rejoin_time(room: Room) -> None:
    s, riley, jordan = room.s, *room.items[:2]
    s.add(
        Conflict(
            item_id=id_of(riley), person_id=id_of(room.dev), reason="Cousin", source="prepared"
        )
    )
    s.commit()
    assert conflicts.apply_at_start(s, item_id=id_of(riley), at=at(5)) == 0
    conflicts.rejoin_all(s, meeting_id=id_of(room.meeting), except_item_id=id_of(jordan), at=at(20))
    row = room.conflict(riley, room.dev)
    assert (row.left_at, row.rejoined_at) == (None, None)
    # Still out for the child: if Dev arrives during it, Dev does not take part.
    assert id_of(room.dev) in conflicts.conflicted_ids(s, item_id=id_of(riley))


def test_someone_who_left_the_meeting_does_not_rejoin(room: Room) -> None:
    s, riley, jordan = room.s, *room.items[:2]
    riley.status = "in-discussion"
    s.commit()
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Treats the mother",
                      source="raised", at=at(8))  # fmt: skip
    seat = s.exec(select(Attendance).where(Attendance.person_id == room.bea.id)).one()
    seat.left_at = at(10)
    s.commit()
    conflicts.rejoin_all(s, meeting_id=id_of(room.meeting), except_item_id=id_of(jordan), at=at(20))
    row = room.conflict(riley, room.bea)
    assert (row.left_at, row.rejoined_at) == (at(8), None)


def test_a_deferred_childs_conflicts_go_with_it(room: Room) -> None:
    from store import discussion

    s, riley = room.s, room.items[0]
    later = Meeting(profile="llr-drmm", date=date(2026, 11, 24))
    s.add(later)
    s.commit()
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Treats the mother",
                      source="asked", at=at(4))  # fmt: skip
    s.add(Conflict(item_id=id_of(riley), person_id=id_of(room.pat), reason="Old", source="cleared"))
    s.commit()
    moved = discussion.defer(s, item_id=id_of(riley), reason="No health cover",
                             to_meeting_id=id_of(later), at=at(6))  # fmt: skip
    carried = conflicts.item_conflicts(s, item_id=moved)
    assert [(c.name, c.source, c.reason) for c in carried] == [
        ("Bea Mockford", "prepared", "Treats the mother")
    ]


def test_quorum_override_can_be_withdrawn(room: Room) -> None:
    s, riley = room.s, room.items[0]
    conflicts.set_quorum_override(
        s, item_id=id_of(riley), reason="Urgent; health briefed", gaps=("health",)
    )
    assert conflicts.quorum_override(s, item_id=id_of(riley)) == "Urgent; health briefed"
    conflicts.clear_quorum_override(s, item_id=id_of(riley))
    assert conflicts.quorum_override(s, item_id=id_of(riley)) == ""


def test_a_conflict_declared_in_error_can_be_cleared_before_the_start(room: Room) -> None:
    s, riley = room.s, room.items[0]
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.pat), reason="Knows the family",
                      source="asked", at=at(4))  # fmt: skip
    row = room.conflict(riley, room.pat)
    conflicts.clear_prepared(s, conflict_id=id_of(row), reason="Entered for the wrong person")
    row = room.conflict(riley, room.pat)
    assert row.source == "cleared"
    assert (
        row.reason
        == "Cleared by the chair: Entered for the wrong person (declared: Knows the family)"
    )
    assert id_of(room.pat) not in conflicts.conflicted_ids(s, item_id=id_of(riley))
    # Raised during the discussion, the person has already left: nothing to clear.
    riley.status = "in-discussion"
    s.commit()
    conflicts.declare(s, item_id=id_of(riley), person_id=id_of(room.bea), reason="Treats the mother",
                      source="raised", at=at(9))  # fmt: skip
    with pytest.raises(ConflictError, match="before the child starts"):
        conflicts.clear_prepared(
            s, conflict_id=id_of(room.conflict(riley, room.bea)), reason="Oops"
        )

"""Persons and locations of concern in the store (R22), on SQLite and PostgreSQL.

An agenda item is about exactly one subject; persons and locations join the
queue, are linked with children, graded, deferred and carry actions over like
children do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store import agenda, carryover, discussion, queries
from store.agenda import AgendaError, concern
from store.db import Store
from store.models import Action, AgendaItem, Child, Meeting
from store.records import GradingRecord
from tests.ids import id_of

DAY = date(2026, 11, 23)
NEXT = date(2026, 12, 7)
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class Hub:
    def __init__(self, s: Session) -> None:
        self.s = s
        self.child = Child(
            ref="C-TEST0001", name="Ellis Examplewood", date_of_birth=date(2011, 3, 4)
        )
        self.other = Child(ref="C-TEST0002", name="Robin Samplefield")
        self.meeting = Meeting(profile="llr-drmm", date=DAY)
        self.later = Meeting(profile="llr-drmm", date=NEXT)
        s.add_all([self.child, self.other, self.meeting, self.later])
        s.commit()
        self.person = concern.create_person(
            s, name="Dale Testperson", aliases="DT; Big D", at=AT, police_ref="TP-0001"
        )
        self.place = concern.create_location(
            s, name="The Sample Street Arcade, Testshire", kind="premises", at=AT,
            local_authority="Testshire County Council",
        )  # fmt: skip
        s.commit()


@pytest.fixture
def hub(store: Store) -> Iterator[Hub]:
    with store.session() as s:
        yield Hub(s)


# (subject kind, child filled, person filled, location filled) → may be stored
SUBJECT_RULE = [
    ("child", True, False, False, True),
    ("person", False, True, False, True),
    ("location", False, False, True, True),
    ("child", False, True, False, False),  # kind and column disagree
    ("person", True, False, False, False),
    ("location", False, True, False, False),
    ("person", False, True, True, False),  # two subjects
    ("child", True, True, False, False),
    ("child", False, False, False, False),  # no subject
    ("person", False, False, False, False),
    ("somebody", True, False, False, False),  # not a kind
]


@pytest.mark.parametrize(("kind", "child", "person", "place", "allowed"), SUBJECT_RULE)
def test_an_item_is_about_exactly_one_subject_of_its_kind(
    hub: Hub, kind: str, child: bool, person: bool, place: bool, allowed: bool
) -> None:
    item = AgendaItem(
        meeting_id=id_of(hub.meeting), subject_kind=kind, meeting_date=DAY, profile="llr-drmm",
        position=1, child_id=hub.child.id if child else None,
        concern_person_id=hub.person.id if person else None,
        concern_location_id=hub.place.id if place else None,
    )  # fmt: skip
    hub.s.add(item)
    if allowed:
        hub.s.commit()
        assert item.id is not None
    else:
        with pytest.raises(IntegrityError):
            hub.s.commit()
        hub.s.rollback()


def _queue(hub: Hub) -> list[AgendaItem]:
    agenda.add_item(hub.s, meeting=hub.meeting, child_id=id_of(hub.child), referral_source="police-report",
                    exploitation_types="cce", reason="Seen at the arcade", at=AT, late=False)  # fmt: skip
    person = concern.add_subject_item(hub.s, meeting=hub.meeting, kind="person",
                                      subject_id=id_of(hub.person), reason="Named by two children", at=AT, late=False)  # fmt: skip
    place = concern.add_subject_item(hub.s, meeting=hub.meeting, kind="location",
                                     subject_id=id_of(hub.place), reason="Reports of gatherings", at=AT, late=False)  # fmt: skip
    hub.s.commit()
    return [person, place]


def test_persons_and_locations_join_the_queue_in_order_with_their_names(hub: Hub) -> None:
    _queue(hub)
    queue = queries.meeting_queue(hub.s, meeting_id=id_of(hub.meeting))
    assert [(e.position, e.subject_kind, e.name) for e in queue] == [
        (1, "child", "Ellis Examplewood"),
        (2, "person", "Dale Testperson"),
        (3, "location", "The Sample Street Arcade, Testshire"),
    ]
    assert [e.child_id for e in queue] == [hub.child.id, None, None]
    assert queue[1].subject_id == hub.person.id and queue[1].child_ref.startswith("P-")
    assert queue[2].local_authority == "Testshire County Council"


def test_the_same_person_cannot_be_queued_twice(hub: Hub) -> None:
    _queue(hub)
    with pytest.raises(AgendaError, match="already on this queue at position 2"):
        concern.add_subject_item(hub.s, meeting=hub.meeting, kind="person",
                                 subject_id=id_of(hub.person), reason="", at=AT, late=False)  # fmt: skip


# (kind, name) → the message names the field, never a value
BAD_SUBJECTS = [
    ("person", "", "name: a person of concern needs a name."),
    ("location", "", "name: a location of concern needs a name."),
    (
        "location-kind",
        "The Sample Yard",
        "kind: a location is one of premises, street-or-area, online.",
    ),
]


@pytest.mark.parametrize(("kind", "name", "message"), BAD_SUBJECTS)
def test_bad_subjects_are_refused_with_the_field_named(
    hub: Hub, kind: str, name: str, message: str
) -> None:
    with pytest.raises(AgendaError) as caught:
        if kind == "person":
            concern.create_person(hub.s, name=name, at=AT)
        else:
            concern.create_location(
                hub.s, name=name, kind="premises" if kind == "location" else "pub", at=AT
            )
    assert str(caught.value) == message


def test_links_are_seen_from_both_ends_and_recorded_once(hub: Hub) -> None:
    concern.link(
        hub.s,
        child_id=id_of(hub.child),
        kind="person",
        subject_id=id_of(hub.person),
        relation="seen with",
        at=AT,
    )
    concern.link(
        hub.s,
        child_id=id_of(hub.child),
        kind="person",
        subject_id=id_of(hub.person),
        relation="Seen  with",
        at=AT,
    )
    concern.link(
        hub.s,
        child_id=id_of(hub.child),
        kind="location",
        subject_id=id_of(hub.place),
        relation="goes to",
        at=AT,
    )
    concern.link(
        hub.s,
        child_id=id_of(hub.other),
        kind="person",
        subject_id=id_of(hub.person),
        relation="recruited by",
        at=AT,
    )
    hub.s.commit()  # fmt: skip
    from_child = concern.links(hub.s, child_ids=[id_of(hub.child)])
    assert [(k.subject_name, k.relation) for k in from_child] == [
        ("Dale Testperson", "seen with"),
        ("The Sample Street Arcade, Testshire", "goes to"),
    ]
    from_person = concern.links(hub.s, person_ids=[id_of(hub.person)])
    assert [(k.child_name, k.relation) for k in from_person] == [
        ("Ellis Examplewood", "seen with"),
        ("Robin Samplefield", "recruited by"),
    ]
    with pytest.raises(AgendaError, match="say what the link is"):
        concern.link(
            hub.s,
            child_id=id_of(hub.child),
            kind="person",
            subject_id=id_of(hub.person),
            relation=" ",
            at=AT,
        )


def test_a_person_is_graded_deferred_and_their_actions_carried_over(hub: Hub) -> None:
    person_item, _ = _queue(hub)
    discussion.save_grading(hub.s, record=GradingRecord(
        item_id=id_of(person_item), grade="HIGH", rationale="Named by two children", significant_new_risk=False,
        crime_identified=False, npa_managed=False, proposed_outcome="", outcome="", outcome_reason="",
        override_reason=""), at=AT)  # fmt: skip
    hub.s.add(Action(meeting_id=id_of(hub.meeting), item_id=person_item.id, meeting_date=DAY, profile="llr-drmm",
                     text="Serve a warning notice", owner="DS Ada Testwell", due=NEXT))  # fmt: skip
    person_item.status = "done"
    hub.s.commit()
    grading = discussion.grading(hub.s, item_id=id_of(person_item))
    assert grading is not None and grading.grade == "HIGH"
    history = concern.subject_histories(hub.s, kind="person", ids=[id_of(hub.person)], before=NEXT)
    assert [(h.meeting_date, h.grade) for h in history[id_of(hub.person)]] == [(DAY, "HIGH")]
    carried = carryover.subject_carryover(
        hub.s, meeting_id=id_of(hub.later), kind="person", subject_id=id_of(hub.person)
    )
    assert [(c.text, c.child_name) for c in carried] == [
        ("Serve a warning notice", "Dale Testperson")
    ]
    assert carryover.subject_carryover(hub.s, meeting_id=id_of(hub.later), kind="location",
                                       subject_id=id_of(hub.place)) == []  # fmt: skip
    assert concern.subject_open_actions(
        hub.s, kind="person", ids=[id_of(hub.person)], before=NEXT
    ) == {id_of(hub.person): 1}


def test_deferring_a_location_moves_that_location_not_another_subject(hub: Hub) -> None:
    _, place_item = _queue(hub)
    # The later meeting already has the person: the location must not be taken for it.
    concern.add_subject_item(hub.s, meeting=hub.later, kind="person", subject_id=id_of(hub.person),
                             reason="", at=AT, late=False)  # fmt: skip
    moved = agenda.carry_item(hub.s, item=place_item, target=hub.later, reason="Out of time", at=AT)
    hub.s.commit()
    assert moved.subject_kind == "location" and moved.concern_location_id == hub.place.id
    later = queries.meeting_queue(hub.s, meeting_id=id_of(hub.later))
    assert [(e.subject_kind, e.name) for e in later] == [
        ("person", "Dale Testperson"),
        ("location", "The Sample Street Arcade, Testshire"),
    ]


def test_search_finds_a_person_by_alias_and_a_location_by_name(hub: Hub) -> None:
    assert [m.name for m in concern.search_subjects(hub.s, kind="person", text="big")] == [
        "Dale Testperson"
    ]
    assert [m.name for m in concern.search_subjects(hub.s, kind="person", text="TP-0001")] == [
        "Dale Testperson"
    ]
    assert [m.ref for m in concern.search_subjects(hub.s, kind="location", text="arcade")] == [
        hub.place.ref
    ]
    assert concern.search_subjects(hub.s, kind="location", text="nowhere") == []

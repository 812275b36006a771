"""Links and research scope (R22): a linked subject is named only when it is on the agenda."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mace_tui.prep import meeting as prep
from mace_tui.prep.concern import (
    LocationDetails,
    PersonDetails,
    add_location,
    add_person,
    link_lines,
    link_on_queue,
)
from mace_tui.prep.export import build_case_list
from mace_tui.prep.fields import ItemDetails
from mace_tui.prep.meeting import PrepTarget
from mace_tui.reports.case_list import render_markdown
from store.agenda import AgendaError, concern
from store.agenda.concern import LinkRecord
from store.db import Store
from tests.prep.conftest import BEFORE_DEADLINE, Hub

DALE = LinkRecord(1, 10, "Riley Example", "person", 20, "Dale Testperson", "recruited by")
ARCADE = LinkRecord(2, 10, "Riley Example", "location", 30, "The Sample Arcade", "goes to")

# (link, seen from, on the agenda) → the line shown
SCOPE = [
    (DALE, "child", {("person", 20)}, "recruited by: Dale Testperson"),
    (DALE, "child", set(), "recruited by: a linked adult"),
    (DALE, "child", {("person", 21)}, "recruited by: a linked adult"),
    (ARCADE, "child", {("location", 30)}, "goes to: The Sample Arcade"),
    (ARCADE, "child", {("person", 30)}, "goes to: a linked place"),
    (DALE, "person", {("child", 10)}, "Riley Example (recruited by)"),
    (DALE, "person", set(), "a linked child (recruited by)"),
    (ARCADE, "location", {("child", 11)}, "a linked child (goes to)"),
]


@pytest.mark.parametrize(("link", "seen_from", "on_agenda", "line"), SCOPE)
def test_a_linked_subject_not_on_the_agenda_is_shown_by_role(
    link: LinkRecord, seen_from: str, on_agenda: set[tuple[str, int]], line: str
) -> None:
    assert link_lines([link], seen_from=seen_from, on_agenda=on_agenda) == (line,)


NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def test_the_case_list_has_a_section_per_kind_and_names_only_who_is_on_it(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    details = ItemDetails("intelligence", ("cce",), "Seen with an adult.")
    with store.session() as s:
        riley = prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.riley)
        dale = add_person(s, target, reason="Named by children", at=BEFORE_DEADLINE,
                          new_person=PersonDetails("Dale Testperson", aliases="Big D"))  # fmt: skip
        add_location(s, target, reason="Gatherings", at=BEFORE_DEADLINE,
                     new_location=LocationDetails("The Sample Street Arcade, Testshire", "premises"))  # fmt: skip
        link_on_queue(
            s, item_id=dale, other_item_id=riley, relation="recruited by", at=BEFORE_DEADLINE
        )
        # A second adult linked with Riley, not on this agenda: never named on the list.
        kim = concern.create_person(s, name="Kim Offlist", at=BEFORE_DEADLINE)
        assert kim.id is not None
        concern.link(
            s,
            child_id=hub.riley,
            kind="person",
            subject_id=kim.id,
            relation="seen with",
            at=BEFORE_DEADLINE,
        )
        s.commit()
        with pytest.raises(AgendaError, match="joins a child with a person or a location"):
            link_on_queue(
                s, item_id=dale, other_item_id=dale, relation="seen with", at=BEFORE_DEADLINE
            )
        case_list = build_case_list(s, target=target, drmm_profiles=("llr-drmm",), now=NOW)
    text = render_markdown(case_list)
    assert "1 child, 1 person of concern, 1 location of concern" in text
    assert "## Persons of concern" in text and "## Locations of concern" in text
    assert "recruited by: Dale Testperson" in text
    assert "seen with: a linked adult" in text
    assert "Riley Example (recruited by)" in text
    assert "Kim Offlist" not in text
    persons = text.split("## Persons of concern")[1].split("## Locations of concern")[0]
    assert "Dale Testperson" in persons and "aka Big D" in persons


def test_the_case_list_names_a_linked_adult_an_information_sharing_action_covers(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    """R9 exception: Kim is off the agenda but an open sharing action from earlier names her;
    Lee is off it and named only by a completed one, so stays "a linked adult"."""
    from sqlmodel import select

    from store.actions import save_action
    from store.models import Action, Meeting

    details = ItemDetails("intelligence", ("cce",), "Seen with adults.")
    with store.session() as s:
        riley = prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.riley)
        for name, relation in (("Kim Offlist", "seen with"), ("Lee Offlist", "driven by")):
            person = concern.create_person(s, name=name, at=BEFORE_DEADLINE)
            assert person.id is not None
            concern.link(s, child_id=hub.riley, kind="person", subject_id=person.id,
                         relation=relation, at=BEFORE_DEADLINE)  # fmt: skip
        s.commit()
        before = case_list_text(s, target)
        # Two sharing actions agreed at this meeting's queue item, then moved to an
        # earlier meeting's date as if carried over: one still open, one complete.
        ids = [
            save_action(
                s,
                action_id=None,
                item_id=riley,
                kind="info-share",
                text=f"Share the police record of {name} with children's services",
                owner="Exploitation team",
                owner_person_id=None,
                agency_id=None,
                due=None,
                agreed=True,
                share_what="Known addresses",
                share_with="Children's services",
                share_why="Seen with Riley",
                at=BEFORE_DEADLINE,
            )
            for name in ("Kim Offlist", "Lee Offlist")
        ]
        earlier = s.exec(select(Meeting).where(Meeting.id != target.meeting_id)).first()
        assert earlier is not None and earlier.id is not None and earlier.date < target.meeting_date
        for action_id, status in zip(ids, ("in-progress", "complete"), strict=True):
            action = s.get(Action, action_id)
            assert action is not None
            action.meeting_id, action.status = earlier.id, status
            action.meeting_date = earlier.date
        s.commit()
        after = case_list_text(s, target)
    assert "seen with: a linked adult" in before and "Kim Offlist" not in before
    assert "seen with: Kim Offlist" in after
    assert "driven by: a linked adult" in after and "Lee Offlist" not in after


def case_list_text(s, target: PrepTarget) -> str:
    return render_markdown(build_case_list(s, target=target, drmm_profiles=("llr-drmm",), now=NOW))

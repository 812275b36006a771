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

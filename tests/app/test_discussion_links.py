"""Linking during a discussion (R22): a person with a child on the queue, a child with a new
person; unlinking asks first; a linked subject on the queue is one key away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from textual.widgets import DataTable

from mace_tui.chair.links import LinkError, parse_link
from mace_tui.factory import make_app
from mace_tui.widgets.pane_tabs import PaneTabs
from store.actions import save_action
from store.db import Store
from store.models import AgendaItem, ConcernLink, ConcernPerson
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.app.test_case_kinds import first_on_queue

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "kind", "position", "new", "relation"),
    [
        ("3 seen with", "person", 3, ("", ""), "seen with"),
        ("  12   recruited   by ", "location", 12, ("", ""), "recruited by"),
        ("person: Dale Testperson; recruited by", "child", None, ("person", "Dale Testperson"),
         "recruited by"),
        ("Location : The Sample Arcade ; goes to", "child", None,
         ("location", "The Sample Arcade"), "goes to"),
    ],
)  # fmt: skip
def test_a_link_line_is_read(line, kind, position, new, relation) -> None:
    wanted = parse_link(line, subject_kind=kind)
    assert (wanted.position, (wanted.new_kind, wanted.new_name), wanted.relation) == (
        position,
        new,
        relation,
    )


@pytest.mark.parametrize(
    ("line", "kind", "says"),
    [
        ("seen with", "child", "queue position"),
        ("3", "child", "queue position"),
        ("person: Dale Testperson", "child", "queue position"),
        ("person: Dale Testperson; seen with", "person", "links with a child"),
    ],
)
def test_a_bad_link_line_says_what_to_type(line: str, kind: str, says: str) -> None:
    with pytest.raises(LinkError, match=says) as caught:
        parse_link(line, subject_kind=kind)
    assert "Dale" not in str(caught.value)


def rows(app) -> list[str]:
    table = app.screen.query_one("#links-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_link_unlink_and_go_to_a_linked_child(demo_store: Store, settings) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = first_on_queue(demo_store, meeting_id, "person")
    with demo_store.session() as s:
        riley = s.exec(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.position == 1)
        ).one()
        riley_item = riley.id
        subject = s.get(AgendaItem, item_id)
        assert subject is not None
        person_id = subject.concern_person_id
    # The demo links other people with background children: count this person's only.
    mine = select(ConcernLink).where(ConcernLink.concern_person_id == person_id)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)  # the person, first on the queue
        await pilot.press("ctrl+k")
        await wait_for_screen(pilot, "LinksModal")
        assert rows(app) == ["No links yet."]
        await type_text(pilot, "person: Someone Else; seen with")
        await pilot.press("enter")
        await settle(pilot)
        assert "links with a child" in str(app.screen.query_one("#links-message").render())
        await pilot.press("ctrl+a", "ctrl+k")  # clear the line (select all, delete to end)
        await type_text(pilot, "1 seen with")
        await pilot.press("enter")
        await settle(pilot)
        [line] = rows(app)
        assert line.startswith("Riley") and "seen with" in line and "Enter goes to it" in line

        # Removing asks first; No keeps the link.
        await pilot.press("shift+tab")
        assert app.screen.query_one("#links-table", DataTable).has_focus
        await pilot.press("delete")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("n")
        await wait_for_screen(pilot, "LinksModal")
        with demo_store.session() as s:
            assert len(s.exec(mine).all()) == 1

        # Enter goes to the linked child on this queue: the queue, its cursor on Riley.
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseScreen")
        assert app.screen.query_one("#case-tabs", PaneTabs).active == "queue"
        queue = app.screen.query_one("#case-queue", DataTable)
        assert queue.coordinate_to_cell_key(queue.cursor_coordinate).row_key.value == str(
            riley_item
        )

        await pilot.press("ctrl+k")
        await wait_for_screen(pilot, "LinksModal")
        await pilot.press("shift+tab", "delete")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, "LinksModal")
        await settle(pilot)
        assert rows(app) == ["No links yet."]
        await pilot.press("escape")
    with demo_store.session() as s:
        assert s.exec(mine).all() == []
        assert s.get(AgendaItem, item_id) is not None


async def test_a_child_links_with_a_new_person(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("ctrl+k")
        await wait_for_screen(pilot, "LinksModal")
        await type_text(pilot, "person: Dale Testperson; recruited by")
        await pilot.press("enter")
        await settle(pilot)
        # Not on this queue: described by role, never named (research scope).
        assert rows(app) == ["recruited by: a linked adult"]
        await pilot.press("escape")
        # An information-sharing action naming him (saved on another seat) covers him (R9).
        with demo_store.session() as s:
            [current] = s.exec(select(AgendaItem).where(AgendaItem.status == "in-discussion"))
            save_action(s, action_id=None, item_id=current.id, kind="info-share",
                        text="Share what is known about Dale Testperson with the police",
                        owner="Exploitation team", owner_person_id=None, agency_id=None,
                        due=START.date(), agreed=True, share_what="His known areas",
                        share_with="Testshire Police", share_why="Seen recruiting", at=START)  # fmt: skip
        await pilot.press("ctrl+k")
        await wait_for_screen(pilot, "LinksModal")
        await settle(pilot)
        assert rows(app) == ["recruited by: Dale Testperson"]
    with demo_store.session() as s:
        [person] = s.exec(select(ConcernPerson).where(ConcernPerson.name == "Dale Testperson"))
        [link] = s.exec(select(ConcernLink).where(ConcernLink.concern_person_id == person.id))
        assert link.concern_person_id == person.id and link.relation == "recruited by"

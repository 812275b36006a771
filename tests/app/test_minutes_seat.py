"""Chair and minute taker on one store, two apps in one test (R25).

The minute taker's seat follows the chair's child and writes notes that reach
the chair; a note both seats edit at once is refused on the later seat with both
versions shown; a second chair on the same meeting is refused, naming who holds it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Static

from mace_tui.factory import make_app
from mace_tui.screens.case import CaseScreen
from mace_tui.screens.stale import StaleChoiceModal
from mace_tui.widgets.thrive_pane import ThrivePane
from store import discussion
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.app.test_live_seats import notes_on_screen, wait_until

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def case_item_id(app) -> int | None:
    """The item the seat's case screen is on (None while it is on none)."""
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return getattr(screen.case, "item_id", None)


def shown(app, selector: str = "Static") -> str:
    """The text of the first match on the app's screen ("" while it is not there)."""
    from textual.css.query import NoMatches

    try:
        return str(app.screen.query_one(selector, Static).render())
    except NoMatches:
        return ""


def stored_notes(store: Store, item_id: int) -> list[tuple[str, int]]:
    with store.session() as session:
        return [(n.text, n.version) for n in discussion.notes(session, item_id=item_id)]


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"], indirect=True)
async def test_chair_and_minute_taker_on_one_store(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    minutes = make_app(settings, clock=TestClock(START), mode="minutes")
    async with chair.run_test(size=(100, 30)) as cp, minutes.run_test(size=(100, 30)) as mp:
        await wait_for_screen(cp, "CaseScreen")
        await wait_for_screen(mp, "MinutesScreen")
        # Nothing under discussion yet: the minute taker's seat says it waits for the chair.
        assert "Waiting for the chair" in str(
            mp.app.screen.query_one("#child-header", Static).render()
        )
        await start_child(cp)
        item_id = chair.screen.case.item_id  # type: ignore[attr-defined]
        # Within moments the minute taker's seat shows the same child.
        await wait_until(
            mp,
            lambda: case_item_id(minutes) == item_id,
            "the chair's child on the minute taker's seat",
        )
        # The keys that move the meeting on are not there for the minute taker.
        for key in ("f8", "f9", "f10", "f12", "ctrl+g"):
            await mp.press(key)
        await settle(mp)
        assert type(minutes.screen).__name__ == "MinutesScreen"
        assert case_item_id(minutes) == item_id

        # The minute taker writes a note: it reaches the chair's seat.
        await mp.press("enter")
        await settle(mp)
        await type_text(mp, "Seen at the station")
        await wait_until(
            cp, lambda: "Seen at the station" in notes_on_screen(chair), "the minute taker's note"
        )
        # The chair opens the same note (the pane's "continue the last note", as after
        # choosing its author) while the minute taker keeps typing into it.
        chair.screen.query_one(ThrivePane).edit_last()
        await settle(cp)
        assert chair.screen.query_one(ThrivePane).editing.text == "Seen at the station"  # type: ignore[union-attr]
        await type_text(mp, " late at night")
        await wait_until(
            mp,
            lambda: stored_notes(demo_store, item_id) == [("Seen at the station late at night", 2)],
            "the minute taker's second save",
        )
        await type_text(cp, " with older youths")
        # The chair's save was made from version 1: refused, with both versions shown.
        await wait_until(
            cp, lambda: isinstance(chair.screen, StaleChoiceModal), "the choice of versions"
        )
        # The dialog may still be drawing: wait for its text, not only for the screen.
        await wait_until(cp, lambda: "late at night" in shown(chair, "#theirs"), "their version")
        modal = chair.screen
        assert "late at night" in str(modal.query_one("#theirs", Static).render())
        assert "with older youths" in str(modal.query_one("#mine", Static).render())
        assert stored_notes(demo_store, item_id) == [("Seen at the station late at night", 2)]
        await cp.press("b")  # keep both
        await wait_until(
            cp,
            lambda: (
                sorted(t for t, _ in stored_notes(demo_store, item_id))
                == ["Seen at the station late at night", "Seen at the station with older youths"]
            ),
            "both notes stored",
        )

        # A second chair on the same meeting is refused, saying who holds it.
        second = make_app(settings, clock=TestClock(START), mode="chair")
        async with second.run_test(size=(100, 30)) as sp:
            await wait_until(
                sp,
                lambda: "already has a chair" in shown(second),
                "the refusal of a second chair",
            )
            assert type(second.screen).__name__ == "ChairStartScreen"
        await settle(cp)
        await settle(mp)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"], indirect=True)
async def test_a_child_added_in_prep_during_the_meeting_reaches_the_chair(
    demo_store: Store, settings
) -> None:
    """The coordinator adds a late child (the service behind `mace-tui prep`'s a key) while
    the chair runs the meeting: the chair's queue shows it, with a line saying so."""
    from datetime import date

    from mace_tui.prep import meeting as prep
    from mace_tui.prep.fields import ChildDetails, ItemDetails
    from mace_tui.profiles import get_profile
    from tests.conftest import DEMO_TODAY

    meeting_under_way(demo_store, stage="cases", at=START)
    coordinator = Store.open(settings.db_url)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    async with chair.run_test(size=(100, 30)) as cp:
        await wait_for_screen(cp, "CaseScreen")
        await settle(cp)
        before = len(chair.screen.state.queue)  # type: ignore[attr-defined]
        with coordinator.session() as session:
            target, created = prep.open_meeting(
                session, profile=get_profile("llr-drmm"), on=DEMO_TODAY
            )
            assert not created
            prep.add_child(
                session,
                target,
                details=ItemDetails("intelligence", ("cce",), "Reported missing overnight."),
                at=START,
                new_child=ChildDetails("Robin Latecomer", date(2011, 5, 4)),
            )
        await wait_until(
            cp,
            lambda: "Added late, during the meeting" in shown(chair, "#case-message"),
            "the line about the late child",
        )
        assert "Robin Latecomer" in shown(chair, "#case-message")
        state = chair.screen.state  # type: ignore[attr-defined]
        assert len(state.queue) == before + 1
        assert state.queue[-1].name == "Robin Latecomer" and state.queue[-1].late_change
    coordinator.close()


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_the_server_going_away_mid_meeting_loses_nothing_typed(
    demo_store: Store, settings, pg_server
) -> None:
    """The real test server is stopped while the chair types, then started again: the seat
    says the connection is lost, keeps the text, and saves it all once the server is back."""
    meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    async with chair.run_test(size=(100, 30)) as cp:
        await wait_for_screen(cp, "CaseScreen")
        await start_child(cp)
        item_id = chair.screen.case.item_id  # type: ignore[attr-defined]
        await cp.press("enter")
        await settle(cp)
        await type_text(cp, "Seen at the station")
        await wait_until(
            cp, lambda: [t for t, _ in stored_notes(demo_store, item_id)] == ["Seen at the station"],
            "the first save",
        )  # fmt: skip
        pg_server.pause()
        try:
            await type_text(cp, " late at night with older youths")
            await wait_until(
                cp,
                lambda: any("Connection to the database server lost" in m for m in notices(chair)),
                "the line saying the connection is lost",
            )
            editing = chair.screen.query_one(ThrivePane).editing
            assert editing is not None
            assert editing.text == "Seen at the station late at night with older youths"
            await type_text(cp, ", twice")
        finally:
            pg_server.resume()
        await wait_until(
            cp,
            lambda: any(m.startswith("Saving again") for m in notices(chair)),
            "the line saying saving works again",
            tries=600,
        )
        await settle(cp)
        assert stored_notes(demo_store, item_id)[0][0] == (
            "Seen at the station late at night with older youths, twice"
        )


async def test_the_minute_taker_is_told_the_chair_has_an_other_item_open(
    demo_store: Store, settings
) -> None:
    """An MPRU or AOB item has no THRIVE or grade: the minute taker's seat says the chair has
    one open (naming it) instead of showing a child's discussion panes for it."""
    from tests.app.test_free_items_chair import TITLE, first_free_item

    first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    minutes = make_app(settings, clock=TestClock(START), mode="minutes")
    async with chair.run_test(size=(100, 30)) as cp, minutes.run_test(size=(100, 30)) as mp:
        await wait_for_screen(cp, "CaseScreen")
        await wait_for_screen(mp, "MinutesScreen")
        await cp.press("f9")
        await wait_for_screen(cp, "FreeDiscussionScreen")
        await wait_until(
            mp,
            lambda: "Other item under discussion" in shown(minutes, "#child-header"),
            "the other item on the minute taker's seat",
        )
        assert TITLE in shown(minutes, "#child-header")
        assert case_item_id(minutes) is None
        await settle(cp)
        await settle(mp)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"], indirect=True)
async def test_the_minute_takers_header_follows_the_room(demo_store: Store, settings) -> None:
    """A conflict declared on another seat (the nurse leaves for this child) shows on the
    minute taker's header within moments: the child's quorum now lacks Health."""
    from mace_tui.chair.room import declare_conflict
    from store import attendance

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    minutes = make_app(settings, clock=TestClock(START), mode="minutes")
    async with chair.run_test(size=(100, 30)) as cp, minutes.run_test(size=(100, 30)) as mp:
        await wait_for_screen(cp, "CaseScreen")
        await wait_for_screen(mp, "MinutesScreen")
        await start_child(cp)
        item_id = chair.screen.case.item_id  # type: ignore[attr-defined]
        await wait_until(mp, lambda: case_item_id(minutes) == item_id, "the chair's child")
        with demo_store.session() as session:
            people = attendance.meeting_attendance(session, meeting_id=meeting_id)
        nurse = next(p for p in people if p.sector == "health")

        def header() -> str:
            return str(minutes.screen.query_one("#child-header").render())

        assert "no Health" not in header()
        declare_conflict(demo_store, item_id=item_id, person_id=nurse.person_id,
                         reason="Knows the family", source="raised", at=START)  # fmt: skip
        await wait_until(mp, lambda: "no Health" in header(), "the child's quorum lost")
        await settle(cp)
        await settle(mp)

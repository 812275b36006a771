"""Another seat's change shows on the chair's case screen with no refresh (R25).

A second handle on the same store stands for the other seat (a minute taker
writing a note, a late child added to the queue). On PostgreSQL the change
arrives by LISTEN/NOTIFY; on SQLite by the data_version poll.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from textual.widgets import Static

from mace_tui.chair.live import merge_arrived
from mace_tui.chair.notes import NoteDraft
from mace_tui.factory import make_app
from mace_tui.widgets.meeting_bar import MeetingBar
from mace_tui.widgets.thrive_pane import ThrivePane
from store import discussion
from store.db import Store
from store.models import AgendaItem, Child
from store.records import NoteRecord
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY
from tests.ids import id_of

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def _stored(note_id: int, text: str) -> NoteRecord:
    return NoteRecord(note_id, 1, "threat", 3, "Testshire Police", None, "fact", text, START)


def _draft(key: int, note_id: int | None, text: str) -> NoteDraft:
    return NoteDraft(key, note_id, "threat", 3, "Testshire Police", "fact", text)


# (on screen, stored, saved ids by key, key being typed, keys not yet written) -> texts shown
MERGES = [
    pytest.param([], [_stored(7, "arrived")], {}, None, set(), ["arrived"], id="new-note-added"),
    pytest.param(
        [_draft(1, None, "mine")], [_stored(7, "mine")], {1: 7}, None, set(), ["mine"],
        id="own-saved-note-not-doubled",
    ),
    pytest.param(
        [_draft(1, 7, "old")], [_stored(7, "edited elsewhere")], {}, None, set(),
        ["edited elsewhere"], id="edit-from-another-seat-shown",
    ),
    pytest.param(
        [_draft(1, 7, "typing")], [_stored(7, "stored")], {}, 1, set(), ["typing"],
        id="note-being-typed-left-alone",
    ),
    pytest.param(
        [_draft(1, 7, "typed, not yet saved")], [_stored(7, "stored")], {}, None, {1},
        ["typed, not yet saved"], id="unsaved-change-left-alone",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("drafts", "stored", "saved", "editing", "pending", "shown"), MERGES)
def test_arrived_notes_merge(drafts, stored, saved, editing, pending, shown) -> None:
    merged, next_key = merge_arrived(
        drafts, stored, saved=saved, editing_key=editing, pending=pending, names={}, next_key=2
    )
    assert [d.text for d in merged] == shown
    assert next_key == 2 + sum(1 for d in merged if d.key >= 2)


async def wait_until(pilot, check, what: str, tries: int = 200) -> None:
    """Let the app run until ``check()`` holds (a failure after many tries, not a timing)."""
    for _ in range(tries):
        await pilot.pause(0.05)
        if check():
            return
    raise AssertionError(f"{what} never showed")


def notes_on_screen(app) -> list[str]:
    return [d.text for d in app.screen.query_one(ThrivePane).drafts]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
async def test_another_seats_note_and_late_child_show_on_the_chairs_screen(
    demo_store: Store, settings
) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    other_seat = Store.open(settings.db_url)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        screen = app.screen
        case = screen.case  # type: ignore[attr-defined]
        assert case is not None
        # The chair starts a note and keeps typing while the minute taker saves one.
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Chair typing this")
        with other_seat.session() as session:
            discussion.save_note(
                session, note_id=None, item_id=case.item_id, section="harm", agency_id=None,
                person_id=None, kind="opinion", text="Minute taker: school reports absences",
                at=START,
            )  # fmt: skip
        await wait_until(
            pilot,
            lambda: "Minute taker: school reports absences" in notes_on_screen(app),
            "the minute taker's note",
        )
        pane = app.screen.query_one(ThrivePane)
        assert pane.editing is not None and pane.editing.text == "Chair typing this"
        assert notes_on_screen(app).count("Chair typing this") == 1

        # A late child put on the queue by another seat appears on the queue.
        with other_seat.session() as session:
            child = Child(ref="C-LATE0001", name="Robin Latecomer")
            session.add(child)
            session.flush()
            count = len(
                session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
            )
            session.add(
                AgendaItem(
                    meeting_id=meeting_id, child_id=id_of(child), meeting_date=DEMO_TODAY,
                    profile="llr-drmm", position=count + 1, referral_source="police",
                    exploitation_types="cse", reason="Added late", status="waiting",
                    late_change=True,
                )
            )  # fmt: skip
            session.commit()
        await wait_until(
            pilot,
            lambda: any(e.name == "Robin Latecomer" for e in screen.state.queue),  # type: ignore[attr-defined]
            "the late child",
        )
        await settle(pilot)
        # The child's header counts the late child as the meeting bar does.
        total = len(screen.state.queue)  # type: ignore[attr-defined]
        header = str(screen.query_one("#child-header", Static).render())
        assert f"1/{total} · " in header
        assert f"of {total}" in str(screen.query_one(MeetingBar).render())
    # Nothing the chair typed was lost or doubled by the arrivals.
    with other_seat.session() as session:
        texts = [n.text for n in discussion.notes(session, item_id=case.item_id)]
    assert texts.count("Chair typing this") == 1
    assert "Minute taker: school reports absences" in texts
    other_seat.close()

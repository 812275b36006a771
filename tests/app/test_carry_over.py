"""Carried-over actions (R12), repeat and returning children (R16, R17), with the keyboard.

The demo's earlier DRMMs leave 39 actions open for today's meeting, five of
them overdue; Jordan Sample and Alex Demo, on today's queue, have some.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import col, select
from textual.widgets import DataTable

from mace_tui.factory import make_app
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.widgets.carried_actions import CarriedActions
from mace_tui.widgets.pane_tabs import PaneTabs
from store import carryover, queries
from store.db import Store
from store.models import Action, ActionReview, Meeting, Person
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    message,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 8, tzinfo=UTC)


def child_on_queue(store: Store, meeting_id: int, name: str) -> int:
    """The child of that name on today's queue (the demo's random pool may reuse a name)."""
    with store.session() as s:
        [entry] = [e for e in queries.meeting_queue(s, meeting_id=meeting_id) if e.name == name]
    assert entry.child_id is not None
    return entry.child_id


def carried(store: Store, meeting_id: int) -> list[carryover.CarriedItem]:
    with store.session() as s:
        return carryover.meeting_carryover(s, meeting_id=meeting_id)


async def give_update(pilot, key: str, note: str = "") -> None:
    await pilot.press(key)
    await settle(pilot)
    if note:
        await type_text(pilot, note)
    await pilot.press("enter")
    await settle(pilot)


async def test_carry_over_step_updates_statuses_and_the_log_shows_them(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="carry-over", at=START)
    before = carried(demo_store, meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CarryOverScreen")
        title = message(app, "#carry-title")
        assert "39 from earlier DRMM meetings · 0 updated · 5 overdue" in title
        # The overdue ones are marked in the Due column.
        table = app.screen.query_one("#carried-table", DataTable)
        due = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert sum(d.endswith("!") for d in due) == 5
        assert due[0] == "12 Oct!"

        await give_update(pilot, "c", "Sessions started on Tuesday")
        # The cursor moves on to the next action waiting for an update.
        # Not possible needs a reason: refused until one is given.
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Note: say why" in message(app, "#review-error")
        await type_text(pilot, "The family moved out of the area")
        await pilot.press("enter")
        await settle(pilot)
        await give_update(pilot, "d", "No officer free this fortnight")
        await give_update(pilot, "p")
        assert "4 updated" in message(app, "#carry-title")
        assert "Update saved" in message(app, "#carry-message")

        # The rest stay open: on to the children, then end the meeting.
        clock.advance(2)
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")

    first_four = [c.action_id for c in before[:4]]
    with demo_store.session() as s:
        people = {p.id: p.name for p in s.exec(select(Person))}
        statuses = [s.get_one(Action, i).status for i in first_four]
        reviews = s.exec(select(ActionReview).order_by(col(ActionReview.id))).all()
        still_open = queries.carried_actions(s, profile="llr-drmm", before=date(2026, 11, 24))
    assert statuses == ["complete", "not-possible", "not-done", "in-progress"]
    assert [(r.action_id, r.status, r.reviewed_at) for r in reviews] == [
        (first_four[0], "complete", START),
        (first_four[1], "not-possible", START),
        (first_four[2], "not-done", START),
        (first_four[3], "in-progress", START),
    ]
    # Given by the owner when they are in the room.
    assert [people[r.given_by_id] for r in reviews] == [c.owner for c in before[:4]]
    # Those not updated (and the one in progress) come back next time.
    # Not done (agency) keeps the action open too (R12): only complete and not possible close.
    assert len(still_open) == 39 - 2
    with demo_store.session() as s:
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    assert [(c.previous_status, c.new_status) for c in log.carried] == [
        ("open", "complete"),
        ("open", "not-possible"),
        ("open", "not-done"),
        ("open", "in-progress"),
    ]
    text = blocks_to_markdown(document(log))
    assert (
        "Not possible (circumstances changed) | The family moved out of the area (given by" in text
    )
    assert "Not done (agency) | No officer free this fortnight (given by" in text


async def test_statements_lead_to_the_carry_over_step(demo_store: Store, settings) -> None:
    meeting_id = meeting_under_way(demo_store, stage="statements", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CarryOverScreen")  # all six were read already
    with demo_store.session() as s:
        meeting = s.get(Meeting, meeting_id)
    assert meeting is not None and meeting.stage == "carry-over"


async def test_a_childs_earlier_actions_come_up_with_the_child(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    jordan = child_on_queue(demo_store, meeting_id, "Jordan Sample")
    with demo_store.session() as s:
        [earlier] = carryover.child_carryover(s, meeting_id=meeting_id, child_id=jordan)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f5", "down")
        await start_child(pilot, "enter")  # Jordan
        # The child's open action from an earlier meeting is the first thing shown.
        assert app.screen.query_one(PaneTabs).active == "earlier"
        assert "1 action from earlier meetings to update" in message(app, "#case-message")
        pane = app.screen.query_one(CarriedActions)
        assert [i.action_id for i in pane.items] == [earlier.action_id]
        assert "42 days overdue" in message(app, "#carried-detail")
        await give_update(pilot, "p", "First session booked for Thursday")
        assert "Update saved" in message(app, "#case-message")
        assert pane.items[0].review is not None
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.query_one(PaneTabs).active == "thrive"
        # "Update saved" was news about the Earlier tab: it does not linger on another.
        assert "Update saved" not in message(app, "#case-message")
    with demo_store.session() as s:
        action = s.get(Action, earlier.action_id)
        [review] = s.exec(select(ActionReview)).all()
        ada = s.exec(select(Person).where(Person.name == "DS Ada Testwell")).one()
    assert action is not None and action.status == "in-progress"
    assert (review.note, review.given_by_id, review.meeting_id) == (
        "First session booked for Thursday",
        ada.id,
        meeting_id,
    )


async def test_flags_in_the_queue_and_the_header(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        queue = app.screen.query_one("#case-queue", DataTable)
        column = queue.get_column_index("flags")
        flags = {
            str(queue.get_row_at(i)[2]): str(queue.get_row_at(i)[column])
            for i in range(queue.row_count)
        }
        assert "4×" in flags["Casey Testcase"]  # three earlier referrals and this one
        assert "M<3m" in flags["Jordan Sample"]  # MEDIUM within 3 months
        assert "prev MED " in flags["Jordan Sample"]  # discussed before: grade and date
        assert "RET" in flags["Morgan Placeholder"]  # back after a discharge
        assert "prev HIGH" in flags["Alex Demo"]
        assert flags["Riley Example"].strip() == ""
        await pilot.press("f5", "down", "down")
        await start_child(pilot, "enter")  # Casey
        header = message(app, "#child-header")
        assert "4 referrals to the DRMM" in header
        assert "Discussed before:" in header and "(LOW)" in header


async def test_discharge_needs_its_own_rationale_and_shows_in_history(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)  # Riley
        await pilot.press("f3", "l", "tab", "tab", "tab", "tab")
        await type_text(pilot, "No indicators now and a full support plan")
        await pilot.press("tab", "enter")  # the outcome list, on the proposed one
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # advice → no further action → discharged
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert "rationale for discharging" in message(app, ".dialog-body")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab")  # the discharge rationale
        await type_text(pilot, "Plan led by the school; no role left for MACE")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert "discussion closed" in message(app, "#case-message")
    riley = child_on_queue(demo_store, meeting_id, "Riley Example")
    with demo_store.session() as s:
        [history] = queries.child_history(s, child_id=riley)
        discharged = queries.last_discharge_date(s, child_id=riley, before=date(2026, 12, 1))
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    assert (history.meeting_date, history.outcome) == (DEMO_TODAY, "discharge")
    assert discharged == DEMO_TODAY
    from mace_tui.rules.flags import child_flags

    flags = child_flags(meeting_date=date(2027, 1, 4), drmm_referrals=1, discharged_on=discharged)
    assert [f.text for f in flags] == ["Returning after discharge from MACE on 23 Nov 2026"]
    [section] = [c for c in log.children if c.child.name == "Riley Example"]
    assert section.outcome == "discharge"
    assert section.override_reason == "Plan led by the school; no role left for MACE"


async def test_escape_asks_before_throwing_a_typed_update_note_away(
    demo_store: Store, settings
) -> None:
    """The same confirm as the action editor's: Escape never loses a typed note at once."""
    meeting_under_way(demo_store, stage="carry-over", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CarryOverScreen")
        await pilot.press("d")
        await wait_for_screen(pilot, "ActionReviewModal")
        await pilot.press("escape")  # nothing typed: it just closes
        await wait_for_screen(pilot, "CarryOverScreen")
        await pilot.press("d")
        await wait_for_screen(pilot, "ActionReviewModal")
        await type_text(pilot, "Officer on leave")
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("n")  # keep editing: the note is still there
        await wait_for_screen(pilot, "ActionReviewModal")
        assert app.screen.query_one("#review-note").value == "Officer on leave"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, "CarryOverScreen")

"""An action on a person of concern names a disruption tactic (R22): picked from the profile's
list, or "other" in words; stored on the action and shown in the action log and its CSV."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select
from textual.widgets import Checkbox, Input, Select

from mace_tui.factory import make_app
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.csv_out import render_csv
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from store.db import Store
from store.models import Action, Meeting
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


async def fill_action(pilot, text: str) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("n")
    await wait_for_screen(pilot, "ActionEditor")
    await type_text(pilot, text)
    await pilot.press("tab")
    await type_text(pilot, "Pat Sampleby")
    await pilot.press("tab", "tab")
    await type_text(pilot, "+7d")
    await pilot.press("tab", "space")  # agreed
    await settle(pilot)


async def pick_tactic(pilot, steps: int) -> None:
    """Tab to the tactic list, open it and move ``steps`` down the options."""
    await pilot.press("tab")  # the allocate box is not asked for a person
    assert isinstance(pilot.app.focused, Select)
    await pilot.press("enter")
    await settle(pilot)
    for _ in range(steps):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


async def test_an_action_on_a_person_names_a_tactic(demo_store: Store, settings) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = first_on_queue(demo_store, meeting_id, "person")
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        # The grade is of the risk this person poses, not of a child's.
        await pilot.press("f3")
        await settle(pilot)
        definition = app.screen.query_one("#grade-definition")
        assert "risk posed by this person" in str(definition.render())
        await pilot.press("h")
        await settle(pilot)
        assert "HIGH — risk posed by this person" in str(definition.render())

        await fill_action(pilot, "Serve a warning notice on the man seen with the children")
        editor = app.screen
        assert not editor.query_one("#action-allocated", Checkbox).display
        # No tactic yet: the save is refused, and says what is missing.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ActionEditor"
        assert "Tactic: pick" in str(editor.query_one("#action-problems").render())
        await pick_tactic(pilot, 1)
        assert editor.query_one("#action-tactic", Select).value == "Child abduction warning notice"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "CaseScreen")

        # "other" asks for the tactic in words.
        await fill_action(pilot, "Ask the venue's owner to bar him from the arcade")
        await pick_tactic(pilot, 13)  # the last: other
        other = app.screen.query_one("#action-tactic-other", Input)
        assert other.display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Tactic: say" in str(app.screen.query_one("#action-problems").render())
        await pilot.press("tab")
        await type_text(pilot, "Letter to the venue owner")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "CaseScreen")

    with demo_store.session() as s:
        saved = s.exec(
            select(Action).where(Action.item_id == item_id).order_by(col(Action.id))
        ).all()
        assert [a.tactic for a in saved] == [
            "Child abduction warning notice",
            "other: Letter to the venue owner",
        ]
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = "finished"
        s.commit()
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    text = blocks_to_markdown(document(log))
    assert "(tactic: Child abduction warning notice)" in text
    assert "(tactic: Other: Letter to the venue owner)" in text
    csv_text = render_csv(log)
    assert ",Child abduction warning notice" in csv_text
    assert "Other: Letter to the venue owner" in csv_text


async def test_an_action_on_a_child_asks_no_tactic(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await fill_action(pilot, "Visit the child at home with the social worker")
        assert not app.screen.query("#action-tactic")
        assert app.screen.query_one("#action-allocated", Checkbox).display

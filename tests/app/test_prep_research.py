"""Research on a queued child (R23) in the preparation screen, keyboard only, on the demo store."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from mace_tui.screens.modals import ConfirmModal
from mace_tui.screens.prep import PrepScreen
from mace_tui.screens.research import ResearchScreen
from mace_tui.screens.research_form import AgencyPickScreen, ResearchFormScreen
from store.models import Research, ResearchRequest
from tests.app.test_prep import SIZE, db, prep_app, settle, type_text


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_record_research_see_who_sent_nothing_and_delete(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("s")  # research on the first child
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ResearchScreen)
        assert "No agency has been asked" in text_of(app, "#research-asked")

        # Record that two agencies were asked.
        for _ in range(2):
            await pilot.press("k")
            await settle(app, pilot)
            assert isinstance(app.screen, AgencyPickScreen)
            await pilot.press("enter")  # the first agency not yet asked
            await settle(app, pilot)
        asked = text_of(app, "#research-asked")
        assert "Asked for research" in asked
        missing = text_of(app, "#research-missing")
        assert missing.startswith("Nothing received yet from: ")
        first_missing = missing.removeprefix("Nothing received yet from: ").split(", ")[0]

        # Add research from the first agency in the list; a bad date is refused first.
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ResearchFormScreen)
        await pilot.press("enter")  # agency: the first one, moves on to "From"
        await type_text(pilot, "Nurse Fennel Fauxley")
        form.query_one("#research-received", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        errors = text_of(app, "#form-errors")
        assert "Received: is not a day in the calendar" in errors
        assert "Research text: is empty" in errors
        form.query_one("#research-received", Input).value = "19/11/2026"
        form.query_one("#research-text").focus()
        await type_text(pilot, "Missed two clinic visits.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ResearchScreen)
        table = app.screen.query_one("#research-table", DataTable)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1:4] == ["Nurse Fennel Fauxley", "fact", "19/11/2026"]
        # The agency that sent it drops off the "nothing received" line if it was asked.
        missing_after = text_of(app, "#research-missing")
        if row[0] == first_missing:
            assert first_missing not in missing_after

        await pilot.press("x")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)
        assert "Nothing recorded yet" in str(table.get_row_at(0)[0])
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
    with db(settings) as s:
        assert s.exec(select(Research)).all() == []
        assert len(s.exec(select(ResearchRequest)).all()) == 2

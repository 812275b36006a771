"""The FORM agenda from data on the preparation screen (R19): keep, drop, add, queue; missing episodes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from rich.text import Text
from sqlmodel import col, select
from textual.widgets import DataTable, Input, OptionList

from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.screens.modals import ChoiceModal, ReasonModal
from mace_tui.screens.prep import PrepScreen
from mace_tui.screens.prep_add import ChildSearchScreen
from mace_tui.screens.prep_missing import MissingFormScreen, MissingScreen
from mace_tui.screens.prep_proposal import ProposalScreen
from store.db import Store
from store.models import AgendaItem, MissingEpisode
from tests.app.test_prep import db, settle, type_text
from tests.form_data import build_form_history

FORM_DAY = date(2026, 12, 9)
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
SIZE = (80, 24)


def row_of(screen: ProposalScreen, name: str) -> int:
    return next(
        n for n, (_, i) in enumerate(screen.rows) if i is not None and screen.lines[i].name == name
    )


def heading_of(screen: ProposalScreen, section: str) -> int:
    return next(n for n, (key, i) in enumerate(screen.rows) if key == section and i is None)


async def test_accept_drop_and_add_then_the_queue_follows_the_sections(
    settings: Settings, store: Store
) -> None:
    with store.session() as session:
        history = build_form_history(session, form_day=FORM_DAY)
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        assert [(line.section, line.name) for line in proposal.lines] == list(history.expected)
        info = str(proposal.query_one("#proposal-info").render())
        assert "1 open action from earlier FORM meetings" in info
        table = proposal.query_one("#proposal-table", DataTable)
        # Drop Gale (medium oversight), with the keyboard.
        table.move_cursor(row=row_of(proposal, "Gale Sampleford"))
        await pilot.press("space")
        assert [line.kept for line in proposal.lines if line.name == "Gale Sampleford"] == [False]
        # Add Indy under MPRU considerations: search, choose, say why.
        table.move_cursor(row=heading_of(proposal, "mpru"))
        await pilot.press("a")
        assert isinstance(app.screen, ChildSearchScreen)
        await type_text(pilot, "Indy")
        await pilot.pause(0.4)
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "Return home interviews")
        await pilot.press("enter")
        assert app.screen is proposal
        added = [line for line in proposal.lines if line.added]
        assert [(a.section, a.name, a.why) for a in added] == [
            ("mpru", "Indy Testbrook", "Return home interviews")
        ]
        # Harper's missing episodes: an impossible date is refused naming the field.
        table.move_cursor(row=row_of(proposal, "Harper Mockley"))
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, MissingScreen)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, MissingFormScreen)
        await type_text(pilot, "09/12/2026")
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "Date started: is in the future" in str(form.query_one("#form-errors").render())
        form.query_one("#missing-started_on", Input).value = "06/12/2026"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MissingScreen)
        assert app.screen.query_one("#missing-table", DataTable).row_count == 2
        # Still missing (no end date): e records the day the child came back.
        await pilot.press("e")
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "07/12/2026")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MissingScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is proposal
        # Put the kept entries on the queue.
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        # Opened again, the proposal still shows Gale dropped (not ticked to be queued again).
        await pilot.press("p")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, ProposalScreen)
        gale = [(ln.kept, ln.on_queue) for ln in again.lines if ln.name == "Gale Sampleford"]
        assert gale == [(False, False)]
        await pilot.press("escape")
        await settle(app, pilot)
    with db(settings) as s:
        items = s.exec(
            select(AgendaItem)
            .where(AgendaItem.profile == "llr-form", AgendaItem.meeting_date == FORM_DAY)
            .order_by(col(AgendaItem.position))
        ).all()
        assert [(i.child_id, i.concern_person_id) for i in items] == [
            (history.high, None),
            (None, history.person),
            (history.long_high, None),
            (history.missing, None),
            (history.low, None),
        ]
        assert items[-1].reason == "MPRU considerations: Return home interviews"
        episodes = s.exec(
            select(MissingEpisode).where(MissingEpisode.child_id == history.missing)
        ).all()
        assert max((e.started_on, e.ended_on) for e in episodes) == (
            date(2026, 12, 6),
            date(2026, 12, 7),
        )


async def test_a_person_of_concern_is_added_to_a_section(settings: Settings, store: Store) -> None:
    with store.session() as session:
        build_form_history(session, form_day=FORM_DAY)
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        table = proposal.query_one("#proposal-table", DataTable)
        table.move_cursor(row=heading_of(proposal, "aob"))
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceModal)
        await type_text(pilot, "Morgan")
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "Seen at the new arcade")
        await pilot.press("enter")
        assert app.screen is proposal
        # Moved from the high-risk persons to any other business, where it was added.
        assert [(line.section, line.why) for line in proposal.lines if line.kind == "person"] == [
            ("aob", "Seen at the new arcade")
        ]


async def test_the_child_search_tells_kept_in_the_proposal_from_on_the_queue(
    settings: Settings, store: Store
) -> None:
    """A child kept in the proposal is not "already on the queue": it can be moved to a section."""
    with store.session() as session:
        history = build_form_history(session, form_day=FORM_DAY)
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        proposal.query_one("#proposal-table", DataTable).move_cursor(
            row=heading_of(proposal, "mpru")
        )
        await pilot.press("a")
        search = app.screen
        assert isinstance(search, ChildSearchScreen)
        assert "MPRU considerations" in str(search.query_one(".dialog-title").render())
        await type_text(pilot, "Harper")
        await pilot.pause(0.4)
        await settle(app, pilot)
        results = search.query_one("#child-results", OptionList)
        harper = results.get_option(str(history.missing))
        assert not harper.disabled
        assert "already on the queue" not in str(harper.prompt)
        assert "in the proposal under Missing" in str(harper.prompt)
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ReasonModal)
        await type_text(pilot, "Return home interview")
        await pilot.press("enter")
        assert app.screen is proposal
        assert [
            (line.section, line.why) for line in proposal.lines if line.name == "Harper Mockley"
        ] == [("mpru", "Return home interview")]


async def test_an_empty_section_says_so_in_words_that_fit_their_column(
    settings: Settings, store: Store
) -> None:
    """From an empty store every section is empty; its hint is read whole, not cut at 80×24."""
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        table = proposal.query_one("#proposal-table", DataTable)
        widths = [column.width for column in table.columns.values()]
        hints = [
            [Text.from_markup(str(cell)) for cell in table.get_row_at(n)]
            for n, (_, index) in enumerate(proposal.rows)
            if index is None and n - 1 >= 0 and proposal.rows[n - 1][1] is None
            and proposal.rows[n - 1][0] == proposal.rows[n][0]
        ]  # fmt: skip
        assert len(hints) == 7  # one under each section's heading
        for cells in hints:
            assert all(cell.cell_len <= width for cell, width in zip(cells, widths, strict=True))
        texts = [" ".join(cell.plain for cell in cells).split() for cells in hints]
        assert texts[0] == ["none", "from", "the", "data", "a", "to", "add"]
        assert texts[1] == ["none", "from", "the", "data", "o", "to", "add"]  # persons: o
        assert texts[-1] == ["a", "to", "add"]


async def test_a_child_is_not_added_to_the_persons_section_nor_a_person_to_the_childrens(
    settings: Settings, store: Store
) -> None:
    with store.session() as session:
        build_form_history(session, form_day=FORM_DAY)
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        table = proposal.query_one("#proposal-table", DataTable)
        table.move_cursor(row=heading_of(proposal, "high-persons"))
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, ProposalScreen)
        assert any("press o" in str(n.message) for n in app._notifications)
        table.move_cursor(row=heading_of(proposal, "high-children"))
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ProposalScreen)
        assert any("press a" in str(n.message) for n in app._notifications)

"""The chair sees the research sent before the meeting in the child's pane, by agency (R23)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select
from textual.widgets import Static

from mace_tui.factory import make_app
from mace_tui.prep.research import SubjectResearch, add_contribution, ask_agency
from mace_tui.widgets.pane_tabs import PaneTabs
from mace_tui.widgets.research_pane import research_markup
from store import queries
from store.db import Store
from store.models import Agency
from store.research import NewResearch
from tests.app.chair_helpers import TestClock, meeting_under_way, start_child, wait_for_screen

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def test_nothing_recorded_says_so() -> None:
    text = research_markup(SubjectResearch(item_id=1, by_agency=(), missing=("Testshire Police",)))
    assert "No research was recorded" in text
    assert "Asked, sent nothing:[/] Testshire Police" in text


async def test_the_childs_research_is_shown_by_agency(demo_store: Store, settings) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as session:
        first = queries.meeting_queue(session, meeting_id=meeting_id)[0]
        agencies = session.exec(select(Agency).order_by(Agency.name)).all()
        sender, silent = agencies[0], agencies[1]
        assert sender.id is not None and silent.id is not None
    with demo_store.session() as session:
        # Asking is open while the meeting is under way too (late research still counts).
        for agency in (sender, silent):
            assert agency.id is not None
            ask_agency(session, meeting_id=meeting_id, agency_id=agency.id, at=START)
        add_contribution(
            session,
            NewResearch(
                item_id=first.item_id,
                agency_id=sender.id,
                contributor="Pat Placeholder",
                kind="opinion",
                text="The family moved twice this year.",
                received=date(2026, 11, 20),
            ),
            at=START,
        )
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f11")
        await wait_for_screen(pilot, "CaseScreen")
        assert app.screen.query_one("#case-tabs", PaneTabs).active == "research"
        shown = str(app.screen.query_one("#research-body", Static).render())
        assert sender.name in shown
        assert "Opinion · Pat Placeholder · received 20/11/2026" in shown
        assert "The family moved twice this year." in shown
        assert f"Asked, sent nothing: {silent.name}" in shown


async def test_ctrl_f_cites_research_in_the_note_and_it_is_saved(
    demo_store: Store, settings
) -> None:
    """While typing a note, ctrl+f picks one of the child's research contributions (R23)."""
    from sqlmodel import col

    from mace_tui.screens.cite_research import CiteResearchScreen
    from store.models import ThriveNote
    from tests.app.chair_helpers import settle
    from tests.app.test_prep import type_text

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as session:
        first = queries.meeting_queue(session, meeting_id=meeting_id)[0]
        sender = session.exec(select(Agency).order_by(Agency.name)).first()
        assert sender is not None and sender.id is not None
        research_id = add_contribution(
            session,
            NewResearch(
                item_id=first.item_id, agency_id=sender.id, contributor="Pat Placeholder",
                kind="fact", text="Not in school on three Fridays.", received=date(2026, 11, 20),
            ),
            at=START,
        )  # fmt: skip
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("ctrl+f")  # not typing a note: told what to do
        await settle(pilot)
        assert not isinstance(app.screen, CiteResearchScreen)
        await pilot.press("enter")  # a note in Threat
        await settle(pilot)
        await type_text(pilot, "Seen near the station;")
        await pilot.press("ctrl+f")
        await wait_for_screen(pilot, "CiteResearchScreen")
        await pilot.press("enter")  # the only contribution, "confirms"
        await wait_for_screen(pilot, "CaseScreen")
        editor = app.screen.query_one("#note-editor")
        expected = (
            f"Seen near the station; confirms research from {sender.name}, "
            f"received 20/11/2026 [research {research_id}]"
        )
        assert editor.text == expected  # type: ignore[attr-defined]
        assert app.focused is editor
        assert "confirms research from" in str(app.screen.query_one("#notes-text", Static).render())
        await pilot.pause(0.7)  # the note saves itself shortly after typing stops
        await pilot.press("escape")
        await settle(pilot)
    with demo_store.session() as session:
        texts = session.exec(
            select(ThriveNote.text)
            .where(ThriveNote.item_id == first.item_id)
            .order_by(col(ThriveNote.id))
        ).all()
    assert expected in texts


async def test_f7_lists_the_childs_open_npa_referral(demo_store: Store, settings) -> None:
    """The chair's F7 Earlier shows the child's referral to the NPA still open (R7)."""
    from mace_tui.prep.npa import list_referrals
    from store.models import AgendaItem
    from tests.app.chair_helpers import settle

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as session:
        referred = next(
            r
            for r in list_referrals(session, today=START.date())
            if r.is_open and r.meeting_date == date(2026, 11, 19)
        )
        first = queries.meeting_queue(session, meeting_id=meeting_id)[0]
        item = session.get(AgendaItem, first.item_id)
        assert item is not None
        item.child_id = referred.child_id  # the referred child comes up first
        session.commit()
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen.query_one("#case-tabs", PaneTabs).active == "earlier"
        shown = app.screen.query_one("#carried-referrals", Static)
        assert shown.display
        text = str(shown.render())
        assert "Open NPA referral from the 19 Nov 2026 meeting" in text
        assert "to send" in text

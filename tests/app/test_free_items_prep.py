"""Free agenda items while preparing a FORM (R19): MPRU considerations and any other business.

Added from the queue (t) and from the proposal's MPRU and AOB sections (t), retitled (e),
removed (x); they sit last, MPRU before AOB, and show with their title and section.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from click.testing import CliRunner
from sqlmodel import col, select
from textual.widgets import DataTable, Input, Static

from mace_tui.cli import main
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.screens.free_item import FreeItemModal
from mace_tui.screens.prep import PrepScreen
from mace_tui.screens.prep_proposal import ProposalScreen
from store.db import Store
from store.models import AgendaItem
from tests.app.test_prep import settle, type_text
from tests.form_data import build_form_history

FORM_DAY = date(2026, 12, 9)
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
SIZE = (80, 24)


def queue_rows(store: Store) -> list[tuple[str, str, str, str]]:
    with store.session() as s:
        items = s.exec(
            select(AgendaItem)
            .where(AgendaItem.status != "removed")
            .order_by(col(AgendaItem.position))
        ).all()
        return [(i.subject_kind, i.free_section, i.title, i.status) for i in items]


async def test_a_free_item_is_added_retitled_and_removed_from_the_queue(
    settings: Settings, store: Store
) -> None:
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, FreeItemModal)
        # An empty title is refused with a message naming the field.
        await pilot.press("enter")
        error = str(app.screen.query_one("#free-error", Static).render())
        assert error.startswith("Title: a free item needs a title")
        await type_text(pilot, "Half-term patrols in Testshire")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        # The second one under MPRU: tab to the sections, the first is MPRU.
        await pilot.press("t")
        await settle(app, pilot)
        await type_text(pilot, "MPRU referral pathway")
        await pilot.press("tab", "space")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert queue_rows(store) == [
            ("free", "mpru", "MPRU referral pathway", "waiting"),
            ("free", "aob", "Half-term patrols in Testshire", "waiting"),
        ]
        queue = app.screen.query_one("#prep-queue", DataTable)
        names = [str(queue.get_row_at(n)[2]) for n in range(queue.row_count)]
        assert names == [
            "MPRU referral pathway (MPRU)",
            "Half-term patrols in Testshire (AOB)",
        ]
        info = str(app.screen.query_one("#prep-info", Static).render())
        assert "0 children + 2 other items" in info
        # Retitle the second (e), then remove the first (x, y).
        queue.move_cursor(row=1)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, FreeItemModal)
        title = app.screen.query_one("#free-title", Input)
        assert title.value == "Half-term patrols in Testshire"
        title.value = ""
        await type_text(pilot, "School holiday patrols")
        await pilot.press("enter")
        await settle(app, pilot)
        queue.move_cursor(row=0)
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert queue_rows(store) == [("free", "aob", "School holiday patrols", "waiting")]


async def test_the_proposal_takes_free_items_under_mpru_and_aob_and_queues_them_last(
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
        for section, title in (("aob", "Half-term patrols"), ("mpru", "MPRU referral pathway")):
            row = next(n for n, (key, i) in enumerate(proposal.rows) if key == section)
            table.move_cursor(row=row)
            await pilot.press("t")
            await settle(app, pilot)
            assert isinstance(app.screen, FreeItemModal)
            await type_text(pilot, title)
            await pilot.press("enter")
            await settle(app, pilot)
        # The same title again (any case): refused at once, nothing added, still here.
        await pilot.press("t")
        await settle(app, pilot)
        await type_text(pilot, "HALF-TERM patrols")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ProposalScreen)
        assert [line.name for line in proposal.lines if line.kind == "free"] == [
            "Half-term patrols",
            "MPRU referral pathway",
        ]
        # The sections keep the seed's order: MPRU, then AOB, last.
        sections = [key for key, _ in proposal.rows]
        assert sections[-4:] == ["mpru", "mpru", "aob", "aob"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
    rows = queue_rows(store)
    assert rows[-2:] == [
        ("free", "mpru", "MPRU referral pathway", "waiting"),
        ("free", "aob", "Half-term patrols", "waiting"),
    ]
    assert all(kind != "free" for kind, *_ in rows[:-2])
    # prep --propose lists them under their sections, on the queue.
    result = CliRunner().invoke(
        main,
        [
            "prep", "--propose", "--profile", "llr-form", "--date", FORM_DAY.isoformat(),
            "--data-dir", str(settings.data_dir), "--config-dir", str(settings.config_dir),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    tail = result.output[result.output.index("MPRU considerations") :]
    assert tail.splitlines()[:4] == [
        "MPRU considerations",
        "  MPRU referral pathway (other item) [on the queue]",
        "",
        "Any other business",
    ]
    assert "  Half-term patrols (other item) [on the queue]" in tail


def buttons_on_screen(app) -> list[str]:
    """The dialog's buttons a user can see whole on the screen, by label."""
    from textual.widgets import Button

    width, height = app.size
    seen = []
    for button in app.screen.query(Button):
        region = button.region
        if not region.area or region.right > width or region.bottom > height:
            continue
        found, _ = app.screen.get_widget_at(*region.center)
        if found is button or button in found.ancestors:
            seen.append(str(button.label))
    return seen


async def test_the_other_item_dialog_shows_its_buttons_at_80x24(
    settings: Settings, store: Store
) -> None:
    """At 80×24 the dialog's Save and Cancel are on screen, also with a refusal shown under
    the title, from the queue and from the FORM proposal."""
    with store.session() as session:
        build_form_history(session, form_day=FORM_DAY)
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(MONDAY), mode="prep", meeting_date=FORM_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, FreeItemModal)
        assert buttons_on_screen(app) == ["Save", "Cancel"]
        await pilot.press("enter")  # no title: refused, the line says why
        await settle(app, pilot)
        assert str(app.screen.query_one("#free-error", Static).render()).startswith("Title:")
        assert buttons_on_screen(app) == ["Save", "Cancel"]
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen)
        row = next(n for n, (key, _i) in enumerate(proposal.rows) if key == "aob")
        proposal.query_one("#proposal-table", DataTable).move_cursor(row=row)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, FreeItemModal)
        await type_text(pilot, "x" * 260)  # too long: refused, naming the field
        await pilot.press("enter")
        await settle(app, pilot)
        assert str(app.screen.query_one("#free-error", Static).render()).startswith("Title")
        assert buttons_on_screen(app) == ["Save", "Cancel"]

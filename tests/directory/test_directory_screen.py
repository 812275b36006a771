"""The hub admin's directory screen, driven by the keyboard through Pilot on a real SQLite store."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select
from textual.widgets import DataTable

from mace_tui.factory import make_app
from mace_tui.screens.directory import DirectoryScreen
from store.db import Store
from store.models import Agency, NamedDeputy, Person
from tests.app.chair_helpers import message, settle, type_text, wait_for_screen


def table_names(app) -> list[str]:
    table = app.screen.query_one("#dir-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def until(pilot, condition: Callable[[], bool]) -> None:
    """Settle until ``condition`` holds (the deadline of wait_for_screen). After a save, the
    directory is read again once the write is done, a moment after the form has closed."""
    for _ in range(50):
        if condition():
            return
        await settle(pilot)
    assert condition()


async def open_directory(settings):
    app = make_app(settings, mode="directory")
    return app


async def add_agency(pilot, name: str, short: str, sector_keys: list[str], contact: str) -> None:
    await pilot.press("a")
    await wait_for_screen(pilot, "AgencyForm")
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, short)
    await pilot.press("tab", "enter", *sector_keys, "enter", "tab")
    await type_text(pilot, contact)
    await pilot.press("ctrl+s")
    await wait_for_screen(pilot, "DirectoryScreen")
    await settle(pilot)


async def test_add_edit_deactivate_deputy_and_search(settings, store: Store) -> None:
    app = make_app(settings, mode="directory")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "DirectoryScreen")
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        for _ in range(50):  # the same deadline as wait_for_screen
            if screen.view is not None:
                break
            await settle(pilot)
        assert screen.view is not None, "the directory never read its agencies"
        # An agency: police is the first sector in the list.
        await add_agency(pilot, "Testshire Police", "TP", ["down"], "MACE desk 01632 960100")
        await until(pilot, lambda: table_names(app) == ["Testshire Police"])
        assert "Police" in message(app, "#dir-gaps")  # health and children's services still lack
        # Two people in it.
        await pilot.press("2")
        for name in ("Dana Fictorova", "Owen Placeholder"):
            await pilot.press("a")
            await wait_for_screen(pilot, "PersonForm")
            await type_text(pilot, name)
            await pilot.press("tab", "enter", "down", "enter")  # the only agency
            await pilot.press("ctrl+s")
            await wait_for_screen(pilot, "DirectoryScreen")
            await settle(pilot)
        await until(pilot, lambda: table_names(app) == ["Dana Fictorova", "Owen Placeholder"])
        # Edit: Dana becomes the chair.
        await pilot.press("up", "e")
        await wait_for_screen(pilot, "PersonForm")
        await pilot.press("tab", "tab", "enter", "down", "enter", "ctrl+s")
        await wait_for_screen(pilot, "DirectoryScreen")
        await settle(pilot)
        # Owen is Dana's named deputy.
        await pilot.press("up", "d")
        await wait_for_screen(pilot, "PickPerson")
        await type_text(pilot, "owen")
        await pilot.press("enter")
        await wait_for_screen(pilot, "DirectoryScreen")
        await settle(pilot)
        await until(pilot, lambda: "deputies: Owen Placeholder" in message(app, "#dir-detail"))
        # Owen leaves: made inactive, never deleted.
        await pilot.press("down", "x")
        await settle(pilot)
        await until(pilot, lambda: "Owen Placeholder (inactive)" in table_names(app))
        # Search as you type.
        await pilot.press("slash")
        await type_text(pilot, "dana")
        await settle(pilot)
        assert table_names(app) == ["Dana Fictorova"]
        await pilot.press("escape")
        await pilot.press("1")
        await type_text(pilot, "")
    with store.session() as session:
        people = {p.name: p for p in session.exec(select(Person)).all()}
        assert people["Dana Fictorova"].role == "chair"
        assert people["Owen Placeholder"].active is False
        link = session.exec(select(NamedDeputy)).one()
        assert (link.member_id, link.deputy_id) == (
            people["Dana Fictorova"].id,
            people["Owen Placeholder"].id,
        )
        agency = session.exec(select(Agency)).one()
        assert (agency.short_name, agency.sector, agency.contact) == (
            "TP",
            "police",
            "MACE desk 01632 960100",
        )

"""Persons and locations of concern on the preparation screen (R22), keyboard first, real store."""

from __future__ import annotations

from sqlmodel import col, select
from textual.widgets import DataTable, Input, RadioSet

from mace_tui.screens.prep import PrepScreen
from mace_tui.screens.prep_concern import ConcernFormScreen, LinkScreen
from mace_tui.screens.prep_files import ImportScreen
from mace_tui.widgets import CaseQueue
from store.agenda import concern
from store.models import AgendaItem, ConcernLocation, ConcernPerson
from tests.app.test_prep import db, prep_app, settle, type_text
from tests.conftest import DEMO_TODAY

SIZE = (80, 24)


def subjects(settings) -> list[tuple[str, str]]:
    """The persons and locations on the queue being prepared (the demo's history has its own,
    at meetings before today)."""
    with db(settings) as s:
        query = select(AgendaItem).where(
            AgendaItem.subject_kind != "child", AgendaItem.meeting_date >= DEMO_TODAY
        )
        items = s.exec(query.order_by(col(AgendaItem.position))).all()
        found = []
        for item in items:
            row = s.get(ConcernPerson if item.subject_kind == "person" else ConcernLocation,
                        item.concern_person_id or item.concern_location_id)  # fmt: skip
            found.append((item.subject_kind, row.name))  # type: ignore[union-attr]
        return found


async def test_a_person_and_a_location_are_added_by_hand_and_linked_with_a_child(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        queue = app.screen.query_one(CaseQueue)
        before = queue.row_count
        await pilot.press("o")
        form = app.screen
        assert isinstance(form, ConcernFormScreen)
        await pilot.press("ctrl+s")  # nothing typed: told what to fix, not closed
        assert app.screen is form
        assert "name: is empty" in str(form.query_one("#form-errors").render())
        await pilot.press("tab")  # person is chosen already; to the name
        await type_text(pilot, "Dale Testperson")
        await pilot.press("tab")
        await type_text(pilot, "Big D")
        form.query_one("#concern-reason", Input).focus()
        await type_text(pilot, "Named by two children")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        assert queue.row_count == before + 1
        # A location: the kind switches the fields shown.
        await pilot.press("o")
        place_form = app.screen
        assert isinstance(place_form, ConcernFormScreen)
        await pilot.press("down", "enter")  # location of concern
        assert place_form.kind == "location"
        assert not place_form.query_one("#person-aliases").display
        await pilot.press("tab", "enter")  # the first kind of place: premises
        assert place_form.query_one("#location-kind", RadioSet).pressed_button is not None
        await pilot.press("tab")
        await type_text(pilot, "The Sample Street Arcade")
        place_form.query_one("#concern-reason", Input).focus()
        await type_text(pilot, "Gatherings late at night")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert subjects(settings) == [
            ("person", "Dale Testperson"),
            ("location", "The Sample Street Arcade"),
        ]
        # Link Dale (the row before last) with the first child on the queue.
        queue.move_cursor(row=queue.row_count - 2)
        await pilot.press("k")
        link = app.screen
        assert isinstance(link, LinkScreen)
        assert all("concern" not in label for _, label in link.choices)  # children only
        await type_text(pilot, "1 recruited by")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        with db(settings) as s:
            person = s.exec(
                select(ConcernPerson).where(ConcernPerson.name == "Dale Testperson")
            ).one()
            links = concern.links(s, person_ids=[person.id])  # type: ignore[list-item]
        assert [k.relation for k in links] == ["recruited by"]


async def test_importing_persons_and_places_is_all_or_nothing(settings, tmp_path) -> None:
    bad = tmp_path / "concerns.csv"
    bad.write_text(
        "kind,name,location_kind,reason\n"
        "person,Dale Testperson,,Named by children\n"
        "location,The Sample Yard,castle,Gatherings\n"
    )
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("I")
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one("#import-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(app, pilot)
        problems = dialog.query_one("#import-problems", DataTable)
        assert [str(problems.get_row_at(0)[i]) for i in (0, 1)] == ["3", "location_kind"]
        assert dialog.query_one("#import-all").disabled
        assert not dialog.query_one("#import-valid").display  # no "valid rows only" here
        bad.write_text(bad.read_text().replace("castle", "street or area"))
        dialog.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not dialog.query_one("#import-all").disabled
        await pilot.press("enter")  # the focused "Import all" button
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        assert subjects(settings) == [
            ("person", "Dale Testperson"),
            ("location", "The Sample Yard"),
        ]

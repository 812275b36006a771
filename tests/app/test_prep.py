"""The preparation screen on a real store, driven by Pilot with the keyboard."""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlmodel import Session, select
from textual.widgets import Button, DataTable, Input, OptionList, Static
from textual.worker import WorkerFailed

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.screens.modals import ConfirmModal
from mace_tui.screens.prep import PrepScreen
from mace_tui.screens.prep_add import ChildSearchScreen, ItemFormScreen, NewChildScreen
from mace_tui.screens.prep_files import ExportScreen, ImportScreen
from mace_tui.screens.prep_people import PersonPickerScreen
from mace_tui.widgets import CaseQueue
from mace_tui.widgets.tab_strip import TabStrip
from store.db import Store
from store.models import AgendaItem, Attendance, Child, Conflict, Meeting, Person
from tests.conftest import DEMO_TODAY

# The demo's DRMM is on Monday 23 November; its list is due Friday 20 November at 16:00.
FRIDAY_2PM = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
FRIDAY_5PM = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
SIZE = (100, 30)


def prep_app(settings: Settings, *, now: datetime = FRIDAY_2PM, demo: bool = True) -> MaceApp:
    return make_app(
        settings,
        clock=fixed_clock(now),
        demo_today=DEMO_TODAY if demo else None,
        mode="prep",
    )


async def settle(app: MaceApp, pilot) -> None:
    """Let the workers finish (failed ones included) and the screen catch up."""
    import asyncio

    for _ in range(3):
        # Edits go through the app's one write queue, not Textual workers.
        await asyncio.to_thread(app.writes.drain, 30.0)
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


@contextlib.contextmanager
def db(settings: Settings) -> Iterator[Session]:
    store = Store.open(settings.db_url)
    with store.session() as session:
        yield session


def queue_in_db(settings: Settings, day: date = DEMO_TODAY) -> list[tuple[str, int, str, bool]]:
    """(name, position, status, late) of every item of the day's DRMM, removed ones included."""
    with db(settings) as s:
        meeting = s.exec(
            select(Meeting).where(Meeting.date == day, Meeting.profile == "llr-drmm")
        ).one()
        rows = s.exec(
            select(Child.name, AgendaItem.position, AgendaItem.status, AgendaItem.late_change)
            .join(Child, Child.id == AgendaItem.child_id)  # type: ignore[arg-type]
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.status == "removed", AgendaItem.position)  # type: ignore[arg-type]
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def visible(settings: Settings) -> list[str]:
    return [name for name, _pos, status, _late in queue_in_db(settings) if status != "removed"]


def info(app: MaceApp) -> str:
    return str(app.screen.query_one("#prep-info", Static).render())


def history(app: MaceApp) -> str:
    return str(app.screen.query_one("#prep-history", Static).render())


def add_child_to_store(settings: Settings, name: str, born: date, police_ref: str = "") -> None:
    with db(settings) as s:
        s.add(Child(ref=f"C-T{born:%y%m%d}", name=name, date_of_birth=born, police_ref=police_ref))
        s.commit()


async def fill_item_form(pilot, *, source: int, tick_first: bool, reason: str) -> None:
    """Choose the ``source``-th referral source, tick CSE, type a reason and save: keyboard only."""
    await pilot.press(*(["down"] * source), "space")
    await pilot.press("tab")
    if tick_first:
        await pilot.press("space")
    await pilot.press("tab", "tab", "tab", "tab", "tab")
    await type_text(pilot, reason)
    await pilot.press("ctrl+s")


async def test_opens_the_next_meeting_with_history_at_a_glance(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        text = info(app)
        assert "DRMM Monday 23 November 2026, 09:00 (60 min)" in text
        assert "list due Fri 20 Nov 16:00 (in 2 h 00 min)" in text
        assert "10 children · 0 late changes · 7 invited" in text
        assert app.screen.query_one(CaseQueue).row_count == 10
        assert "Not discussed before." in history(app)
        await pilot.press("down")  # Jordan: MEDIUM two months ago, an open action
        await pilot.pause()
        assert "within 3 months: MEDIUM now means no new NPA referral" in history(app)
        assert "1 open action" in history(app)
        await pilot.press("down")  # Casey: three earlier referrals
        await pilot.pause()
        assert "DRMM referrals: 4 (this one included) ⚑ 3 or more" in history(app)
        assert "LOW" in history(app)
        await pilot.press("down")  # Morgan: discharged, now back
        await pilot.pause()
        assert "returning after discharge on" in history(app)
        await pilot.press("down", "down", "down", "down", "down", "down")  # Avery
        await pilot.pause()
        assert "Known conflicts: Hal Pretendy" in history(app)


async def test_a_missing_meeting_is_created_with_a_clear_empty_state(settings) -> None:
    app = prep_app(settings, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        empty = str(app.screen.query_one("#prep-empty", Static).render())
        assert "No children on this queue yet" in empty and "Press a to add a child" in empty
        assert "t an other item (MPRU, AOB)" in empty
        assert "nobody invited from Police, Health, Children's services" in info(app)
        # Nothing else to focus: the tabs have it, and → moves to the second one, as
        # Textual's tabbed view did.
        tabs = app.screen.query_one(TabStrip)
        assert app.screen.focused is tabs
        await pilot.press("right")
        await settle(app, pilot)
        assert app.screen.query_one("#panel").display and app.screen.focused is tabs
    with db(settings) as s:
        meeting = s.exec(select(Meeting)).one()
    assert (meeting.profile, meeting.date, meeting.status) == ("llr-drmm", DEMO_TODAY, "planned")


async def test_search_by_name_date_of_birth_or_reference_and_add(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        add_child_to_store(
            settings, "Quinn Searchable", date(2013, 4, 9), police_ref="DP/777123/DEMO"
        )
        await pilot.press("a")
        search = app.screen
        assert isinstance(search, ChildSearchScreen)
        for query in ("quinn sea", "09/04/2013", "777123"):
            field = search.query_one("#child-search", Input)
            field.value = ""
            await type_text(pilot, query)
            await pilot.pause(0.3)
            await settle(app, pilot)
            results = search.query_one("#child-results", OptionList)
            assert "Quinn Searchable" in str(results.get_option_at_index(0).prompt), query
        # Children already on the queue are shown but cannot be chosen twice.
        search.query_one("#child-search", Input).value = ""
        await type_text(pilot, "riley")
        await pilot.pause(0.3)
        await settle(app, pilot)
        first = search.query_one("#child-results", OptionList).get_option_at_index(0)
        assert "already on the queue" in str(first.prompt) and first.disabled

        search.query_one("#child-search", Input).value = ""
        await type_text(pilot, "quinn searchable")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ItemFormScreen)
        await fill_item_form(pilot, source=1, tick_first=True, reason="Seen with adults.")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        assert visible(settings)[-1] == "Quinn Searchable"
        assert "11 children · 0 late changes" in info(app)
        queue = app.screen.query_one(CaseQueue)
        assert queue.cursor_row == 10  # the cursor is on the child just added
    with db(settings) as s:
        item = s.exec(select(AgendaItem).order_by(AgendaItem.id.desc())).first()  # type: ignore[union-attr]
        assert item is not None
        assert (item.referral_source, item.exploitation_types, item.reason, item.late_change) == (
            "intelligence", "cse", "Seen with adults.", False,
        )  # fmt: skip


async def test_search_waits_for_a_pause_in_typing(settings) -> None:
    """Typing fast starts one query, not one per key, and the last text wins."""
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        search = app.screen
        assert isinstance(search, ChildSearchScreen)
        await type_text(pilot, "casey testcase")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert search.searches == 1
        assert "Casey Testcase" in str(
            search.query_one("#child-results", OptionList).get_option_at_index(0).prompt
        )


async def test_new_child_checked_field_by_field(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with db(settings) as s:
            children_before = len(s.exec(select(Child)).all())
        await pilot.press("a")
        await type_text(pilot, "Kit")
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NewChildScreen)
        assert form.query_one("#child-name", Input).value == "Kit"
        form.query_one("#child-name", Input).value = ""
        await type_text(pilot, "31/02/2012")  # the date of birth field has the focus
        await pilot.press("ctrl+s")
        errors = str(form.query_one("#form-errors", Static).render())
        assert "Name: is empty; enter the child's name." in errors
        assert "Date of birth: is not a day in the calendar" in errors
        assert form.query_one("#child-name", Input).has_class("-invalid-field")
        assert app.focused is form.query_one("#child-name", Input)
        await type_text(pilot, "Kit Fabricate")
        form.query_one("#child-date_of_birth", Input).value = "27/06/2013"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ItemFormScreen)
        await pilot.press("ctrl+s")  # nothing chosen or typed yet
        errors = str(app.screen.query_one("#form-errors", Static).render())
        assert "Referral source: is empty" in errors and "Reason: is empty" in errors
        await fill_item_form(
            pilot, source=0, tick_first=False, reason="Screening tool resubmitted."
        )
        await settle(app, pilot)
        assert visible(settings)[-1] == "Kit Fabricate"
    with db(settings) as s:
        kit = s.exec(select(Child).where(Child.name == "Kit Fabricate")).one()
        assert len(s.exec(select(Child)).all()) == children_before + 1
    assert kit.date_of_birth == date(2013, 6, 27)
    assert kit.ref.startswith("C-") and "KIT" not in kit.ref


async def test_reorder_with_keys(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "shift+up")
        await settle(app, pilot)
        assert visible(settings)[:3] == ["Riley Example", "Casey Testcase", "Jordan Sample"]
        queue = app.screen.query_one(CaseQueue)
        assert queue.cursor_row == 1  # the cursor moved with Casey
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert visible(settings)[:2] == ["Casey Testcase", "Riley Example"]
        await pilot.press("shift+up")  # already first: stays
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert visible(settings)[:3] == ["Riley Example", "Jordan Sample", "Casey Testcase"]
        assert [p for _n, p, _s, _l in queue_in_db(settings)] == list(range(1, 11))


async def test_remove_asks_first_and_undo_puts_the_child_back(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "x")
        assert isinstance(app.screen, ConfirmModal) and app.screen.destructive
        await pilot.press("n")
        await settle(app, pilot)
        assert len(visible(settings)) == 10
        await pilot.press("x")
        await pilot.press("y")
        await settle(app, pilot)
        assert "Jordan Sample" not in visible(settings)
        assert app.screen.query_one(CaseQueue).row_count == 9
        assert ("Jordan Sample", 2, "removed", False) in queue_in_db(settings)
        assert "9 children · 0 late changes" in info(app)  # before the deadline: not late
        await pilot.press("u")
        await settle(app, pilot)
        assert visible(settings)[:3] == ["Riley Example", "Jordan Sample", "Casey Testcase"]
        with db(settings) as s:
            item = s.exec(
                select(AgendaItem)
                .join(Child)
                .where(Child.name == "Jordan Sample", AgendaItem.meeting_date == DEMO_TODAY)
            ).one()
            assert (item.status, item.removed_at) == ("waiting", None)


async def test_late_changes_are_flagged_and_counted(settings) -> None:
    app = prep_app(settings, now=FRIDAY_5PM)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "list was due Fri 20 Nov 16:00: changes now are late" in info(app)
        # A removal after the deadline is a late change, and the confirmation says so.
        await pilot.press("x")
        detail = str(app.screen.query_one(".dialog-body", Static).render())
        assert "counts as a late change" in detail
        await pilot.press("y")
        await settle(app, pilot)
        assert "9 children · 1 late change (0 added, 1 removed)" in info(app)
        # So is an addition.
        add_child_to_store(settings, "Quinn Latecomer", date(2012, 1, 2))
        await pilot.press("a")
        await type_text(pilot, "latecomer")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await fill_item_form(pilot, source=2, tick_first=True, reason="Found late at night.")
        await settle(app, pilot)
        assert "10 children · 2 late changes (1 added, 1 removed)" in info(app)
        queue = app.screen.query_one(CaseQueue)
        flags = str(queue.get_row_at(queue.row_count - 1)[queue.get_column_index("flags")])
        assert "late" in flags
        assert ("Quinn Latecomer", 10, "waiting", True) in queue_in_db(settings)
        assert ("Riley Example", 1, "removed", True) in queue_in_db(settings)
        # Undoing the late removal puts the list back as circulated.
        await pilot.press("u")
        await settle(app, pilot)
        assert "11 children · 1 late change (1 added, 0 removed)" in info(app)


async def test_known_conflict_recorded_for_the_chair(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "c")
        picker = app.screen
        assert isinstance(picker, PersonPickerScreen)
        await type_text(pilot, "bea")
        await pilot.press("down", "enter")
        await type_text(pilot, "Related to the family.")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Known conflicts: Bea Mockford" in history(app)
        with db(settings) as s:
            conflict = s.exec(
                select(Conflict).join(Person).where(Person.name == "Bea Mockford")
            ).one()
            item = s.get(AgendaItem, conflict.item_id)
            assert item is not None and item.meeting_date == DEMO_TODAY
            assert (conflict.source, conflict.reason) == ("prepared", "Related to the family.")
        # The second tab lists it; it can be deleted there after a confirmation.
        await pilot.press("2")
        await settle(app, pilot)
        table = app.screen.query_one("#prep-conflicts", DataTable)
        assert table.row_count == 2  # the demo's own conflict and this one
        table.focus()
        await pilot.press("down", "x", "y")
        await settle(app, pilot)
        assert app.screen.query_one("#prep-conflicts", DataTable).row_count == 1


async def test_invite_and_withdraw(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "n")
        assert isinstance(app.screen, PersonPickerScreen)
        await type_text(pilot, "sky")
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert "8 invited" in info(app)
        with db(settings) as s:
            sky = s.exec(select(Person).where(Person.name == "Sky Sandbox")).one()
            seat = s.exec(
                select(Attendance).where(
                    Attendance.person_id == sky.id, Attendance.status == "expected"
                )
            ).one()
            assert seat.invited
        table = app.screen.query_one("#prep-invited", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=names.index("Sky Sandbox"))
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmModal) and app.screen.destructive
        await pilot.press("y")
        await settle(app, pilot)
        assert "7 invited" in info(app)


async def test_import_shows_every_problem_before_anything_is_written(settings, tmp_path) -> None:
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(
        "name,date_of_birth,referral_source,reason\n"
        "Ellis Examplewood,14/03/2012,PPN,Found far from home.\n"
        "Rowan Mockingham,31/02/2011,intel,Seen with adults.\n"
        "Kit Fabricate,27/06/2013,gossip,\n"
    )
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one("#import-path", Input).value = str(csv_file)
        await pilot.press("enter")
        await settle(app, pilot)
        problems = dialog.query_one("#import-problems", DataTable)
        rows = [tuple(str(c) for c in problems.get_row_at(i)) for i in range(problems.row_count)]
        assert rows == [
            ("3", "date_of_birth", "is not a day in the calendar; use DD/MM/YYYY, e.g. 05/03/2012."),
            ("4", "referral_source", "is not a referral source; use one of police-report, intelligence, screening-tool, partner-referral."),
            ("4", "reason", "is empty; say in a paragraph why the child is being referred."),
        ]  # fmt: skip
        assert dialog.query_one("#import-all").disabled
        assert len(visible(settings)) == 10  # nothing imported yet
        dialog.query_one("#import-valid", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        assert visible(settings)[-1] == "Ellis Examplewood" and len(visible(settings)) == 11


async def test_export_writes_the_marked_list(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        path = dialog.query_one("#export-path", Input).value
        assert path.endswith("case-lists/case-list-llr-drmm-2026-11-23")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        written = settings.data_dir / "case-lists" / "case-list-llr-drmm-2026-11-23.md"
        text = written.read_text()
        assert text.startswith("OFFICIAL-SENSITIVE") and text.rstrip().endswith("agreement.")
        assert "Avery Imaginary" in text
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        # The next export proposes a new name rather than replacing this one.
        await pilot.press("l")
        assert app.screen.query_one("#export-path", Input).value.endswith("2026-11-23-2")
        # Asking for an existing name is refused in the dialog, which stays open.
        app.screen.query_one("#export-path", Input).value = str(written)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "already exists and is not replaced" in str(
            app.screen.query_one("#export-summary", Static).render()
        )


async def test_a_started_meeting_takes_only_a_late_child(settings) -> None:
    """R25: while the meeting runs, remove and move are off; adding a child (a) is on."""
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with db(settings) as s:
            meeting = s.exec(
                select(Meeting).where(Meeting.date == DEMO_TODAY, Meeting.profile == "llr-drmm")
            ).one()
            meeting.status = "in-progress"
            s.commit()
        await pilot.press("r")
        await settle(app, pilot)
        assert "the meeting is in progress: a child added now (a) is a late change" in info(app)
        await pilot.press("x", "shift+down")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        assert visible(settings)[:2] == ["Riley Example", "Jordan Sample"]
        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ChildSearchScreen"


async def test_an_error_is_shown_without_the_childs_details(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "ctrl+n")
        await settle(app, pilot)
        with db(settings) as s:
            riley = s.exec(select(Child).where(Child.name == "Riley Example")).one()
        app.screen.query_one("#child-name", Input).value = "Riley Example"
        app.screen.query_one(
            "#child-date_of_birth", Input
        ).value = f"{riley.date_of_birth:%d/%m/%Y}"
        await pilot.press("ctrl+s")
        await fill_item_form(pilot, source=0, tick_first=False, reason="Twin record.")
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any(f"already recorded (MACE reference {riley.ref})" in m for m in messages)
        assert not any("Riley" in m for m in messages)
        assert len(visible(settings)) == 10


async def test_works_at_80x24(settings) -> None:
    from tests.app.test_footer_80x24 import keys_cut

    app = prep_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert keys_cut(app) == []  # every key the footer shows is whole (the rest: ctrl+p)
        queue = app.screen.query_one(CaseQueue)
        panel = app.screen.query_one("#prep-history")
        assert queue.region.height >= 3 and panel.region.height >= 4
        await pilot.press("a")
        assert isinstance(app.screen, ChildSearchScreen)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        save = app.screen.query_one("#save")
        assert save.region.bottom <= 24  # the whole form fits


async def test_saved_edits_survive_closing_the_app(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "shift+up", "x", "y")
        await settle(app, pilot)
    again = prep_app(settings)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        queue = again.screen.query_one(CaseQueue)
        assert [str(queue.get_row_at(i)[2]) for i in range(2)] == ["Riley Example", "Jordan Sample"]
        assert queue.row_count == 9


async def test_the_command_palette_lists_the_actions_that_can_run(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        found = {
            command.title.split(" (")[0]: command for command in app.get_system_commands(app.screen)
        }
        assert {"Add", "Edit", "Remove", "Move up", "Conflict", "Import", "Export"} <= set(found)
        assert "Undo" not in found  # nothing removed yet
        assert "Invite" not in found  # belongs to the other tab
        await found["Export"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_escape_on_a_changed_entry_asks_and_editing_a_reason_goes_on_at_its_end(
    settings,
) -> None:
    """A coordinator's typing is not thrown away by one key, and a word added to a reason
    goes after it, not before it."""
    from textual.widgets import TextArea

    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")  # the first child's entry
        await settle(app, pilot)
        assert isinstance(app.screen, ItemFormScreen)
        await pilot.press("escape")  # nothing changed: it closes at once
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)

        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ItemFormScreen)
        reason = form.query_one("#item-reason", TextArea)
        before = reason.text
        reason.focus()
        await type_text(pilot, " Seen again on Monday.")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)  # asked, "Keep editing" focused
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is form and reason.text == before + " Seen again on Monday."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
    with db(settings) as s:
        reasons = [i.reason for i in s.exec(select(AgendaItem)).all()]
    assert before + " Seen again on Monday." in reasons


async def test_the_tabs_change_by_key_and_by_click(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        queue = app.screen.query_one("#queue")
        panel = app.screen.query_one("#panel")
        assert queue.display and not panel.display
        assert app.screen.active_bindings["a"].enabled  # "Add" is the queue's
        # A click on the second label ("2 Invited & conflicts", from the 11th column).
        await pilot.click("#prep-tabs", offset=(14, 0))
        await settle(app, pilot)
        assert panel.display and not queue.display
        assert app.screen.query_one("#prep-invited", DataTable).row_count == 7
        assert "a" not in app.screen.active_bindings  # not on this tab
        await pilot.click("#prep-tabs", offset=(14, 0))  # the tab already shown: no change
        await settle(app, pilot)
        assert panel.display
        await pilot.press("1")
        await settle(app, pilot)
        assert queue.display and not panel.display
        assert app.screen.focused is app.screen.query_one(CaseQueue)
        await pilot.click("#prep-tabs", offset=(3, 1))  # the bar under "1 Queue": as the label
        await pilot.click("#prep-tabs", offset=(12, 1))  # the bar under the second label
        await settle(app, pilot)
        assert panel.display

"""A free item at the meeting (R19): the chair reaches it, writes an attributed note and an
action, closes it; no room step, no THRIVE or grade, not recorded; the log shows it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select
from textual.widgets import Input, RadioButton, Static

from mace_tui.factory import make_app
from mace_tui.reports import words
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.reports.recording_form import build_forms
from mace_tui.screens.free_discussion import FreeDiscussionScreen
from store import agenda, queries
from store.db import Store
from store.models import Action, AgendaItem, ThriveNote
from tests.app.chair_helpers import TestClock, meeting_under_way, settle, type_text, wait_for_screen
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
TITLE = "Half-term patrols around Testshire parks"


def first_free_item(store: Store) -> int:
    """Today's demo DRMM with a free item put first on its queue."""
    with store.session() as s:
        meeting = queries.find_meeting(s, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None
        item = agenda.add_free_item(s, meeting=meeting, section="aob", title=TITLE, at=START, late=False)  # fmt: skip
        assert item.id is not None
        agenda.move_item(s, item_id=item.id, offset=-100)
        s.commit()
        return item.id


async def test_the_chair_discusses_a_free_item_with_a_note_and_an_action(
    demo_store: Store, settings
) -> None:
    item_id = first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        # Straight to the item: no room step.
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        screen = app.screen
        assert isinstance(screen, FreeDiscussionScreen)
        await settle(pilot)
        head = str(screen.query_one("#free-head", Static).render())
        assert TITLE in head and "Any other business" in head
        assert "not recorded" in head and "no grade" in head
        await pilot.press("w")
        await wait_for_screen(pilot, "NoteModal")
        await type_text(pilot, "Two parks named in recent reports")
        await pilot.press("tab", "down", "space")  # opinion
        await pilot.press("shift+tab", "enter")
        await wait_for_screen(pilot, "ChoiceModal")
        await pilot.press("enter")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        assert "(opinion): Two parks named" in str(screen.query_one("#free-notes", Static).render())
        await pilot.press("n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Share the patrol plan with schools near the two parks")
        await pilot.press("tab")
        await type_text(pilot, "Lou Specimen")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+7d")
        await pilot.press("tab", "space")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        await pilot.press("f8")
        await wait_for_screen(pilot, "CaseScreen")
        await settle(pilot)
    with demo_store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.status == "done"
        notes = s.exec(select(ThriveNote).where(ThriveNote.item_id == item_id)).all()
        assert [(n.section, n.kind) for n in notes] == [("notes", "opinion")]
        assert notes[0].agency_id is not None
        acts = s.exec(select(Action).where(Action.item_id == item_id)).all()
        assert [a.text for a in acts] == ["Share the patrol plan with schools near the two parks"]
        assert acts[0].owner_person_id is not None and acts[0].due is not None
        # The log: a section "Other items" with the title, its note and its action.
        item_meeting = item.meeting_id
        log = build_action_log(s, meeting_id=item_meeting, generated_at=START)
        # No recording form: a free item is about no subject.
        forms = build_forms(s, meeting_id=item_meeting, generated_at=START)
        assert item_id not in [f.child.item_id for f in forms]
    text = blocks_to_markdown(document(log))
    other = text[text.index("## Other items") :]
    assert f"### 1. {TITLE} — discussed" in other
    assert "Any other business" in other.split("###")[1]
    assert "Two parks named in recent reports" in other
    assert "Share the patrol plan with schools near the two parks" in other
    assert "THRIVE" not in other.split("## ", 2)[1] and "Grade" not in other.split("## ", 2)[1]
    kinds = [c.kind for c in log.children]
    assert words.subjects_counted(kinds).endswith(", 1 other item")


def test_the_meetings_quorum_still_applies_to_a_free_item(demo_store: Store) -> None:
    from mace_tui.chair.free import load_free
    from mace_tui.profiles import get_profile

    item_id = first_free_item(demo_store)
    drmm = get_profile("llr-drmm")
    with demo_store.session() as s:
        # Nobody marked present yet: the item says what the meeting lacks.
        assert load_free(s, item_id=item_id, profile=drmm).quorum_gap != ""
    meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as s:
        view = load_free(s, item_id=item_id, profile=drmm)
    assert view.quorum_gap == ""
    assert (view.title, view.section_title) == (TITLE, "Any other business")


def _notes_of(store: Store, item_id: int) -> list[tuple[str, int | None]]:
    with store.session() as s:
        rows = s.exec(select(ThriveNote).where(ThriveNote.item_id == item_id)).all()
        return [(n.text, n.agency_id) for n in rows]


async def test_a_note_being_typed_on_a_free_item_survives_the_app_ending(
    demo_store: Store, settings
) -> None:
    """What is typed in a free item's note is kept before Enter: a crash (here: the app
    ending with the dialog still open) loses nothing; reopened, the note is there, and
    finishing it later saves one note, not two; Escape on a new note keeps nothing."""
    import asyncio

    item_id = first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await pilot.press("w")
        await wait_for_screen(pilot, "NoteModal")
        await type_text(pilot, "Patrol rota agreed for both parks")
        for _ in range(100):  # the draft is written shortly after the last key
            await settle(pilot)
            if _notes_of(demo_store, item_id):
                break
            await asyncio.sleep(0.1)
        assert type(app.screen).__name__ == "NoteModal"  # Enter never pressed
    assert _notes_of(demo_store, item_id) == [("Patrol rota agreed for both parks", None)]

    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        # The chair reopens on the item under discussion.
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        screen = app.screen
        assert "Patrol rota agreed for both parks" in str(
            screen.query_one("#free-notes", Static).render()
        )
        # A new note, typed, kept as a draft, then finished with an agency: one row.
        await pilot.press("w")
        await wait_for_screen(pilot, "NoteModal")
        await type_text(pilot, "Schools told")
        for _ in range(100):
            await settle(pilot)
            if len(_notes_of(demo_store, item_id)) == 2:
                break
            await asyncio.sleep(0.1)
        await pilot.press("enter")
        await wait_for_screen(pilot, "ChoiceModal")
        await pilot.press("enter")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        notes = _notes_of(demo_store, item_id)
        assert [t for t, _ in notes] == ["Patrol rota agreed for both parks", "Schools told"]
        assert notes[1][1] is not None
        # Given up with Escape: its draft goes.
        await pilot.press("w")
        await wait_for_screen(pilot, "NoteModal")
        await type_text(pilot, "Not this one")
        for _ in range(100):
            await settle(pilot)
            if len(_notes_of(demo_store, item_id)) == 3:
                break
            await asyncio.sleep(0.1)
        await pilot.press("escape")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
    assert [t for t, _ in _notes_of(demo_store, item_id)] == [
        "Patrol rota agreed for both parks",
        "Schools told",
    ]


async def test_a_note_kept_before_a_crash_is_finished_with_its_agency(
    demo_store: Store, settings
) -> None:
    """A note kept as typed, with no agency yet, when the app ended: reopened, the screen says
    so and ``a`` shows it again; Escape leaves it; finished, it has the agency chosen and is
    still one note; then there is nothing left to finish."""
    from store import discussion

    item_id = first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as s:
        discussion.begin(s, item_id=item_id, at=START)
        discussion.save_note(
            s, note_id=None, item_id=item_id, section="notes", agency_id=None, person_id=None,
            kind="opinion", text="Patrol rota agreed", at=START,
        )  # fmt: skip
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        screen = app.screen
        shown = str(screen.query_one("#free-notes", Static).render())
        assert "no agency (opinion): Patrol rota agreed" in shown
        assert "a finishes it" in shown
        await pilot.press("a")
        await wait_for_screen(pilot, "NoteModal")
        assert app.screen.query_one("#note-text", Input).value == "Patrol rota agreed"
        assert app.screen.query_one("#note-opinion", RadioButton).value
        await pilot.press("escape")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        assert _notes_of(demo_store, item_id) == [("Patrol rota agreed", None)]
        await pilot.press("a")
        await wait_for_screen(pilot, "NoteModal")
        # What is typed goes after the kept words, never over them.
        await type_text(pilot, " for both parks")
        await pilot.press("enter")
        await wait_for_screen(pilot, "ChoiceModal")
        await pilot.press("enter")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        notes = _notes_of(demo_store, item_id)
        assert [t for t, _ in notes] == ["Patrol rota agreed for both parks"]
        assert notes[0][1] is not None
        shown = str(screen.query_one("#free-notes", Static).render())
        assert "no agency" not in shown and "a finishes it" not in shown
        assert "(opinion): Patrol rota agreed for both parks" in shown
        # Nothing left to finish: a is not offered.
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen


async def test_the_other_item_screens_dialogs_show_their_buttons_at_80x24(
    demo_store: Store, settings
) -> None:
    """The action form and the deferral's reason, opened on an other item at 80×24: Save and
    Cancel are whole on screen."""
    from tests.app.test_free_items_prep import buttons_on_screen

    first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await settle(pilot)
        await pilot.press("n")
        await wait_for_screen(pilot, "ActionEditor")
        assert buttons_on_screen(app) == ["Save (ctrl+s)", "Cancel"]
        await pilot.press("escape")
        await wait_for_screen(pilot, "FreeDiscussionScreen")
        await pilot.press("f10")
        await wait_for_screen(pilot, "ReasonModal")
        assert buttons_on_screen(app) == ["Save", "Cancel"]

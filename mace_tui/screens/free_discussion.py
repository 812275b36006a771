"""A free item at the meeting (R19): MPRU considerations or any other business.

A light discussion: the title, notes attributed to an agency (fact or opinion) and
actions. No THRIVE, no grade, no room step and not recorded. F8 closes it, F10 defers
it to the next meeting, Escape goes back to the queue with it still open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, RadioButton, RadioSet, Static

from mace_tui.chair.disruption import tactics_for
from mace_tui.screens.action_editor import ActionEditor, ActionInput, OwnerChoice
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ChoiceModal, ReasonModal
from mace_tui.widgets.actions_pane import ActionsPane

if TYPE_CHECKING:
    from mace_tui.chair.free import FreeView
    from mace_tui.profiles import Profile


def route_free(case: Any, item_id: int) -> bool:
    """From the chair's case screen: open a free item here instead of a child's discussion.

    True when ``item_id`` is a free item (the case screen then does nothing more)."""
    state = case.state
    entry = next((e for e in state.queue if e.item_id == item_id), None) if state else None
    if entry is None or not entry.is_free:
        return False

    def finished(message: str | None) -> None:
        if message is None:  # back to the queue, the item still open
            case.load_queue()
            return
        case.item_finished(message, case.state.left() - 1)

    case.app.push_screen(
        FreeDiscussionScreen(meeting_id=case.meeting_id, item_id=item_id), finished
    )
    return True


class NoteModal(ModalScreen[tuple[str, str] | None]):
    """A note's text and whether it is a fact or an opinion (the agency is asked next)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="free.note.cancel")]

    # Typing kept as a draft this long after the last key, so a crash loses nothing.
    DRAFT_AFTER = 0.5

    def __init__(
        self, *, on_draft: Callable[[str, str], None] | None = None, classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self._on_draft = on_draft
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Note on this item[/b]", classes="dialog-title")
            yield Static("What was said; Enter saves, the agency is asked next.")
            yield Input(id="note-text")
            with RadioSet(id="note-kind", compact=True):
                yield RadioButton("Fact", value=True, id="note-fact", compact=True)
                yield RadioButton("Opinion", id="note-opinion", compact=True)
            yield Static("", id="note-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def _written(self) -> tuple[str, str]:
        text = self.query_one("#note-text", Input).value.strip()
        pressed = self.query_one("#note-kind", RadioSet).pressed_button
        kind = "opinion" if pressed is not None and pressed.id == "note-opinion" else "fact"
        return kind, text

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed, "#note-text")
    @on(RadioSet.Changed, "#note-kind")
    def typed(self) -> None:
        """Keep what is typed as a draft shortly after the last key."""
        if self._on_draft is None:
            return
        self._stop_timer()
        self._timer = self.set_timer(self.DRAFT_AFTER, self.keep_draft)

    def keep_draft(self) -> None:
        """Hand what is typed so far to be kept."""
        self._stop_timer()
        if self._on_draft is not None:
            self._on_draft(*self._written())

    @on(Input.Submitted, "#note-text")
    def save(self) -> None:
        kind, text = self._written()
        if not text:
            self.query_one("#note-error", Static).update("Note: write a few words first.")
            return
        self._stop_timer()
        self.dismiss((kind, text))

    def action_cancel(self) -> None:
        self._stop_timer()
        self.dismiss(None)


class FreeDiscussionScreen(MaceScreen[str | None]):
    """The chair's view of one free item: notes and actions, then close or defer."""

    BINDINGS = [
        Binding("w", "note", "Note", id="free.note"),
        Binding("f8", "close_item", "Close", id="free.close"),
        Binding("f10", "defer_item", "Defer", id="free.defer"),
        Binding("escape", "back", "Queue", id="free.back"),
    ]

    def __init__(self, *, meeting_id: int, item_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.view: FreeView | None = None
        # The id of the note being typed, kept as a draft (read and set on the writer thread).
        self._draft: list[int | None] = [None]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening…", id="free-head")
        yield Static("", id="free-notes")
        yield ActionsPane()
        yield Footer()

    def on_mount(self) -> None:
        app, item_id, at = self.app, self.item_id, self.app.clock()
        meeting_id = self.meeting_id

        def job() -> None:
            from mace_tui.chair.free import start_free

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                start_free(session, item_id=item_id, at=at)

        self.write("free-start", job, done=lambda _: self._reload())

    @work(thread=True, exclusive=True, group="free-load", exit_on_error=False)
    def load(self, item_id: int, profile: Profile, then: str = "") -> None:
        """Read the item, its notes and actions (the values it needs handed in)."""
        from mace_tui.chair.free import load_free

        with self.app.require_store().session() as session:
            view = load_free(session, item_id=item_id, profile=profile)
        self.app.call_from_thread(self._loaded, view, then)

    def _reload(self, then: str = "") -> None:
        self.load(self.item_id, self.app.profile, then)

    def _finish(self, message: str) -> None:
        self.dismiss(message)

    def _loaded(self, view: FreeView, then: str) -> None:
        self.view = view
        self.query_one("#free-head", Static).update(
            f"[b]{escape(view.title)}[/b] · {escape(view.section_title)}\n"
            "Other item: notes and actions only — no THRIVE, no grade, and it is not recorded."
            + (
                f"\n[b yellow]{escape(view.quorum_gap)}: the meeting's quorum applies to this "
                "item too; Escape, then ctrl+g for the register.[/]"
                if view.quorum_gap
                else ""
            )
            + (f"\n{escape(then)}" if then else "")
        )
        notes = [
            f"• {escape(n.agency or 'no agency')} ({n.kind}): {escape(n.text)}" for n in view.notes
        ]
        self.query_one("#free-notes", Static).update(
            "\n".join(notes) if notes else "[dim]No notes yet: w writes one.[/dim]"
        )
        self.query_one(ActionsPane).show(view.actions, today=self.app.today)
        self.query_one(ActionsPane).focus()

    # -- notes -------------------------------------------------------------------------------
    def action_note(self) -> None:
        """Write a note, mark it fact or opinion, then say which agency it comes from."""
        self.app.push_screen(
            NoteModal(on_draft=self._keep_draft, classes="modal"),
            self._note_written,
        )

    def _keep_draft(self, kind: str, text: str) -> None:
        """Write what is typed so far (a note with no agency yet): a crash loses nothing."""
        app, item_id, at, draft = self.app, self.item_id, self.app.clock(), self._draft
        meeting_id = self.meeting_id

        def job() -> None:
            from mace_tui.chair.free import save_draft

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                draft[0] = save_draft(
                    session, item_id=item_id, note_id=draft[0], kind=kind, text=text, at=at
                )

        self.write("free-draft", job)

    def _drop_draft(self) -> None:
        """The note was given up: its draft goes too."""
        app, draft = self.app, self._draft

        def job() -> None:
            from mace_tui.chair.free import drop_draft

            with app.require_store().session() as session:
                drop_draft(session, note_id=draft[0])
                draft[0] = None

        self.write("free-draft", job)

    def _note_written(self, written: tuple[str, str] | None) -> None:
        if not written or self.view is None:
            self._drop_draft()
            return
        kind, text = written
        present = {p.agency_id: p.agency for p in self.view.owners}
        choices = [(name, agency_id) for agency_id, name in present.items()] or [
            (a.name, a.id) for a in self.view.agencies
        ]
        self.app.push_screen(
            ChoiceModal("Which agency said it?", choices),
            lambda agency_id: (
                self._drop_draft() if agency_id is None else self._save_note(agency_id, kind, text)
            ),
        )

    def _save_note(self, agency_id: int, kind: str, text: str) -> None:
        app, item_id, at, draft = self.app, self.item_id, self.app.clock(), self._draft
        meeting_id = self.meeting_id

        def job() -> None:
            from mace_tui.chair.free import add_note

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                add_note(
                    session, item_id=item_id, agency_id=agency_id, kind=kind, text=text, at=at,
                    note_id=draft[0],
                )  # fmt: skip
                draft[0] = None

        self.write("free-note", job, done=lambda _: self._reload("Note saved."))

    # -- actions -----------------------------------------------------------------------------
    @on(ActionsPane.EditWanted)
    def edit_action(self, event: ActionsPane.EditWanted) -> None:
        view = self.view
        if view is None:
            return
        owners = [OwnerChoice(p.name, p.person_id, p.agency_id) for p in view.owners]
        opened = event.action.version if event.action is not None else None

        def saved(result: ActionInput | None) -> None:
            if result is not None:
                self.save_action(result, opened)

        self.app.push_screen(
            ActionEditor(
                action=event.action,
                kind=event.kind,
                today=self.app.today,
                owners=owners,
                agencies=view.agencies,
                present_agencies={p.agency for p in view.owners},
                tactics=tactics_for("free", self.app.profile),
                for_child=False,
                item_title=view.title,
            ),
            saved,
        )

    def save_action(self, result: ActionInput, version: int | None) -> None:
        """Save on the write queue, then show the item again."""
        app, meeting_id, item_id, at = self.app, self.meeting_id, self.item_id, self.app.clock()

        def job() -> None:
            from store import actions

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                actions.save_action(
                    session, item_id=item_id, meeting_id=meeting_id, at=at,
                    expected_version=version, **result.as_saved(),
                )  # fmt: skip

        self.write("free-action", job, done=lambda _: self._reload("Action saved."))

    @on(ActionsPane.RemoveWanted)
    def remove_action(self, event: ActionsPane.RemoveWanted) -> None:
        from mace_tui.screens.action_remove import confirm_remove

        confirm_remove(
            self, event.action, name="free-remove", done=lambda _: self._reload("Action removed.")
        )

    # -- close, defer, back --------------------------------------------------------------------
    def action_close_item(self) -> None:
        """Close the item: done, nothing more asked (no grade)."""
        app, item_id, at, meeting_id = self.app, self.item_id, self.app.clock(), self.meeting_id
        title = self.view.title if self.view else "The item"

        def job() -> None:
            from mace_tui.chair.free import close_free

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                close_free(session, item_id=item_id, at=at)

        self.write("free-close", job, done=lambda _: self._finish(f"{title}: closed."))

    def action_defer_item(self) -> None:
        """Move the item to the next meeting, with a reason."""

        def given(reason: str | None) -> None:
            if reason:
                self._defer(reason)

        self.app.push_screen(
            ReasonModal("Defer this item", "Why is it moved to the next meeting?"), given
        )

    def _defer(self, reason: str) -> None:
        app, item_id, at, meeting_id = self.app, self.item_id, self.app.clock(), self.meeting_id
        title = self.view.title if self.view else "The item"

        def job() -> None:
            from mace_tui.chair.start import next_meeting_of
            from store import agenda, discussion

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                meeting = agenda.get_meeting(session, meeting_id=meeting_id)
                target = next_meeting_of(session, profile=app.profile, after=meeting.date)
                discussion.defer(
                    session, item_id=item_id, reason=reason, to_meeting_id=target.id, at=at
                )

        self.write(
            "free-defer",
            job,
            done=lambda _: self._finish(f"{title}: deferred to the next meeting."),
        )

    def action_back(self) -> None:
        """Back to the queue; the item stays open (Enter on it comes back here)."""
        self.dismiss(None)

"""A free item at the meeting (R19): MPRU considerations or any other business.

A light discussion: the title, notes attributed to an agency (fact or opinion) and
actions. No THRIVE, no grade, no room step and not recorded. F8 closes it, F10 defers
it to the next meeting, Escape goes back to the queue with it still open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Static

from mace_tui.chair import free
from mace_tui.chair.disruption import tactics_for
from mace_tui.screens.action_editor import ActionEditor, ActionInput, OwnerChoice
from mace_tui.screens.free_note import NoteModal
from mace_tui.screens.free_typing import FreeTyping
from mace_tui.screens.modals import ReasonModal
from mace_tui.widgets.actions_pane import ActionsPane
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.chair.free import FreeView


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


class FreeDiscussionScreen(FreeTyping):
    """The chair's view of one free item: notes and actions, then close or defer."""

    BINDINGS = [
        Binding("w", "note", "Note", id="free.note"),
        # Off the footer, which is whole at 80 columns without it: the notes say "a finishes
        # it" whenever there is such a note, and the palette (ctrl+p) lists it then.
        Binding(
            "a",
            "finish_kept",
            "Finish a kept note",
            tooltip="Finish a note kept as typed before the app closed: check it, give its agency",
            show=False,
            id="free.kept",
        ),
        Binding("f8", "close_item", "Close", id="free.close"),
        Binding("f10", "defer_item", "Defer", id="free.defer"),
        Binding("escape", "back", "Queue", id="free.back"),
    ]

    def __init__(self, *, meeting_id: int, item_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.view: FreeView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Opening…", id="free-head")
        yield Static("", id="free-notes")
        yield ActionsPane()
        yield KeysFooter()

    def on_mount(self) -> None:
        item_id, meeting_id, at = self.item_id, self.meeting_id, self.app.clock()
        self.chair_write(
            "free-start",
            lambda store, seat: free.open_free(
                store, item_id=item_id, meeting_id=meeting_id, at=at, seat=seat
            ),
            done=lambda _: self._reload(),
        )

    def _reload(self, then: str = "") -> None:
        """Read the item, its notes and actions, then say ``then``."""
        item_id, profile = self.item_id, self.app.profile
        self.read(
            "free-load",
            lambda store: free.read_free(store, item_id=item_id, profile=profile),
            lambda view: self._loaded(view, then),
        )

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
        if view.unfinished:
            notes.append("[dim]A note kept before the app closed has no agency: a finishes it.[/]")
        self.query_one("#free-notes", Static).update(
            "\n".join(notes) if notes else "[dim]No notes yet: w writes one.[/dim]"
        )
        self.query_one(ActionsPane).show(view.actions, today=self.app.today)
        self.query_one(ActionsPane).focus()
        self.refresh_bindings()

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
        item_id, meeting_id, at = self.item_id, self.meeting_id, self.app.clock()
        fields = result.as_saved()
        self.chair_write(
            "free-action",
            lambda store, seat: free.save_free_action(
                store,
                item_id=item_id,
                meeting_id=meeting_id,
                fields=fields,
                version=version,
                at=at,
                seat=seat,
            ),
            done=lambda _: self._reload("Action saved."),
        )

    @on(ActionsPane.RemoveWanted)
    def remove_action(self, event: ActionsPane.RemoveWanted) -> None:
        from mace_tui.screens.action_remove import confirm_remove

        confirm_remove(
            self, event.action, name="free-remove", done=lambda _: self._reload("Action removed.")
        )

    # -- close, defer, back --------------------------------------------------------------------
    def action_close_item(self) -> None:
        """Close the item: done, nothing more asked (no grade)."""
        item_id, meeting_id, at = self.item_id, self.meeting_id, self.app.clock()
        title = self.view.title if self.view else "The item"
        self.chair_write(
            "free-close",
            lambda store, seat: free.close_free_item(
                store, item_id=item_id, meeting_id=meeting_id, at=at, seat=seat
            ),
            done=lambda _: self._finish(f"{title}: closed."),
        )

    def action_defer_item(self) -> None:
        """Move the item to the next meeting, with a reason."""

        def given(reason: str | None) -> None:
            if reason:
                self._defer(reason)

        self.app.push_screen(
            ReasonModal("Defer this item", "Why is it moved to the next meeting?"), given
        )

    def _defer(self, reason: str) -> None:
        item_id, meeting_id, at = self.item_id, self.meeting_id, self.app.clock()
        profile = self.app.profile
        title = self.view.title if self.view else "The item"
        self.chair_write(
            "free-defer",
            lambda store, seat: free.defer_free_item(
                store,
                item_id=item_id,
                meeting_id=meeting_id,
                profile=profile,
                reason=reason,
                at=at,
                seat=seat,
            ),
            done=lambda _: self._finish(f"{title}: deferred to the next meeting."),
        )

    def action_back(self) -> None:
        """Back to the queue; the item stays open (Enter on it comes back here)."""
        self.dismiss(None)


__all__ = ["FreeDiscussionScreen", "NoteModal", "route_free"]

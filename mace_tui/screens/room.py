"""The room for one child (R2, R3): who is here, their conflicts, and this child's quorum.

Shown when a child comes up, before the discussion starts: conflicts
recorded while preparing are listed and apply when the discussion starts,
unless the chair clears one with a reason; the chair asks the room and
declares any new one with c and a short reason. During the discussion, F6
opens the same step; a conflict raised then takes the person out at once.

If a conflict leaves a core agency or a required role with no one, the child
cannot go ahead: the screen names what is missing and offers a deputy, a
deferral with a reason, or an override with a written reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.chair.room import (
    RoomReread,
    RoomView,
    change_room,
    clear_conflict,
    declare_conflict,
)
from mace_tui.screens import room_dialogs
from mace_tui.screens.room_ways import RoomOutcome, WaysForward
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.quorum_bar import QuorumBar
from mace_tui.widgets.room_people import RoomPeople
from mace_tui.widgets.room_verdict import RoomVerdict, room_hint

if TYPE_CHECKING:
    from store.db import Store

# Conflicts the chair can set aside before the child starts (x), with a reason.
CLEARABLE = ("prepared", "asked")


class RoomScreen(WaysForward):
    """Conflicts and quorum for one child; dismissed with what the chair decided."""

    BINDINGS = [
        Binding("c", "declare", "Conflict…", id="room.declare"),
        Binding("x", "clear", "Clear conflict", id="room.clear"),
        Binding("a", "deputy", "Add deputy", id="room.deputy"),
        Binding("o", "override", "Override", id="room.override"),
        Binding("f10", "defer", "Defer child", id="room.defer"),
        Binding("f9", "go", "Start discussion", id="room.start"),
        Binding("escape,f6", "back", "Back", id="room.back"),
    ]

    def __init__(self, *, item_id: int, started: bool, offer: bool = False) -> None:
        super().__init__()
        self.item_id = item_id
        self.started = started
        # Opened because the room changed (someone left): offer the ways forward at once.
        self._offer_now = offer
        self.view: RoomView | None = None
        # An override that no longer stands (or a reason refused), offered again as the
        # starting text; and the reason of one cleared because the child came to lack more,
        # which may be edited but not given again unchanged.
        self._previous_override = ""
        self._outgrown = ""
        # Set when the chair pressed F9 while inquorate and picked a way forward:
        # once the child may proceed, the discussion starts without another key.
        self._going = False

    def compose(self) -> ComposeResult:
        yield Static("", id="room-title", classes="screen-title")
        yield QuorumBar(id="room-quorum")
        yield RoomVerdict("", id="room-verdict")
        yield RoomPeople(id="room-people", cursor_type="row", zebra_stripes=True)
        yield Static("", id="room-message", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(RoomPeople).add_room_columns()
        self.reload(offer=self._offer_now)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "go":
            return not self.started
        if action == "clear":
            return (
                not self.started
                and view is not None
                and any(c.source in CLEARABLE for c in view.conflicts)
            )
        if action in ("deputy", "override"):
            return view is None or not view.room.quorum.quorate
        return True

    # -- reading -------------------------------------------------------------------
    def reload(self, done: str = "", offer: bool = False) -> None:
        """Read the room for this child (a write: it may clear an override that no longer
        stands); with ``offer``, offer the ways forward if inquorate."""
        self._reread("reload", None, done, offer)

    def _reread(
        self,
        name: str,
        edit: Callable[[Store], None] | None,
        done: str,
        offer: bool,
    ) -> None:
        """Queue ``edit`` (if any) and a fresh read of the room; a refused edit is said
        on the screen, which shows the room as it now is. An override the change left
        standing for less than the child now lacks is cleared, and the chair asked again (R2).
        """
        app, item_id, started = self.app, self.item_id, self.started
        profile, at = self.app.profile, self.app.clock()

        def job() -> RoomReread:
            return change_room(
                app.require_store(),
                edit,
                item_id=item_id,
                profile=profile,
                started=started,
                at=at,
            )

        self.write(name, job, done=lambda read: self._show_reread(read, done, offer))

    def _show_reread(self, read: RoomReread, done: str, offer: bool) -> None:
        done = read.refused or done
        if read.cleared:
            self._previous_override = read.cleared_reason
            self._outgrown = read.cleared_reason if read.outgrown else ""
            done = f"{done} {read.cleared}".strip()
        self._show(read.view, done, offer)

    def _show(self, view: RoomView, done: str, offer: bool = False) -> None:
        self.view = view
        self.refresh_bindings()
        stage = "during the discussion" if self.started else "before the discussion"
        self.query_one("#room-title", Static).update(
            f"[b]{escape(view.child_name)}[/b] — who is in the room ({stage})"
        )
        room = view.room
        self.query_one(QuorumBar).show(room.rule, room.quorum, label="This child")
        self.query_one(RoomVerdict).show(view)
        self.query_one(RoomPeople).show(view)
        self.say(room_hint(view, started=self.started, done=done))
        if self._going and room.can_proceed:
            self._going = False
            self.dismiss(RoomOutcome("back" if self.started else "start"))
        elif offer and not room.can_proceed:
            # A conflict during the discussion: the child cannot carry on as it is.
            self._going = self.started
            self._offer_ways_forward()

    def say(self, text: str) -> None:
        """The hint line under the table."""
        self.query_one("#room-message", Static).update(escape(text))

    # -- writing -----------------------------------------------------------------------
    def change(self, edit: Callable[[Store], None], done: str, check: bool = False) -> None:
        """One edit (a service's unit of work), then re-read (and, if asked, recheck quorum)."""
        self._reread("change", edit, done, check)

    def action_declare(self) -> None:
        person, conflict = self.query_one(RoomPeople).selected(self.view)
        if person is None:
            self.say("Only someone in the room can declare a conflict.")
            return
        if conflict is not None and conflict.active:
            self.say(f"{person.name} already has a conflict for this child.")
            return
        source = "raised" if self.started else "asked"
        at, item_id = self.app.clock(), self.item_id

        def reason_given(reason: str | None) -> None:
            if reason:
                self.change(
                    lambda store: declare_conflict(
                        store,
                        item_id=item_id,
                        person_id=person.person_id,
                        reason=reason,
                        source=source,
                        at=at,
                    ),
                    f"{person.name} has a conflict and is out for this child.",
                    check=True,
                )

        self.app.push_screen(
            room_dialogs.declare_dialog(person.name, started=self.started), reason_given
        )

    def action_clear(self) -> None:
        _, conflict = self.query_one(RoomPeople).selected(self.view)
        if conflict is None or conflict.source not in CLEARABLE:
            self.say("Highlight someone whose conflict was recorded beforehand or just declared.")
            return
        what = "recorded" if conflict.source == "prepared" else "declared"

        def reason_given(reason: str | None) -> None:
            if reason:
                self.change(
                    lambda store: clear_conflict(store, conflict_id=conflict.id, reason=reason),
                    f"{conflict.name}'s {what} conflict is cleared; they stay for this child.",
                )

        self.app.push_screen(room_dialogs.clear_dialog(conflict, what), reason_given)

    # -- the three ways forward (R2) -------------------------------------------------
    def action_go(self) -> None:
        if self.view is None:
            return
        if not self.view.room.can_proceed:
            self._going = True
            self._offer_ways_forward()
            return
        self.dismiss(RoomOutcome("start"))

    @on(DataTable.RowSelected, "#room-people")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.started:
            self.action_go()

    def action_back(self) -> None:
        self.dismiss(RoomOutcome("back" if self.started else "cancel"))


__all__ = ["CLEARABLE", "RoomOutcome", "RoomScreen"]

"""The three ways forward for a child whose room lacks quorum (R2): a deputy who joins,
a deferral to the next meeting, or an override with a written reason. Offered by the room
step when F9 is pressed without quorum, or at once when a change takes quorum away."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mace_tui.chair.room import deputies_for_child, override_quorum
from mace_tui.screens import room_dialogs
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.walk_in import WalkIn
from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.chair.room import RoomView
    from store.conflicts import DeputyChoice
    from store.db import Store


@record
class RoomOutcome:
    """How the room step ended: ``start`` (or back to the discussion), ``cancel``, ``defer``."""

    kind: str
    reason: str = ""


class WaysForward(MaceScreen[RoomOutcome]):
    """Deputy, defer or override; ``RoomScreen`` builds on this with the room itself."""

    item_id: int
    view: RoomView | None
    # Set when the chair pressed F9 while inquorate and picked a way forward.
    _going: bool
    # An override that no longer stands, offered again as the starting text.
    _previous_override: str
    _outgrown: str

    def say(self, text: str) -> None:
        """The hint line under the table (the room screen shows it)."""
        raise NotImplementedError

    def change(self, edit: Callable[[Store], None], done: str, check: bool = False) -> None:
        """One edit, then the room read again (the room screen queues it)."""
        raise NotImplementedError

    def _offer_ways_forward(self) -> None:
        assert self.view is not None

        def chosen(way: str | None) -> None:
            if way is None:
                self._going = False
                return
            {"deputy": self.action_deputy, "defer": self.action_defer}.get(
                way, self.action_override
            )()

        self.app.push_screen(room_dialogs.ways_forward_dialog(self.view), chosen)

    def action_deputy(self) -> None:
        if self.view is None:
            return
        if self.view.room.quorum.quorate:
            self.say("Quorate for this child: no deputy is needed.")
            return
        self.find_deputies()

    def find_deputies(self) -> None:
        """Who could join for the missing sector or role."""
        assert self.view is not None
        room, item_id = self.view.room, self.item_id
        self.read(
            "room-deputies",
            lambda store: deputies_for_child(
                store,
                item_id=item_id,
                sectors=room.quorum.missing_sectors,
                roles=room.quorum.missing_roles,
                conflicted=room.conflicted,
            ),
            self._choose_deputy,
        )

    def _choose_deputy(self, read: tuple[int, list[DeputyChoice]]) -> None:
        meeting_id, found = read
        assert self.view is not None
        view = self.view

        def chosen(choice: DeputyChoice | WalkIn | None) -> None:
            if choice is None:
                self._going = False
                return
            at = self.app.clock()
            self.change(*room_dialogs.deputy_joins(view, choice, meeting_id=meeting_id, at=at))

        room_dialogs.ask_deputy(self.app, view, found, chosen)

    def action_override(self) -> None:
        if self.view is None:
            return
        if self.view.room.quorum.quorate:
            self.say("Quorate for this child: no override is needed.")
            return

        # What the chair sees missing as the reason is typed: the service refuses the
        # override if the room lacks more by the time it is written.
        item_id, profile, seen = self.item_id, self.app.profile, self.view.room.gaps
        outgrown = self._outgrown

        def reason_given(reason: str | None) -> None:
            if not reason:
                self._going = False
                return
            at = self.app.clock()
            self._previous_override = reason  # offered again if it is refused
            self.change(
                lambda store: override_quorum(
                    store,
                    item_id=item_id,
                    reason=reason,
                    profile=profile,
                    at=at,
                    seen=seen,
                    outgrown=outgrown,
                ),
                "Override recorded; it is flagged in the action log.",
            )

        self.app.push_screen(
            room_dialogs.override_dialog(self.view, self._previous_override), reason_given
        )

    def action_defer(self) -> None:
        if self.view is None:
            return

        def reason_given(reason: str | None) -> None:
            if reason:
                self.dismiss(RoomOutcome("defer", reason))
            else:
                self._going = False

        self.app.push_screen(room_dialogs.defer_dialog(self.view), reason_given)

"""Keys typed while a screen or dialog is opening wait for it, then land in it.

Textual hands each key to the widget focused *when the key arrives*. A key that opens
a dialog (``n`` for a new action) acts only when the focused widget gets to it, and the
dialog may open later still (after a store read); keys typed in between went to the
screen below, where a letter can be a command, and keys arriving before the new
screen had moved its focus were lost. The gate holds keys from the opening key (or the
push) until the new screen is mounted and focused, then hands them on in order.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.timer import Timer

# Bindings (by id) whose action may open a screen or dialog only after a read or a write
# (the gate waits for that work; if it opens nothing, the keys go on when it is done).
OPENS_AFTER_WORK = frozenset(
    {
        "case.next",
        "case.close",
        "case.defer",
        "attendance.start",
        "attendance.inquorate",
        "room.deputy",
        "room.start",
        "room.defer",
    }
)

# Bindings (by id) of a widget that asks its screen, by a message, to open a dialog: the
# gate waits for the dialog (or GIVE_UP_SECONDS).
OPENS_BY_MESSAGE = frozenset(
    {
        "actions.new",
        "actions.info",
        "carried.complete",
        "carried.progress",
        "carried.not_possible",
        "carried.not_done",
        "thrive.agency",
    }
)

# Bindings (by id) whose action opens a screen or dialog, at once or after some work.
OPENS_A_SCREEN = (
    OPENS_AFTER_WORK
    | OPENS_BY_MESSAGE
    | frozenset(
        {
            "case.room",
            "case.close",
            "case.next",
            "case.defer",
            "case.end",
            "case.register",
            "attendance.deputy",
            "attendance.walk_in",
            "attendance.start",
            "attendance.inquorate",
            "register.deputy",
            "register.walk_in",
            "room.declare",
            "room.clear",
            "room.deputy",
            "room.override",
            "room.defer",
            "room.start",
            "prep.add",
            "prep.edit",
            "prep.remove",
            "prep.conflict",
            "prep.invite",
            "prep.import",
            "prep.export",
            "directory.add",
            "directory.edit",
            "directory.add_deputy",
            "log.export",
            "log.export_agency",
            "log.amend",
            "review.export",
            "review.delete",
        }
    )
)

# Bindings that take the focus to a field (a search box): keys typed in the same burst wait
# until it is there, as after Tab.
MOVES_FOCUS = frozenset({"review.search", "directory.search"})

# When an opening key opens nothing (refused, say), the keys go on after this long. Generous:
# on a loaded machine the dialog may take seconds to come, and keys must not go below.
GIVE_UP_SECONDS = 5.0


class KeyGate:
    """Holds keys while a screen is opening; ``replay`` posts them back to the app."""

    def __init__(
        self, *, replay: Callable[[events.Key], object], timer: Callable[[], Timer]
    ) -> None:
        self._replay = replay
        self._start_timer = timer
        self._held: list[events.Key] | None = None
        self._opening = 0
        self._timer: Timer | None = None
        # How the opening key's action opens its screen: "now" (in the action), "work" (after
        # a read or a write), "message" (its screen opens it on a message); or "store": a key
        # greyed while the store opens waits for it.
        self._how = "now"

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self, event: events.Key) -> None:
        assert self._held is not None
        self._held.append(event)

    def expect_screen(self, how: str = "now") -> None:
        """An opening key was pressed: hold what follows until a screen opens (or not)."""
        if self._held is None:
            self._held = []
        self._how = how
        if self._timer is not None:
            self._timer.stop()
        # The store always settles (open, or a failure said): keys held for it need no timer.
        self._timer = None if how == "store" else self._start_timer()

    def screen_pushed(self) -> None:
        """A screen is being pushed: hold keys until it is ready."""
        if self._held is None:
            self._held = []
        self._opening += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def screen_ready(self) -> None:
        """A pushed screen is mounted and has its focus."""
        self._opening = max(0, self._opening - 1)
        if self._opening == 0:
            self.release()

    def action_ran(self) -> None:
        """A binding's action has run: if it opened nothing and starts no work, go on."""
        if self._held is not None and self._opening == 0 and self._how == "now":
            self.release()

    def work_done(self, *, busy: bool = False) -> None:
        """A read or write finished: if it opened nothing and no other write is queued
        (``busy``: one is; the action's own may come after it), the keys go on."""
        if busy:
            return
        if self._held is not None and self._opening == 0 and self._how == "work":
            self.release()

    def store_settled(self) -> None:
        """The store opened (or could not): keys held for it go on."""
        if self._held is not None and self._opening == 0 and self._how == "store":
            self.release()

    def give_up(self) -> None:
        """The opening key opened nothing: let the keys go where they would have."""
        self._timer = None
        if self._opening == 0:
            self.release()

    def release(self) -> None:
        held, self._held = self._held, None
        self._how = "now"
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for event in held or ():
            self._replay(events.Key(event.key, event.character))

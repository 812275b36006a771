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

# Bindings (by id) whose action opens a screen or dialog, at once or after a read.
OPENS_A_SCREEN = frozenset(
    {
        "actions.new",
        "actions.info",
        "carried.complete",
        "carried.progress",
        "carried.not_possible",
        "carried.not_done",
        "thrive.agency",
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
        "review.export",
        "review.delete",
    }
)

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

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self, event: events.Key) -> None:
        assert self._held is not None
        self._held.append(event)

    def expect_screen(self) -> None:
        """An opening key was pressed: hold what follows until a screen opens (or not)."""
        if self._held is None:
            self._held = []
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._start_timer()

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

    def give_up(self) -> None:
        """The opening key opened nothing: let the keys go where they would have."""
        self._timer = None
        if self._opening == 0:
            self.release()

    def release(self) -> None:
        held, self._held = self._held, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for event in held or ():
            self._replay(events.Key(event.key, event.character))

"""An input whose greyed-out suggestion Tab accepts, as → does, before moving on."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SuggestingInput(Input):
    """A text input with a suggester: Tab takes the suggestion shown, then goes to the next field.

    Without this, Tab moves on and leaves the half-typed name ("DS A") as the value.
    """

    BINDINGS = [
        Binding("tab", "accept_and_next", "Accept and next", show=False, id="input.accept_next"),
    ]

    def action_accept_and_next(self) -> None:
        """Accept the suggestion (→ at the end of the text does the same), then move on."""
        if self.cursor_at_end:
            self.action_cursor_right()
        self.screen.focus_next()

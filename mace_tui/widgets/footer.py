"""The footer of the screens with the most keys: under 100 columns it leaves out the keys a
chair needs least often (they stay in the command palette, ctrl+p), so every key it shows
is whole at 80×24 (app.tcss hides ``FooterKey.-roomy-only`` on ``Screen.-narrow``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions shown only when there is room: the app-wide ctrl+q (a screen's own "q Quit" stays),
# the register and pausing the recording; a review meeting's agenda from data (the
# preparation screen's info line names its key). Exporting the case list is never in the
# footer (the command palette has it), so preparation's "q Quit" fits at 100 columns.
ROOMY_ONLY = frozenset({"quit", "register", "pause_recording", "proposal"})


class MeetingFooter(Footer):
    """A footer whose less-used keys give way at 80 columns; ``left_out`` names actions it
    never shows (a screen whose own key says the same; the command palette still has them)."""

    def __init__(self, *, left_out: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.left_out = left_out

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.action in self.left_out:
                    continue
                if widget.action in ROOMY_ONLY:
                    widget.add_class("-roomy-only")
            yield widget

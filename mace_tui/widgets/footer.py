"""The footer of the screens with the most keys: under 100 columns it leaves out the keys a
chair needs least often (they stay in the command palette, ctrl+p), so every key it shows
is whole at 80×24 (app.tcss hides ``FooterKey.-roomy-only`` on ``Screen.-narrow``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions shown only when there is room: the app-wide ctrl+q (a screen's own "q Quit" stays),
# the register and pausing the recording; a review meeting's agenda from data (the
# preparation screen's info line names its key) and exporting its list.
ROOMY_ONLY = frozenset({"quit", "register", "pause_recording", "proposal", "export_list"})


class MeetingFooter(Footer):
    """A footer whose less-used keys give way at 80 columns."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in ROOMY_ONLY:
                widget.add_class("-roomy-only")
            yield widget

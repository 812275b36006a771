"""The footers of our screens.

``KeysFooter`` is Textual's footer with its keys in the first frame, rebuilt only when the
keys it shows change. ``MeetingFooter``, on the screens with the most keys, leaves out under 100
columns the keys a chair needs least often (they stay in the command palette, ctrl+p), so
every key it shows is whole at 80×24 (app.tcss hides ``FooterKey.-roomy-only`` on
``Screen.-narrow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

# Actions shown only when there is room: the app-wide ctrl+q (a screen's own "q Quit" stays),
# the register and pausing the recording; a review meeting's agenda from data (the
# preparation screen's info line names its key). Exporting the case list is never in the
# footer (the command palette has it), so preparation's "q Quit" fits at 100 columns.
ROOMY_ONLY = frozenset({"quit", "register", "pause_recording", "proposal"})


class KeysFooter(Footer):
    """Textual's footer, except that it shows the keys from its first frame and is rebuilt
    only when the keys it shows changed. Textual's starts empty and is rebuilt for every
    change of the bindings, even one that changes nothing shown, and a screen that opens
    changes them several times (three rebuilds of every key before home's first frame)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Each key starts as it will be: Textual's start compact, and then all but the
                # command palette's are bound to the footer's non-compact, two restyles of
                # every key (3-5 ms before a screen's first frame).
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def _keys(self) -> tuple[object, ...]:
        """What the footer's keys are made from: each binding it shows, whether it is enabled,
        its tooltip (focus moving to a table changes the bindings, not the keys shown)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # Looked at after the refresh, as Textual's footer rebuilds then: whatever the
            # screen changes after telling of the change is seen.
            self.call_after_refresh(self._rebuild_if_changed)

    def _rebuild_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            self.refresh(recompose=True)


class MeetingFooter(KeysFooter):
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

"""The footers of our screens: the keys that apply, drawn by one widget.

``KeysFooter`` draws what Textual's ``Footer`` draws (a test holds it segment for segment),
for much less before a screen's first frame. Textual's footer is a scrolling container with
a widget per key, each styled, measured and drawn on its own: on prep, eleven keys took more
of the first frame than the queue table. Here the keys are worked out from the screen's
bindings as Textual's footer does (each action once, in order; a binding group's keys
together under the group's name; the command palette's key on the right), laid out once,
and drawn line by line.

As in Textual's: a click on a key presses it (a bell if it is greyed out), a key lights up
under the mouse and its tooltip shows, and what does not fit is cut at the right edge.
Unlike Textual's, the footer does not scroll sideways to show what was cut; no screen of
ours cuts a key at 80 columns, which a test holds.

``MeetingFooter``, on the screens with the most keys, leaves out under 100 columns the keys a
chair needs least often (they stay in the command palette, ctrl+p), so every key it shows is
whole at 80×24. Under 100 columns (``Screen.-narrow``) every footer leaves out the palette's
key, and each key has one space before it instead of one either side (app.tcss).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

from store.frozen import record

if TYPE_CHECKING:
    from textual.screen import Screen

# Actions shown only when there is room: the app-wide ctrl+q (a screen's own "q Quit" stays),
# the register and pausing the recording; a review meeting's agenda from data (the
# preparation screen's info line names its key). Exporting the case list is never in the
# footer (the command palette has it), so preparation's "q Quit" fits at 100 columns.
ROOMY_ONLY = frozenset({"quit", "register", "pause_recording", "proposal"})
BORDER = "▏"  # before the palette's key, as Textual's "vkey" left border


@record
class FooterItem:
    """One thing in the footer as laid out: a key, a group's key, a group's name, a gap, or
    the palette's key; and its columns."""

    kind: str  # "key", "grouped", "label", "gap" or "palette"
    binding: Binding | None
    enabled: bool
    tooltip: str
    text: str  # a label's text; the key shown otherwise
    start: int
    end: int

    @property
    def pressable(self) -> bool:
        return self.binding is not None


class KeysFooter(Widget):
    """The screen's keys, and the command palette's on the right."""

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--item { background: $footer-item-background; }
        & > .footer-key--hover { background: $block-hover-background; }
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        & > .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--border { color: $foreground 20%; }
        &:hover { pointer: pointer; }
    }
    """
    COMPONENT_CLASSES = {
        "footer-key--item",
        "footer-key--hover",
        "footer-key--key",
        "footer-key--description",
        "footer-key--label",
        "footer-key--border",
    }
    ALLOW_SELECT = False
    # Actions left out under 100 columns (MeetingFooter's).
    GIVE_WAY: frozenset[str] = frozenset()

    def __init__(self, *, left_out: frozenset[str] = frozenset()) -> None:
        """``left_out`` names actions never shown (a screen whose own key says the same; the
        command palette still has them)."""
        super().__init__()
        self.left_out = left_out
        self._keys: tuple[object, ...] | None = None
        self._hover: int | None = None  # the first column of the key under the mouse

    # -- what is shown -------------------------------------------------------------

    def _shown_bindings(self) -> tuple[object, ...]:
        """What the keys are made from: each binding shown, whether it is enabled, its
        tooltip (focus moving to a table changes the bindings, not the keys shown)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def _narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    def shown_keys(self) -> list[FooterItem]:
        """What is in the footer, left to right, with the palette's key last (gaps left out)."""
        return [item for item in self._lay_out() if item.kind != "gap"]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # Looked at after the refresh, as Textual's footer does: whatever the screen
            # changes after telling of the change is seen.
            self.call_after_refresh(self._redraw_if_changed)

    def _redraw_if_changed(self) -> None:
        if self.is_attached and self._shown_bindings() != self._keys:
            self.refresh()

    # -- layout ----------------------------------------------------------------------

    def _lay_out(self) -> list[FooterItem]:
        """The footer's items with their columns, as Textual's footer composes its keys: each
        action once, in order; a binding group's keys together, then its name; the palette's
        key on the right."""
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        narrow = self._narrow()
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in self.left_out:
                continue
            if narrow and binding.action in self.GIVE_WAY:
                continue
            by_action[binding.action].append((binding, enabled, tooltip))
        items: list[FooterItem] = []
        x = 0

        def add(
            kind: str, binding: Binding | None, enabled: bool, tooltip: str, text: str, width: int
        ) -> None:
            nonlocal x
            items.append(FooterItem(kind, binding, enabled, tooltip, text, x, x + width))
            x += width

        for group, runs in groupby(by_action.values(), lambda run: run[0][0].group):
            firsts = [run[0] for run in runs]
            if group is not None and len(firsts) > 1:
                # As Textual's: a compact group has a space before its keys, none between
                # them and one after; a wide one has a space either side of each key.
                add("gap", None, True, "", "", 1)
                for index, (binding, enabled, tooltip) in enumerate(firsts):
                    if index and not group.compact:
                        add("gap", None, True, "", "", 1)
                    display = self._display(binding)
                    add(
                        "grouped",
                        binding,
                        enabled,
                        tooltip or binding.description,
                        display,
                        cell_len(display),
                    )
                add("gap", None, True, "", "", 1)
                add("label", None, True, "", group.description, cell_len(group.description))
                add("gap", None, True, "", "", 1)
                continue
            for binding, enabled, tooltip in firsts:
                display = self._display(binding)
                # (A shown binding has a description: Textual hides one without.)
                width = key_padding.width + cell_len(display)
                width += description_padding.width + cell_len(binding.description)
                add("key", binding, enabled, tooltip, display, width)
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is not None and not narrow and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _ = found
            display = self._display(binding)
            # A border, the key, a space, the description, a space.
            width = cell_len(display) + cell_len(binding.description) + 3
            start = max(self.size.width - width, 0)
            tooltip = binding.tooltip or binding.description
            items.append(
                FooterItem("palette", binding, enabled, tooltip, display, start, start + width)
            )
        return items

    def _display(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        blank = Style(bgcolor=self.rich_style.bgcolor)
        if y != 0:
            return Strip.blank(width, blank)
        self._keys = self._shown_bindings()  # what is drawn, for _redraw_if_changed
        items = self._lay_out()
        palette = items.pop() if items and items[-1].kind == "palette" else None
        room = palette.start if palette is not None else width
        segments = [segment for item in items for segment in self._segments(item, blank)]
        line = Strip(segments).crop(0, room)
        if line.cell_length < room:
            line = line.extend_cell_length(room, blank)
        if palette is not None:
            line = Strip.join([line, Strip(self._segments(palette, blank))])
        return line.crop(0, width)

    def _segments(self, item: FooterItem, blank: Style) -> list[Segment]:
        """An item's text as Textual's footer draws it, segment for segment."""
        if item.kind == "gap":
            return [Segment(" " * (item.end - item.start), blank)]
        at_start = Style.from_meta({"offset": (0, 0)})
        if item.kind == "label":
            return [
                Segment(item.text, self.get_component_rich_style("footer-key--label") + at_start)
            ]
        binding = item.binding
        assert binding is not None
        base = self.rich_style + self.get_component_rich_style("footer-key--item")
        if not item.enabled:
            base += Style(dim=True)
        key_style = base + self.get_component_rich_style("footer-key--key")
        description_style = base + self.get_component_rich_style("footer-key--description")
        lit: Style | None = None
        if self._hover is not None and item.start <= self._hover < item.end:
            # Under the mouse the key's background changes, and its parts' with it.
            lit = Style(bgcolor=self.get_component_rich_style("footer-key--hover").bgcolor)
            key_style, description_style = key_style + lit, description_style + lit
        if item.kind == "grouped":
            return [Segment(item.text, key_style + at_start)]
        if item.kind == "palette":  # compact, as Textual's: no padding but a space between
            border = self.get_component_rich_style("footer-key--border")
            edge = Style(bgcolor=(lit or blank).bgcolor)  # its border and last cell light too
            after_key = Style.from_meta({"offset": (len(item.text), 0)})
            return [
                Segment(BORDER, Style(color=border.color) + edge),
                Segment(item.text, key_style + at_start),
                Segment(" " + binding.description, description_style + after_key),
                Segment(" ", edge),
            ]
        key_padding = self.get_component_styles("footer-key--key").padding
        key_text = " " * key_padding.left + item.text + " " * key_padding.right
        padding = self.get_component_styles("footer-key--description").padding
        description = " " * padding.left + binding.description + " " * padding.right
        after_key = Style.from_meta({"offset": (len(key_text), 0)})
        return [
            Segment(key_text, key_style + at_start),
            Segment(description, description_style + after_key),
        ]

    # -- the mouse ---------------------------------------------------------------------

    def _at(self, x: int) -> FooterItem | None:
        items = self._lay_out()
        palette = items[-1] if items and items[-1].kind == "palette" else None
        if palette is not None and x >= palette.start:
            return palette
        return next((item for item in items if item.start <= x < item.end and item.pressable), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._at(event.x)
        hover = None if item is None else item.start
        if hover != self._hover:
            self._hover = hover
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._at(event.x)
        if item is None or item.binding is None:
            return
        if item.enabled:
            self.app.simulate_key(item.binding.key.split(",")[0])
        else:
            self.app.bell()


class MeetingFooter(KeysFooter):
    """A footer whose less-used keys (``ROOMY_ONLY``) give way under 100 columns."""

    GIVE_WAY = ROOMY_ONLY

"""The line at the top of each screen: the palette's icon and the title, drawn by one widget.

It draws what Textual's ``Header`` draws, segment for segment (a test holds it), for less
before a screen's first frame: Textual's header is four widgets (itself, the icon, the
title and the clock's space). As there, a click on the icon opens the command palette and
the title follows the screen's (or else the app's) title and sub-title, and the icon has
its tooltip. Unlike Textual's, a click elsewhere does not make it three lines tall, and the
icon does not light up under the mouse.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # as Textual's header: the icon with a space either side, in 8 columns
CLOCK_WIDTH = 10  # the room Textual's header keeps on the right for a clock


class TitleBar(Widget):
    """The palette's icon and the screen's title, centred."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitle, init=False)
            self.watch(owner, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        screen, app = self.screen, self.app
        title = app.title if screen.title is None else screen.title
        sub_title = app.sub_title if screen.sub_title is None else screen.sub_title
        room = max(width - ICON_WIDTH - CLOCK_WIDTH, 0)
        text = app.format_title(title, sub_title)
        if text.cell_length > room:
            text = text.truncate(room, ellipsis=True)
        left = (room - text.cell_length) // 2
        # Styled as the parts of Textual's header are, so that the screen is the same cell for
        # cell and segment for segment: a padding cell has only the background; the room a
        # part's content leaves is "not reverse"; text carries its offset within its part.
        pad = Style(bgcolor=base.bgcolor)
        fill = base + Style(reverse=False)
        at_start = Style.from_meta({"offset": (0, 0)})

        def room_left(cells: int) -> list[Segment]:
            return [Segment(" " * cells, fill)] if cells > 0 else []

        segments = [
            Segment(" ", pad),
            Segment(ICON, base + at_start),
            *room_left(ICON_WIDTH - 3),
            Segment(" ", pad),
            *room_left(left),
        ]
        offset = 0
        for piece in text.render_segments(self.visual_style):
            if piece.text:
                at = Style.from_meta({"offset": (offset, 0)})
                segments.append(Segment(piece.text, (piece.style or base) + at))
                offset += len(piece.text)
        segments += [
            *room_left(room - left - text.cell_length),
            Segment(" ", pad),
            Segment("", base + at_start),
            Segment(" " * (CLOCK_WIDTH - 1), pad),
        ]
        return Strip(segments).crop(0, width)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        on_icon = event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE
        self.tooltip = "Open the command palette" if on_icon else None

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")

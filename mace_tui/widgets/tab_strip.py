"""A row of tab labels with the bar beneath, drawn by one widget.

It draws what Textual's ``TabbedContent`` draws, with the focus and without (tests compare
them; the prep snapshots hold it cell for cell), for much less before a screen's first frame:
two tabs in a ``TabbedContent`` are eleven widgets (the tabs, their three containers, a
widget per tab, the underline, the switcher and a pane per tab), and the underline is moved
after mounting. Prep's tabs took about 30 ms of its first frame; this strip and the screen's
two panes take a few. The screen (or ``PaneTabs``) shows the chosen pane itself. As in
Textual's, the strip takes the focus (Tab reaches it; the first frame of a screen with
nothing else to focus starts on it) and then ← and → move between tabs; a click on a label,
or on the bar beneath it, asks for that tab (``TabStrip.Chosen``). Unlike Textual's, a label
does not brighten under the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget


class TabStrip(Widget, can_focus=True):
    """Tab labels (``(id, label)`` pairs) and a bar under the active one."""

    DEFAULT_CSS = """
    TabStrip {
        height: 2;
        & > .tab-strip--label { color: $foreground 50%; }
        & > .tab-strip--active { color: $foreground; }
        & > .tab-strip--bar { color: $block-cursor-background; background: $foreground 10%; }
        &:focus {
            & > .tab-strip--active {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
            & > .tab-strip--bar { background: $foreground 30%; }
        }
        &:hover { pointer: pointer; }
        &:ansi {
            & > .tab-strip--label { text-style: dim; }
            & > .tab-strip--active { text-style: not dim bold; }
            & > .tab-strip--bar { color: $block-cursor-background; background: $border-blurred; }
        }
    }
    """
    COMPONENT_CLASSES = {"tab-strip--label", "tab-strip--active", "tab-strip--bar"}

    BINDINGS = [
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]

    active: reactive[str] = reactive("")

    class Chosen(Message):
        """A tab was asked for: its label clicked, or moved to with the arrow keys while the
        strip has the focus (``by_key``: the focus stays on the strip, as in Textual's)."""

        def __init__(self, tab: str, *, by_key: bool = False) -> None:
            super().__init__()
            self.tab = tab
            self.by_key = by_key

    def __init__(self, tabs: Sequence[tuple[str, str]], *, active: str, id: str | None = None):
        super().__init__(id=id)
        self.tabs = tuple(tabs)
        self.set_reactive(TabStrip.active, active)

    def label(self, tab: str) -> str:
        """The label of ``tab``."""
        return dict(self.tabs)[tab]

    def relabel(self, tab: str, label: str) -> None:
        """Give ``tab`` a new label."""
        self.tabs = tuple((id_, label if id_ == tab else old) for id_, old in self.tabs)
        self.refresh()

    def _spans(self) -> list[tuple[str, int, int]]:
        """Each tab's id and the columns of its label (a space either side, as Textual's)."""
        spans = []
        x = 1
        for tab, label in self.tabs:
            spans.append((tab, x, x + cell_len(label)))
            x += cell_len(label) + 2
        return spans

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        blank = Style(bgcolor=base.bgcolor)
        if y == 0:
            segments = []
            for tab, label in self.tabs:
                kind = "tab-strip--active" if tab == self.active else "tab-strip--label"
                style = self.get_component_rich_style(kind)
                # With the focus, the active tab is a block, its spaces too (as Textual's).
                edge = (
                    Style(bgcolor=style.bgcolor) if self.has_focus and tab == self.active else blank
                )
                segments += [Segment(" ", edge), Segment(label, style), Segment(" ", edge)]
            return Strip(segments).extend_cell_length(width, blank).crop(0, width)
        if y == 1:
            bar_style = self.get_component_rich_style("tab-strip--bar")
            span = next(((s, e) for tab, s, e in self._spans() if tab == self.active), (0, 0))
            bar = Bar(
                highlight_range=span,
                highlight_style=Style.from_color(bar_style.color),
                background_style=Style.from_color(bar_style.bgcolor),
                width=width,
            )
            console = self.app.console
            lines = console.render_lines(bar, console.options.update_width(width), style=base)
            return Strip(lines[0], width) if lines else Strip.blank(width, blank)
        return Strip.blank(width, blank)

    def action_step(self, step: int) -> None:
        """The tab before or after the active one (round the ends)."""
        ids = [tab for tab, _ in self.tabs]
        if self.active in ids:
            self.post_message(
                self.Chosen(ids[(ids.index(self.active) + step) % len(ids)], by_key=True)
            )

    def on_click(self, event: events.Click) -> None:
        for tab, start, end in self._spans():
            if start - 1 <= event.x <= end and event.y <= 1:
                event.stop()
                if tab != self.active:
                    self.post_message(self.Chosen(tab))
                return

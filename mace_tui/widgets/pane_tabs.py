"""Tabs over panes, one pane shown at a time: what the case screen needs of Textual's
``TabbedContent``, with its tabs drawn by one widget (``TabStrip``).

The panes are ``Pane``s (a ``TabPane`` without what only ``TabbedContent`` uses; loading
Textual's module for it took 4-5 ms of the minute taker's first frame) in Textual's
``ContentSwitcher``, laid out as in a ``TabbedContent``; only the row of tabs differs
(Textual's is eleven widgets for six tabs, and moves its underline after mounting). As there, setting ``active`` shows that pane and posts
``PaneTabs.TabActivated``, and a click on a tab's label shows it; the strip never takes the
focus (the screen's keys change tab).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from mace_tui.widgets.tab_strip import TabStrip


class Pane(Widget):
    """One pane of a ``PaneTabs``, its title on the strip: laid out as Textual's ``TabPane``."""

    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    Pane {
        height: auto;
    }
    """

    def __init__(self, title: str, *children: Widget, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self.pane_title = title


class PaneTabs(Widget):
    """The ``Pane``s yielded inside it, under a strip of their titles."""

    DEFAULT_CSS = """
    PaneTabs {
        height: auto;
        & > TabStrip { dock: top; }
    }
    """

    class TabActivated(Message):
        """Another pane is shown."""

        def __init__(self, tabs: PaneTabs, pane: Pane) -> None:
            super().__init__()
            self.tabs = tabs
            self.pane = pane

        @property
        def control(self) -> PaneTabs:
            return self.tabs

    def __init__(
        self,
        *,
        initial: str,
        id: str | None = None,
        tabs: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """``tabs``: (pane id, title) of every tab, when some panes are mounted later (a
        stand-in for them is yielded instead, showing nothing); else the panes' own."""
        super().__init__(id=id)
        self._initial = initial
        self._tabs = list(tabs) if tabs is not None else None
        self._panes: list[Widget] = []

    def compose_add_child(self, widget: Widget) -> None:
        if self._tabs is None and not isinstance(widget, Pane):
            raise TypeError("PaneTabs holds Panes")
        self._panes.append(widget)

    def compose(self) -> ComposeResult:
        tabs = self._tabs
        if tabs is None:
            tabs = [(p.id or "", p.pane_title) for p in self._panes if isinstance(p, Pane)]
        yield TabStrip(tabs, active=self._initial)
        with ContentSwitcher(initial=self._initial):
            yield from self._panes

    @property
    def active(self) -> str:
        """The id of the pane shown."""
        return self.query_one(TabStrip).active

    @active.setter
    def active(self, tab: str) -> None:
        if tab == self.active:
            return
        self.query_one(TabStrip).active = tab
        self.query_one(ContentSwitcher).current = tab
        self.post_message(self.TabActivated(self, self.query_one(f"#{tab}", Pane)))

    def label(self, tab: str) -> str:
        """The title on ``tab``."""
        return self.query_one(TabStrip).label(tab)

    def relabel(self, tab: str, label: str) -> None:
        """Give ``tab`` another title."""
        self.query_one(TabStrip).relabel(tab, label)

    class Wanted(Message):
        """A tab was asked for (its label clicked) whose pane is not mounted yet: it comes
        later (the minute taker's, just after the first frame). The screen shows it once it
        is there (the case screen: ``action_tab``)."""

        def __init__(self, tab: str) -> None:
            super().__init__()
            self.tab = tab

    @on(TabStrip.Chosen)
    def _chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()
        switcher = self.query_one(ContentSwitcher)
        if not any(child.id == event.tab for child in switcher.children):
            self.post_message(self.Wanted(event.tab))
            return
        self.active = event.tab

"""PaneTabs draws its tabs as Textual's TabbedContent does (with the focus and without),
shows one pane at a time, tells of each change, and follows a click on a label and the arrow
keys."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane
from textual.widgets._tabbed_content import ContentTabs

from mace_tui.widgets.pane_tabs import Pane, PaneTabs
from mace_tui.widgets.tab_strip import TabStrip

TABS = [
    ("research", "F11 Research"),
    ("thrive", "F2 THRIVE"),
    ("grade", "F3 Grade"),
    ("actions", "F4 Actions"),
    ("earlier", "F7 Earlier"),
    ("queue", "F5 Queue"),
]


class Tabbed(App[None]):
    def __init__(self, ours: bool, active: str) -> None:
        super().__init__()
        self.ours, self.first = ours, active
        self.activated: list[str] = []

    def compose(self) -> ComposeResult:
        tabs: Widget = (
            PaneTabs(initial=self.first, id="tabs")
            if self.ours
            else TabbedContent(initial=self.first, id="tabs")
        )
        with tabs:
            for tab, label in TABS:
                with Pane(label, id=tab) if self.ours else TabPane(label, id=tab):
                    yield Static(f"the {tab} pane")

    def on_pane_tabs_tab_activated(self, event: PaneTabs.TabActivated) -> None:
        self.activated.append(event.pane.id or "")


async def top_lines(
    ours: bool, active: str, width: int, focused: bool
) -> list[list[tuple[str, str]]]:
    app = Tabbed(ours, active)
    async with app.run_test(size=(width, 6)) as pilot:
        tabs = app.query_one(TabStrip if ours else ContentTabs)
        app.screen.set_focus(tabs if focused else None)
        for _ in range(3):
            await pilot.pause()
        await pilot.pause(0.4)  # Textual's underline slides into place
        compositor = app.screen._compositor
        chops = compositor._render_chops(compositor.size.region, lambda y: True)
        return [
            [(s.text, str(s.style)) for s in Strip.join(chops[y].values()).simplify()]
            for y in range(3)
        ]


@pytest.mark.parametrize("focused", [False, True], ids=["unfocused", "focused"])
@pytest.mark.parametrize("width", [100, 80])
@pytest.mark.parametrize("active", ["queue", "thrive", "research"])
async def test_it_draws_what_textuals_tabbed_content_draws(
    active: str, width: int, focused: bool
) -> None:
    ours = await top_lines(True, active, width, focused)
    assert ours == await top_lines(False, active, width, focused)


async def test_one_pane_at_a_time_a_message_for_each_change_and_clicks() -> None:
    app = Tabbed(True, "queue")
    async with app.run_test(size=(100, 6)) as pilot:
        tabs = app.query_one(PaneTabs)

        def shown() -> list[str]:
            return [pane.id or "" for pane in app.query("Pane, TabPane") if pane.display]

        assert shown() == ["queue"]
        tabs.active = "thrive"
        await pilot.pause()
        assert shown() == ["thrive"] and app.activated == ["thrive"]
        tabs.active = "thrive"  # no change: no message
        await pilot.pause()
        assert app.activated == ["thrive"]
        # "F11 Research" is the first label, from the second column.
        await pilot.click(PaneTabs, offset=(3, 0))
        await pilot.pause()
        assert shown() == ["research"] and tabs.active == "research"
        # With the focus on the tabs, the arrow keys move between them (round the ends).
        app.query_one(TabStrip).focus()
        await pilot.press("left")
        await pilot.pause()
        assert shown() == ["queue"] and app.focused is app.query_one(TabStrip)
        await pilot.press("right", "right")
        await pilot.pause()
        assert shown() == ["thrive"]
        tabs.relabel("thrive", "F2 Person")
        await pilot.pause()
        assert tabs.label("thrive") == "F2 Person"
        assert "F2 Person" in app.query_one(TabStrip).render_line(0).text

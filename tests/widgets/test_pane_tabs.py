"""PaneTabs draws its tabs as Textual's TabbedContent does (when the tabs do not have the
focus), shows one pane at a time, tells of each change, and follows a click on a label."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from mace_tui.widgets.pane_tabs import PaneTabs

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
                with TabPane(label, id=tab):
                    yield Static(f"the {tab} pane")

    def on_pane_tabs_tab_activated(self, event: PaneTabs.TabActivated) -> None:
        self.activated.append(event.pane.id or "")


async def top_lines(ours: bool, active: str, width: int) -> list[list[tuple[str, str]]]:
    app = Tabbed(ours, active)
    async with app.run_test(size=(width, 6)) as pilot:
        app.screen.set_focus(None)  # as on the case screen: the tabs without the focus
        for _ in range(3):
            await pilot.pause()
        await pilot.pause(0.4)  # Textual's underline slides into place
        compositor = app.screen._compositor
        chops = compositor._render_chops(compositor.size.region, lambda y: True)
        return [
            [(s.text, str(s.style)) for s in Strip.join(chops[y].values()).simplify()]
            for y in range(3)
        ]


@pytest.mark.parametrize("width", [100, 80])
@pytest.mark.parametrize("active", ["queue", "thrive", "research"])
async def test_it_draws_what_textuals_tabbed_content_draws(active: str, width: int) -> None:
    assert await top_lines(True, active, width) == await top_lines(False, active, width)


async def test_one_pane_at_a_time_a_message_for_each_change_and_clicks() -> None:
    app = Tabbed(True, "queue")
    async with app.run_test(size=(100, 6)) as pilot:
        tabs = app.query_one(PaneTabs)

        def shown() -> list[str]:
            return [pane.id or "" for pane in app.query(TabPane) if pane.display]

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
        tabs.relabel("thrive", "F2 Person")
        await pilot.pause()
        assert tabs.label("thrive") == "F2 Person"
        assert "F2 Person" in app.query_one("TabStrip").render_line(0).text

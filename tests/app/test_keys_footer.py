"""KeysFooter: the keys are in the first frame, and the footer follows every change of them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip

from mace_tui.widgets.footer import KeysFooter


class Keys(Screen[None]):
    BINDINGS = [
        Binding("x", "export", "Export"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return True if self.ready else None  # None: shown greyed
        return True

    def action_reload(self) -> None:
        # Says the keys changed before changing what they depend on: the footer still
        # shows the change (it looks later, as Textual's own footer does).
        self.refresh_bindings()
        self.ready = True


def _keys(screen: Screen[None]) -> dict[str, bool]:
    """The footer's keys as last drawn on the screen: each description, and whether it is
    enabled (a greyed-out key is drawn dim)."""
    compositor = screen._compositor
    chops = compositor._render_chops(compositor.size.region, lambda y: True)
    line = Strip.join(chops[-1].values())
    return {
        segment.text.strip(): "dim" not in str(segment.style)
        for segment in line
        if segment.text.strip() in ("Export", "Reload")
    }


async def test_the_footer_shows_its_keys_at_once_and_follows_their_changes() -> None:
    app = App[None]()
    async with app.run_test(size=(60, 5)) as pilot:
        screen = Keys()
        await app.push_screen(screen)
        assert _keys(screen) == {"Export": False, "Reload": True}  # no pause: at once
        screen.action_reload()  # not through a key: nothing else refreshes the bindings
        await pilot.pause()
        assert _keys(screen) == {"Export": True, "Reload": True}
        # Looking at the footer's keys (as the mouse does) just after a change does not hide
        # the change from the footer.
        screen.ready = False
        screen.refresh_bindings()
        screen.query_one(KeysFooter).shown_keys()
        await pilot.pause()
        await pilot.pause()
        assert _keys(screen) == {"Export": False, "Reload": True}

"""KeysFooter draws what Textual's footer drew for our screens, segment for segment, at 100
columns and under (where it tightens and leaves keys out), and it works as Textual's does
under the mouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

import mace_tui
from mace_tui.widgets.footer import ROOMY_ONLY, KeysFooter, MeetingFooter


class TextualsFooter(Footer):
    """Textual's footer as our screens had it: the palette's key compact, the others not, and
    the less-used keys marked to give way (with the rules of ``OLD_RULES``)."""

    def __init__(self, give_way: frozenset[str], left_out: frozenset[str]) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self.give_way, self.left_out = give_way, left_out

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                compact = widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                if widget.action in self.left_out:
                    continue
                if widget.action in self.give_way:
                    widget.add_class("-roomy-only")
            yield widget


OLD_RULES = """
Screen.-narrow FooterKey .footer-key--key { padding: 0 0 0 1; }
Screen.-narrow FooterKey .footer-key--description { padding: 0 0 0 1; }
Screen.-narrow FooterKey.-command-palette { display: none; }
Screen.-narrow FooterKey.-roomy-only { display: none; }
"""
APP_CSS = (Path(mace_tui.__file__).parent / "app.tcss").read_text(encoding="utf-8")
OUR_RULES = "\n".join(b for b in re.findall(r"[^{}]*\{[^{}]*\}", APP_CSS) if "KeysFooter" in b)
MOVE = Binding.Group("Move", compact=True)
JUMP = Binding.Group("Jump")


def bindings(group: Binding.Group | None) -> list[Binding]:
    keys = [
        Binding("a", "add", "Add", tooltip="Add a child"),
        Binding("e", "edit", "Edit"),  # greyed out below
        Binding("x,delete", "remove", "Remove"),
        Binding("r", "register", "Register"),  # gives way on a meeting footer
        Binding("q", "app.quit", "Quit"),
        Binding("z", "zoom", "Zoom"),  # left out of a meeting footer
    ]
    if group is not None:
        keys[2:2] = [
            Binding("[", "move(-1)", "Move up", key_display="⇧↑", group=group),
            Binding("]", "move(1)", "Move down", key_display="⇧↓", group=group),
        ]
    return keys


class Keys(Screen[None]):
    def __init__(self, footer: Widget) -> None:
        super().__init__()
        self.footer = footer
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "edit" else True

    def action_add(self) -> None:
        self.pressed.append("add")

    def action_edit(self) -> None:
        self.pressed.append("edit")


def app_with(rules: str) -> App[None]:
    class Footed(App[None]):
        CSS = rules
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy")]

    return Footed()


def footer(ours: bool, meeting: bool) -> Widget:
    if ours:
        return MeetingFooter(left_out=frozenset({"zoom"})) if meeting else KeysFooter()
    give_way = ROOMY_ONLY if meeting else frozenset()
    return TextualsFooter(give_way, frozenset({"zoom"}) if meeting else frozenset())


async def bottom_line(ours: bool, group: Binding.Group | None, meeting: bool, width: int):
    app = app_with(OUR_RULES if ours else OLD_RULES)
    async with app.run_test(size=(width, 4)) as pilot:
        screen = type("Keyed", (Keys,), {"BINDINGS": bindings(group)})(footer(ours, meeting))
        await app.push_screen(screen)
        for _ in range(3):
            await pilot.pause()
        compositor = app.screen._compositor
        chops = compositor._render_chops(compositor.size.region, lambda y: True)
        line = Strip.join(chops[-1].values()).simplify()
        return [(s.text, str(s.style), s.style.meta if s.style else None) for s in line]


@pytest.mark.parametrize("width", [120, 100, 80, 40])
@pytest.mark.parametrize(
    ("group", "meeting"),
    [(None, False), (MOVE, False), (JUMP, False), (None, True), (MOVE, True)],
    ids=["plain", "compact-group", "wide-group", "meeting", "meeting-with-group"],
)
async def test_it_draws_what_textuals_footer_drew(
    group: Binding.Group | None, meeting: bool, width: int
) -> None:
    textuals = await bottom_line(False, group, meeting, width)
    ours = await bottom_line(True, group, meeting, width)
    assert ours == textuals


async def test_it_follows_the_width_and_the_mouse() -> None:
    app = app_with(OUR_RULES)
    async with app.run_test(size=(100, 4)) as pilot:
        screen = type("Keyed", (Keys,), {"BINDINGS": bindings(None)})(MeetingFooter())
        await app.push_screen(screen)
        await pilot.pause()
        bar = screen.query_one(KeysFooter)
        assert [i.text for i in bar.shown_keys()] == ["a", "e", "x", "r", "q", "z", "^p"]
        await pilot.hover(KeysFooter, offset=(2, 0))
        await pilot.pause()
        assert bar.tooltip == "Add a child"
        palette = bar.shown_keys()[-1]
        await pilot.click(KeysFooter, offset=(palette.start, 0))  # its border, as Textual's
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(80, 4)
        await pilot.pause()
        await pilot.pause()
        assert [i.text for i in bar.shown_keys()] == ["a", "e", "x", "q", "z"]  # no r, no ^p
        assert "Register" not in bar.render_line(0).text
        # " a Add" from column 0, " e Edit" from column 6: a click presses a key; a greyed
        # out one only rings the bell.
        await pilot.click(KeysFooter, offset=(2, 0))
        await pilot.click(KeysFooter, offset=(8, 0))
        await pilot.pause()
        assert screen.pressed == ["add"]
        await pilot.hover(KeysFooter, offset=(60, 0))  # over no key
        await pilot.pause()
        plain = list(bar.render_line(0))
        await pilot.hover(KeysFooter, offset=(2, 0))
        await pilot.pause()
        lit = list(bar.render_line(0))
        # The key under the mouse lights up (its two parts), and nothing else changes.
        assert [s.text for s in lit] == [s.text for s in plain]
        assert [i for i, (a, b) in enumerate(zip(plain, lit, strict=True)) if a != b] == [0, 1]

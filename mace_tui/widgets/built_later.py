"""A part of a screen built just after the app's first frame (review's filters, prep's
second tab): what the screen is opened for shows first, without waiting for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widget import Widget

if TYPE_CHECKING:
    from mace_tui.app import MaceApp


class BuiltAfterFirstFrame(Widget):
    """Mounts ``parts()`` just after the app's first frame (``MaceApp.after_first_frame``), then
    calls ``parts_built()``, where a subclass applies what it was given or asked meanwhile.
    ``built`` says whether the parts are there (mounted).

    Name it after the container it is (``class Filters(Horizontal, BuiltAfterFirstFrame)``):
    Textual takes a widget's CSS type names from its first base only."""

    app: MaceApp
    built = False

    def on_mount(self) -> None:
        self.app.after_first_frame(self._build)

    async def _build(self) -> None:
        if self.built or self.children or not self.is_attached:
            return
        await self.mount_all(self.parts())
        self.built = True
        self.parts_built()

    def parts(self) -> ComposeResult:
        """The widgets built after the first frame."""
        raise NotImplementedError

    def parts_built(self) -> None:
        """The parts are there: apply what waited for them."""


class MountedAfterFirstFrame(Widget):
    """Stands in (showing nothing) for what ``make`` makes until the app's first frame is out,
    then is replaced by it: for the panes on the tabs not shown at first. The widget's
    module is imported then too. Textual's ``Lazy`` does the same after the next refresh,
    which, while the app starts, comes before the first frame is drawn: the minute taker's
    first frame then waited for every pane."""

    DEFAULT_CSS = """
    MountedAfterFirstFrame { display: none; }
    """

    app: MaceApp

    def __init__(
        self,
        make: Callable[[], Widget | list[Widget]],
        *,
        mounted: Callable[[], object] | None = None,
    ) -> None:
        """``make`` makes the widget, or the widgets, to mount in its place; ``mounted`` is
        called once they are."""
        super().__init__()
        self._make = make
        self._mounted = mounted

    def on_mount(self) -> None:
        self.app.after_first_frame(self._swap)

    async def _swap(self) -> None:
        parent = self.parent
        if not self.is_attached or not isinstance(parent, Widget):
            return
        made = self._make()
        await parent.mount_all(made if isinstance(made, list) else [made], after=self)
        await self.remove()
        if self._mounted is not None:
            self._mounted()

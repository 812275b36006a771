"""The review screen's filter row: dates, profile, child search and state."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select

from mace_tui.widgets.built_later import BuiltAfterFirstFrame
from store.frozen import record

STATE_CHOICES = (
    "complete",
    "recovered",
    "missing",
    "integrity failed",
    "cut short",
    "deleted",
)
EXPIRED = "past retention"


@record
class RecordingQuery:
    """The filters as chosen (None: any)."""

    since: date | None
    until: date | None
    profile: str | None
    child: str | None
    state: str | None


class RecordingFilters(Horizontal, BuiltAfterFirstFrame):
    """Typing waits a moment before asking again; a choice or Enter asks at once.

    The fields are built just after the screen's first frame (the row keeps its place
    meanwhile): the list is what the screen is opened for, and the five fields, two of them
    drop-down lists, cost about as much to build as the rest of the screen. Until then no
    filter is set, and a profile list or a wish for the search field is kept for them."""

    class Changed(Message):
        """The filters changed: read the list again."""

    class Submitted(Message):
        """Enter in a filter: read the list again and go back to it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self._profiles: list[tuple[str, str]] | None = None
        self._search_wanted = False

    def parts_built(self) -> None:
        if self._profiles is not None:
            self.set_profiles(self._profiles)
        if self._search_wanted:
            self._search_wanted = False
            self.app.set_focus(self.query_one("#filter-child", Input))
            self.app.keygate.release()  # what was typed after the / goes into the search

    def parts(self) -> ComposeResult:
        yield Input(placeholder="From date", id="filter-from", compact=True)
        yield Input(placeholder="To date", id="filter-to", compact=True)
        yield Select[str]([], prompt="Any profile", id="filter-profile", compact=True)
        yield Input(placeholder="Child search", id="filter-child", compact=True)
        yield Select[str](
            [(s, s) for s in (*STATE_CHOICES, EXPIRED)],
            prompt="Any state",
            id="filter-state",
            compact=True,
        )

    def query_values(self) -> RecordingQuery:
        """The filters as typed; raises ValueError naming a field with a bad date."""
        if not self.built:
            return RecordingQuery(None, None, None, None, None)
        days = []
        for field, label in (("#filter-from", "From"), ("#filter-to", "To")):
            text = self.query_one(field, Input).value.strip()
            try:
                days.append(date.fromisoformat(text) if text else None)
            except ValueError:
                raise ValueError(
                    f"{label}: {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-23."
                ) from None
        profile = self.query_one("#filter-profile", Select).value
        state = self.query_one("#filter-state", Select).value
        child = self.query_one("#filter-child", Input).value.strip() or None
        return RecordingQuery(
            days[0],
            days[1],
            profile if isinstance(profile, str) else None,
            child,
            state if isinstance(state, str) else None,
        )

    def any_set(self) -> bool:
        """Whether any filter narrows the list."""
        if not self.built:
            return False
        typed = any(
            self.query_one(f"#filter-{name}", Input).value.strip()
            for name in ("from", "to", "child")
        )
        return typed or any(
            isinstance(self.query_one(f"#filter-{name}", Select).value, str)
            for name in ("profile", "state")
        )

    def set_profiles(self, options: list[tuple[str, str]]) -> None:
        """The profiles to choose from: (label, key)."""
        self._profiles = options
        if self.built:
            self.query_one("#filter-profile", Select).set_options(options)

    def focus_search(self) -> None:
        if self.built:
            self.query_one("#filter-child", Input).focus()
            return
        # The field comes just after the first frame: keys typed meanwhile wait for it.
        self._search_wanted = True
        self.app.keygate.expect_screen("message")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._stop_timer()
        self._timer = self.set_timer(0.3, lambda: self.post_message(self.Changed()))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._stop_timer()
        self.post_message(self.Submitted())

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

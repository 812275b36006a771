"""Adding a child: search as you type, or record a new child; then why they are on the queue.

The search is here; the two forms that follow it are in ``prep_child_form.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from mace_tui.prep.queue_view import find_children, looks_like_date
from mace_tui.rules.flags import age_on
from mace_tui.screens.prep_child_form import ItemFormScreen, NewChildScreen, SourceChoice
from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from store.agenda import ChildMatch
    from store.db import Store

__all__ = [
    "ChildPick",
    "ChildSearchScreen",
    "ItemFormScreen",
    "NewChildScreen",
    "SourceChoice",
    "looks_like_date",
    "match_prompt",
]

SEARCH_DELAY = 0.15  # seconds of quiet typing before a search runs
NEW_CHILD = "new"


@record
class ChildPick:
    """The child chosen in the search: an existing one, or None for a new record."""

    child_id: int | None
    label: str
    typed: str = ""


def match_prompt(match: ChildMatch, *, on: date, queued: bool, listed: str = "") -> Text:
    """One search result: name, date of birth and age, local authority and references."""
    text = Text(match.name, style="bold")
    if match.date_of_birth is not None:
        text.append(f"  born {match.date_of_birth:%d/%m/%Y} ({age_on(match.date_of_birth, on)})")
    details = [d for d in (match.local_authority, match.ref) if d]
    if details:
        text.append("  · " + " · ".join(details), style="dim")
    if queued:
        text.append("  — already on the queue", style="italic")
    elif listed:
        text.append(f"  — in the proposal under {listed}", style="italic")
    return text


class ChildSearchScreen(ModalScreen[ChildPick | None]):
    """Find a child by name, date of birth or reference as you type."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prep.search.cancel"),
        Binding("ctrl+n", "new_child", "New child", id="prep.search.new"),
        Binding("down", "results", "Results", show=False, id="prep.search.results"),
    ]

    app: MaceApp

    def __init__(
        self,
        *,
        on_queue: frozenset[int],
        meeting_date: date,
        listed: Mapping[int, str] | None = None,
        title: str = "Add a child to the queue",
    ) -> None:
        super().__init__(classes="prep-modal")
        self.on_queue = on_queue
        # Children listed elsewhere (the FORM proposal): child id -> where; still choosable.
        self.listed = dict(listed or {})
        self.title_text = title
        self.meeting_date = meeting_date
        self._timer: Timer | None = None
        self._labels: dict[str, str] = {}
        self.searches = 0  # searches whose results were shown (for tests)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(
                placeholder="Name, date of birth (DD/MM/YYYY) or reference", id="child-search"
            )
            yield OptionList(id="child-results")
            yield Static(
                "Type to search. ↓ to the results, Enter to choose, ctrl+n for a new child.",
                id="child-search-status",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        # Focus now, not later: keys typed at once must land in this field.
        self.set_focus(self.query_one("#child-search", Input))
        self._results([], "")

    @on(Input.Changed, "#child-search")
    def query_changed(self, event: Input.Changed) -> None:
        # Wait for a pause in typing, so a fast typist starts one query, not ten.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._start_search)

    def _start_search(self) -> None:
        text = self.query_one("#child-search", Input).value.strip()
        if not text:
            self._results([], "")
            return
        store = self.app.store
        if store is None:
            self._status("The store is still opening…")
            return
        self.search(store, text)

    def search(self, store: Store, text: str) -> None:
        """Query the store off the event loop; a newer search makes this one's result moot."""
        post, show = self.app.call_from_thread, self._results

        def run() -> None:
            matches = find_children(store, text=text)
            if not get_current_worker().is_cancelled:
                post(show, matches, text)

        self.run_worker(run, thread=True, exclusive=True, group="child-search", exit_on_error=False)

    def _results(self, matches: Sequence[ChildMatch], text: str) -> None:
        if text != self.query_one("#child-search", Input).value.strip():
            return  # typed on since: a newer search is on its way
        results = self.query_one("#child-results", OptionList)
        results.clear_options()
        for match in matches:
            queued = match.id in self.on_queue
            results.add_option(
                Option(
                    match_prompt(
                        match,
                        on=self.meeting_date,
                        queued=queued,
                        listed=self.listed.get(match.id, ""),
                    ),
                    id=str(match.id),
                    disabled=queued,
                )
            )
        results.add_option(Option(Text("＋ Record a new child…", style="italic"), id=NEW_CHILD))
        self._labels = {str(m.id): m.name for m in matches}
        if text:
            self.searches += 1
            found = len(matches)
            self._status(
                f"{found} found{' (the first 20)' if found >= 20 else ''}. ↓ to the results, Enter to choose."
                if found
                else "No child found. Choose “Record a new child” or press ctrl+n."
            )

    def _status(self, text: str) -> None:
        self.query_one("#child-search-status", Static).update(text)

    @on(Input.Submitted, "#child-search")
    def action_results(self) -> None:
        """Move to the results."""
        results = self.query_one("#child-results", OptionList)
        results.focus()
        if results.highlighted is None and results.option_count:
            results.highlighted = 0

    @on(OptionList.OptionSelected, "#child-results")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id == NEW_CHILD or option_id is None:
            self.action_new_child()
            return
        self.dismiss(ChildPick(child_id=int(option_id), label=self._labels.get(option_id, "")))

    def action_new_child(self) -> None:
        """Record a new child instead."""
        typed = self.query_one("#child-search", Input).value.strip()
        self.dismiss(ChildPick(child_id=None, label="", typed=typed))

    def action_cancel(self) -> None:
        """Close without adding anyone."""
        self.dismiss(None)

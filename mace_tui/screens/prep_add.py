"""Adding a child: search as you type, or record a new child; then why they are on the queue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from mace_tui.prep.fields import (
    CHOOSABLE_SOURCES,
    LABELS,
    ChildDetails,
    FieldError,
    ItemDetails,
    check_child,
    check_item,
    parse_date,
)
from mace_tui.rules.flags import age_on
from mace_tui.rules.vocab import EXPLOITATION_TYPES, REFERRAL_SOURCES

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from store.agenda import ChildMatch

SEARCH_DELAY = 0.15  # seconds of quiet typing before a search runs
NEW_CHILD = "new"


@dataclass(frozen=True)
class ChildPick:
    """The child chosen in the search: an existing one, or None for a new record."""

    child_id: int | None
    label: str
    typed: str = ""


def looks_like_date(text: str) -> date | None:
    """The date typed in the search box, if the whole query is one."""
    if not any(ch.isdigit() for ch in text) or any(ch.isalpha() for ch in text):
        return None
    try:
        return parse_date(text)
    except FieldError:
        return None


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
        if self.app.store is None:
            self._status("The store is still opening…")
            return
        self.search(text)

    @work(thread=True, exclusive=True, group="child-search", exit_on_error=False)
    def search(self, text: str) -> None:
        """Query the store off the event loop; a newer search makes this one's result moot."""
        from store.agenda import search_children

        store = self.app.store
        assert store is not None
        born = looks_like_date(text)
        with store.session() as session:
            if born is not None:
                matches = search_children(session, date_of_birth=born)
            else:
                matches = search_children(session, text=text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._results, matches, text)

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


CHILD_FIELDS = ("name", "date_of_birth", "local_authority", "police_ref", "la_ref", "npa")


def _error_lines(errors: Sequence[FieldError]) -> str:
    return "\n".join(escape(str(e)) for e in errors)


class NewChildScreen(ModalScreen[ChildDetails | None]):
    """A new child's details, checked field by field."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.child.save"),
        Binding("escape", "cancel", "Cancel", id="prep.child.cancel"),
    ]

    def __init__(self, *, meeting_date: date, typed: str = "") -> None:
        super().__init__(classes="prep-modal")
        self.meeting_date = meeting_date
        self.typed = typed

    def compose(self) -> ComposeResult:
        prefill_name = "" if looks_like_date(self.typed) else self.typed
        prefill_dob = self.typed if looks_like_date(self.typed) else ""
        values = {"name": prefill_name, "date_of_birth": prefill_dob}
        hints = {"date_of_birth": "DD/MM/YYYY", "name": "required"}
        with Vertical(classes="dialog form-dialog"):
            yield Static("Record a new child", classes="dialog-title")
            for field in CHILD_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(LABELS[field], classes="form-label")
                    yield Input(
                        value=values.get(field, ""),
                        placeholder=hints.get(field, "optional"),
                        id=f"child-{field}",
                        compact=True,
                    )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = (
            "child-date_of_birth"
            if self.typed and not looks_like_date(self.typed)
            else "child-name"
        )
        self.set_focus(self.query_one(f"#{first}", Input))

    def raw(self) -> Mapping[str, str]:
        """What is typed in each field."""
        return {f: self.query_one(f"#child-{f}", Input).value for f in CHILD_FIELDS}

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == f"child-{CHILD_FIELDS[-1]}":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check every field; close with the details, or show what to fix."""
        details, errors = check_child(self.raw(), on=self.meeting_date)
        for field in CHILD_FIELDS:
            self.query_one(f"#child-{field}", Input).set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update(_error_lines(errors))
        if errors:
            self.query_one(f"#child-{errors[0].field}", Input).focus()
            return
        self.dismiss(details)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anyone."""
        self.dismiss(None)


class SourceChoice(RadioSet):
    """The referral sources as radio buttons; the cursor starts on the one chosen before."""

    def on_mount(self) -> None:
        # After RadioSet's own mount handling, which puts the cursor on the first button.
        self.call_later(self._cursor_to_pressed)

    def _cursor_to_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


class ItemFormScreen(ModalScreen[ItemDetails | None]):
    """Why a child is on the queue: referral source, exploitation types and a reason."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.item.save"),
        Binding("escape", "cancel", "Cancel", id="prep.item.cancel"),
    ]

    def __init__(self, *, child_label: str, current: ItemDetails | None = None) -> None:
        super().__init__(classes="prep-modal")
        self.child_label = child_label
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        chosen = set(current.exploitation_types) if current else set()
        with Vertical(classes="dialog form-dialog"):
            title = "Why is this child on the queue?"
            if self.child_label:
                title = f"Why is [b]{escape(self.child_label)}[/b] on the queue?"
            yield Static(title, classes="dialog-title")
            yield Label(f"{LABELS['referral_source']} (arrows, then space)", classes="form-caption")
            # Radio buttons rather than a drop-down: no overlay, so keys typed ahead are not lost.
            with SourceChoice(id="item-source", compact=True):
                for key in CHOOSABLE_SOURCES:
                    yield RadioButton(
                        REFERRAL_SOURCES[key],
                        value=current is not None and current.referral_source == key,
                        id=f"source-{key}",
                        compact=True,
                    )
            yield Label(f"{LABELS['exploitation_types']} (tab, then space)", classes="form-caption")
            with Horizontal(classes="form-row", id="item-types"):
                for key, label in EXPLOITATION_TYPES.items():
                    yield Checkbox(label, key in chosen, id=f"type-{key}", compact=True)
            yield Label(f"{LABELS['reason']} (one paragraph)", classes="form-caption")
            yield TextArea(
                current.reason if current else "",
                id="item-reason",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="What happened, and why the child is referred now",
            )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#item-source", SourceChoice))

    def raw(self) -> Mapping[str, str]:
        """The form's values as text, as the checks take them."""
        pressed = self.query_one("#item-source", RadioSet).pressed_button
        types = [
            key for key in EXPLOITATION_TYPES if self.query_one(f"#type-{key}", Checkbox).value
        ]
        return {
            "referral_source": (pressed.id or "").removeprefix("source-") if pressed else "",
            "exploitation_types": ",".join(types),
            "reason": self.query_one("#item-reason", TextArea).text,
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the form; close with the details, or show what to fix."""
        details, errors = check_item(self.raw())
        ids = {
            "referral_source": "item-source",
            "exploitation_types": "type-cse",
            "reason": "item-reason",
        }
        for field, widget_id in ids.items():
            self.query_one(f"#{widget_id}").set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update(_error_lines(errors))
        if errors:
            self.query_one(f"#{ids[errors[0].field]}").focus()
            return
        self.dismiss(details)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

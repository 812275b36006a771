"""A child's missing episodes (R19): listed, added, and ended when the child is back.

Opened from the preparation queue or the FORM proposal (``m``). Reads in a thread
worker, writes on the app's one write queue, through ``mace_tui.prep.missing``.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from mace_tui.prep.fields import FieldError, parse_date
from mace_tui.prep.missing import (
    LABELS,
    MissingDetails,
    check_episode,
    read_child_episodes,
    record_episode,
    record_return,
)
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ReasonModal
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.prep.missing import ChildEpisodes, EpisodeRecord

FIELDS = (
    ("started_on", "DD/MM/YYYY"),
    ("ended_on", "DD/MM/YYYY, or empty while still missing"),
    ("source", "e.g. a police log number"),
    ("note", "What happened, briefly"),
)
NOTE_WIDTH = 40


class MissingFormScreen(ModalScreen[MissingDetails | None]):
    """One new missing episode; impossible dates are refused naming the field."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.missing.save"),
        Binding("escape", "cancel", "Cancel", id="prep.missing.cancel"),
    ]

    def __init__(self, *, label: str, today: date, born: date | None) -> None:
        super().__init__(classes="prep-modal")
        self.label = label
        self.today = today
        self.born = born

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(
                f"A missing episode for [b]{escape(self.label)}[/b]", classes="dialog-title"
            )
            for field, placeholder in FIELDS:
                yield Label(LABELS[field], classes="form-caption")
                yield Input(placeholder=placeholder, id=f"missing-{field}", compact=True)
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#missing-started_on", Input))

    def raw(self) -> dict[str, str]:
        """The typed values by field."""
        return {field: self.query_one(f"#missing-{field}", Input).value for field, _ in FIELDS}

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        """Check the episode; close with it, or say what to fix."""
        details, errors = check_episode(self.raw(), today=self.today, born=self.born)
        for field, _ in FIELDS:
            self.query_one(f"#missing-{field}").set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update(
            "\n".join(escape(f"{LABELS[e.field]}: {e.reason}") for e in errors)
        )
        if errors:
            self.query_one(f"#missing-{errors[0].field}").focus()
            return
        self.dismiss(details)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)


class MissingScreen(MaceScreen[None]):
    """One child's missing episodes, latest first."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("a", "add", "Add episode", id="missing.add"),
        Binding("e", "ended", "Came back", id="missing.ended"),
        Binding("escape,q", "back", "Back", id="missing.back"),
    ]

    def __init__(self, *, child_id: int) -> None:
        super().__init__()
        self.child_id = child_id
        self.data: ChildEpisodes | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Reading…", id="missing-title")
        yield DataTable(id="missing-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the child's episodes."""
        child_id = self.child_id
        self.read(
            "missing-load", lambda store: read_child_episodes(store, child_id=child_id), self._show
        )

    def _show(self, data: ChildEpisodes) -> None:
        self.data = data
        self.query_one("#missing-title", Static).update(
            f"Missing episodes of [b]{escape(data.label)}[/b] · a to add one, "
            "e when a child still missing came back"
        )
        table = self.query_one("#missing-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Started", "Ended", "Source", "Note", "Recorded by")
        for episode in data.episodes:
            table.add_row(*_cells(episode), key=str(episode.id))
        if not data.episodes:
            table.add_row("None recorded: press a to add one.", "", "", "", "")
        table.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add" and self.data is None:
            return None
        if action == "ended":
            episode = self._highlighted()
            return True if episode is not None and episode.still_missing else None
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def _highlighted(self) -> EpisodeRecord | None:
        if self.data is None or not self.is_mounted:
            return None
        row = self.query_one("#missing-table", DataTable).cursor_row
        return self.data.episodes[row] if 0 <= row < len(self.data.episodes) else None

    def action_ended(self) -> None:
        """Record the day a child still missing came back."""
        episode = self._highlighted()
        if episode is None or not episode.still_missing:
            return
        self.app.push_screen(
            ReasonModal(
                "The child came back",
                f"Missing since {episode.started_on:%d/%m/%Y}. The day the episode ended:",
                placeholder="DD/MM/YYYY",
            ),
            partial(self._ended_on, episode_id=episode.id),
        )

    def _ended_on(self, text: str | None, *, episode_id: int) -> None:
        store = self.app.store
        if text is None or store is None:
            return
        try:
            ended = parse_date(text, field="ended_on")
        except FieldError as exc:
            self.notify(
                f"{LABELS['ended_on']}: {exc.reason}", title="Not saved", severity="warning"
            )
            return
        today = self.app.today

        def job() -> None:
            record_return(store, episode_id=episode_id, ended_on=ended, today=today)

        def done(_: None) -> None:
            self.notify("The episode's end is recorded.")
            self.load()

        self.write("missing-ended", job, done=done)

    def action_add(self) -> None:
        """Type in a new episode."""
        if self.data is None:
            return
        self.app.push_screen(
            MissingFormScreen(label=self.data.label, today=self.app.today, born=self.data.born),
            self._entered,
        )

    def _entered(self, details: MissingDetails | None) -> None:
        store = self.app.store
        if details is None or store is None:
            return
        child_id, at = self.child_id, self.app.clock()

        def job() -> int:
            from mace_tui.protection import os_user

            return record_episode(
                store, child_id=child_id, details=details, recorded_by=os_user(), at=at
            )

        def done(_id: int) -> None:
            self.notify("Missing episode recorded.")
            self.load()

        self.write("missing-add", job, done=done)

    def action_back(self) -> None:
        """Back to where this was opened."""
        self.dismiss(None)


def _cells(episode: EpisodeRecord) -> tuple[str, ...]:
    note = " ".join(episode.note.split())
    if len(note) > NOTE_WIDTH:
        note = note[: NOTE_WIDTH - 1] + "…"
    return (
        f"{episode.started_on:%d/%m/%Y}",
        "still missing" if episode.ended_on is None else f"{episode.ended_on:%d/%m/%Y}",
        escape(episode.source),
        escape(note),
        escape(episode.recorded_by),
    )

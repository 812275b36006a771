"""Review: the admin finds a child's recording, plays it, checks it, exports a copy, applies retention.

Everything that touches the disk, the database or the audio device runs in a
thread worker; a timer only reads the player's position and level. Each
playback, check, export and deletion is written to the audit log by the
review layer (``mace_tui.review``). The list shows the child's name (the
admin is authorised); notices and logs name only the opaque reference.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.screens.review_actions import RecordingActions
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.playback_bar import PlaybackBar
from mace_tui.widgets.recording_filters import EXPIRED, RecordingFilters, RecordingQuery
from mace_tui.widgets.recordings_table import (
    RecordingsTable,
    detail_text,
    review_status,
)
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.audio.playback import Player
    from mace_tui.review.listed import FoundRecordings, ListedRecording
    from mace_tui.review.periods import Retention
    from store.db import Store

SEEK = Binding.Group("Seek", compact=True)
# Keys that act on a recording (and write to its audit trail): only once the store is open.
CHANGES = {"play", "verify", "export", "delete"}


class ReviewScreen(RecordingActions):
    """Recordings, newest meeting first, with filters, a player and the admin's actions."""

    CSS_PATH = "review.tcss"
    SUB_TITLE = "Recordings"
    # The list first: space, v, e and x act on its highlighted row at once.
    AUTO_FOCUS = "#recordings"
    BINDINGS = [
        Binding("space", "play", "Play/Pause", id="review.play"),
        Binding(
            "left_square_bracket",
            "seek(-10)",
            "−10 s",
            id="review.back",
            key_display="[",
            group=SEEK,
        ),
        Binding(
            "right_square_bracket",
            "seek(10)",
            "+10 s",
            id="review.forward",
            key_display="]",
            group=SEEK,
        ),
        Binding("s", "stop", "Stop", id="review.stop", show=False),
        Binding("v", "verify", "Verify", id="review.verify"),
        Binding("e", "export", "Export", id="review.export"),
        Binding("x,delete", "delete", "Delete", id="review.delete"),
        Binding("t", "expired", "Past retention", id="review.expired"),
        Binding("slash", "search", "Search", id="review.search", key_display="/"),
        Binding("escape", "to_list", "List", id="review.list", show=False),
        Binding("r", "reload", "Reload", id="review.reload", show=False),
        Binding("q", "app.quit", "Quit", id="review.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.expired_only = False
        self.last_export: list[Path] = []
        # Checks done on this screen: recording id → (passed, what was found).
        self.checks: dict[int, tuple[bool, str]] = {}
        self._loaded = False
        # Whether the list on screen was read through the app's own store (not the helper's).
        self._read_here = False

    @property
    def player(self) -> Player | None:
        """The player in use, if any."""
        return self.query_one(PlaybackBar).player

    @property
    def recordings(self) -> list[ListedRecording]:
        """The recordings listed."""
        return self.query_one(RecordingsTable).recordings

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield RecordingFilters(id="review-filters")
        yield Static("Opening the store…", id="review-status")
        yield Static("", id="review-empty")
        yield RecordingsTable(id="recordings")
        yield PlaybackBar(id="review-player")
        yield Static("", id="review-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#review-empty").display = False
        self.take_early(self._show_early)
        self.watch(self.app, "store", self._store_changed, init=True)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    def _show_early(self, listed: FoundRecordings) -> None:
        """The list as the start-up helper read it (review/early_read.py): every recording,
        as the screen first asks for them; keys that act on one wait for the store."""
        if self._read_here or self.expired_only or self.query_one(RecordingFilters).any_set():
            return  # the store's own read, or filters the helper's list does not match
        self._show_list(listed.found, listed.expired)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and not self._loaded:
            self._loaded = True
            self.load_profiles(store, self.app.settings.config_dir)
            self.action_reload()
            self.refresh_bindings()

    def _store_failed(self, error: str | None) -> None:
        if error is not None:
            self.query_one("#review-status", Static).update(
                f"[b]The store could not be opened.[/b] {escape(error)}"
            )

    # -- reading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-profiles", exit_on_error=False)
    def load_profiles(self, store: Store, config: Path) -> None:
        """Fill the profile filter with the profiles that have recordings."""
        from mace_tui.review.listing import profile_choices

        options = profile_choices(store, config)
        self.app.call_from_thread(self._profiles_found, options)

    def _profiles_found(self, options: list[tuple[str, str]]) -> None:
        self.query_one(RecordingFilters).set_profiles(options)

    def action_reload(self) -> None:
        """Read the list again with the filters shown."""
        store = self.app.store
        if store is None:
            return
        try:
            query = self.query_one(RecordingFilters).query_values()
        except ValueError as exc:
            self.query_one("#review-status", Static).update(f"[b]{escape(str(exc))}[/b]")
            return
        self.load_list(store, query, self.retention, self.app.today, self.expired_only)

    @work(thread=True, exclusive=True, group="review-load", exit_on_error=False)
    def load_list(
        self,
        store: Store,
        query: RecordingQuery,
        days: Retention,
        today: date,
        expired_only: bool,
    ) -> None:
        """Read the recordings matching the filters."""
        from mace_tui.review.listing import find_recordings
        from store.review import ReviewFilter

        where = ReviewFilter(
            since=query.since, until=query.until, profile=query.profile, child=query.child
        )
        listed = find_recordings(
            store,
            where,
            state=None if query.state in (None, EXPIRED) else query.state,
            expired_only=query.state == EXPIRED or expired_only,
            today=today,
            days=days,
        )
        self.app.call_from_thread(self._show_read, listed.found, listed.expired)

    def _show_read(self, found: list[ListedRecording], expired: int) -> None:
        self._read_here = True
        self._show_list(found, expired)

    def _show_list(self, found: list[ListedRecording], expired: int) -> None:
        table = self.query_one(RecordingsTable)
        table.fill(found)
        empty = self.query_one("#review-empty", Static)
        table.display = bool(found)
        empty.display = not found
        if not found:
            filtered = self.query_one(RecordingFilters).any_set() or self.expired_only
            empty.update(
                "No recording matches these filters."
                if filtered
                else "No recordings yet. They appear here once a meeting has been recorded, "
                "or after `mace-tui split` has cut an external recording."
            )
        self.query_one("#review-status", Static).update(
            review_status(len(found), expired, self.retention, expired_only=self.expired_only)
        )
        self._show_detail()
        self.refresh_bindings()

    # -- filters ---------------------------------------------------------------------

    @on(RecordingFilters.Changed)
    def filter_changed(self) -> None:
        self.action_reload()

    @on(RecordingFilters.Submitted)
    def filter_submitted(self) -> None:
        self.action_reload()
        self.action_to_list()

    def action_search(self) -> None:
        """Type part of a child's name or reference."""
        self.query_one(RecordingFilters).focus_search()

    def action_to_list(self) -> None:
        """Back to the list of recordings."""
        self.query_one(RecordingsTable).focus()

    def action_expired(self) -> None:
        """Show only the recordings kept longer than the retention period, or all again."""
        if not self.retention.is_set:
            self.notify(
                "No retention period is set. Add retention_days = 365 (for example) to "
                "settings.toml in the config folder, or [retention] recordings_days to a profile.",
                title="Retention",
            )
            return
        self.expired_only = not self.expired_only
        self.action_reload()

    # -- the chosen recording --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGES and self.app.store is None:
            return None  # shown greyed: the list came early, the store is still opening
        if action in ("play", "verify", "export", "delete") and self._current() is None:
            return None
        if action in ("seek", "stop") and self.player is None:
            return None
        return True

    @on(DataTable.RowHighlighted, "#recordings")
    def row_moved(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        item = self._current()
        detail = self.query_one("#review-detail", Static)
        detail.update(detail_text(item, self.retention, self.checks.get(item.id)) if item else "")
        failed = item is not None and (
            self.checks.get(item.id, (True, ""))[0] is False or item.state == "integrity failed"
        )
        detail.set_class(failed, "-failed")

    # -- playback --------------------------------------------------------------------

    def action_play(self) -> None:
        """Play or pause the highlighted recording."""
        item = self._current()
        if item is None:
            return
        if item.state in ("missing", "deleted"):
            self.notify(f"This recording is {item.state}: there is no file to play.")
            return
        row = item.row
        what = f" · discussion {row.position} · {row.child_ref}" if row.child_ref else ""
        self.query_one(PlaybackBar).toggle(
            item.id, what, self.app.require_store(), self.app.settings.config_dir, self._actor()
        )

    def action_seek(self, seconds: int) -> None:
        """Move the playback position by ``seconds``."""
        if self.player is not None:
            self.query_one(PlaybackBar).seek(seconds)

    def action_stop(self) -> None:
        """Stop playback."""
        if self.player is not None:
            self.query_one(PlaybackBar).stop()

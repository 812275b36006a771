"""Review: the admin finds a child's recording, plays it, checks it, exports a copy, applies retention.

Everything that touches the disk, the database or the audio device runs in a
thread worker; a timer only reads the player's position and level. Each
playback, check, export and deletion is written to the audit log by the
review layer (``mace_tui.review``). The list shows the child's name (the
admin is authorised); notices and logs name only the opaque reference.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.screens.modals import ConfirmModal, ReasonModal
from mace_tui.screens.review_export import ExportRecordingScreen, ExportRequest

if TYPE_CHECKING:
    from mace_tui.audio.playback import Player
    from mace_tui.review.access import Actor
    from mace_tui.review.listing import ListedRecording
    from mace_tui.review.retention import Retention
    from store.db import Store

PLAYBACK_ENV = "MACE_PLAYBACK_DEVICE"
STATE_CHOICES = (
    "complete",
    "recovered",
    "missing",
    "integrity failed",
    "cut short",
    "deleted",
)
EXPIRED = "past retention"
METER_CELLS = 10
# Every column but the child's, with DataTable's padding and the scrollbar.
FIXED_WIDTH = 14 + 2 + 7 + 7 + 16 + 6 * 2 + 2
SEEK = Binding.Group("Seek", compact=True)


def playback_device() -> str | int | None:
    """The output device for playback: MACE_PLAYBACK_DEVICE by name or number, else the default."""
    value = (os.environ.get(PLAYBACK_ENV) or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


def meter(level: float) -> str:
    """A ten-cell level bar."""
    filled = round(max(0.0, min(1.0, level)) * METER_CELLS)
    return "█" * filled + "░" * (METER_CELLS - filled)


class ReviewScreen(MaceScreen[None]):
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
        self.recordings: list[ListedRecording] = []
        self.expired_only = False
        self.player: Player | None = None
        self.playing_id: int | None = None
        self.last_export: list[Path] = []
        # Checks done on this screen: recording id → (passed, what was found).
        self.checks: dict[int, tuple[bool, str]] = {}
        self._loaded = False
        self._reload_timer: Timer | None = None
        self._ticker: Timer | None = None
        self._child_width = 0

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-filters"):
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
        yield Static("Opening the store…", id="review-status")
        yield Static("", id="review-empty")
        yield DataTable(id="recordings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-player")
        yield Static("", id="review-detail")
        yield Footer()

    def _add_columns(self, table: DataTable[str]) -> None:
        """The columns, the child's as wide as the screen allows."""
        self._child_width = max(16, min(60, self.size.width - FIXED_WIDTH))
        table.add_column("Meeting", key="meeting", width=14)
        table.add_column("#", key="position", width=2)
        table.add_column("Child", key="child", width=self._child_width)
        table.add_column("Length", key="length", width=7)
        table.add_column("Size", key="size", width=7)
        table.add_column("State", key="state", width=16)

    def on_resize(self) -> None:
        if max(16, min(60, self.size.width - FIXED_WIDTH)) != self._child_width:
            self._fill_table()

    def on_mount(self) -> None:
        self._add_columns(self.query_one("#recordings", DataTable))
        self.query_one("#review-empty").display = False
        self._show_player()
        self.watch(self.app, "store", self._store_changed, init=True)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and not self._loaded:
            self._loaded = True
            self.load_profiles(store)
            self.action_reload()

    def _store_failed(self, error: str | None) -> None:
        if error is not None:
            self.query_one("#review-status", Static).update(
                f"[b]The store could not be opened.[/b] {escape(error)}"
            )

    # -- reading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-profiles", exit_on_error=False)
    def load_profiles(self, store: Store) -> None:
        """Fill the profile filter with the profiles that have recordings."""
        from mace_tui.review.words import short_name
        from store.review import profiles_with_recordings

        with store.session() as session:
            keys = profiles_with_recordings(session)
        config = self.app.settings.config_dir
        options = [(f"{short_name(k, config)} ({k})", k) for k in keys]
        self.app.call_from_thread(self._set_profiles, options)

    def _set_profiles(self, options: list[tuple[str, str]]) -> None:
        self.query_one("#filter-profile", Select).set_options(options)

    def _filters(self) -> tuple[date | None, date | None, str | None, str | None, str | None]:
        """The filters as typed; raises ValueError naming a field with a bad date."""
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
        return (
            days[0],
            days[1],
            profile if isinstance(profile, str) else None,
            child,
            state if isinstance(state, str) else None,
        )

    def action_reload(self) -> None:
        """Read the list again with the filters shown."""
        store = self.app.store
        if store is None:
            return
        try:
            since, until, profile, child, state = self._filters()
        except ValueError as exc:
            self.query_one("#review-status", Static).update(f"[b]{escape(str(exc))}[/b]")
            return
        self.load_list(store, since, until, profile, child, state)

    @work(thread=True, exclusive=True, group="review-load", exit_on_error=False)
    def load_list(
        self,
        store: Store,
        since: date | None,
        until: date | None,
        profile: str | None,
        child: str | None,
        state: str | None,
    ) -> None:
        """Read the recordings matching the filters."""
        from mace_tui.review.listing import load_recordings
        from mace_tui.review.retention import is_expired
        from store.review import ReviewFilter

        where = ReviewFilter(since=since, until=until, profile=profile, child=child)
        days = self.retention
        today = self.app.today
        wanted = None if state in (None, EXPIRED) else state
        found = load_recordings(store, where, state=wanted)
        if state == EXPIRED or self.expired_only:
            found = [r for r in found if is_expired(r.row, today=today, days=days)]
        expired = sum(1 for r in found if is_expired(r.row, today=today, days=days))
        self.app.call_from_thread(self._show_list, found, expired)

    def _show_list(self, found: list[ListedRecording], expired: int) -> None:
        keep = self._current_id()
        self.recordings = found
        self._fill_table(keep)
        table = self.query_one("#recordings", DataTable)
        empty = self.query_one("#review-empty", Static)
        table.display = bool(found)
        empty.display = not found
        if not found:
            filtered = any(self._filter_values()) or self.expired_only
            empty.update(
                "No recording matches these filters."
                if filtered
                else "No recordings yet. They appear here once a meeting has been recorded, "
                "or after `mace-tui split` has cut an external recording."
            )
        self.query_one("#review-status", Static).update(self._status_text(len(found), expired))
        self._show_detail()
        self.refresh_bindings()

    def _fill_table(self, keep: int | None = None) -> None:
        from mace_tui.review.words import clock, short_name, size_text

        table = self.query_one("#recordings", DataTable)
        if keep is None:
            keep = self._current_id()
        table.clear(columns=True)
        self._add_columns(table)
        found = self.recordings
        config = self.app.settings.config_dir
        for item in found:
            row = item.row
            if row.child_ref is not None:
                child = f"{row.child_ref} {row.child_name or ''}"
            else:
                child = f"({row.kind} recording)"
            if row.kind == "external":
                child += " · cut"
            table.add_row(
                f"{row.meeting_date:%d %b %y} {short_name(row.profile, config)}",
                str(row.position) if row.position is not None else "–",
                escape(child),
                clock(row.duration_s) if row.duration_s is not None else "—",
                size_text(item.size),
                item.state,
                key=str(row.id),
            )
        if keep is not None and any(r.id == keep for r in found):
            table.move_cursor(row=table.get_row_index(str(keep)))

    def _filter_values(self) -> list[object]:
        values: list[object] = [
            self.query_one(f"#filter-{name}", Input).value.strip()
            for name in ("from", "to", "child")
        ]
        values += [
            isinstance(self.query_one(f"#filter-{name}", Select).value, str)
            for name in ("profile", "state")
        ]
        return values

    @property
    def retention(self) -> Retention:
        """The retention periods in force: each profile's own, else the settings' default."""
        from mace_tui.review.retention import retention_policy

        return retention_policy(self.app.settings)

    def _status_text(self, count: int, expired: int) -> str:
        retention = self.retention
        text = f"[b]{count} recording{'s' if count != 1 else ''}[/b]"
        if self.expired_only:
            text += " · past retention only (t for all)"
        if not retention.is_set:
            text += " · no retention period set (retention_days in settings.toml)"
        else:
            text += f" · {escape(retention.summary())} · {expired} past retention"
        return text

    # -- filters ---------------------------------------------------------------------

    @on(Input.Changed, "#review-filters Input")
    def filter_typed(self) -> None:
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_timer = self.set_timer(0.3, self.action_reload)

    @on(Input.Submitted, "#review-filters Input")
    def filter_submitted(self) -> None:
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self.action_reload()
        self.action_to_list()

    @on(Select.Changed, "#review-filters Select")
    def filter_chosen(self) -> None:
        self.action_reload()

    def action_search(self) -> None:
        """Type part of a child's name or reference."""
        self.query_one("#filter-child", Input).focus()

    def action_to_list(self) -> None:
        """Back to the list of recordings."""
        self.query_one("#recordings", DataTable).focus()

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

    def _current_id(self) -> int | None:
        table = self.query_one("#recordings", DataTable)
        if not self.recordings or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def _current(self) -> ListedRecording | None:
        current = self._current_id()
        return next((r for r in self.recordings if r.id == current), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
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
        detail.update(self._detail(item) if item else "")
        failed = item is not None and (
            self.checks.get(item.id, (True, ""))[0] is False or item.state == "integrity failed"
        )
        detail.set_class(failed, "-failed")

    def _detail(self, item: ListedRecording) -> str:
        from mace_tui.audio.recfile import format_by_name, format_words
        from mace_tui.review.retention import kept_until

        row = item.row
        name = Path(row.path).name
        text = f"{escape(name)} · {format_words(format_by_name(Path(name)))} · {row.sample_rate / 1000:g} kHz"
        days = self.retention.days_for(row.profile)
        if days is not None and row.state != "deleted":
            text += f" · kept until {kept_until(row.meeting_date, days):%d %b %Y}"
        checked = self.checks.get(row.id)
        if checked is not None:
            passed, summary = checked
            text += "\n" + (escape(summary) if passed else f"[b]{escape(summary)}[/b]")
        elif row.verified is True:
            text += " · last check: intact"
        elif row.verified is False:
            text += " · [b]last check: FAILED[/b] (v checks it again)"
        return text

    def _actor(self) -> Actor:
        from mace_tui.review.access import Actor, os_user

        return Actor(os_user(), self.app.clock())

    # -- playback --------------------------------------------------------------------

    def action_play(self) -> None:
        """Play or pause the highlighted recording."""
        item = self._current()
        if item is None:
            return
        if item.state in ("missing", "deleted"):
            self.notify(f"This recording is {item.state}: there is no file to play.")
            return
        self.toggle_playback(item.id)

    @work(thread=True, exclusive=True, group="review-play", exit_on_error=False)
    def toggle_playback(self, recording_id: int) -> None:
        """Start (and audit) a new playback, or pause/resume the current one."""
        from mace_tui.audio.playback import Player
        from mace_tui.review.access import find_recording, record_playback

        player = self.player
        if player is not None and self.playing_id == recording_id:
            before = player.snapshot().state
            player.toggle()
            if before in ("stopped", "ended"):
                self._audit_play(recording_id, player)
            return
        if player is not None:
            player.close()
        store = self.app.require_store()
        row = find_recording(store, recording_id)
        player = Player(
            Path(row.path),
            device=playback_device(),
            config_dir=self.app.settings.config_dir,
            store_id=store.store_id,
        )
        self.player, self.playing_id = player, recording_id
        player.play()
        record_playback(store, recording_id, actor=self._actor())
        self.app.call_from_thread(self._start_ticker)

    def _audit_play(self, recording_id: int, player: Player) -> None:
        from mace_tui.review.access import record_playback

        record_playback(
            self.app.require_store(),
            recording_id,
            actor=self._actor(),
            from_s=player.snapshot().position_s,
        )

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self._show_player)
        self._show_player()
        self.refresh_bindings()

    def action_seek(self, seconds: int) -> None:
        """Move the playback position by ``seconds``."""
        if self.player is not None:
            self.seek_playback(seconds)

    @work(thread=True, exclusive=False, group="review-seek", exit_on_error=False)
    def seek_playback(self, seconds: int) -> None:
        """Seek off the event loop (the player's lock is shared with the audio thread)."""
        if self.player is not None:
            self.player.seek(seconds)
            self.app.call_from_thread(self._show_player)

    def action_stop(self) -> None:
        """Stop playback."""
        if self.player is not None:
            self.stop_playback()

    @work(thread=True, exclusive=True, group="review-play", exit_on_error=False)
    def stop_playback(self) -> None:
        """Close the output stream off the event loop."""
        player, self.player, self.playing_id = self.player, None, None
        if player is not None:
            player.close()
        self.app.call_from_thread(self._stopped)

    def _stopped(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self._show_player()
        self.refresh_bindings()

    def _show_player(self) -> None:
        from_text = "Space plays the highlighted recording; \\[ and ] move 10 s."
        player = self.player
        label = self.query_one("#review-player", Static)
        if player is None:
            label.update(from_text)
            return
        from mace_tui.review.words import clock

        status = player.snapshot()
        icon = {"playing": "▶", "paused": "❚❚", "ended": "■", "stopped": "■"}[status.state]
        which = next((r for r in self.recordings if r.id == self.playing_id), None)
        what = ""
        if which is not None and which.row.child_ref:
            what = f" · discussion {which.row.position} · {escape(which.row.child_ref)}"
        label.update(
            f"{icon} {status.state.upper()} {clock(status.position_s)} / "
            f"{clock(status.duration_s)}  {meter(status.level)}{what}"
        )

    # -- integrity -------------------------------------------------------------------

    def action_verify(self) -> None:
        """Check the highlighted recording against its stored SHA-256 and frame count."""
        item = self._current()
        if item is not None:
            self.query_one("#review-detail", Static).update("Checking…")
            self.verify(item.id)

    @work(thread=True, exclusive=True, group="review-verify", exit_on_error=False)
    def verify(self, recording_id: int) -> None:
        """Hash the file and compare; audited."""
        from mace_tui.review.integrity import verify_recording

        result = verify_recording(
            self.app.require_store(),
            recording_id,
            actor=self._actor(),
            config_dir=self.app.settings.config_dir,
        )
        self.app.call_from_thread(self._verified, recording_id, result.ok, result.summary())

    def _verified(self, recording_id: int, ok: bool, summary: str) -> None:
        self.checks[recording_id] = (ok, summary)
        self.notify(
            summary,
            title="Verified" if ok else "Integrity check failed",
            severity="information" if ok else "error",
            timeout=10,
        )
        self.action_reload()

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        """Ask for a folder, a format and a reason, then export a copy with its sidecar."""
        item = self._current()
        if item is None:
            return
        row = item.row
        what = f"discussion {row.position} ({row.child_ref})" if row.child_ref else "this recording"
        folder = self.app.settings.proposed_export_dir
        if self.last_export:
            folder = self.last_export[0].parent

        def chosen(request: ExportRequest | None) -> None:
            if request is None:
                self.notify("Nothing was exported.")
                return
            self.export_copy(item.id, request)

        self.app.push_screen(ExportRecordingScreen(what=what, folder=folder), chosen)

    @work(thread=True, exclusive=True, group="review-export", exit_on_error=False)
    def export_copy(self, recording_id: int, request: ExportRequest) -> None:
        """Check, copy and describe the recording; audited."""
        from mace_tui.review.export import export_recording

        done = export_recording(
            self.app.require_store(),
            recording_id,
            request.folder,
            reason=request.reason,
            actor=self._actor(),
            audio_format=request.audio_format,
            config_dir=self.app.settings.config_dir,
        )
        self.app.call_from_thread(self._exported, [done.audio, done.sidecar])

    def _exported(self, paths: list[Path]) -> None:
        self.last_export = paths
        names = "\n".join(str(p) for p in paths)
        self.notify(f"Wrote:\n{names}", title="Exported", timeout=10)
        self.query_one("#review-detail", Static).update(
            f"Exported to {escape(str(paths[0].parent))}"
        )

    # -- retention -------------------------------------------------------------------

    def action_delete(self) -> None:
        """Delete the highlighted recording's file, when it is past retention (asks first)."""
        from mace_tui.review.retention import RETENTION_SETTING, is_expired, kept_until
        from mace_tui.review.words import days_text

        item = self._current()
        if item is None:
            return
        days = self.retention.days_for(item.row.profile)
        if days is None:
            self.notify(
                f"No retention period is set for {item.row.profile} recordings "
                f"({RETENTION_SETTING}); nothing can be deleted."
            )
            return
        if item.row.state == "deleted":
            self.notify("This recording's file was already deleted.")
            return
        if not is_expired(item.row, today=self.app.today, days=days):
            until = kept_until(item.row.meeting_date, days)
            self.notify(
                f"Kept until {until:%d %b %Y} ({days_text(days)}); it can be deleted after that."
            )
            return
        row = item.row
        what = f"discussion {row.position} ({row.child_ref})" if row.child_ref else "this recording"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(
                    ReasonModal(
                        "Reason for deleting",
                        "Why is it deleted? The reason is kept in the audit log.",
                        value=f"Past the retention period of {days_text(days)}",
                    ),
                    reasoned,
                )
            else:
                self.notify("Nothing was deleted.")

        def reasoned(reason: str | None) -> None:
            if reason:
                self.delete(item.id, reason)
            else:
                self.notify("Nothing was deleted.")

        self.app.push_screen(
            ConfirmModal(
                "Delete this recording?",
                f"The audio file of {what}, {row.meeting_date:%d %b %Y}, is deleted for good. "
                "Its entry, its SHA-256 and the audit trail are kept.",
                yes="Delete",
                destructive=True,
            ),
            confirmed,
        )

    @queued_write
    def delete(self, recording_id: int, reason: str) -> None:
        """Remove the file and mark the recording deleted; audited."""
        from mace_tui.review.retention import delete_recording

        if self.playing_id == recording_id and self.player is not None:
            player, self.player, self.playing_id = self.player, None, None
            player.close()
            self.app.call_from_thread(self._stopped)
        delete_recording(
            self.app.require_store(),
            recording_id,
            reason=reason,
            actor=self._actor(),
            today=self.app.today,
            days=self.retention,
        )
        self.app.call_from_thread(self._deleted)

    def _deleted(self) -> None:
        self.notify("The file was deleted; the audit log keeps the record.", title="Deleted")
        self.action_reload()

    def on_unmount(self) -> None:
        player, self.player = self.player, None
        if player is not None:
            # The app is closing: stop the sound without waiting on the device.
            player.close(timeout=0.5)

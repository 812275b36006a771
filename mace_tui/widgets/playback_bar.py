"""The review screen's player line: it owns the playback of one recording at a time.

Its workers get what they need as arguments (the store, the config folder, who plays);
the player and the recording it plays are swapped under a lock, since the list's
delete runs on the writer thread and may stop the playback.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.markup import escape
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.audio.playback import Player
    from mace_tui.review.access import Actor
    from store.db import Store

PLAYBACK_ENV = "MACE_PLAYBACK_DEVICE"
METER_CELLS = 10
IDLE = "Space plays the highlighted recording; \\[ and ] move 10 s."


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


class PlaybackBar(Static):
    """One line: what plays, where it is, and its level; idle, how to start."""

    app: MaceApp

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(IDLE, id=id)
        self._lock = threading.Lock()
        self._player: Player | None = None
        self._playing_id: int | None = None
        self._what = ""  # the line's words for what plays (no child's name)
        self._ticker: Timer | None = None

    @property
    def player(self) -> Player | None:
        """The player in use, if any."""
        return self._player

    @property
    def playing_id(self) -> int | None:
        """The recording being played, if any."""
        return self._playing_id

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker(event)

    # -- the screen's keys -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-play", exit_on_error=False)
    def toggle(
        self, recording_id: int, what: str, store: Store, config_dir: Path, actor: Actor
    ) -> None:
        """Start (and audit) a new playback, or pause/resume the current one."""
        from mace_tui.audio.playback import Player
        from mace_tui.review.access import find_recording, record_playback

        with self._lock:
            player, playing = self._player, self._playing_id
        if player is not None and playing == recording_id:
            before = player.snapshot().state
            player.toggle()
            if before in ("stopped", "ended"):
                from_s = player.snapshot().position_s
                record_playback(store, recording_id, actor=actor, from_s=from_s)
            return
        if player is not None:
            player.close()
        row = find_recording(store, recording_id)
        player = Player(
            Path(row.path), device=playback_device(), config_dir=config_dir, store_id=store.store_id
        )
        with self._lock:
            self._player, self._playing_id, self._what = player, recording_id, what
        player.play()
        record_playback(store, recording_id, actor=actor)
        self.app.call_from_thread(self._start_ticker)

    @work(thread=True, exclusive=False, group="review-seek", exit_on_error=False)
    def seek(self, seconds: int) -> None:
        """Seek off the event loop (the player's lock is shared with the audio thread)."""
        player = self._player
        if player is not None:
            player.seek(seconds)
            self.app.call_from_thread(self.show)

    @work(thread=True, exclusive=True, group="review-play", exit_on_error=False)
    def stop(self) -> None:
        """Close the output stream off the event loop."""
        self.stop_now()

    def stop_now(self, recording_id: int | None = None) -> None:
        """Stop the playback (only of ``recording_id``, when given); from a thread."""
        with self._lock:
            if recording_id is not None and self._playing_id != recording_id:
                return
            player, self._player, self._playing_id = self._player, None, None
        if player is not None:
            player.close()
        self.app.call_from_thread(self._stopped)

    # -- the line --------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self.show)
        self.show()
        self.screen.refresh_bindings()

    def _stopped(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.show()
        self.screen.refresh_bindings()

    def show(self) -> None:
        """Draw the line from the player's state now."""
        player = self._player
        if player is None:
            self.update(IDLE)
            return
        from mace_tui.review.words import clock

        status = player.snapshot()
        icon = {"playing": "▶", "paused": "❚❚", "ended": "■", "stopped": "■"}[status.state]
        self.update(
            f"{icon} {status.state.upper()} {clock(status.position_s)} / "
            f"{clock(status.duration_s)}  {meter(status.level)}{escape(self._what)}"
        )

    def on_unmount(self) -> None:
        with self._lock:
            player, self._player = self._player, None
        if player is not None:
            # The app is closing: stop the sound without waiting on the device.
            player.close(timeout=0.5)
